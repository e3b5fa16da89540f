// Whether one flow is allowed: the source's egress and the destination's ingress, each decided by
// the policies that isolate the pod in that direction. Internal.
import { ClusterModel, ReachabilityEndpoint } from './cluster';
import { CompiledPolicy, Direction, PolicyMatcher } from './policies';
import { selectorMatches } from './selector';

/** The answer to "may this traffic flow?". */
export interface ReachabilityVerdict {
  /** Key of the source endpoint. */
  readonly source: string;
  /** Key of the destination endpoint. */
  readonly destination: string;
  /** Destination pod port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: string;
  /** True when both the source's egress and the destination's ingress allow the traffic. */
  readonly allowed: boolean;
  /** True when the source's egress allows it (always true for external sources). */
  readonly egressAllowed: boolean;
  /** True when the destination's ingress allows it (always true for external destinations). */
  readonly ingressAllowed: boolean;
  /** True when some policy isolates the source for egress. */
  readonly egressIsolated: boolean;
  /** True when some policy isolates the destination for ingress. */
  readonly ingressIsolated: boolean;
  /** `namespace/name` of the egress policies with a rule that admits the traffic. */
  readonly egressPolicies: string[];
  /** `namespace/name` of the ingress policies with a rule that admits the traffic. */
  readonly ingressPolicies: string[];
  /** Which side allows or denies, in words. */
  readonly reason: string;
}

/** How the policies of one side decided. */
export interface SideResult {
  /** True when some policy isolates the endpoint in this direction. */
  readonly isolated: boolean;
  /** True when this side lets the traffic through. */
  readonly allowed: boolean;
  /** Policies isolating the endpoint in this direction. */
  readonly policies: CompiledPolicy[];
  /** Policies with a rule that admits the traffic. */
  readonly admitting: CompiledPolicy[];
}

/** The full result of one evaluation, with the policies behind it. */
export interface DetailedVerdict {
  /** The verdict users see. */
  readonly verdict: ReachabilityVerdict;
  /** How the source's egress policies decided. */
  readonly egress: SideResult;
  /** How the destination's ingress policies decided. */
  readonly ingress: SideResult;
}

/**
 * Decides single flows. A pod is isolated for a direction when a policy of its namespace selects it
 * with that direction; a pod no policy isolates is open in that direction. Traffic needs the
 * source's egress and the destination's ingress, and the rules of all isolating policies add up.
 * External addresses have no policies: their side always allows.
 */
export class Reachability {
  /** How rules admit peers and ports. */
  public readonly matcher: PolicyMatcher;
  private readonly isolatingCache = new Map<string, CompiledPolicy[]>();

  public constructor(private readonly model: ClusterModel) {
    this.matcher = new PolicyMatcher(model);
  }

  /** Evaluates one flow on the destination's pod port, with the policies behind the answer. */
  public evaluate(src: ReachabilityEndpoint, dst: ReachabilityEndpoint, port: number, protocol: string): DetailedVerdict {
    const egress = this.side(src, dst, port, protocol, 'egress');
    const ingress = this.side(dst, src, port, protocol, 'ingress');
    const allowed = egress.allowed && ingress.allowed;
    return {
      egress,
      ingress,
      verdict: {
        source: src.key,
        destination: dst.key,
        port,
        protocol,
        allowed,
        egressAllowed: egress.allowed,
        ingressAllowed: ingress.allowed,
        egressIsolated: egress.isolated,
        ingressIsolated: ingress.isolated,
        egressPolicies: egress.admitting.map((p) => p.key),
        ingressPolicies: ingress.admitting.map((p) => p.key),
        reason: reasonOf(src, dst, port, protocol, egress, ingress),
      },
    };
  }

  /** Whether one direction allows the flow, without collecting policies or building words. */
  public sideAllows(self: ReachabilityEndpoint, other: ReachabilityEndpoint, port: number, protocol: string, direction: Direction): boolean {
    if (self.namespace === undefined) return true;
    const policies = this.isolating(self, direction);
    if (policies.length === 0) return true;
    const destination = direction === 'egress' ? other : self;
    return policies.some((p) => this.matcher.policyAdmits(p, direction, other, destination, port, protocol));
  }

  /** The policies of the endpoint's namespace that select it for a direction (cached). */
  public isolating(self: ReachabilityEndpoint, direction: Direction): CompiledPolicy[] {
    const cacheKey = `${direction}|${self.key}`;
    let found = this.isolatingCache.get(cacheKey);
    if (!found) {
      found = self.namespace === undefined ? [] : this.model.policiesIn(self.namespace)
        .filter((p) => (direction === 'ingress' ? p.ingress : p.egress) && selectorMatches(p.podSelector ?? {}, self.labels));
      this.isolatingCache.set(cacheKey, found);
    }
    return found;
  }

  /** True when some policy isolates the endpoint for the direction. */
  public isIsolated(self: ReachabilityEndpoint, direction: Direction): boolean {
    return self.namespace !== undefined && this.isolating(self, direction).length > 0;
  }

  /**
   * One direction: `self` is the pod whose policies apply (the source for egress, the destination
   * for ingress), `other` the far end. The port is always the destination's pod port.
   */
  private side(self: ReachabilityEndpoint, other: ReachabilityEndpoint, port: number, protocol: string, direction: Direction): SideResult {
    if (self.namespace === undefined) return { isolated: false, allowed: true, policies: [], admitting: [] };
    const policies = this.isolating(self, direction);
    if (policies.length === 0) return { isolated: false, allowed: true, policies, admitting: [] };
    const destination = direction === 'egress' ? other : self;
    const admitting = policies.filter((p) => this.matcher.policyAdmits(p, direction, other, destination, port, protocol));
    return { isolated: true, allowed: admitting.length > 0, policies, admitting };
  }
}

/** Which side allows or denies a flow, and why, in words. */
function reasonOf(src: ReachabilityEndpoint, dst: ReachabilityEndpoint, port: number, protocol: string,
  egress: SideResult, ingress: SideResult): string {
  const names = (ps: CompiledPolicy[]) => ps.map((p) => p.key).join(', ');
  const flow = `${src.key} -> ${dst.key} ${protocol}/${port}`;
  const describe = (r: SideResult, direction: string, owner: ReachabilityEndpoint): string => {
    if (!r.isolated) return `${direction}: ${owner.key} is not isolated for ${direction}`;
    if (r.allowed) return `${direction}: admitted by ${names(r.admitting)}`;
    return `${direction}: ${owner.key} is isolated for ${direction} by ${names(r.policies)} and no ${direction} rule allows ${flow}`;
  };
  if (egress.allowed && ingress.allowed) {
    return `allowed (${describe(egress, 'egress', src)}; ${describe(ingress, 'ingress', dst)})`;
  }
  if (!egress.allowed && !ingress.allowed) {
    return `denied by egress and ingress (${describe(egress, 'egress', src)}; ${describe(ingress, 'ingress', dst)})`;
  }
  if (!egress.allowed) return `denied by egress (${describe(egress, 'egress', src)})`;
  return `denied by ingress (${describe(ingress, 'ingress', dst)})`;
}
