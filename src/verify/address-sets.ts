/* eslint-disable no-bitwise */ // address arithmetic is bit arithmetic
// The addresses an ipBlock reaches, as sets: IPv4 and IPv6 alike, the IPv6 forms that carry an IPv4
// address (IPv4-mapped ::ffff:0:0/96, the NAT64 well-known prefix 64:ff9b::/96) folded onto the IPv4
// addresses they reach, the cloud metadata addresses, and the probes the openings scan tests for
// ipBlock ranges no peer declares. Internal.
import type { ClusterModel } from './cluster';
import type { CompiledPolicy } from './policies';
import {
  AddressRange, formatAddress, formatRange, intersectRanges, linkLocalRanges, loopbackRanges, mergeRanges, parseCidr,
  ParsedCidr, rangeOf, subtractRanges,
} from '../shared/net';

/** IPv6 prefixes whose last 32 bits are an IPv4 address a packet to them reaches. */
const EMBEDDING = [
  { prefix: '::ffff:0:0/96', name: 'IPv4-mapped' },
  { prefix: '64:ff9b::/96', name: 'NAT64' },
].map((e) => ({ ...e, range: rangeOf(parseCidr(e.prefix)!) }));

/**
 * Addresses where clouds serve instance or pod credentials: 169.254.169.254 (AWS, Google Cloud,
 * Azure, OpenStack), 169.254.170.2 and 169.254.170.23 (AWS container and EKS Pod Identity
 * credentials), 100.100.100.200 (Alibaba Cloud), fd00:ec2::254 and fd00:ec2::23 (AWS over IPv6).
 */
export const METADATA_CIDRS = ['169.254.169.254/32', '169.254.170.2/32', '169.254.170.23/32', '100.100.100.200/32', 'fd00:ec2::254/128', 'fd00:ec2::23/128'];
const METADATA = METADATA_CIDRS.map((c) => rangeOf(parseCidr(c)!));

/** The metadata ranges (see `METADATA_CIDRS`). */
export function metadataRanges(): AddressRange[] {
  return [...METADATA];
}

/**
 * The ranges with every IPv6 part that embeds IPv4 addresses (IPv4-mapped, NAT64) replaced by the
 * IPv4 ranges it reaches.
 */
export function foldEmbedded(ranges: AddressRange[]): AddressRange[] {
  const out: AddressRange[] = subtractRanges(ranges, EMBEDDING.map((e) => e.range));
  for (const e of EMBEDDING) {
    for (const part of intersectRanges(ranges.filter((r) => r.bits === 128), [e.range])) {
      const low = (v: bigint) => v & 0xffffffffn;
      out.push({ start: low(part.start), end: low(part.end), bits: 32 });
    }
  }
  return mergeRanges(out);
}

/** The range of a CIDR and its excepts: the addresses the block admits. */
export function admittedRanges(cidr: ParsedCidr, excepts: ParsedCidr[]): AddressRange[] {
  return subtractRanges([rangeOf(cidr)], excepts.map(rangeOf));
}

/** What a block reaches that it must not, in words, or undefined. */
export interface ReachProblem {
  /** Kinds of addresses reached, in words (metadata, cluster networks, loopback...). */
  readonly kinds: string[];
  /** True when the block reaches an address no declared CIDR holds. */
  readonly undeclared: boolean;
}

/** At most `max` items, then how many more. */
function some(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Judges the addresses a block admits (IPv6 forms of IPv4 addresses folded onto IPv4): reaching a
 * metadata address, the cluster's own networks, loopback or link-local addresses is a problem even
 * when a peer declares them; reaching any address no declared CIDR holds is a problem.
 * @param declared the CIDRs the peers declare, as ranges (folded here too)
 * @param cluster the cluster's own networks (pods, Services, nodes), as ranges
 */
export function reachProblem(admitted: AddressRange[], declared: AddressRange[], cluster: AddressRange[]): ReachProblem | undefined {
  const reach = foldEmbedded(admitted);
  const covering = foldEmbedded(declared);
  const kinds: string[] = [];
  const embedded = EMBEDDING.filter((e) => intersectRanges(admitted, [e.range]).length > 0).map((e) => `${e.name} ${e.prefix}`);
  const via = embedded.length > 0 ? ` (through ${embedded.join(', ')})` : '';
  const metadata = intersectRanges(reach, METADATA);
  if (metadata.length > 0) kinds.push(`cloud metadata addresses${via} (${some(metadata.map(formatRange))}, where the node's credentials are served)`);
  const own = intersectRanges(reach, cluster);
  if (own.length > 0) kinds.push(`the cluster's own networks (${some(own.map(formatRange))})`);
  const loopback = intersectRanges(reach, loopbackRanges());
  if (loopback.length > 0) kinds.push(`loopback addresses (${some(loopback.map(formatRange))})`);
  const linkLocal = subtractRanges(intersectRanges(reach, linkLocalRanges()), METADATA);
  if (linkLocal.length > 0) kinds.push(`link-local addresses (${some(linkLocal.map(formatRange))})`);
  const beyond = subtractRanges(reach, [...covering, ...METADATA, ...cluster, ...loopbackRanges(), ...linkLocalRanges()]);
  if (beyond.length > 0) kinds.push(`${kinds.length > 0 ? 'other ' : ''}addresses no peer declares${kinds.length === 0 ? via : ''} (${some(beyond.map(formatRange))})`);
  return kinds.length > 0 ? { kinds, undeclared: beyond.length > 0 } : undefined;
}

/**
 * Adds, for every ipBlock of the policies, a virtual address in the part of its range no declared
 * CIDR holds (its first address), so that the openings scan reports a flow there that no row
 * documents (OPEN) even when no peer or stranger sits in the range. Addresses already present are
 * not added twice.
 */
export function addIpBlockProbes(model: ClusterModel, policies: CompiledPolicy[], declared: AddressRange[]): void {
  const seen = new Set<string>(model.endpoints.filter((e) => e.ip !== undefined).map((e) => e.ip!));
  const covering = mergeRanges(declared);
  let n = 0;
  for (const policy of policies) {
    for (const direction of ['ingress', 'egress'] as const) {
      const field = direction === 'egress' ? 'to' : 'from';
      const rules: any[] = Array.isArray(policy.object?.spec?.[direction]) ? policy.object.spec[direction] : [];
      for (const rule of rules) {
        for (const peer of Array.isArray(rule?.[field]) ? rule[field] : []) {
          const cidr = parseCidr(peer?.ipBlock?.cidr);
          if (!cidr) continue;
          const excepts = (Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except : []).map(parseCidr).filter((e: any): e is ParsedCidr => !!e);
          const beyond = subtractRanges(admittedRanges(cidr, excepts), covering);
          if (beyond.length === 0) continue;
          const ip = formatAddress(beyond[0].start, beyond[0].bits);
          if (seen.has(ip)) continue;
          seen.add(ip);
          model.addVirtualEndpoint({ name: `verify-ip-block-${++n}`, ip });
        }
      }
    }
  }
}
