// ipBlock rules judged as whole ranges of addresses, against the CIDRs the peers file declares.
import { admittedRanges, reachProblem } from './address-sets';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { VerifyPeer } from './peers-file';
import type { CompiledPolicy } from './policies';
import { AddressRange, formatCidr, intersectRanges, mergeRanges, parseCidr, ParsedCidr, rangeOf } from '../shared/net';

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
 * Every ipBlock of every NetworkPolicy, judged as the set of addresses it admits (the CIDR minus its
 * excepts; IPv4-mapped and NAT64 IPv6 forms folded onto IPv4) against the CIDRs the external peers
 * of the peers file declare. Reported: a CIDR that does not parse or sets host bits (Kubernetes
 * reads `10.60.0.1/24` as the whole `10.60.0.0/24`), an except outside its CIDR, a range that
 * reaches cloud metadata addresses, the cluster's own networks, loopback or link-local addresses
 * (whatever the peers declare), and a range that reaches any address no declared CIDR holds,
 * private ranges included (a managed database must be a peers entry).
 */
export function checkIpBlocks(policies: CompiledPolicy[], peers: VerifyPeer[], clusterNetworks: string[] = []): CheckFinding[] {
  const declared: Declared[] = [];
  for (const peer of peers) {
    for (const text of peer.cidrs ?? []) {
      const cidr = parseCidr(text);
      if (cidr) declared.push({ range: rangeOf(cidr), peer: peerLabel(peer, text) });
    }
  }
  const cluster = clusterNetworks.map(parseCidr).filter((c): c is ParsedCidr => !!c).map(rangeOf);
  const context: BlockContext = { declared, covering: mergeRanges(declared.map((d) => d.range)), anyCidrs: peers.some((x) => x.cidrs), cluster };
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
  /** The cluster's own networks. */
  readonly cluster: AddressRange[];
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
 * What is wrong with the range a block admits (the CIDR minus its excepts), or undefined: judged
 * as a set of addresses (see `reachProblem`), it must stay inside the CIDRs the peers declare and
 * reach no metadata, cluster, loopback or link-local address.
 */
function rangeProblem(cidr: ParsedCidr, excepts: ParsedCidr[], direction: string, context: BlockContext): string | undefined {
  const problem = reachProblem(admittedRanges(cidr, excepts), context.declared.map((d) => d.range), context.cluster);
  if (!problem) return undefined;
  const owners = context.declared.filter((d) => intersectRanges([d.range], [rangeOf(cidr)]).length > 0).map((d) => d.peer);
  const whose = owners.length > 0 ? ` for ${some(owners)}` : context.anyCidrs ? ' (it overlaps none of them)' : ' (the peers file declares none)';
  const what = cidr.prefix === 0 ? `${formatCidr(cidr)}, every ${cidr.bits === 32 ? 'IPv4' : 'IPv6'} address,` : formatCidr(cidr);
  const fix = problem.undeclared
    ? `narrow the ${direction} rule to the peer's CIDRs, or declare the peer's range in peers.json`
    : `narrow the ${direction} rule: no peer may be reached there, whatever peers.json declares`;
  return `${what}${excepts.length > 0 ? ` minus ${excepts.map(formatCidr).join(', ')}` : ''} reaches ${joinWords(problem.kinds)}, beyond the CIDRs the peers file declares${whose}: ${fix}`;
}

function rangeContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.bits === inner.bits && inner.start >= outer.start && inner.end <= outer.end;
}

function joinWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
