// ipBlock rules judged as whole ranges of addresses, against the CIDRs the peers file declares.
import { CheckFinding, finding, FindingSeverity } from './findings';
import { VerifyPeer } from './peers-file';
import type { CompiledPolicy } from './policies';
import {
  AddressRange, formatCidr, formatRange, intersectRanges, linkLocalRanges, loopbackRanges, mergeRanges, nonPublicRanges,
  parseCidr, ParsedCidr, rangeOf, subtractRanges, uncoveredBy,
} from '../shared/net';

/** The rule name of the check (a `PolicyRule` value). */
const IP_BLOCK_RANGE = 'ip-block-range';

interface Declared {
  readonly range: AddressRange;
  readonly peer: string;
}

function peerLabel(peer: VerifyPeer, cidr: string): string {
  return `${peer.kind}${peer.service ? ` (${peer.service})` : ''} ${cidr}`;
}

/** At most `max` items, then how many more. */
function some(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Every ipBlock of every NetworkPolicy, judged as the range of addresses it admits (the CIDR minus
 * its excepts) against the CIDRs the external peers of the peers file declare. Reported: a CIDR that
 * does not parse or sets host bits (Kubernetes reads `10.60.0.1/24` as the whole `10.60.0.0/24`), an
 * except outside its CIDR, a range that overlaps a declared peer and reaches past the declared CIDRs,
 * and a range that reaches link-local (169.254.0.0/16 with the cloud metadata service, fe80::/10),
 * loopback or public internet addresses that no declared CIDR holds. A private range that overlaps no
 * declared peer (a managed database the peers file does not describe) is left alone.
 */
export function checkIpBlocks(policies: CompiledPolicy[], peers: VerifyPeer[]): CheckFinding[] {
  const declared: Declared[] = [];
  for (const peer of peers) {
    for (const text of peer.cidrs ?? []) {
      const cidr = parseCidr(text);
      if (cidr) declared.push({ range: rangeOf(cidr), peer: peerLabel(peer, text) });
    }
  }
  const context: BlockContext = { declared, covering: mergeRanges(declared.map((d) => d.range)), anyCidrs: peers.some((x) => x.cidrs) };
  const out: CheckFinding[] = [];
  for (const policy of policies) {
    for (const direction of ['ingress', 'egress'] as const) {
      const field = direction === 'egress' ? 'to' : 'from';
      const rules: any[] = Array.isArray(policy.object?.spec?.[direction]) ? policy.object.spec[direction] : [];
      rules.forEach((rule, r) => {
        const peerList: any[] = Array.isArray(rule?.[field]) ? rule[field] : [];
        peerList.forEach((peer, p) => {
          const block = peer?.ipBlock;
          if (!block) return;
          const at = `spec.${direction}[${r}].${field}[${p}].ipBlock`;
          const fail = (message: string, where = at) => out.push(finding(IP_BLOCK_RANGE, FindingSeverity.ERROR, policy.object, message, where));
          checkBlock(block, at, direction, context, fail);
        });
      });
    }
  }
  return out;
}

/** What every block is judged against: the CIDRs the peers declare. */
interface BlockContext {
  readonly declared: Declared[];
  /** The declared ranges, merged. */
  readonly covering: AddressRange[];
  /** True when some peer declares CIDRs. */
  readonly anyCidrs: boolean;
}

type Fail = (message: string, where?: string) => void;

/** One ipBlock: its CIDR and excepts as written, then the range it admits. */
function checkBlock(block: any, at: string, direction: string, context: BlockContext, fail: Fail): void {
  const cidr = parseCidr(block.cidr);
  if (!cidr) {
    fail(`cidr ${JSON.stringify(block.cidr)} is not a CIDR (write an IPv4 or IPv6 block such as "10.20.0.0/24" or "fd00::/64")`, `${at}.cidr`);
    return;
  }
  if (cidr.hostBits) {
    fail(`cidr ${block.cidr} sets host bits: Kubernetes reads it as the whole ${formatCidr(cidr)} (write ${formatCidr(cidr)}, or ${block.cidr.split('/')[0]}/${cidr.bits} for one address)`, `${at}.cidr`);
  }
  const excepts: ParsedCidr[] = [];
  (Array.isArray(block.except) ? block.except : []).forEach((text: any, i: number) => {
    const e = parseCidr(text);
    if (!e) {
      fail(`except ${JSON.stringify(text)} is not a CIDR (write a block inside ${formatCidr(cidr)})`, `${at}.except[${i}]`);
    } else if (e.bits !== cidr.bits || e.prefix <= cidr.prefix || !rangeContains(rangeOf(cidr), rangeOf(e))) {
      fail(`except ${text} is not a strict subset of ${formatCidr(cidr)} (Kubernetes refuses it: give a smaller block inside the cidr)`, `${at}.except[${i}]`);
    } else {
      excepts.push(e);
    }
  });
  const problem = rangeProblem(cidr, excepts, direction, context);
  if (problem) fail(problem);
}

/**
 * What is wrong with the range a block admits (the CIDR minus its excepts), or undefined: a rule
 * overlapping a declared peer must stay inside the CIDRs declared; any rule must not reach
 * link-local, loopback or public addresses beyond them (private ranges of undeclared peers, e.g. a
 * managed database, are the rule's own business).
 */
function rangeProblem(cidr: ParsedCidr, excepts: ParsedCidr[], direction: string, context: BlockContext): string | undefined {
  const admitted = subtractRanges([rangeOf(cidr)], excepts.map(rangeOf));
  const beyond = admitted.flatMap((range) => uncoveredBy(range, context.covering));
  if (beyond.length === 0) return undefined;
  const owners = context.declared.filter((d) => intersectRanges([d.range], [rangeOf(cidr)]).length > 0).map((d) => d.peer);
  const risky = subtractRanges(beyond, nonPublicRanges()).length > 0
    || intersectRanges(beyond, [...linkLocalRanges(), ...loopbackRanges()]).length > 0;
  if (owners.length === 0 && !risky) return undefined;
  const whose = owners.length > 0 ? ` for ${some(owners)}` : context.anyCidrs ? ' (it overlaps none of them)' : ' (the peers file declares none)';
  const what = cidr.prefix === 0 ? `${formatCidr(cidr)}, every ${cidr.bits === 32 ? 'IPv4' : 'IPv6'} address,` : formatCidr(cidr);
  return `${what}${excepts.length > 0 ? ` minus ${excepts.map(formatCidr).join(', ')}` : ''} reaches ${joinWords(reachedKinds(beyond))} beyond the CIDRs the peers file declares${whose}: narrow the ${direction} rule to the peer's CIDRs, or declare the peer's range in peers.json`;
}

/** The kinds of addresses a range beyond the declared CIDRs holds, in words. */
function reachedKinds(beyond: AddressRange[]): string[] {
  const kinds: string[] = [];
  const linkLocal = intersectRanges(beyond, linkLocalRanges());
  if (linkLocal.length > 0) kinds.push(`link-local addresses (${some(linkLocal.map(formatRange))}${linkLocal.some((x) => x.bits === 32 && x.start <= 0xa9fea9fen && x.end >= 0xa9fea9fen) ? ', where the cloud metadata service 169.254.169.254 answers' : ''})`);
  const loopback = intersectRanges(beyond, loopbackRanges());
  if (loopback.length > 0) kinds.push(`loopback addresses (${some(loopback.map(formatRange))})`);
  const publicRanges = subtractRanges(beyond, nonPublicRanges());
  if (publicRanges.length > 0) kinds.push(`the public internet (${some(publicRanges.map(formatRange))})`);
  const other = subtractRanges(subtractRanges(beyond, publicRanges), [...linkLocalRanges(), ...loopbackRanges()]);
  if (other.length > 0) kinds.push(`${kinds.length > 0 ? 'other ' : ''}addresses ${some(other.map(formatRange))}`);
  return kinds;
}

function rangeContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.bits === inner.bits && inner.start >= outer.start && inner.end <= outer.end;
}

function joinWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
