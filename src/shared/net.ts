/* eslint-disable no-bitwise */ // address arithmetic is bit arithmetic
// IPv4 and IPv6 addresses and CIDR blocks: parsing, normalization, containment, overlap and
// classification, in one place for the constructs (prop checks) and the verifier (ipBlock ranges).
//
// The functions work on parsed values with bigint arithmetic and are for the library's own modules;
// the public classes over them (jsii-friendly: strings, numbers, booleans) are in addresses.ts.
import { isIP } from 'net';

/** Addresses of one family as numbers: 32 bits for IPv4, 128 for IPv6. */
export type AddressBits = 32 | 128;

/** A parsed address (internal form). */
export interface ParsedAddress {
  /** The address as a number. */
  readonly value: bigint;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: AddressBits;
}

/** A parsed CIDR block (internal form): the network address with host bits cleared. */
export interface ParsedCidr {
  /** The network address, host bits cleared. */
  readonly network: bigint;
  /** The prefix length. */
  readonly prefix: number;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: AddressBits;
  /** True when the text had bits set after the prefix (`10.60.0.1/24`). */
  readonly hostBits: boolean;
}

/** An inclusive range of addresses of one family (internal form). */
export interface AddressRange {
  /** First address. */
  readonly start: bigint;
  /** Last address. */
  readonly end: bigint;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: AddressBits;
}

function parseV4(text: string): bigint {
  let value = 0n;
  for (const part of text.split('.')) value = (value << 8n) | BigInt(Number(part));
  return value;
}

function parseV6(text: string): bigint {
  let head = text;
  let tail = 0n;
  let tailGroups = 0;
  // an embedded IPv4 tail such as ::ffff:10.0.0.1 counts as two groups
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    tail = parseV4(text.slice(lastColon + 1));
    tailGroups = 2;
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = split(halves[0]);
  const right = halves.length === 2 ? split(halves[1]) : [];
  const missing = 8 - tailGroups - left.length - right.length;
  const groups = [...left, ...new Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  return tailGroups > 0 ? (value << 32n) | tail : value;
}

/**
 * Parses an IPv4 or IPv6 address, as Node's `net.isIP` accepts it (IPv4 in dotted decimal without
 * leading zeros; IPv6 in any RFC 4291 text form, with an IPv4 tail allowed). Zone ids (`%eth0`) are
 * refused: they have no place in a NetworkPolicy. Undefined when the text is not an address.
 */
export function parseAddress(text: unknown): ParsedAddress | undefined {
  if (typeof text !== 'string' || text.includes('%')) return undefined;
  const family = isIP(text);
  if (family === 4) return { value: parseV4(text), bits: 32 };
  if (family === 6) return { value: parseV6(text), bits: 128 };
  return undefined;
}

/** The mask of a prefix length in a family. */
function mask(prefix: number, bits: AddressBits): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return prefix === 0 ? 0n : (all >> BigInt(bits - prefix)) << BigInt(bits - prefix);
}

/**
 * Parses `address/prefix` (IPv4 prefix 0-32, IPv6 0-128, written without leading zeros). Host bits
 * are cleared in `network` and reported in `hostBits`, as Kubernetes reads an ipBlock: `10.60.0.1/24`
 * means `10.60.0.0/24`. Undefined when the text is not a CIDR.
 */
export function parseCidr(text: unknown): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > address.bits) return undefined;
  const network = address.value & mask(prefix, address.bits);
  return { network, prefix, bits: address.bits, hostBits: network !== address.value };
}

/** The network of a prefix length that holds the address (the address with its host bits cleared). */
export function networkOf(address: ParsedAddress, prefix: number): bigint {
  return address.value & mask(prefix, address.bits);
}

/** Compares two addresses: family first (IPv4 before IPv6), then value. */
export function compareAddresses(a: ParsedAddress, b: ParsedAddress): number {
  return a.bits - b.bits || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** The last address of a CIDR block. */
export function lastAddressOf(cidr: ParsedCidr): bigint {
  return cidr.network | (((1n << BigInt(cidr.bits)) - 1n) & ~mask(cidr.prefix, cidr.bits));
}

/** The addresses of a CIDR block as a range. */
export function rangeOf(cidr: ParsedCidr): AddressRange {
  return { start: cidr.network, end: lastAddressOf(cidr), bits: cidr.bits };
}

/** True when the address lies inside the CIDR block (same family only). */
export function cidrHasAddress(cidr: ParsedCidr, address: ParsedAddress): boolean {
  return cidr.bits === address.bits && (address.value & mask(cidr.prefix, cidr.bits)) === cidr.network;
}

/** True when `inner` lies inside `outer` (equal blocks included; same family only). */
export function cidrWithin(inner: ParsedCidr, outer: ParsedCidr): boolean {
  return inner.bits === outer.bits && inner.prefix >= outer.prefix && (inner.network & mask(outer.prefix, outer.bits)) === outer.network;
}

/** True when two CIDR blocks share at least one address (same family only). */
export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a);
}

/** Formats an address of a family (IPv6 as RFC 5952 writes it: lowercase, longest zero run compressed). */
export function formatAddress(value: bigint, bits: AddressBits): string {
  if (bits === 32) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/** Formats a CIDR block in its normalized form (host bits cleared). */
export function formatCidr(cidr: ParsedCidr): string {
  return `${formatAddress(cidr.network, cidr.bits)}/${cidr.prefix}`;
}

/**
 * The first usable address of a CIDR block: the network address plus one, except for /31 and /32
 * (IPv4) and /127 and /128 (IPv6), where the network address itself is usable.
 */
export function firstUsable(cidr: ParsedCidr): bigint {
  return cidr.bits - cidr.prefix <= 1 ? cidr.network : cidr.network + 1n;
}

/**
 * Ranges minus ranges: the addresses of `from` that none of `minus` holds, as sorted, disjoint
 * ranges (families kept apart).
 */
export function subtractRanges(from: AddressRange[], minus: AddressRange[]): AddressRange[] {
  const out: AddressRange[] = [];
  for (const bits of [32, 128] as AddressBits[]) {
    const cuts = mergeRanges(minus.filter((r) => r.bits === bits));
    for (const range of mergeRanges(from.filter((r) => r.bits === bits))) {
      let start = range.start;
      for (const cut of cuts) {
        if (cut.end < start || cut.start > range.end) continue;
        if (cut.start > start) out.push({ start, end: cut.start - 1n, bits });
        start = cut.end + 1n;
        if (start > range.end) break;
      }
      if (start <= range.end) out.push({ start, end: range.end, bits });
    }
  }
  return out;
}

/** Sorts ranges and merges the ones that overlap or touch (one family expected). */
export function mergeRanges(ranges: AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => a.bits - b.bits || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.bits === r.bits && r.start <= last.end + 1n) {
      if (r.end > last.end) out[out.length - 1] = { ...last, end: r.end };
    } else {
      out.push(r);
    }
  }
  return out;
}

/**
 * The addresses of `range` that no range of `covering` holds, where `covering` is sorted and merged
 * (as `mergeRanges` returns it): a binary search, then a walk over the ranges it meets.
 */
export function uncoveredBy(range: AddressRange, covering: AddressRange[]): AddressRange[] {
  let lo = 0;
  let hi = covering.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = covering[mid];
    if (c.bits < range.bits || (c.bits === range.bits && c.end < range.start)) lo = mid + 1;
    else hi = mid;
  }
  const out: AddressRange[] = [];
  let start = range.start;
  for (let i = lo; i < covering.length && start <= range.end; i++) {
    const c = covering[i];
    if (c.bits !== range.bits || c.start > range.end) break;
    if (c.start > start) out.push({ start, end: c.start - 1n, bits: range.bits });
    if (c.end + 1n > start) start = c.end + 1n;
  }
  if (start <= range.end) out.push({ start, end: range.end, bits: range.bits });
  return out;
}

/** The addresses two lists of ranges have in common. */
export function intersectRanges(a: AddressRange[], b: AddressRange[]): AddressRange[] {
  const out: AddressRange[] = [];
  for (const x of mergeRanges(a)) {
    for (const y of mergeRanges(b)) {
      if (x.bits !== y.bits) continue;
      const start = x.start > y.start ? x.start : y.start;
      const end = x.end < y.end ? x.end : y.end;
      if (start <= end) out.push({ start, end, bits: x.bits });
    }
  }
  return mergeRanges(out);
}

/** Formats a range as a CIDR when it is one, else `first-last`. */
export function formatRange(range: AddressRange): string {
  const size = range.end - range.start + 1n;
  const hostBits = size.toString(2).length - 1;
  if ((1n << BigInt(hostBits)) === size && (range.start & ((1n << BigInt(hostBits)) - 1n)) === 0n) {
    return `${formatAddress(range.start, range.bits)}/${range.bits - hostBits}`;
  }
  return `${formatAddress(range.start, range.bits)}-${formatAddress(range.end, range.bits)}`;
}

function cidrConstant(text: string): ParsedCidr {
  return parseCidr(text)!;
}

/** Loopback: 127.0.0.0/8 and ::1/128. */
/** @internal */
export const LOOPBACK = ['127.0.0.0/8', '::1/128'].map(cidrConstant);
/** Link-local: 169.254.0.0/16 (cloud metadata at 169.254.169.254 included) and fe80::/10. */
/** @internal */
export const LINK_LOCAL = ['169.254.0.0/16', 'fe80::/10'].map(cidrConstant);
/**
 * Addresses that are not on the public internet: private (RFC 1918, RFC 4193), shared (RFC 6598),
 * loopback, link-local, "this network", documentation (RFC 5737, RFC 3849), benchmarking,
 * multicast and reserved ranges, IPv4-mapped IPv6.
 */
/** @internal */
export const NOT_PUBLIC = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3',
  '::/127', '::ffff:0:0/96', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'ff00::/8',
].map(cidrConstant);

/**
 * IPv6 prefixes whose last 32 bits are an IPv4 address: IPv4-mapped (`::ffff:a.b.c.d`, RFC 4291),
 * IPv4-translated (`::ffff:0:a.b.c.d`, RFC 2765) and the NAT64 well-known prefix (`64:ff9b::/96`,
 * RFC 6052). Traffic to such an address may reach the IPv4 address it carries: a dual-stack socket
 * sends `::ffff:169.254.169.254` to the metadata service, and a NAT64 gateway translates
 * `64:ff9b::a9fe:a9fe` to it.
 */
const CARRIES_IPV4: Array<[ParsedCidr, string]> = [
  [cidrConstant('::ffff:0:0/96'), 'IPv4-mapped'],
  [cidrConstant('::ffff:0:0:0/96'), 'IPv4-translated'],
  [cidrConstant('64:ff9b::/96'), 'NAT64'],
];

/** An IPv4 block an IPv6 block stands for through a prefix that carries IPv4 addresses. */
export interface CarriedIpv4 {
  /** The IPv4 block. */
  readonly block: ParsedCidr;
  /** How it is carried: `IPv4-mapped`, `IPv4-translated` or `NAT64`. */
  readonly via: string;
}

/**
 * The IPv4 blocks an IPv6 block stands for (none for an IPv4 block, or an IPv6 block outside the
 * prefixes that carry IPv4): `::ffff:a9fe:a9fe/128` stands for 169.254.169.254/32, and `::/64`, which
 * holds the whole IPv4-mapped prefix, for 0.0.0.0/0.
 */
export function carriedIpv4(cidr: ParsedCidr): CarriedIpv4[] {
  if (cidr.bits !== 128) return [];
  const out: CarriedIpv4[] = [];
  for (const [prefix, via] of CARRIES_IPV4) {
    if (cidrWithin(cidr, prefix)) {
      out.push({ block: { network: cidr.network & 0xffffffffn, prefix: cidr.prefix - 96, bits: 32, hostBits: false }, via });
    } else if (cidrWithin(prefix, cidr)) {
      out.push({ block: { network: 0n, prefix: 0, bits: 32, hostBits: false }, via });
    }
  }
  return out;
}

/** The addresses a block reaches, IPv4 it carries included: its own range, and the IPv4 ranges it stands for. */
export function reachedRanges(cidr: ParsedCidr): AddressRange[] {
  return [rangeOf(cidr), ...carriedIpv4(cidr).map((c) => rangeOf(c.block))];
}

/**
 * Well-known cloud instance-metadata and host-service addresses outside link-local: a pod that
 * reaches one may read the node's credentials. (169.254.169.254 and fe80::a9fe:a9fe are link-local,
 * refused as such.)
 */
const METADATA: Array<[ParsedCidr, string]> = [
  [cidrConstant('fd00:ec2::254/128'), 'AWS instance metadata service (IPv6)'],
  [cidrConstant('fd00:ec2::23/128'), 'AWS EKS Pod Identity agent (IPv6)'],
  [cidrConstant('fd20:ce::254/128'), 'Google Cloud metadata server (IPv6)'],
  [cidrConstant('fd00:c1::a9fe:a9fe/128'), 'Oracle Cloud instance metadata service (IPv6)'],
  [cidrConstant('100.100.100.200/32'), 'Alibaba Cloud metadata service'],
  [cidrConstant('168.63.129.16/32'), 'Azure WireServer'],
  [cidrConstant('192.0.0.192/32'), 'Oracle Cloud instance metadata service'],
];

/** The metadata addresses (see METADATA) inside the ranges, with the service each belongs to. */
export function metadataIn(ranges: AddressRange[]): Array<{ readonly address: string; readonly service: string }> {
  return METADATA
    .filter(([m]) => ranges.some((r) => r.bits === m.bits && r.start <= m.network && m.network <= r.end))
    .map(([m, service]) => ({ address: formatAddress(m.network, m.bits), service }));
}

/** Private and shared address space a managed endpoint, or the cluster itself, may use. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map(cidrConstant);

/** The private ranges (RFC 1918, RFC 6598 shared space, RFC 4193 unique local) the ranges overlap, as CIDR text. */
export function privateRangesIn(ranges: AddressRange[]): string[] {
  return PRIVATE.filter((p) => intersectRanges(ranges, [rangeOf(p)]).length > 0).map(formatCidr);
}

/** How many addresses the ranges of one family hold together (overlaps counted once). */
export function addressCount(ranges: AddressRange[], bits: AddressBits): bigint {
  return mergeRanges(ranges.filter((r) => r.bits === bits)).reduce((n, r) => n + (r.end - r.start + 1n), 0n);
}

/** The loopback ranges of both families. */
export function loopbackRanges(): AddressRange[] {
  return LOOPBACK.map(rangeOf);
}

/** The link-local ranges of both families. */
export function linkLocalRanges(): AddressRange[] {
  return LINK_LOCAL.map(rangeOf);
}

/** Every address that is not on the public internet (see NOT_PUBLIC). */
export function nonPublicRanges(): AddressRange[] {
  return NOT_PUBLIC.map(rangeOf);
}
