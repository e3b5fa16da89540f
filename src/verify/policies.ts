// NetworkPolicies compiled once (rules, peers, ipBlocks indexed by block) and how a policy admits a
// peer on a port, following networking.k8s.io/v1. Internal.
import { ReachabilityEndpoint } from './endpoints';
import { asNumber, protocolOf, refsOf } from './objects';
import { LabelMap, selectorMatches } from './selector';
import { AddressBits, cidrHasAddress, networkOf, ParsedAddress, ParsedCidr, parseAddress, parseCidr } from '../shared/net';

/** A direction of a policy: the destination's `ingress` or the source's `egress`. */
export type Direction = 'ingress' | 'egress';

/** One peer of a rule, read once (selectors as written, ipBlocks parsed). */
export interface CompiledPeer {
  /**
   * The ipBlock's CIDR, parsed.
   * @default - none: the peer has no ipBlock, or its CIDR does not parse (it matches nothing)
   */
  readonly cidr?: ParsedCidr;
  /**
   * The ipBlock's except CIDRs, parsed (unparsable ones left out).
   * @default - none: not an ipBlock
   */
  readonly except?: ParsedCidr[];
  /** The raw peer, for selectors. */
  readonly raw: any;
}

/** A rule of a policy, in one direction. */
export interface CompiledRule {
  /**
   * `ports` as written.
   * @default - every port
   */
  readonly ports?: any[];
  /** True when the rule admits every peer (`from`/`to` absent or empty). */
  readonly anyPeer: boolean;
  /** The peers, read once. */
  readonly compiled: CompiledPeer[];
  /** True when some peer is a selector (podSelector or namespaceSelector). */
  readonly hasSelectorPeer: boolean;
}

/** The ipBlock rules of one direction of a policy, by the block's prefix and network. */
interface IpIndex {
  /** bits/prefix -> network -> indexes of rules with an ipBlock of that block. */
  readonly blocks: Map<string, Map<bigint, number[]>>;
  /** The prefix lengths present, per family. */
  readonly prefixes: Map<AddressBits, number[]>;
}

/** A NetworkPolicy, read once. */
export interface CompiledPolicy {
  /** `namespace/name`. */
  readonly key: string;
  /** Its namespace (the default one when it has none). */
  readonly namespace: string;
  /** The pods it selects. */
  readonly podSelector: any;
  /** True when it isolates the pods it selects for ingress. */
  readonly ingress: boolean;
  /** True when it isolates the pods it selects for egress. */
  readonly egress: boolean;
  /** Its ingress rules. */
  readonly ingressRules: CompiledRule[];
  /** Its egress rules. */
  readonly egressRules: CompiledRule[];
  /** The references of its implements annotation. */
  readonly refs: string[];
  /** The object as written. */
  readonly object: any;
  /** The ipBlocks of its ingress rules, by block. */
  readonly ingressIndex: IpIndex;
  /** The ipBlocks of its egress rules, by block. */
  readonly egressIndex: IpIndex;
}

/** Reads a NetworkPolicy, defaulting `policyTypes` as the API server does. */
export function compilePolicy(object: any, namespace: string): CompiledPolicy {
  const spec = object.spec ?? {};
  const declared: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  // Without policyTypes a policy affects ingress, and egress too when it has at least one egress rule.
  const types = declared.length > 0 ? declared : ['Ingress', ...(Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Egress'] : [])];
  const ingress = compileRules(spec.ingress, 'from');
  const egress = compileRules(spec.egress, 'to');
  return {
    key: `${namespace}/${object.metadata?.name}`,
    namespace,
    podSelector: spec.podSelector ?? {},
    ingress: types.includes('Ingress'),
    egress: types.includes('Egress'),
    ingressRules: ingress.rules,
    egressRules: egress.rules,
    refs: refsOf(object),
    object,
    ingressIndex: ingress.index,
    egressIndex: egress.index,
  };
}

function compileRules(rules: any, peerField: 'from' | 'to'): { rules: CompiledRule[]; index: IpIndex } {
  const index: IpIndex = { blocks: new Map(), prefixes: new Map() };
  const out: CompiledRule[] = (Array.isArray(rules) ? rules : []).map((r: any, i: number) => {
    const peers: any[] | undefined = r?.[peerField];
    const compiled: CompiledPeer[] = [];
    let hasSelectorPeer = false;
    for (const peer of Array.isArray(peers) ? peers : []) {
      if (peer && typeof peer === 'object' && peer.ipBlock) {
        const cidr = parseCidr(peer.ipBlock.cidr);
        const except = (Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except : [])
          .map(parseCidr).filter((c: ParsedCidr | undefined): c is ParsedCidr => c !== undefined);
        compiled.push({ raw: peer, cidr, except });
        if (cidr) indexBlock(index, cidr, i);
      } else {
        compiled.push({ raw: peer });
        if (peer && typeof peer === 'object') hasSelectorPeer = true;
      }
    }
    return { ports: r?.ports, anyPeer: !Array.isArray(peers) || peers.length === 0, compiled, hasSelectorPeer };
  });
  return { rules: out, index };
}

function indexBlock(index: IpIndex, cidr: ParsedCidr, rule: number): void {
  const group = `${cidr.bits}/${cidr.prefix}`;
  let byNetwork = index.blocks.get(group);
  if (!byNetwork) {
    byNetwork = new Map();
    index.blocks.set(group, byNetwork);
    const list = index.prefixes.get(cidr.bits) ?? [];
    list.push(cidr.prefix);
    index.prefixes.set(cidr.bits, list);
  }
  const at = byNetwork.get(cidr.network);
  if (!at) byNetwork.set(cidr.network, [rule]);
  else if (at[at.length - 1] !== rule) at.push(rule);
}

/** Indexes of the rules whose ipBlock CIDR holds the address (excepts not applied). */
function ipCandidates(index: IpIndex, address: ParsedAddress): number[] {
  const prefixes = index.prefixes.get(address.bits);
  if (!prefixes) return [];
  const out: number[] = [];
  for (const prefix of prefixes) {
    const network = networkOf(address, prefix);
    const rules = index.blocks.get(`${address.bits}/${prefix}`)?.get(network);
    if (rules) out.push(...rules);
  }
  return out;
}

/** What matching needs to know of the cluster: named container ports and namespace labels. */
export interface MatchContext {
  /** The number a container port name stands for on a pod. */
  namedPort(pod: ReachabilityEndpoint, name: string, protocol: string): number | undefined;
  /** The labels a namespaceSelector sees on a namespace. */
  namespaceLabelsOf(namespace: string): LabelMap;
}

/**
 * How rules admit traffic: a rule admits a peer when one of its peers matches (selectors for pods,
 * ipBlocks for external addresses; absent or empty `from`/`to` match every peer) and one of its
 * ports matches the destination pod port (absent or empty `ports` match every port; the protocol
 * defaults to TCP; `endPort` makes a range; a named port is the destination pod's container port).
 */
export class PolicyMatcher {
  private readonly addressCache = new Map<string, ParsedAddress | undefined>();

  public constructor(private readonly context: MatchContext) {}

  /** Whether a rule of the policy, in the direction, admits the far end on the destination's pod port. */
  public policyAdmits(policy: CompiledPolicy, direction: Direction, other: ReachabilityEndpoint, destination: ReachabilityEndpoint,
    port: number, protocol: string): boolean {
    const rules = direction === 'ingress' ? policy.ingressRules : policy.egressRules;
    if (other.ip !== undefined) {
      // an external address: rules open to every peer, and the ipBlocks holding the address
      const address = this.addressOf(other.ip);
      for (const rule of rules) {
        if (rule.anyPeer && this.portsMatch(rule.ports, destination, port, protocol)) return true;
      }
      if (!address) return false;
      const index = direction === 'ingress' ? policy.ingressIndex : policy.egressIndex;
      for (const i of ipCandidates(index, address)) {
        const rule = rules[i];
        if (this.portsMatch(rule.ports, destination, port, protocol) && this.peersMatch(rule, policy.namespace, other)) return true;
      }
      return false;
    }
    return rules.some((rule) => (rule.anyPeer || rule.hasSelectorPeer)
      && this.portsMatch(rule.ports, destination, port, protocol) && this.peersMatch(rule, policy.namespace, other));
  }

  /** Whether a rule's ports hold the destination's pod port and protocol. */
  public portsMatch(ports: any[] | undefined, destination: ReachabilityEndpoint, port: number, protocol: string): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if (protocolOf(p?.protocol) !== protocol) return false;
      if (p?.port === undefined || p?.port === null) return true;
      if (typeof p.port === 'number') {
        const end = asNumber(p.endPort);
        return end !== undefined ? port >= p.port && port <= end : port === p.port;
      }
      // a string is a port name, resolved on the destination pod's containers
      return this.context.namedPort(destination, String(p.port), protocol) === port;
    });
  }

  /** Whether one peer of a rule of a policy of `policyNamespace` matches the far end. */
  public peerMatches(peer: CompiledPeer, policyNamespace: string, other: ReachabilityEndpoint): boolean {
    const raw = peer.raw;
    if (!raw || typeof raw !== 'object') return false;
    if (raw.ipBlock) {
      if (other.ip === undefined || !peer.cidr) return false;
      const address = this.addressOf(other.ip);
      if (!address || !cidrHasAddress(peer.cidr, address)) return false;
      return !(peer.except ?? []).some((e) => cidrHasAddress(e, address));
    }
    const hasPod = raw.podSelector !== undefined && raw.podSelector !== null;
    const hasNamespace = raw.namespaceSelector !== undefined && raw.namespaceSelector !== null;
    if (!hasPod && !hasNamespace) return false;
    if (other.namespace === undefined) return false;
    const namespaceOk = hasNamespace
      ? this.namespaceSelects(raw.namespaceSelector, other.namespace)
      : other.namespace === policyNamespace;
    return namespaceOk && (!hasPod || selectorMatches(raw.podSelector, other.labels));
  }

  /** Whether a namespaceSelector selects a namespace. */
  public namespaceSelects(selector: any, namespace: string): boolean {
    return selectorMatches(selector, this.context.namespaceLabelsOf(namespace));
  }

  private peersMatch(rule: CompiledRule, policyNamespace: string, other: ReachabilityEndpoint): boolean {
    if (rule.anyPeer) return true;
    return rule.compiled.some((peer) => this.peerMatches(peer, policyNamespace, other));
  }

  /** An external endpoint's address, parsed once. */
  private addressOf(ip: string): ParsedAddress | undefined {
    if (!this.addressCache.has(ip)) this.addressCache.set(ip, parseAddress(ip));
    return this.addressCache.get(ip);
  }
}
