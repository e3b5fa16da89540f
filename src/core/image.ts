import { Check, show } from './errors';

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
const REGISTRY = /^[A-Za-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/;

/** Checks an image and returns its full reference, recording problems on `check`. */
export function imageReference(check: Check, field: string, image: ContainerImage | undefined): string {
  if (image === undefined) {
    check.fail(`${field} is missing (give { repository, tag } or { repository, digest })`);
    return 'invalid';
  }
  if (!image.repository || !REPOSITORY.test(image.repository)) {
    check.fail(`${field}.repository ${show(image.repository)} is not an image repository (lowercase path such as "gws/gws-app-workspace")`);
  }
  if (image.registry !== undefined && !REGISTRY.test(image.registry)) {
    check.fail(`${field}.registry ${show(image.registry)} is not a registry host (e.g. "registry.example.com" or "registry.example.com:5000/genesys")`);
  }
  if (image.digest !== undefined && !DIGEST.test(image.digest)) {
    check.fail(`${field}.digest ${show(image.digest)} is not a digest ("sha256:" followed by 64 lowercase hex digits)`);
  }
  if (image.tag !== undefined) {
    if (image.tag === 'latest') {
      check.fail(`${field}.tag "latest" is not allowed (pin a version tag or a digest)`);
    } else if (!TAG.test(image.tag)) {
      check.fail(`${field}.tag ${show(image.tag)} is not an image tag (letters, digits, '_', '.', '-', at most 128)`);
    }
  }
  if (image.tag === undefined && image.digest === undefined) {
    check.fail(`${field} ${show(image.repository)} has neither tag nor digest (pin a version tag or a "sha256:" digest)`);
  }
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
