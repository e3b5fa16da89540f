import { Analysis, ReachabilityAnalyzerOptions } from './analysis';
import { INGRESS_CONTROLLER_KEY, ReachabilityEndpoint, VirtualEndpointProps } from './cluster';
import { ReachabilityEntry, TruthTableOptions } from './flows';
import { IngressRouteCheck } from './ingress-routes';
import { ManifestSet } from './manifests';
import { protocolOf } from './objects';
import { ReachabilityVerdict } from './reachability';
import { resolveServicePort, ServicePortResolution } from './service-ports';

/**
 * Which traffic the NetworkPolicies of a set of manifests allow, following networking.k8s.io/v1
 * semantics:
 *
 * - a pod is isolated for a direction when a policy of its namespace selects it and has that
 *   direction in `policyTypes` (default: `Ingress`, plus `Egress` when the policy has egress rules);
 *   a pod no policy isolates is open in that direction;
 * - traffic needs the source's egress and the destination's ingress; policies add up (a rule of any
 *   of them suffices);
 * - an absent or empty `from`/`to` matches every peer, an absent or empty `ports` every port;
 * - a peer with only `podSelector` means pods of the policy's namespace, with only
 *   `namespaceSelector` all pods of the matching namespaces, with both the pods matching both;
 * - `ipBlock` (IPv4 or IPv6, with `except`) matches external endpoints by address. Pods have no
 *   address in manifests, so in-cluster pods are matched by selectors only and ipBlock rules never
 *   match them (a simplification: in a cluster a pod CIDR in an ipBlock would match pods);
 * - a port's protocol defaults to TCP; `endPort` makes a range; a named port matches the destination
 *   pod's container port of that name and protocol;
 * - selectors use matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist).
 *
 * Every namespace carries `kubernetes.io/metadata.name`; a namespace used but not declared exists
 * with that label only. Endpoints are the pod templates (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob, Pod) plus virtual endpoints: the ingress controller
 * (`virtual/ingress-controller`) and any added with `addVirtualEndpoint`.
 *
 * Policies are indexed by namespace and their ipBlocks by block, so a question costs the rules of
 * the policies that select the pod, not every rule of the manifests.
 */
export class ReachabilityAnalyzer {
  /** Key of the ingress controller's virtual pod. */
  public static readonly INGRESS_CONTROLLER = INGRESS_CONTROLLER_KEY;

  private readonly analysis: Analysis;

  public constructor(manifests: ManifestSet, options: ReachabilityAnalyzerOptions = {}) {
    this.analysis = new Analysis(manifests, options);
  }

  /** Every endpoint: pod templates first, then virtual endpoints. */
  public get endpoints(): ReachabilityEndpoint[] {
    return [...this.analysis.model.endpoints];
  }

  /** The pod templates of the manifests (not virtual). */
  public get workloads(): ReachabilityEndpoint[] {
    return [...this.analysis.model.workloads];
  }

  /** The labels a namespaceSelector sees on a namespace. */
  public labelsOfNamespace(namespace: string): { [key: string]: string } {
    return { ...this.analysis.model.namespaceLabelsOf(namespace) };
  }

  /**
   * Adds a virtual endpoint: pods outside the manifests (namespace + labels), subject to the
   * policies of their namespace, or an external address (ip), matched by ipBlock rules only.
   */
  public addVirtualEndpoint(props: VirtualEndpointProps): ReachabilityEndpoint {
    return this.analysis.model.addVirtualEndpoint(props);
  }

  /**
   * Finds an endpoint by key (`ns/Kind/name`, `virtual/name`, `external/name`), or by `ns/name` or
   * `name` when that names one endpoint only.
   */
  public endpoint(ref: string): ReachabilityEndpoint {
    return this.analysis.model.endpoint(ref);
  }

  /**
   * Whether traffic from `source` to `destination` on the destination pod port is allowed.
   * @param source endpoint key or name
   * @param destination endpoint key or name
   * @param port destination pod (container) port
   * @param protocol `TCP` (default), `UDP` or `SCTP`
   */
  public allowed(source: string, destination: string, port: number, protocol?: string): ReachabilityVerdict {
    return this.analysis.reachability.evaluate(this.endpoint(source), this.endpoint(destination), port, protocolOf(protocol)).verdict;
  }

  /**
   * Like `allowed`, for a Service port: the port is translated through the Service selecting the
   * destination (see `resolveServicePort`). Unresolvable target ports are denied.
   */
  public allowedViaService(source: string, destination: string, servicePort: number, protocol?: string): ReachabilityVerdict {
    const dst = this.endpoint(destination);
    const proto = protocolOf(protocol);
    const resolution = resolveServicePort(this.analysis.model, dst, servicePort, proto);
    if (resolution.podPort === undefined) {
      const src = this.endpoint(source);
      return {
        source: src.key,
        destination: dst.key,
        port: servicePort,
        protocol: proto,
        allowed: false,
        egressAllowed: false,
        ingressAllowed: false,
        egressIsolated: false,
        ingressIsolated: false,
        egressPolicies: [],
        ingressPolicies: [],
        reason: `denied: ${resolution.note}`,
      };
    }
    return this.allowed(source, dst.key, resolution.podPort, proto);
  }

  /**
   * The pod port a Service port reaches on a destination: through a Service of the destination's
   * namespace whose selector matches the pod and which exposes the port (targetPort as a number, as a
   * name resolved on the pod's containers, or absent = the same number). When no such Service
   * exists the port is taken as a pod port.
   */
  public resolveServicePort(destination: string, servicePort: number, protocol?: string): ServicePortResolution {
    return resolveServicePort(this.analysis.model, this.endpoint(destination), servicePort, protocolOf(protocol));
  }

  /**
   * The truth table: for every ordered pair of different endpoints (pod templates, plus virtual
   * ones with `includeVirtual`) and every port of the destination, whether traffic is allowed. The
   * ports of a destination are its containers' ports plus every port number any policy names
   * (both ends of `endPort` ranges).
   */
  public truthTable(options: TruthTableOptions = {}): ReachabilityEntry[] {
    const model = this.analysis.model;
    return this.analysis.flows.truthTable(options.includeVirtual ? model.endpoints : model.workloads, options.onlyAllowed ?? false);
  }

  /**
   * Every route of every Ingress (rules with host and paths, and the default backend) and whether the
   * ingress controller can reach the pods behind it on the pod port the Service maps to.
   */
  public ingressRoutes(): IngressRouteCheck[] {
    return [...this.analysis.routes.all()];
  }

  /** The Ingress routes that reach a destination endpoint (see `ingressRoutes`). */
  public ingressRoutesTo(destination: string): IngressRouteCheck[] {
    return this.analysis.routes.to(this.endpoint(destination).key);
  }
}
