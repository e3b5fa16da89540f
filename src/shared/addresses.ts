/* eslint-disable no-bitwise */ // address arithmetic is bit arithmetic
// The public classes over the address arithmetic of net.ts: an address and a CIDR block, parsed and
// normalized, with the classification the constructs and the verifier share.
import {
  cidrHasAddress, cidrsOverlap, cidrWithin, firstUsable, formatAddress, formatCidr, lastAddressOf, LINK_LOCAL, LOOPBACK, nonPublicRanges, NOT_PUBLIC,
  parseAddress, ParsedAddress, parseCidr, ParsedCidr, rangeOf, subtractRanges,
} from './net';

/**
 * An IPv4 or IPv6 address, parsed and normalized.
 *
 * ```ts
 * const a = IpAddress.parse('169.254.169.254');
 * a.isLinkLocal;   // true: the cloud metadata service
 * ```
 */
export class IpAddress {
  /** True when the text is an IPv4 or IPv6 address (Node's `net.isIP`, zone ids refused). */
  public static isValid(text: string): boolean {
    return parseAddress(text) !== undefined;
  }

  /**
   * Parses an address; throws when the text is not one.
   * @param text e.g. `10.0.0.1` or `fd00::1`
   */
  public static parse(text: string): IpAddress {
    const parsed = parseAddress(text);
    if (!parsed) throw new Error(`${JSON.stringify(text)} is not an IPv4 or IPv6 address (e.g. "10.0.0.1" or "fd00::1")`);
    return new IpAddress(parsed);
  }

  /**
   * Parses an address; undefined when the text is not one.
   * @param text e.g. `10.0.0.1` or `fd00::1`
   */
  public static tryParse(text: string): IpAddress | undefined {
    const parsed = parseAddress(text);
    return parsed ? new IpAddress(parsed) : undefined;
  }

  /** 4 or 6. */
  public readonly family: number;
  /** The address in its canonical text (IPv6 lowercase with the longest zero run compressed). */
  public readonly text: string;
  /** @internal */
  public readonly _parsed: ParsedAddress;

  private constructor(parsed: ParsedAddress) {
    this._parsed = parsed;
    this.family = parsed.bits === 32 ? 4 : 6;
    this.text = formatAddress(parsed.value, parsed.bits);
  }

  /** True for 127.0.0.0/8 and ::1. */
  public get isLoopback(): boolean {
    return LOOPBACK.some((c) => cidrHasAddress(c, this._parsed));
  }

  /** True for 169.254.0.0/16 (169.254.169.254, the cloud metadata service, included) and fe80::/10. */
  public get isLinkLocal(): boolean {
    return LINK_LOCAL.some((c) => cidrHasAddress(c, this._parsed));
  }

  /** True for 0.0.0.0 and ::. */
  public get isUnspecified(): boolean {
    return this._parsed.value === 0n;
  }

  /** True when the address is on the public internet (not private, shared, loopback, link-local, documentation, multicast or reserved). */
  public get isPublic(): boolean {
    return !NOT_PUBLIC.some((c) => cidrHasAddress(c, this._parsed));
  }

  /** The canonical text. */
  public toString(): string {
    return this.text;
  }
}

/**
 * An IPv4 or IPv6 CIDR block, parsed and normalized.
 *
 * ```ts
 * const c = CidrBlock.parse('10.60.0.1/24');
 * c.hasHostBits;                 // true: Kubernetes reads it as...
 * c.text;                        // '10.60.0.0/24'
 * c.contains(CidrBlock.parse('10.60.0.0/28'));   // true
 * c.isWiderThan(28);             // true
 * ```
 */
export class CidrBlock {
  /** True when the text is an IPv4 or IPv6 CIDR (`address/prefix`). Host bits are allowed (see `hasHostBits`). */
  public static isValid(text: string): boolean {
    return parseCidr(text) !== undefined;
  }

  /**
   * Parses a CIDR block; throws when the text is not one.
   * @param text e.g. `10.20.0.0/16` or `fd00::/64`
   */
  public static parse(text: string): CidrBlock {
    const parsed = parseCidr(text);
    if (!parsed) throw new Error(`${JSON.stringify(text)} is not a CIDR (e.g. "10.20.0.0/16" or "fd00::/64")`);
    return new CidrBlock(text, parsed);
  }

  /**
   * Parses a CIDR block; undefined when the text is not one.
   * @param text e.g. `10.20.0.0/16` or `fd00::/64`
   */
  public static tryParse(text: string): CidrBlock | undefined {
    const parsed = parseCidr(text);
    return parsed ? new CidrBlock(text, parsed) : undefined;
  }

  /** The text as given. */
  public readonly input: string;
  /** The block in normalized form, host bits cleared, e.g. `10.60.0.0/24` for `10.60.0.1/24`. */
  public readonly text: string;
  /** 4 or 6. */
  public readonly family: number;
  /** The prefix length. */
  public readonly prefix: number;
  /** True when the text sets bits after the prefix (`10.60.0.1/24`): Kubernetes reads it as the whole block. */
  public readonly hasHostBits: boolean;
  /** @internal */
  public readonly _parsed: ParsedCidr;

  private constructor(input: string, parsed: ParsedCidr) {
    this.input = input;
    this._parsed = parsed;
    this.text = formatCidr(parsed);
    this.family = parsed.bits === 32 ? 4 : 6;
    this.prefix = parsed.prefix;
    this.hasHostBits = parsed.hostBits;
  }

  /** The network (first) address. */
  public get networkAddress(): string {
    return formatAddress(this._parsed.network, this._parsed.bits);
  }

  /** The last address of the block. */
  public get lastAddress(): string {
    return formatAddress(lastAddressOf(this._parsed), this._parsed.bits);
  }

  /** The first usable address: network + 1, or the network address itself for /31, /32, /127 and /128. */
  public get firstUsableAddress(): string {
    return formatAddress(firstUsable(this._parsed), this._parsed.bits);
  }

  /** True for `0.0.0.0/0` and `::/0`: every address of the family. */
  public get isUnspecified(): boolean {
    return this._parsed.prefix === 0;
  }

  /** True when the block lies inside 127.0.0.0/8 or is ::1/128. */
  public get isLoopback(): boolean {
    return LOOPBACK.some((c) => cidrWithin(this._parsed, c));
  }

  /** True when the block lies inside 169.254.0.0/16 or fe80::/10. */
  public get isLinkLocal(): boolean {
    return LINK_LOCAL.some((c) => cidrWithin(this._parsed, c));
  }

  /** True when some address of the block is loopback. */
  public get reachesLoopback(): boolean {
    return LOOPBACK.some((c) => cidrsOverlap(this._parsed, c));
  }

  /** True when some address of the block is link-local (169.254.169.254, the cloud metadata service, included). */
  public get reachesLinkLocal(): boolean {
    return LINK_LOCAL.some((c) => cidrsOverlap(this._parsed, c));
  }

  /** True when some address of the block is on the public internet. */
  public get reachesPublic(): boolean {
    return subtractRanges([rangeOf(this._parsed)], nonPublicRanges()).length > 0;
  }

  /**
   * True when the block holds more addresses than a block of the given prefix length would
   * (`10.0.0.0/16` is wider than 24).
   * @param prefix a prefix length of the block's family
   */
  public isWiderThan(prefix: number): boolean {
    return this._parsed.prefix < prefix;
  }

  /** True when every address of `other` is in this block (same family; equal blocks included). */
  public contains(other: CidrBlock): boolean {
    return cidrWithin(other._parsed, this._parsed);
  }

  /**
   * True when the address is in this block (same family).
   * @param address an IPv4 or IPv6 address; false when it is not one
   */
  public containsAddress(address: string): boolean {
    const parsed = parseAddress(address);
    return parsed !== undefined && cidrHasAddress(this._parsed, parsed);
  }

  /** True when the two blocks share at least one address. */
  public overlaps(other: CidrBlock): boolean {
    return cidrsOverlap(this._parsed, other._parsed);
  }

  /** The normalized text. */
  public toString(): string {
    return this.text;
  }
}
