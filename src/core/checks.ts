import { CidrBlock } from '../shared';
import { CLUSTER_NETWORKS, ClusterState } from './cluster';
import { flag, Input, list, map, required, shape, show, Spec, text, typeName, whole } from './input';

/**
 * The rules of the values Kubernetes and the library accept, each in one place, as specs the
 * resolvers read props with (see `input.ts`). Messages are lowercase and say what is wrong, the value
 * received and the fix.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,252}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const ANNOTATION_VALUE_MAX = 262144;

/** Names that say a value is a secret: such values come from Secrets, never as plain text. */
const SECRET_LIKE = /(passw(or)?d|passphrase|secret|token|api[-_.]?key|private[-_.]?key|credential|access[-_.]?key)/i;

/** True when a configuration key looks like it holds a secret (`DB_PASSWORD`, `apiKey`...). */
export function looksSecret(key: string): boolean {
  return SECRET_LIKE.test(key);
}

/** True when the text is a DNS subdomain name (lowercase labels separated by dots). */
export function isDnsName(value: unknown): value is string {
  return typeof value === 'string' && DNS_NAME.test(value);
}

/** True when the text is an RFC 1123 DNS label of at most `max` characters. */
export function isDnsLabel(value: unknown, max = 63): value is string {
  return typeof value === 'string' && value.length <= max && DNS_LABEL.test(value);
}

/** What is wrong with a DNS label, or undefined. */
export function dnsLabelProblem(value: string, max = 63): string | undefined {
  return isDnsLabel(value, max) ? undefined
    : `is not a DNS label (lowercase letters, digits and '-', at most ${max} characters, starting and ending with a letter or digit)`;
}

/** What is wrong with a DNS name, or undefined. */
export function dnsNameProblem(value: string): string | undefined {
  return isDnsName(value) ? undefined : 'is not a DNS name (lowercase labels of letters, digits and \'-\' separated by dots, e.g. "gws.example.com")';
}

/** An RFC 1123 DNS label (namespaces, object names). */
export function dnsLabel(max = 63): Spec<string> {
  return text((v) => dnsLabelProblem(v, max), '"gws"');
}

/** A DNS subdomain name (hosts, Secret and ConfigMap names). */
export const dnsName: Spec<string> = text(dnsNameProblem, '"gws.example.com"');

/** A TCP or UDP port: a whole number from 1 to 65535. */
export const port: Spec<number> = whole(1, 65535, 'a TCP port is a whole number from 1 to 65535');

/** What is wrong with a port number, or undefined (the message tests and docs name: "is not a TCP port (1-65535)"). */
export function portProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value >= 1 && value <= 65535 ? undefined : 'is not a TCP port (1-65535)';
  return undefined;
}

/** A port: out-of-range whole numbers read "is not a TCP port (1-65535)", other bad values say what they are. */
export const tcpPort: Spec<number> = Object.assign((input: Input, value: unknown) => {
  const problem = portProblem(value);
  if (problem !== undefined) {
    input.fail(`${show(value)} ${problem}`);
    return undefined;
  }
  return port(input, value);
}, { kind: port.kind });

/** A port name: a DNS label of at most 15 characters with at least one letter. */
export const portName: Spec<string> = text((v) => {
  const label = dnsLabelProblem(v, 15);
  if (label !== undefined) return label;
  return /[a-z]/.test(v) ? undefined : 'is not a port name (it needs at least one letter)';
}, '"http"');

/** What is wrong with a label key, or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  return LABEL_KEY.test(key) ? undefined : 'is not a label key (an optional DNS prefix and \'/\', then up to 63 letters, digits, \'-\', \'_\' or \'.\')';
}

/** A label value. */
export const labelValue: Spec<string> = text((v) => (v.length <= 63 && LABEL_VALUE.test(v) ? undefined : 'is not a label value (up to 63 letters, digits, \'-\', \'_\' or \'.\')'));

/** A map of labels (label keys, label values). */
export const labelMap: Spec<{ [key: string]: string }> = map(labelValue, labelKeyProblem, '{ "key": "value" }');

/** A map of labels that selects pods: at least one label. */
export const selectorMap: Spec<{ [key: string]: string }> = Object.assign((input: Input, value: unknown) => {
  const labels = labelMap(input, value);
  if (labels !== undefined && Object.keys(value as object).length === 0 && !input.failedAround) {
    input.fail('is empty (give at least one label that selects the pods)');
    return undefined;
  }
  return labels;
}, { kind: labelMap.kind, item: labelMap.item });

/** A map of annotations: label-like keys, text values of at most 256 KiB. */
export const annotationMap: Spec<{ [key: string]: string }> = map(
  text((v) => (v.length <= ANNOTATION_VALUE_MAX ? undefined : 'is not an annotation value (text of at most 256 KiB)')),
  (k) => (LABEL_KEY.test(k) ? undefined : 'is not an annotation key (an optional DNS prefix and \'/\', then up to 63 letters, digits, \'-\', \'_\' or \'.\')'),
);

/** What is wrong with an absolute file path, or undefined. */
export function absolutePathProblem(value: string): string | undefined {
  const ok = value.startsWith('/') && value.length <= 4096
    && value.split('/').slice(1).every((seg, i, all) => (seg === '' && i === all.length - 1 && all.length > 1) || (PATH_SEGMENT.test(seg) && seg !== '.' && seg !== '..'));
  return ok ? undefined : 'is not an absolute path (segments of letters, digits, \'.\', \'_\', \'~\' and \'-\' after "/", no "." or ".." segments, e.g. "/var/cache/nginx")';
}

/** An absolute file path without `.`/`..` segments, spaces or control characters. */
export const absolutePath: Spec<string> = text(absolutePathProblem, '"/var/cache/nginx"');

/** What is wrong with a URL path, or undefined. */
export function urlPathProblem(value: string): string | undefined {
  const ok = value.startsWith('/') && value.length <= 1024
    && value.split('/').slice(1).every((seg) => seg === '' || (/^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/.test(seg) && seg !== '.' && seg !== '..'));
  return ok ? undefined : 'is not a URL path (start with "/", then segments without spaces, "?", "#" or ".." e.g. "/nexus/v3")';
}

/** An absolute URL path (`/`, `/nexus/v3`): no spaces, control characters, `..` segments, query or fragment. */
export const urlPath: Spec<string> = text(urlPathProblem, '"/nexus/v3"');

/** What is wrong with an environment variable name, or undefined. */
export function envNameProblem(value: string): string | undefined {
  return ENV_NAME.test(value) ? undefined : 'is not an environment variable name (letters, digits, \'_\', \'-\' and \'.\', not starting with a digit)';
}

/** An environment variable name. */
export const envName: Spec<string> = text(envNameProblem, '"GWS_LOCATION"');

/** A user name that reaches a URL or a connection string: no spaces, control characters, '@', ':' or '/'. */
export const username: Spec<string> = text((v) => (/^[A-Za-z0-9._~-]{1,128}$/.test(v) ? undefined : 'is not a user name (1-128 letters, digits, \'.\', \'_\', \'~\' and \'-\')'), '"genesys"');

/** A reference to a key of an existing Secret, as the props take it. */
export interface SecretKeyRef {
  /** The Secret. */
  readonly name: string;
  /** The key inside it. */
  readonly key: string;
}

const SECRET_REF_SHAPE = shape<SecretKeyRef>('a Secret reference', { name: dnsName, key: text() }, '{ name, key }');

/** A reference to a key of an existing Secret: a Secret name and a key, never a value. */
export const secretRef: Spec<SecretKeyRef> = Object.assign((input: Input, value: unknown) => {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    input.fail(`${show(value)} is ${typeName(value)}, not a Secret reference (give { name, key } of an existing Secret)`);
    return undefined;
  }
  const given = value as { name?: unknown; key?: unknown };
  const read = SECRET_REF_SHAPE(input, value);
  if (read === undefined) return undefined;
  const name = required(input.at('name'), dnsName, given.name, 'name the Secret that holds the value');
  if (name === undefined) return undefined;
  const key = required(input.at('key'), text(), given.key, `name the key inside Secret ${show(name)}`);
  if (key === undefined) return undefined;
  if (!SECRET_KEY.test(key)) {
    input.at('key').fail(`${show(key)} is not a Secret key (letters, digits, '-', '_' and '.', at most 253)`);
    return undefined;
  }
  return { name, key };
}, { kind: SECRET_REF_SHAPE.kind, fields: SECRET_REF_SHAPE.fields });

/** What is wrong with a CIDR (its normal form is required), or undefined. */
export function cidrProblem(value: string): string | undefined {
  const block = CidrBlock.tryParse(value);
  if (!block) return 'is not a CIDR (e.g. "10.20.0.0/16" or "fd00::/64")';
  if (block.hasHostBits) {
    return `has host bits set: it stands for ${block.text} (write ${show(block.text)}, or a longer prefix for fewer addresses)`;
  }
  return undefined;
}

/** An IPv4 or IPv6 CIDR in its normal form (`10.60.0.1/24` is refused: Kubernetes would open the whole block). */
export const cidr: Spec<string> = text(cidrProblem, '"10.60.0.0/24"');

/** Shortest prefix an egress block may have without `allowWideCidr`. */
const MIN_PREFIX_V4 = 8;
const MIN_PREFIX_V6 = 32;

/**
 * What is wrong with a CIDR egress may go to, or undefined: it must be a valid normal-form block that
 * is neither loopback nor link-local (the cloud metadata address 169.254.169.254 included), and no
 * wider than /8 (IPv4) or /32 (IPv6) unless a reason is given.
 */
export function egressCidrProblem(value: string, wideReason?: string): string | undefined {
  const problem = cidrProblem(value);
  if (problem !== undefined) return problem;
  const block = CidrBlock.parse(value);
  if (block.reachesLinkLocal) {
    return 'reaches link-local addresses (169.254.0.0/16, fe80::/10, the cloud metadata service 169.254.169.254 among them): remove it and give the endpoint\'s own addresses';
  }
  if (block.reachesLoopback) return 'reaches loopback addresses (127.0.0.0/8, ::1): give the endpoint\'s own addresses';
  const minimum = block.family === 4 ? MIN_PREFIX_V4 : MIN_PREFIX_V6;
  if (block.isWiderThan(minimum) && (wideReason === undefined || wideReason.trim() === '')) {
    return `is wider than /${minimum} (${block.isUnspecified ? 'every address' : `/${block.prefix}`}): give the endpoint's own, narrower blocks, or set allowWideCidr on the group with the reason`;
  }
  return undefined;
}

/** True when CIDR `inner` is a strict subset of `outer` (as NetworkPolicy `except` entries must be). */
export function cidrInside(outer: string, inner: string): boolean {
  const o = CidrBlock.tryParse(outer);
  const i = CidrBlock.tryParse(inner);
  return o !== undefined && i !== undefined && o.family === i.family && i.prefix > o.prefix && o.contains(i);
}

/** A named group of CIDRs as the props take it. */
export interface CidrGroupInput {
  /** Name of the group. */
  readonly name: string;
  /** Its CIDRs. */
  readonly cidrs: string[];
  /** CIDRs inside them to leave out. @default - none */
  readonly except?: string[];
  /** Why it needs blocks wider than /8 or /32. @default - none */
  readonly allowWideCidr?: string;
}

const CIDR_GROUP_FIELDS = {
  name: dnsLabel(),
  cidrs: list(text(undefined, '"10.60.0.0/24"'), '["10.60.0.0/24"]'),
  except: list(cidr, '["10.60.0.128/25"]'),
  allowWideCidr: text((v) => (v.trim() === '' ? 'is empty (say why the endpoint needs blocks wider than /8 or /32)' : undefined)),
};
const CIDR_GROUP_SHAPE = shape<CidrGroupInput>('a CIDR group', CIDR_GROUP_FIELDS, '{ name, cidrs: ["10.60.0.0/24"] }');

/** One CIDR group: a DNS-label name, egress-able CIDRs, `except` entries inside them. */
const cidrGroup: Spec<CidrGroupInput> = Object.assign((input: Input, value: unknown) => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !Array.isArray((value as { cidrs?: unknown }).cidrs)
    && typeof (value as { cidrs?: unknown }).cidrs !== 'string') {
    input.fail(`${show(value)} is not a CIDR group: it has no list of cidrs (give { name, cidrs: [...] })`);
    return undefined;
  }
  const group = CIDR_GROUP_SHAPE(input, value);
  if (group === undefined || group.cidrs === undefined) return undefined;
  if (group.name === undefined) {
    if (!input.at('name').failedAround) input.at('name').fail('is missing (name the group, e.g. "managed-postgres")');
    return undefined;
  }
  const cidrs: string[] = [];
  group.cidrs.forEach((c, i) => {
    const problem = egressCidrProblem(c, group.allowWideCidr);
    if (problem === undefined) cidrs.push(c);
    else input.at('cidrs').item(i).fail(`${show(c)} ${problem}`);
  });
  const except: string[] = [];
  (group.except ?? []).forEach((e, i) => {
    if (group.cidrs!.some((c) => cidrInside(c, e))) except.push(e);
    else input.at('except').item(i).fail(`${show(e)} is inside none of the group's CIDRs (remove it or widen the group)`);
  });
  if (cidrs.length !== group.cidrs.length || except.length !== (group.except ?? []).length) return undefined;
  return group;
}, { kind: CIDR_GROUP_SHAPE.kind, fields: CIDR_GROUP_SHAPE.fields });

/**
 * The CIDR groups of an endpoint outside the cluster: at least one CIDR, each one egress may go to,
 * none overlapping the cluster's declared networks (checked when the app is validated, whatever the
 * order the networks were declared in). Undefined when any group is bad (reported).
 */
export const cidrGroups: Spec<CidrGroupInput[]> = Object.assign((input: Input, value: unknown) => {
  if (value === undefined || value === null) {
    input.fail(`${show(value)} is not a list of CIDR groups (give [{ name, cidrs: ["10.60.0.0/24"] }])`);
    return undefined;
  }
  const groups = list(cidrGroup, '[{ name, cidrs: ["10.60.0.0/24"] }]')(input, value);
  if (groups === undefined || groups.length !== (value as unknown[]).length) return undefined;
  if (groups.every((g) => g.cidrs.length === 0)) {
    input.fail(`has no CIDR (got ${show(value)}): give the CIDR groups the endpoint's addresses are in; egress goes only there`);
    return undefined;
  }
  input.problems.later((scope) => clusterOverlaps(input, scope, groups));
  return groups;
}, { kind: list(cidrGroup).kind, item: cidrGroup });

function clusterOverlaps(input: Input, scope: import('constructs').IConstruct, groups: CidrGroupInput[]): void {
  const networks = ClusterState.of(scope).get(CLUSTER_NETWORKS);
  groups.forEach((g, i) => g.cidrs.forEach((c, j) => {
    const block = CidrBlock.parse(c);
    for (const network of networks.filter((n) => block.overlaps(n.block))) {
      input.item(i).at('cidrs').item(j).fail(`${show(block.text)} overlaps the cluster's ${network.name} ${network.block.text} (egress to external CIDRs must not reach the cluster's own pods or Services: give the endpoint's own addresses)`);
    }
  }));
}

/** A configuration key whose plain value would be a secret is refused (use a Secret reference). */
export function notSecretLikeProblem(key: string): string | undefined {
  return looksSecret(key)
    ? `looks like a secret, but its value would be written in plain text into the manifests (reference an existing Secret instead: secretEnv [{ name: ${show(key)}, secret: { name, key } }])`
    : undefined;
}

/** Text that is not blank. */
export const nonBlank: Spec<string> = text((v) => (v.trim() === '' ? 'is empty' : undefined));

export { flag };
