// Every allowed flow between sets of endpoints, enumerated from the rules of isolated pods instead
// of trying every pair, and the truth table built on it. Internal.
import { ClusterModel, ReachabilityEndpoint, ReachabilityEndpointPort } from './cluster';
import { asNumber, protocolOf } from './objects';
import { CompiledRule } from './policies';
import { Reachability } from './reachability';
import { compareText } from '../shared';
import { compareAddresses, lastAddressOf, ParsedAddress, ParsedCidr, parseAddress } from '../shared/net';

/** An allowed flow. */
export interface AllowedFlow {
  /** Where the traffic starts. */
  readonly source: ReachabilityEndpoint;
  /** Where it arrives. */
  readonly destination: ReachabilityEndpoint;
  /** The destination's pod port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: string;
}

/** One cell of the truth table. */
export interface ReachabilityEntry {
  /** Source endpoint key. */
  readonly source: string;
  /** Destination endpoint key. */
  readonly destination: string;
  /** Destination pod port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: string;
  /** Whether the traffic is allowed. */
  readonly allowed: boolean;
}

/** Which cells the truth table holds. */
export interface TruthTableOptions {
  /**
   * Also use virtual endpoints (virtual pods and external addresses) as sources and destinations.
   * @default false
   */
  readonly includeVirtual?: boolean;
  /**
   * Keep only the allowed cells.
   * @default false
   */
  readonly onlyAllowed?: boolean;
}

/** Endpoints to enumerate, by namespace and by address. */
class Pool {
  public readonly all: ReachabilityEndpoint[];
  public readonly byNamespace = new Map<string, ReachabilityEndpoint[]>();
  /** External endpoints sorted by family and address. */
  private readonly externals: Array<{ readonly address: ParsedAddress; readonly endpoint: ReachabilityEndpoint }> = [];

  public constructor(endpoints: ReachabilityEndpoint[]) {
    this.all = endpoints;
    for (const e of endpoints) {
      if (e.namespace !== undefined) {
        const list = this.byNamespace.get(e.namespace);
        if (list) list.push(e);
        else this.byNamespace.set(e.namespace, [e]);
      } else if (e.ip !== undefined) {
        const address = parseAddress(e.ip);
        if (address) this.externals.push({ address, endpoint: e });
      }
    }
    this.externals.sort((a, b) => compareAddresses(a.address, b.address));
  }

  /** The external endpoints inside a CIDR block (binary search, then a walk). */
  public externalsIn(cidr: ParsedCidr): ReachabilityEndpoint[] {
    const last = lastAddressOf(cidr);
    let lo = 0;
    let hi = this.externals.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const a = this.externals[mid].address;
      if (a.bits < cidr.bits || (a.bits === cidr.bits && a.value < cidr.network)) lo = mid + 1;
      else hi = mid;
    }
    const out: ReachabilityEndpoint[] = [];
    for (let i = lo; i < this.externals.length; i++) {
      const a = this.externals[i].address;
      if (a.bits !== cidr.bits || a.value > last) break;
      out.push(this.externals[i].endpoint);
    }
    return out;
  }
}

/** Allowed flows found, each once. */
class FlowSet {
  private readonly found = new Map<string, AllowedFlow>();

  public add(source: ReachabilityEndpoint, destination: ReachabilityEndpoint, port: number, protocol: string): void {
    const key = `${source.key}|${destination.key}|${port}|${protocol}`;
    if (!this.found.has(key)) this.found.set(key, { source, destination, port, protocol });
  }

  public get flows(): AllowedFlow[] {
    return [...this.found.values()];
  }
}

/** Traffic of an endpoint to itself and between two external addresses is not tested. */
function skipPair(s: ReachabilityEndpoint, d: ReachabilityEndpoint): boolean {
  return s === d || (s.namespace === undefined && d.namespace === undefined);
}

/** Finds allowed flows on the ports worth testing. */
export class FlowFinder {
  private readonly portCache = new Map<string, ReachabilityEndpointPort[]>();
  private policyPortCache?: ReachabilityEndpointPort[];

  public constructor(private readonly model: ClusterModel, private readonly reachability: Reachability) {}

  /**
   * Every allowed flow from a source of `sources` to a destination of `destinations` on the ports
   * worth testing, without trying every pair: flows of egress-isolated sources are enumerated from
   * their egress rules, flows into ingress-isolated destinations from their ingress rules, and only
   * pairs where neither side is isolated are taken pair by pair. Traffic of an endpoint to itself and
   * between two external addresses is left out.
   */
  public allowedFlows(sources: ReachabilityEndpoint[], destinations: ReachabilityEndpoint[]): AllowedFlow[] {
    const found = new FlowSet();
    this.fromEgressRules(sources, new Pool(destinations), found);
    this.fromIngressRules(destinations, new Pool(sources), found);
    // neither side isolated: every pair (only where policies leave pods open)
    const openSources = sources.filter((s) => !this.reachability.isIsolated(s, 'egress'));
    const openDestinations = destinations.filter((d) => !this.reachability.isIsolated(d, 'ingress'));
    for (const s of openSources) {
      for (const d of openDestinations) {
        if (skipPair(s, d)) continue;
        for (const { port, protocol } of this.candidatePorts(d)) found.add(s, d, port, protocol);
      }
    }
    return found.flows;
  }

  /**
   * The truth table: for every ordered pair of different endpoints and every port of the
   * destination, whether traffic is allowed (see `ReachabilityAnalyzer.truthTable`).
   */
  public truthTable(endpoints: ReachabilityEndpoint[], onlyAllowed: boolean): ReachabilityEntry[] {
    if (onlyAllowed) {
      const flows = this.allowedFlows(endpoints, endpoints);
      const order = new Map(endpoints.map((e, i) => [e, i]));
      flows.sort((a, b) => order.get(a.destination)! - order.get(b.destination)! || order.get(a.source)! - order.get(b.source)!
        || a.port - b.port || compareText(a.protocol, b.protocol));
      return flows.map((f) => ({ source: f.source.key, destination: f.destination.key, port: f.port, protocol: f.protocol, allowed: true }));
    }
    const out: ReachabilityEntry[] = [];
    for (const dst of endpoints) {
      const ports = this.candidatePorts(dst);
      for (const src of endpoints) {
        if (src.key === dst.key) continue;
        if (src.namespace === undefined && dst.namespace === undefined) continue;
        for (const { port, protocol } of ports) {
          const allowed = this.reachability.sideAllows(src, dst, port, protocol, 'egress') && this.reachability.sideAllows(dst, src, port, protocol, 'ingress');
          out.push({ source: src.key, destination: dst.key, port, protocol, allowed });
        }
      }
    }
    return out;
  }

  /** The ports worth testing on a destination: its containers' ports and every port a policy names (cached). */
  public candidatePorts(dst: ReachabilityEndpoint): ReachabilityEndpointPort[] {
    const cached = this.portCache.get(dst.key);
    if (cached) return cached;
    const seen = new Map<string, ReachabilityEndpointPort>();
    for (const p of [...dst.ports, ...this.policyPortNumbers()]) {
      if (!p.port) continue;
      const key = `${p.protocol}/${p.port}`;
      if (!seen.has(key)) seen.set(key, { port: p.port, protocol: p.protocol });
    }
    const out = [...seen.values()].sort((a, b) => a.port - b.port || compareText(a.protocol, b.protocol));
    this.portCache.set(dst.key, out);
    return out;
  }

  /** Sources isolated for egress: what their egress rules admit, where the destination's ingress agrees. */
  private fromEgressRules(sources: ReachabilityEndpoint[], destinations: Pool, found: FlowSet): void {
    for (const s of sources) {
      if (!this.reachability.isIsolated(s, 'egress')) continue;
      for (const policy of this.reachability.isolating(s, 'egress')) {
        for (const rule of policy.egressRules) {
          for (const d of this.ruleTargets(rule, policy.namespace, destinations)) {
            if (skipPair(s, d)) continue;
            for (const { port, protocol } of this.candidatePorts(d)) {
              if (this.reachability.matcher.portsMatch(rule.ports, d, port, protocol)
                && this.reachability.sideAllows(d, s, port, protocol, 'ingress')) found.add(s, d, port, protocol);
            }
          }
        }
      }
    }
  }

  /** Sources open for egress into destinations isolated for ingress: what the ingress rules admit. */
  private fromIngressRules(destinations: ReachabilityEndpoint[], sources: Pool, found: FlowSet): void {
    for (const d of destinations) {
      if (!this.reachability.isIsolated(d, 'ingress')) continue;
      const ports = this.candidatePorts(d);
      for (const policy of this.reachability.isolating(d, 'ingress')) {
        for (const rule of policy.ingressRules) {
          for (const s of this.ruleTargets(rule, policy.namespace, sources)) {
            if (skipPair(s, d) || this.reachability.isIsolated(s, 'egress')) continue;
            for (const { port, protocol } of ports) {
              if (this.reachability.matcher.portsMatch(rule.ports, d, port, protocol)) found.add(s, d, port, protocol);
            }
          }
        }
      }
    }
  }

  /** The endpoints of a pool a rule's peers select. */
  private ruleTargets(rule: CompiledRule, policyNamespace: string, pool: Pool): ReachabilityEndpoint[] {
    if (rule.anyPeer) return pool.all;
    const matcher = this.reachability.matcher;
    const out = new Set<ReachabilityEndpoint>();
    for (const peer of rule.compiled) {
      const raw = peer.raw;
      if (!raw || typeof raw !== 'object') continue;
      if (raw.ipBlock) {
        if (!peer.cidr) continue;
        for (const e of pool.externalsIn(peer.cidr)) {
          if (matcher.peerMatches(peer, policyNamespace, e)) out.add(e);
        }
        continue;
      }
      const hasNamespace = raw.namespaceSelector !== undefined && raw.namespaceSelector !== null;
      const namespaces = hasNamespace
        ? [...pool.byNamespace.keys()].filter((ns) => matcher.namespaceSelects(raw.namespaceSelector, ns))
        : [policyNamespace];
      for (const ns of namespaces) {
        for (const e of pool.byNamespace.get(ns) ?? []) {
          if (matcher.peerMatches(peer, policyNamespace, e)) out.add(e);
        }
      }
    }
    return [...out];
  }

  /** Every port number a policy names, with its protocol (both ends of `endPort` ranges), computed once. */
  private policyPortNumbers(): ReachabilityEndpointPort[] {
    if (this.policyPortCache) return this.policyPortCache;
    const seen = new Map<string, ReachabilityEndpointPort>();
    for (const policy of this.model.policies) {
      for (const rule of [...policy.ingressRules, ...policy.egressRules]) {
        for (const p of rule.ports ?? []) {
          const protocol = protocolOf(p?.protocol);
          for (const n of [asNumber(p?.port), asNumber(p?.endPort)]) {
            if (n !== undefined && !seen.has(`${protocol}/${n}`)) seen.set(`${protocol}/${n}`, { port: n, protocol });
          }
        }
      }
    }
    this.policyPortCache = [...seen.values()];
    return this.policyPortCache;
  }
}
