/* eslint-disable no-bitwise */ // address arithmetic is bit arithmetic
// IPv4 and IPv6 addresses and CIDRs as big integers, for ipBlock matching. Internal.

/** A parsed address: its value and family width (32 or 128 bits). */
export interface ParsedAddress {
  /** The address as a number. */
  readonly value: bigint;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: 32 | 128;
}

/** A parsed CIDR: the network address (host bits cleared) and the prefix length. */
export interface ParsedCidr {
  /** The network address, host bits cleared. */
  readonly network: bigint;
  /** The prefix length. */
  readonly prefix: number;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: 32 | 128;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  // an embedded IPv4 tail such as ::ffff:10.0.0.1
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  if (!/^[0-9a-fA-F:]+$/.test(head)) return undefined;
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = split(halves[0]);
  const right = halves.length === 2 ? split(halves[1]) : [];
  if ([...left, ...right].some((g) => g.length === 0 || g.length > 4)) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...new Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseAddress(text: string): ParsedAddress | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes(':')) {
    const value = parseV6(text);
    return value === undefined ? undefined : { value, bits: 128 };
  }
  const value = parseV4(text);
  return value === undefined ? undefined : { value, bits: 32 };
}

/** Parses `address/prefix`; undefined when it is not a CIDR. Host bits are cleared, as Kubernetes does when it compares. */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > address.bits) return undefined;
  return { network: address.value & mask(prefix, address.bits), prefix, bits: address.bits };
}

function mask(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return prefix === 0 ? 0n : (all >> BigInt(bits - prefix)) << BigInt(bits - prefix);
}

/** True when the address lies inside the CIDR (same family only). */
export function cidrContainsAddress(cidr: ParsedCidr, address: ParsedAddress): boolean {
  if (cidr.bits !== address.bits) return false;
  return (address.value & mask(cidr.prefix, cidr.bits)) === cidr.network;
}

/** Formats an address of a family. */
export function formatAddress(value: bigint, bits: 32 | 128): string {
  if (bits === 32) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups (at least two), as RFC 5952 writes addresses
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
  const left = groups.slice(0, bestStart).join(':');
  const right = groups.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

/**
 * The first usable address of a CIDR: the network address plus one, except for /31, /32 (IPv4)
 * and /127, /128 (IPv6), where the network address itself is usable.
 */
export function firstUsableAddress(text: string): string | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const hostBits = cidr.bits - cidr.prefix;
  const value = hostBits <= 1 ? cidr.network : cidr.network + 1n;
  return formatAddress(value, cidr.bits);
}
