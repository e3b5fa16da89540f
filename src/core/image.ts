import { Input, oneOf, shape, show, Spec, text } from './input';

/**
 * A container image: registry, repository and a tag or a digest. There is no `latest` default:
 * every image names its version.
 */
export interface ContainerImage {
  /**
   * Registry host (and optional path) the repository lives in.
   * @default - none: the repository is used as written
   */
  readonly registry?: string;
  /** Repository, e.g. `gws/gws-app-workspace`. */
  readonly repository: string;
  /**
   * Tag, e.g. `100.0.100.0037`. Either a tag or a digest is required; `latest` is refused.
   * @default - none
   */
  readonly tag?: string;
  /**
   * Digest, `sha256:` followed by 64 hex digits. Takes precedence over the tag when both are given
   * (the reference then reads `repo:tag@digest`).
   * @default - none
   */
  readonly digest?: string;
  /**
   * Pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly pullPolicy?: ImagePullPolicy;
}

/** When the kubelet pulls an image. */
export enum ImagePullPolicy {
  /** Pull only when the image is not on the node. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Pull on every start. */
  ALWAYS = 'Always',
  /** Never pull. */
  NEVER = 'Never',
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const REGISTRY = /^[A-Za-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*\/?$/;

/** What is wrong with a registry (host, optional port and path), or undefined. */
export function registryProblem(value: string): string | undefined {
  return REGISTRY.test(value) ? undefined : 'is not a registry host (e.g. "registry.example.com" or "registry.example.com:5000/genesys")';
}

const FIELDS = shape<ContainerImage>('image', {
  registry: text(registryProblem, '"registry.example.com"'),
  repository: text((v) => (REPOSITORY.test(v) ? undefined : 'is not an image repository (lowercase path such as "gws/gws-app-workspace")'), '"gws/gws-app-workspace"'),
  tag: text((v) => (v === 'latest' ? 'is not allowed (pin a version tag or a digest)' : TAG.test(v) ? undefined : 'is not an image tag (letters, digits, \'_\', \'.\', \'-\', at most 128)'), '"100.0.100.0156"'),
  digest: text((v) => (DIGEST.test(v) ? undefined : 'is not a digest ("sha256:" followed by 64 lowercase hex digits)'), '"sha256:..."'),
  pullPolicy: oneOf(ImagePullPolicy, 'a pull policy', 'ImagePullPolicy.IF_NOT_PRESENT, ALWAYS or NEVER'),
}, '{ repository, tag } or { repository, digest }');

/** A container image: a repository and a tag or digest, `latest` refused. */
export const IMAGE_SHAPE: Spec<ContainerImage> = Object.assign((input: Input, value: unknown) => {
  const image = FIELDS(input, value);
  if (image === undefined) return undefined;
  const given = value as ContainerImage;
  if (given.repository === undefined) {
    input.at('repository').fail('is missing (give the image repository, e.g. "gws/gws-app-workspace")');
    return undefined;
  }
  if (given.tag === undefined && given.digest === undefined) {
    input.fail(`${show(given.repository)} has neither tag nor digest (pin a version tag or a "sha256:" digest)`);
    return undefined;
  }
  // a bad field is reported at its own path; the image is then not used
  return Object.keys(image).length === Object.keys(given).filter((k) => (given as any)[k] !== undefined).length ? image : undefined;
}, { kind: FIELDS.kind, fields: FIELDS.fields });

/** The full reference of a checked image: `registry/repository:tag@digest`. */
export function imageReference(image: ContainerImage): string {
  const repo = image.registry ? `${image.registry.replace(/\/$/, '')}/${image.repository}` : image.repository;
  return `${repo}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
}

/**
 * The image of a component: the user's `image` when given (taking `registry` when it names none),
 * else the component's default repository and pinned tag in `registry`.
 */
export function imageWithDefaults(image: ContainerImage | undefined, repository: string, tag: string, registry?: string): ContainerImage {
  if (image !== undefined && image !== null) {
    return image.registry === undefined && registry !== undefined ? { ...image, registry } : image;
  }
  return registry !== undefined ? { registry, repository, tag } : { repository, tag };
}
