import { domainToASCII } from 'url';
import { IConstruct } from 'constructs';
import { CidrBlock } from '../shared';
import { CLUSTER_NETWORKS, ClusterState, StateKey } from './cluster';
import { flag, Input, list, map, required, shape, show, Spec, text, typeName, whole } from './input';
import { warnAtSynth } from './warnings';
import {
  AddressBits, AddressRange, addressCount, CarriedIpv4, carriedIpv4, formatCidr, formatRange, intersectRanges, metadataIn, ParsedCidr,
  privateRangesIn, reachedRanges, subtractRanges,
} from '../shared/net';

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
  if (isDnsName(value)) return undefined;
  const confusion = hostConfusionProblem(value);
  if (confusion !== undefined) return `is not a DNS name: it ${confusion}`;
  return 'is not a DNS name (lowercase labels of letters, digits and \'-\' separated by dots, e.g. "gws.example.com")';
}

/**
 * What makes a host read differently by a person and by a browser, or undefined: a letter outside
 * ASCII (a Cyrillic "а" looks like the Latin "a", and the browser goes to the punycode name), a
 * user-info part (`user@host`; `\@` is read as a path by browsers and as user-info by others), a
 * backslash, or a percent-escape.
 */
export function hostConfusionProblem(host: string): string | undefined {
  const nonAscii = /[^\x00-\x7f]/u.exec(host);
  if (nonAscii) {
    const code = nonAscii[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const ascii = domainToASCII(host.toLowerCase());
    const punycode = ascii !== '' && isDnsName(ascii) ? ` (${show(ascii)})` : '';
    return `has a non-ASCII character, U+${code} at character ${nonAscii.index + 1}, which may look like an ASCII letter while the browser goes elsewhere: `
      + `write an internationalized name in its punycode form, "xn--..."${punycode}, if it is really meant`;
  }
  if (host.includes('@')) return 'has a user-info part ("user@"): browsers and other readers disagree on which host it names; give the host alone';
  if (host.includes('\\')) return 'has a backslash, which browsers read as "/" and other readers keep: give the host alone';
  if (host.includes('%')) return 'has a percent-escape: write the host\'s letters as they are';
  return undefined;
}

const URL_HOST_PORT = /^https:\/\/([^/:?#]*)(?::([0-9]{1,5}))?(\/[^?#]*)?$/;
const URL_PATH_CHARS = /^(\/([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*$/;

/**
 * What is wrong with a URL handed to browsers (WWE's runtime configuration), or undefined: exactly
 * `https://<DNS name>[:port][/path]` as written, with no look-alike letters, user-info, backslashes,
 * address, query or fragment. The text is judged as written, not as a URL parser normalises it:
 * `https://a\@gws.example.com` is a URL of host `a` for a browser.
 */
export function browserUrlProblem(value: string): string | undefined {
  if (!/^https:\/\//i.test(value)) {
    if (/^https:/i.test(value)) return 'is not written "https://<host>" (browsers and other readers disagree on what follows "https:" without "//")';
    return /^[a-z][a-z0-9+.-]*:/i.test(value)
      ? 'is not an https URL (WWE is served over https and the browser refuses mixed content; give "https://<host>")'
      : 'is not a URL (give an https URL such as "https://gws.example.com")';
  }
  if (!value.startsWith('https://')) return 'has an upper-case scheme (write "https://" in lower case)';
  const m = URL_HOST_PORT.exec(value);
  const authority = value.slice('https://'.length).split(/[/?#]/)[0];
  const host = m ? m[1] : authority;
  const confusion = hostConfusionProblem(authority);
  if (host.includes('@') || confusion?.startsWith('has a user-info')) {
    return 'carries credentials or a user-info part ("user:password@", or a "\\@" trick), but the runtime configuration is public and readers disagree on the host it names (remove it)';
  }
  if (confusion !== undefined) return confusion;
  if (!m && /[?#]/.test(value)) return 'has a query or fragment (give the base URL only)';
  if (!m || !isDnsName(host) || /^\d+(\.\d+){3}$/.test(host)) {
    return 'does not name a DNS host (give the public host name of the service\'s entry point, not an address)';
  }
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return `has port ${m[2]}, which is not a TCP port (1-65535)`;
  if (m[3] !== undefined && !URL_PATH_CHARS.test(m[3])) return 'has a path with characters a URL does not hold as they are (percent-encode them)';
  return undefined;
}

/** A URL handed to browsers: `https://<DNS name>[:port][/path]`, judged as written. */
export const browserUrl: Spec<string> = text(browserUrlProblem, '"https://gws.example.com"');

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

/** How `carried` reads in a message: ` (it stands for IPv4 169.254.169.254/32 through the IPv4-mapped prefix)`. */
function carriedNote(carried: CarriedIpv4 | undefined): string {
  return carried === undefined ? '' : ` (it stands for IPv4 ${formatCidr(carried.block)} through the ${carried.via} prefix)`;
}

/**
 * What is wrong with a CIDR egress may go to, or undefined: it must be a valid normal-form block that
 * is neither loopback nor link-local (the cloud metadata address 169.254.169.254 included), reaches
 * no other well-known metadata address (AWS fd00:ec2::254, Google fd20:ce::254...) unless `except`
 * leaves it out, and is no wider than /8 (IPv4) or /32 (IPv6) unless a reason is given. An IPv6 block
 * that carries IPv4 addresses (IPv4-mapped `::ffff:a.b.c.d`, in any spelling, IPv4-translated, NAT64
 * `64:ff9b::/96`) is judged as the IPv4 block it stands for too.
 */
export function egressCidrProblem(value: string, wideReason?: string, except: string[] = []): string | undefined {
  const problem = cidrProblem(value);
  if (problem !== undefined) return problem;
  const block = CidrBlock.parse(value);
  const judged: Array<[ParsedCidr, CarriedIpv4 | undefined]> = [
    [block._parsed, undefined],
    ...carriedIpv4(block._parsed).map((c): [ParsedCidr, CarriedIpv4] => [c.block, c]),
  ];
  for (const [c, carried] of judged) {
    const as = CidrBlock.parse(formatCidr(c));
    if (as.reachesLinkLocal) {
      return `reaches link-local addresses${carriedNote(carried)} (169.254.0.0/16, fe80::/10, the cloud metadata service 169.254.169.254 among them): remove it and give the endpoint's own addresses`;
    }
    if (as.reachesLoopback) return `reaches loopback addresses${carriedNote(carried)} (127.0.0.0/8, ::1): give the endpoint's own addresses`;
  }
  const left = subtractRanges(reachedRanges(block._parsed), except.flatMap((e) => {
    const parsed = CidrBlock.tryParse(e);
    return parsed ? reachedRanges(parsed._parsed) : [];
  }));
  const metadata = metadataIn(left);
  if (metadata.length > 0) {
    const m = metadata[0];
    return `reaches ${m.address}, the ${m.service}, where a pod may read the node's credentials: give the endpoint's own addresses, or leave the address out with except ["${m.address}/${m.address.includes(':') ? 128 : 32}"]`;
  }
  if (wideReason === undefined || wideReason.trim() === '') {
    for (const [c, carried] of judged) {
      const minimum = c.bits === 32 ? MIN_PREFIX_V4 : MIN_PREFIX_V6;
      if (c.prefix < minimum) {
        return `is wider than /${minimum}${carriedNote(carried)} (${c.prefix === 0 ? 'every address' : `/${c.prefix}`}): give the endpoint's own, narrower blocks, or set allowWideCidr on the group with the reason`;
      }
    }
  }
  return undefined;
}

/** How many addresses an egress side may reach without `allowWideCidr`, per family: as many as one /8 or one /32 holds. */
const WIDEST: { [bits: number]: bigint } = { 32: 2n ** BigInt(32 - MIN_PREFIX_V4), 128: 2n ** BigInt(128 - MIN_PREFIX_V6) };

/** The blocks of a CIDR group, as given (not yet checked). */
interface GroupLike {
  readonly cidrs?: string[];
  readonly except?: string[];
}

/** The addresses a CIDR group reaches: its blocks minus its except entries, IPv4 carried by IPv6 blocks included. */
export function groupRanges(group: GroupLike): AddressRange[] {
  const ranges = (list_: string[] | undefined) => (list_ ?? []).flatMap((c) => {
    const parsed = CidrBlock.tryParse(c);
    return parsed ? reachedRanges(parsed._parsed) : [];
  });
  return subtractRanges(ranges(group.cidrs), ranges(group.except));
}

/**
 * What is wrong with the union of CIDR groups, or undefined: together, the groups without
 * `allowWideCidr` may reach no more addresses of a family than one /8 (IPv4) or one /32 (IPv6) holds,
 * so splitting a range into many narrow blocks does not get around the width check.
 */
export function unionWidthProblem(groups: ReadonlyArray<GroupLike & { readonly allowWideCidr?: string }>): string | undefined {
  const ranges = groups.filter((g) => g.allowWideCidr === undefined || g.allowWideCidr.trim() === '').flatMap(groupRanges);
  for (const bits of [32, 128] as AddressBits[]) {
    const count = addressCount(ranges, bits);
    if (count > WIDEST[bits]) {
      const family = bits === 32 ? 'IPv4' : 'IPv6';
      const share = bits === 32 ? ` (${(Number(count * 10000n / 2n ** 32n) / 100).toFixed(2)}% of all IPv4 addresses)` : '';
      return `reach ${count} ${family} addresses together${share}, more than one /${bits === 32 ? MIN_PREFIX_V4 : MIN_PREFIX_V6} holds (${WIDEST[bits]}): `
        + 'narrow blocks add up like one wide block; give the endpoint\'s own, narrower blocks, or set allowWideCidr on the groups with the reason';
    }
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
    const problem = egressCidrProblem(c, group.allowWideCidr, (group.except ?? []).filter((e) => cidrInside(c, e)));
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
  const wide = unionWidthProblem(groups);
  if (wide !== undefined) {
    input.fail(`${describeBlocks(groups)} ${wide}`);
    return undefined;
  }
  input.problems.later((scope) => clusterOverlaps(input, scope, groups));
  return groups;
}, { kind: list(cidrGroup).kind, item: cidrGroup });

/** `(262 blocks in 1 group: "1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8", …)` for a message. */
function describeBlocks(groups: CidrGroupInput[]): string {
  const all = groups.flatMap((g) => g.cidrs);
  const shown = all.slice(0, 3).map((c) => show(c)).join(', ');
  return `(${all.length} block${all.length === 1 ? '' : 's'} in ${groups.length} group${groups.length === 1 ? '' : 's'}: ${shown}${all.length > 3 ? ', …' : ''})`;
}

function clusterOverlaps(input: Input, scope: IConstruct, groups: CidrGroupInput[]): void {
  const networks = ClusterState.of(scope).get(CLUSTER_NETWORKS);
  if (networks.length === 0) {
    privateWithoutNetworks(input, scope, groups);
    return;
  }
  groups.forEach((g, i) => g.cidrs.forEach((c, j) => {
    const block = CidrBlock.parse(c);
    const reached = reachedRanges(block._parsed);
    for (const network of networks) {
      const common = intersectRanges(reached, reachedRanges(network.block._parsed));
      if (common.length === 0) continue;
      const carried = block.family === 6 && common[0].bits === 32 ? ` (it stands for IPv4 ${formatRange(common[0])}, through a prefix that carries IPv4 addresses)` : '';
      input.item(i).at('cidrs').item(j).fail(`${show(c)} overlaps the cluster's ${network.name} ${network.block.text}${carried} (egress to external CIDRs must not reach the cluster's own pods or Services: give the endpoint's own addresses)`);
    }
  }));
}

/**
 * With the cluster's networks undeclared, a group in private address space may be the cluster's own
 * Pod or Service network: warned (not refused: managed databases often live in private ranges, and a
 * construct used on its own has no place to declare the networks but `ClusterNetworks.declare`).
 */
/** The private blocks a cluster was warned about (see privateWithoutNetworks). */
const PRIVATE_WARNED = new StateKey<Set<string>>('private-blocks-warned', () => new Set());

function privateWithoutNetworks(input: Input, scope: IConstruct, groups: CidrGroupInput[]): void {
  groups.forEach((g, i) => g.cidrs.forEach((c, j) => {
    const block = CidrBlock.parse(c);
    const ranges = privateRangesIn(reachedRanges(block._parsed));
    if (ranges.length === 0) return;
    const at = input.item(i).at('cidrs').item(j);
    const message = `${at.where}${show(c)} (group ${show(g.name)}, and wherever else the block is given) is in private address space (${ranges.join(', ')}), where the cluster's own Pod and Service networks usually are, `
      + 'and the cluster\'s networks are not declared, so an overlap cannot be refused: declare them (GenesysPlatform clusterNetworks: { podCidrs, serviceCidrs }, '
      + 'or ClusterNetworks.declare(scope, { podCidrs: ["10.244.0.0/16"], serviceCidrs: ["10.96.0.0/12"] }) for constructs used on their own)';
    // one warning per block and cluster, however many stores share the subnet or read it twice
    const warned = ClusterState.of(scope).get(PRIVATE_WARNED);
    if (warned.has(block.text)) return;
    warned.add(block.text);
    warnAtSynth(scope, message);
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
