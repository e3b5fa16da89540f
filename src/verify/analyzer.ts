import { groupOf, ManifestSet } from './manifests';
import { LabelMap, labelsInclude, selectorMatches } from './selector';
import { Annotations, compareText, DefaultLocations, IngressControllerPeerProps, Labels } from '../shared';
import { AddressBits, cidrHasAddress, compareAddresses, lastAddressOf, networkOf, ParsedAddress, ParsedCidr, parseAddress, parseCidr } from '../shared/net';

/** Label Kubernetes puts on every namespace. */
const NAMESPACE_NAME_LABEL = Labels.NAMESPACE_NAME;
/** Annotation on the library's NetworkPolicies and Ingresses listing the references they implement. */
export const IMPLEMENTS = Annotations.IMPLEMENTS;


/** A port a pod's container declares. */
export interface ReachabilityEndpointPort {
  /**
   * Port name.
   * @default - unnamed
   */
  readonly name?: string;
  /** Container port number. */
  readonly port: number;
  /** Protocol: `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
}

/**
 * One end of traffic the analyzer reasons about: the pods of one pod template in the manifests,
 * or a virtual endpoint (pods outside the manifests, or an external address).
 */
export interface ReachabilityEndpoint {
  /**
   * Unique key: `<namespace>/<Kind>/<name>` for pod templates, `virtual/<name>` for virtual pods,
   * `external/<name>` for external addresses.
   */
  readonly key: string;
  /** Kind of the object holding the pod template (`Deployment`...), or `Virtual` / `External`. */
  readonly kind: string;
  /** Object name (or the virtual endpoint's name). */
  readonly name: string;
  /**
   * Namespace of in-cluster pods.
   * @default - none: an external address
   */
  readonly namespace?: string;
  /** Pod labels (empty for external addresses). */
  readonly labels: { [key: string]: string };
  /**
   * IP address of an external endpoint, matched by ipBlock rules.
   * @default - none: in-cluster pods are matched by selectors only
   */
  readonly ip?: string;
  /** True for endpoints that are not pod templates of the manifests. */
  readonly virtual: boolean;
  /** Ports the pod's containers declare (for named ports); empty for virtual endpoints. */
  readonly ports: ReachabilityEndpointPort[];
}

/** A virtual endpoint: pods outside the manifests (namespace and labels) or an external address (ip). */
export interface VirtualEndpointProps {
  /** Name, unique among virtual endpoints, e.g. `prometheus` or `managed-postgres`. */
  readonly name: string;
  /**
   * Namespace of in-cluster pods. Give either a namespace (with labels) or an ip.
   * @default - none: an external address
   */
  readonly namespace?: string;
  /**
   * Labels of the in-cluster pods.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * IPv4 or IPv6 address of an external endpoint.
   * @default - none: in-cluster pods
   */
  readonly ip?: string;
}

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

/** How a Service port reaches a pod port. */
export interface ServicePortResolution {
  /**
   * The pod port traffic arrives on.
   * @default - none: the Service names a target port the pod does not declare
   */
  readonly podPort?: number;
  /**
   * `namespace/name` of the Service that maps the port.
   * @default - none: no Service selecting the pod exposes the port, which is taken as a pod port
   */
  readonly service?: string;
  /** How the port was resolved, in words. */
  readonly note: string;
}

/** A path of an Ingress and whether the ingress controller can reach the pods behind it. */
export interface IngressRouteCheck {
  /** `namespace/name` of the Ingress. */
  readonly ingress: string;
  /**
   * Host of the rule.
   * @default - any host
   */
  readonly host?: string;
  /**
   * Path of the rule.
   * @default - the default backend
   */
  readonly path?: string;
  /** `namespace/name` of the backend Service. */
  readonly service: string;
  /** The backend's Service port (number or name, as written). */
  readonly servicePort: string;
  /**
   * Key of the destination endpoint.
   * @default - none: the Service selects no pod of the manifests
   */
  readonly destination?: string;
  /**
   * The pod port the route reaches.
   * @default - none: unresolved
   */
  readonly podPort?: number;
  /** True when the controller's egress and the pod's ingress allow the traffic. */
  readonly allowed: boolean;
  /** Why the route works or not. */
  readonly reason: string;
}

/** Options of the analyzer. */
export interface ReachabilityAnalyzerOptions {
  /**
   * Where the ingress controller runs; it is modeled as the virtual pod `virtual/ingress-controller`.
   * @default - namespace `ingress-nginx`, labels `app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`
   */
  readonly ingressController?: IngressControllerPeerProps;
  /**
   * Namespace of objects that have none.
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

interface Container {
  readonly name: string;
  readonly ports: ReachabilityEndpointPort[];
}

/** One peer of a rule, read once (selectors as written, ipBlocks parsed). */
interface CompiledPeer {
  /** The ipBlock's CIDR, parsed; undefined when the peer has no ipBlock. */
  readonly cidr?: ParsedCidr;
  /** True for an ipBlock whose CIDR does not parse: it matches nothing. */
  readonly invalidCidr?: boolean;
  /** The ipBlock's except CIDRs, parsed (unparsable ones left out). */
  readonly except?: ParsedCidr[];
  /** The raw peer, for selectors. */
  readonly raw: any;
}

/** A rule of a policy, in one direction (internal). */
export interface PolicyRule {
  /**
   * `from` or `to` as written.
   * @default - every peer
   */
  readonly peers?: any[];
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

/** The ipBlock rules of one direction of a policy, by the block's prefix and network (internal). */
interface IpIndex {
  /** bits/prefix -> network -> indexes of rules with an ipBlock of that block. */
  readonly blocks: Map<string, Map<bigint, number[]>>;
  /** The prefix lengths present, per family. */
  readonly prefixes: Map<AddressBits, number[]>;
}

/** A NetworkPolicy, read once (internal). */
export interface Policy {
  /** `namespace/name`. */
  readonly key: string;
  /** Its namespace (the default one when it has none). */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
  /** The pods it selects. */
  readonly podSelector: any;
  /** True when it isolates the pods it selects for ingress. */
  readonly ingress: boolean;
  /** True when it isolates the pods it selects for egress. */
  readonly egress: boolean;
  /** Its ingress rules. */
  readonly ingressRules: PolicyRule[];
  /** Its egress rules. */
  readonly egressRules: PolicyRule[];
  /** The references of its implements annotation. */
  readonly refs: string[];
  /** The object as written. */
  readonly object: any;
  /** The ipBlocks of its ingress rules, by block. */
  readonly ingressIndex: IpIndex;
  /** The ipBlocks of its egress rules, by block. */
  readonly egressIndex: IpIndex;
}

interface SideResult {
  readonly isolated: boolean;
  readonly allowed: boolean;
  /** Policies isolating the endpoint in this direction. */
  readonly policies: Policy[];
  /** Policies with a rule that admits the traffic. */
  readonly admitting: Policy[];
}

/** The full result of one evaluation, with the policies behind it (internal). */
export interface DetailedVerdict {
  /** The verdict users see. */
  readonly verdict: ReachabilityVerdict;
  /** How the source's egress policies decided. */
  readonly egress: SideResult;
  /** How the destination's ingress policies decided. */
  readonly ingress: SideResult;
}

/** An allowed flow (internal). */
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

/** Where each workload kind keeps its pod template. */
export const POD_TEMPLATE_PATHS: { [kind: string]: string[] } = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

function dig(object: any, keys: string[]): any {
  let value = object;
  for (const k of keys) value = value?.[k];
  return value;
}

/** The protocol of a port as Kubernetes defaults it (TCP). */
export function protocolOf(value: any): string {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : 'TCP';
}

function stringMap(value: any): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = String(v);
  }
  return out;
}

/** A port number written as a number or as a string of digits. */
export function asNumber(value: any): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The references of an object's implements annotation. */
export function refsOf(object: any): string[] {
  return String(object?.metadata?.annotations?.[IMPLEMENTS] ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** Endpoints to enumerate, by namespace and by address (internal). */
class Pool {
  public readonly all: ReachabilityEndpoint[];
  public readonly members: Set<ReachabilityEndpoint>;
  public readonly byNamespace = new Map<string, ReachabilityEndpoint[]>();
  /** External endpoints sorted by family and address. */
  private readonly externals: Array<{ readonly address: ParsedAddress; readonly endpoint: ReachabilityEndpoint }> = [];

  public constructor(endpoints: ReachabilityEndpoint[]) {
    this.all = endpoints;
    this.members = new Set(endpoints);
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
  public static readonly INGRESS_CONTROLLER = 'virtual/ingress-controller';

  private readonly endpointList: ReachabilityEndpoint[] = [];
  private readonly containers = new Map<string, Container[]>();
  private readonly namespaceLabels = new Map<string, LabelMap>();
  private readonly policies: Policy[] = [];
  private readonly policiesByNamespace = new Map<string, Policy[]>();
  private readonly services: any[] = [];
  private readonly servicesByNamespace = new Map<string, any[]>();
  private readonly ingresses: any[] = [];
  private readonly defaultNamespace: string;
  private readonly isolatingCache = new Map<string, Policy[]>();
  private readonly byKey = new Map<string, ReachabilityEndpoint>();
  private readonly portCache = new Map<string, ReachabilityEndpointPort[]>();
  private policyPortCache?: ReachabilityEndpointPort[];
  private workloadCache?: ReachabilityEndpoint[];
  private routeCache?: IngressRouteCheck[];
  private readonly addressCache = new Map<string, ParsedAddress | undefined>();

  public constructor(manifests: ManifestSet, options: ReachabilityAnalyzerOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    for (const object of manifests.objects) this.addObject(object);
    const controller = DefaultLocations.ingressController(options.ingressController ?? {});
    this.addVirtualEndpoint({ name: 'ingress-controller', namespace: controller.namespace, labels: controller.labels });
  }

  /** Every endpoint: pod templates first, then virtual endpoints. */
  public get endpoints(): ReachabilityEndpoint[] {
    return [...this.endpointList];
  }

  /** The pod templates of the manifests (not virtual). */
  public get workloads(): ReachabilityEndpoint[] {
    if (!this.workloadCache) this.workloadCache = this.endpointList.filter((e) => !e.virtual);
    return [...this.workloadCache];
  }

  /** Names of the namespaces known, with their labels applied by selectors. */
  public get namespaces(): string[] {
    return [...this.namespaceLabels.keys()].sort();
  }

  /** The labels a namespaceSelector sees on a namespace. */
  public labelsOfNamespace(namespace: string): { [key: string]: string } {
    return { ...this.namespaceLabelsOf(namespace) };
  }

  /**
   * Adds a virtual endpoint: pods outside the manifests (namespace + labels), subject to the
   * policies of their namespace, or an external address (ip), matched by ipBlock rules only.
   */
  public addVirtualEndpoint(props: VirtualEndpointProps): ReachabilityEndpoint {
    if (!props || typeof props.name !== 'string' || props.name === '') {
      throw new Error(`verify: virtual endpoint name ${JSON.stringify(props?.name)} is empty (give a name such as "prometheus")`);
    }
    const hasNamespace = props.namespace !== undefined;
    const hasIp = props.ip !== undefined;
    if (hasNamespace === hasIp) {
      throw new Error(`verify: virtual endpoint ${JSON.stringify(props.name)} needs either a namespace (in-cluster pods) or an ip (external address), got ${hasNamespace ? 'both' : 'neither'}`);
    }
    if (hasIp && !parseAddress(props.ip!)) {
      throw new Error(`verify: virtual endpoint ${JSON.stringify(props.name)} ip ${JSON.stringify(props.ip)} is not an IPv4 or IPv6 address (e.g. "10.0.0.1" or "fd00::1")`);
    }
    const key = `${hasIp ? 'external' : 'virtual'}/${props.name}`;
    if (this.byKey.has(key)) {
      throw new Error(`verify: virtual endpoint ${JSON.stringify(key)} is added twice (give each virtual endpoint its own name)`);
    }
    const endpoint: ReachabilityEndpoint = {
      key,
      kind: hasIp ? 'External' : 'Virtual',
      name: props.name,
      namespace: props.namespace,
      labels: hasIp ? {} : stringMap(props.labels),
      ip: props.ip,
      virtual: true,
      ports: [],
    };
    if (hasNamespace) this.ensureNamespace(props.namespace!);
    this.endpointList.push(endpoint);
    this.byKey.set(key, endpoint);
    this.containers.set(key, []);
    return endpoint;
  }

  /**
   * Finds an endpoint by key (`ns/Kind/name`, `virtual/name`, `external/name`), or by `ns/name` or
   * `name` when that names one endpoint only.
   */
  public endpoint(ref: string): ReachabilityEndpoint {
    const exact = this.byKey.get(ref);
    if (exact) return exact;
    const byNamespaceName = this.endpointList.filter((e) => `${e.namespace}/${e.name}` === ref);
    if (byNamespaceName.length === 1) return byNamespaceName[0];
    const byName = this.endpointList.filter((e) => e.name === ref);
    if (byName.length === 1) return byName[0];
    const candidates = [...byNamespaceName, ...byName].map((e) => e.key);
    if (candidates.length > 1) {
      throw new Error(`verify: endpoint ${JSON.stringify(ref)} is ambiguous (${candidates.join(', ')}): use the full key`);
    }
    throw new Error(`verify: no endpoint ${JSON.stringify(ref)} (known: ${this.endpointList.slice(0, 20).map((e) => e.key).join(', ') || 'none'}${this.endpointList.length > 20 ? ', ...' : ''}); use a key such as "<namespace>/Deployment/<name>"`);
  }

  /**
   * Whether traffic from `source` to `destination` on the destination pod port is allowed.
   * @param source endpoint key or name
   * @param destination endpoint key or name
   * @param port destination pod (container) port
   * @param protocol `TCP` (default), `UDP` or `SCTP`
   */
  public allowed(source: string, destination: string, port: number, protocol?: string): ReachabilityVerdict {
    return this.evaluate(this.endpoint(source), this.endpoint(destination), port, protocolOf(protocol)).verdict;
  }

  /**
   * Like `allowed`, for a Service port: the port is translated through the Service selecting the
   * destination (see `resolveServicePort`). Unresolvable target ports are denied.
   */
  public allowedViaService(source: string, destination: string, servicePort: number, protocol?: string): ReachabilityVerdict {
    const dst = this.endpoint(destination);
    const proto = protocolOf(protocol);
    const resolution = this.resolveServicePort(dst.key, servicePort, proto);
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
    const dst = this.endpoint(destination);
    const proto = protocolOf(protocol);
    for (const service of this.servicesSelecting(dst)) {
      const name = `${service.metadata?.namespace ?? this.defaultNamespace}/${service.metadata?.name}`;
      for (const p of service.spec?.ports ?? []) {
        if (asNumber(p.port) !== servicePort || protocolOf(p.protocol) !== proto) continue;
        const target = p.targetPort;
        if (target === undefined || target === null) {
          return { podPort: servicePort, service: name, note: `Service ${name} port ${servicePort} targets the same pod port` };
        }
        const numeric = asNumber(target);
        if (numeric !== undefined) {
          return { podPort: numeric, service: name, note: `Service ${name} port ${servicePort} targets pod port ${numeric}` };
        }
        const named = this.namedPort(dst, String(target), proto);
        if (named === undefined) {
          return { service: name, note: `Service ${name} port ${servicePort} targets the port named ${JSON.stringify(target)}, which no container of ${dst.key} declares` };
        }
        return { podPort: named, service: name, note: `Service ${name} port ${servicePort} targets pod port ${named} (named ${JSON.stringify(target)})` };
      }
    }
    return { podPort: servicePort, note: `no Service selecting ${dst.key} exposes ${proto}/${servicePort}: taken as a pod port` };
  }

  /**
   * The Service ports that reach a pod port of a destination, through the Services selecting it
   * (the verifier tests a row on them when the documented Service port is not exposed).
   * @internal
   */
  public _servicePortsTo(destination: string, podPort: number, protocol?: string): number[] {
    const dst = this.endpoint(destination);
    const proto = protocolOf(protocol);
    const out: number[] = [];
    for (const service of this.servicesSelecting(dst)) {
      for (const p of service.spec?.ports ?? []) {
        const port = asNumber(p.port);
        if (port === undefined || protocolOf(p.protocol) !== proto) continue;
        const target = p.targetPort;
        const resolved = target === undefined || target === null ? port : asNumber(target) ?? this.namedPort(dst, String(target), proto);
        if (resolved === podPort && !out.includes(port)) out.push(port);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /**
   * The truth table: for every ordered pair of different endpoints (pod templates, plus virtual
   * ones with `includeVirtual`) and every port of the destination, whether traffic is allowed. The
   * ports of a destination are its containers' ports plus every port number any policy names
   * (both ends of `endPort` ranges).
   */
  public truthTable(options: TruthTableOptions = {}): ReachabilityEntry[] {
    const endpoints = options.includeVirtual ? this.endpointList : this.workloadList();
    const out: ReachabilityEntry[] = [];
    if (options.onlyAllowed) {
      const flows = this._allowedFlows(endpoints, endpoints);
      const order = new Map(endpoints.map((e, i) => [e, i]));
      flows.sort((a, b) => order.get(a.destination)! - order.get(b.destination)! || order.get(a.source)! - order.get(b.source)!
        || a.port - b.port || compareText(a.protocol, b.protocol));
      return flows.map((f) => ({ source: f.source.key, destination: f.destination.key, port: f.port, protocol: f.protocol, allowed: true }));
    }
    for (const dst of endpoints) {
      const ports = this.candidatePorts(dst);
      for (const src of endpoints) {
        if (src.key === dst.key) continue;
        if (src.namespace === undefined && dst.namespace === undefined) continue;
        for (const { port, protocol } of ports) {
          const allowed = this.sideAllows(src, dst, port, protocol, 'egress') && this.sideAllows(dst, src, port, protocol, 'ingress');
          out.push({ source: src.key, destination: dst.key, port, protocol, allowed });
        }
      }
    }
    return out;
  }

  /**
   * Every route of every Ingress (rules with host and paths, and the default backend) and whether the
   * ingress controller can reach the pods behind it on the pod port the Service maps to.
   */
  public ingressRoutes(): IngressRouteCheck[] {
    if (this.routeCache) return [...this.routeCache];
    const out: IngressRouteCheck[] = [];
    for (const ingress of this.ingresses) {
      const namespace = ingress.metadata?.namespace ?? this.defaultNamespace;
      const ingressName = `${namespace}/${ingress.metadata?.name}`;
      const backends: Array<{ host?: string; path?: string; backend: any }> = [];
      if (ingress.spec?.defaultBackend) backends.push({ backend: ingress.spec.defaultBackend });
      for (const rule of ingress.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) backends.push({ host: rule.host, path: p.path ?? '/', backend: p.backend });
      }
      for (const { host, path, backend } of backends) {
        out.push(...this.checkBackend(ingressName, namespace, host, path, backend));
      }
    }
    this.routeCache = out;
    return [...out];
  }

  /** The Ingress routes that reach a destination endpoint (see `ingressRoutes`). */
  public ingressRoutesTo(destination: string): IngressRouteCheck[] {
    const key = this.endpoint(destination).key;
    return this.ingressRoutes().filter((r) => r.destination === key);
  }

  /**
   * Evaluates one flow with the policies behind the answer.
   * @internal
   */
  public _evaluateDetailed(source: string, destination: string, port: number, protocol?: string): DetailedVerdict {
    return this.evaluate(this.endpoint(source), this.endpoint(destination), port, protocolOf(protocol));
  }

  /** The catalog references named by the policies' implements annotations (internal). */
  public policyRefs(): string[] {
    return [...new Set(this.policies.flatMap((p) => p.refs))];
  }

  /** `namespace/name` of the policies naming a reference in their implements annotation (internal). */
  public policiesImplementing(ref: string): string[] {
    return this.policies.filter((p) => p.refs.includes(ref)).map((p) => p.key).sort();
  }

  /** The port numbers and protocols worth testing on a destination (internal). */
  public portsOf(destination: string): ReachabilityEndpointPort[] {
    return [...this.candidatePorts(this.endpoint(destination))];
  }

  /**
   * The NetworkPolicies, read once (internal).
   * @internal
   */
  public get _policies(): Policy[] {
    return this.policies;
  }

  /**
   * Every allowed flow from a source of `sources` to a destination of `destinations` on the ports
   * worth testing, without trying every pair: flows of egress-isolated sources are enumerated from
   * their egress rules, flows into ingress-isolated destinations from their ingress rules, and only
   * pairs where neither side is isolated are taken pair by pair. Traffic of an endpoint to itself and
   * between two external addresses is left out.
   * @internal
   */
  public _allowedFlows(sources: ReachabilityEndpoint[], destinations: ReachabilityEndpoint[]): AllowedFlow[] {
    const sourcePool = new Pool(sources);
    const destinationPool = new Pool(destinations);
    const found = new Map<string, AllowedFlow>();
    const add = (s: ReachabilityEndpoint, d: ReachabilityEndpoint, port: number, protocol: string) => {
      const key = `${s.key}|${d.key}|${port}|${protocol}`;
      if (!found.has(key)) found.set(key, { source: s, destination: d, port, protocol });
    };
    const egressIsolated = (e: ReachabilityEndpoint) => e.namespace !== undefined && this.isolating(e, 'egress').length > 0;
    const ingressIsolated = (e: ReachabilityEndpoint) => e.namespace !== undefined && this.isolating(e, 'ingress').length > 0;
    const skipPair = (s: ReachabilityEndpoint, d: ReachabilityEndpoint) => s === d || (s.namespace === undefined && d.namespace === undefined);

    // sources isolated for egress: what their egress rules admit, where the destination's ingress agrees
    for (const s of sources) {
      if (!egressIsolated(s)) continue;
      for (const policy of this.isolating(s, 'egress')) {
        for (const rule of policy.egressRules) {
          for (const d of this.ruleTargets(rule, policy.namespace, destinationPool)) {
            if (skipPair(s, d)) continue;
            for (const { port, protocol } of this.candidatePorts(d)) {
              if (this.portsMatch(rule.ports, d, port, protocol) && this.sideAllows(d, s, port, protocol, 'ingress')) add(s, d, port, protocol);
            }
          }
        }
      }
    }
    // sources open for egress into destinations isolated for ingress: what the ingress rules admit
    for (const d of destinations) {
      if (!ingressIsolated(d)) continue;
      const ports = this.candidatePorts(d);
      for (const policy of this.isolating(d, 'ingress')) {
        for (const rule of policy.ingressRules) {
          for (const s of this.ruleTargets(rule, policy.namespace, sourcePool)) {
            if (skipPair(s, d) || egressIsolated(s)) continue;
            for (const { port, protocol } of ports) {
              if (this.portsMatch(rule.ports, d, port, protocol)) add(s, d, port, protocol);
            }
          }
        }
      }
    }
    // neither side isolated: every pair (only where policies leave pods open)
    const openSources = sources.filter((s) => !egressIsolated(s));
    const openDestinations = destinations.filter((d) => !ingressIsolated(d));
    for (const s of openSources) {
      for (const d of openDestinations) {
        if (skipPair(s, d)) continue;
        for (const { port, protocol } of this.candidatePorts(d)) add(s, d, port, protocol);
      }
    }
    return [...found.values()];
  }

  private checkBackend(ingressName: string, namespace: string, host: string | undefined, path: string | undefined,
    backend: any): IngressRouteCheck[] {
    const serviceName = backend?.service?.name;
    const portSpec = backend?.service?.port;
    const servicePortText = portSpec?.number !== undefined ? String(portSpec.number) : String(portSpec?.name ?? '');
    const serviceKey = `${namespace}/${serviceName}`;
    const base = { ingress: ingressName, host, path, service: serviceKey, servicePort: servicePortText };
    if (!serviceName) {
      return [{ ...base, allowed: false, reason: `${ingressName}: backend is not a Service (resource backends are not followed)` }];
    }
    const service = (this.servicesByNamespace.get(namespace) ?? []).find((s) => s.metadata?.name === serviceName);
    if (!service) {
      return [{ ...base, allowed: false, reason: `${ingressName}: backend Service ${serviceKey} is not in the manifests` }];
    }
    const port = (service.spec?.ports ?? []).find((p: any) => (portSpec?.number !== undefined
      ? asNumber(p.port) === asNumber(portSpec.number)
      : p.name === portSpec?.name));
    if (!port) {
      return [{ ...base, allowed: false, reason: `${ingressName}: Service ${serviceKey} has no port ${servicePortText}` }];
    }
    const pods = this.workloadList().filter((w) => this.serviceSelects(service, w));
    if (pods.length === 0) {
      return [{ ...base, allowed: false, reason: `${ingressName}: Service ${serviceKey} selects no pod of the manifests` }];
    }
    const out: IngressRouteCheck[] = [];
    for (const pod of pods) {
      const proto = protocolOf(port.protocol);
      const target = port.targetPort;
      const podPort = target === undefined || target === null ? asNumber(port.port) : asNumber(target) ?? this.namedPort(pod, String(target), proto);
      if (podPort === undefined) {
        out.push({ ...base, destination: pod.key, allowed: false, reason: `${ingressName}: Service ${serviceKey} targets port ${JSON.stringify(target)}, which ${pod.key} does not declare` });
        continue;
      }
      const verdict = this.evaluate(this.endpoint(ReachabilityAnalyzer.INGRESS_CONTROLLER), pod, podPort, proto).verdict;
      out.push({
        ...base,
        destination: pod.key,
        podPort,
        allowed: verdict.allowed,
        reason: `${ingressName} routes ${host ?? '*'}${path ?? ''} to Service ${serviceKey} port ${servicePortText} -> ${pod.key} pod port ${podPort}; ingress controller ${verdict.reason}`,
      });
    }
    return out;
  }

  private addObject(object: any): void {
    const kind = object.kind;
    const namespace = object.metadata?.namespace ?? this.defaultNamespace;
    if (kind === 'Namespace' && groupOf(object.apiVersion) === '') {
      const name = object.metadata?.name;
      if (typeof name === 'string') {
        this.namespaceLabels.set(name, { ...stringMap(object.metadata?.labels), [NAMESPACE_NAME_LABEL]: name });
      }
      return;
    }
    if (kind === 'NetworkPolicy' && groupOf(object.apiVersion) === 'networking.k8s.io') {
      this.ensureNamespace(namespace);
      const policy = toPolicy(object, namespace);
      this.policies.push(policy);
      const list = this.policiesByNamespace.get(namespace);
      if (list) list.push(policy);
      else this.policiesByNamespace.set(namespace, [policy]);
      return;
    }
    if (kind === 'Service' && groupOf(object.apiVersion) === '') {
      this.ensureNamespace(namespace);
      this.services.push(object);
      const list = this.servicesByNamespace.get(namespace);
      if (list) list.push(object);
      else this.servicesByNamespace.set(namespace, [object]);
      return;
    }
    if (kind === 'Ingress' && groupOf(object.apiVersion) === 'networking.k8s.io') {
      this.ensureNamespace(namespace);
      this.ingresses.push(object);
      return;
    }
    let template: any;
    if (kind === 'Pod' && groupOf(object.apiVersion) === '') {
      template = { metadata: object.metadata, spec: object.spec };
    } else if (POD_TEMPLATE_PATHS[kind] && ['apps', 'batch', ''].includes(groupOf(object.apiVersion))) {
      template = dig(object, POD_TEMPLATE_PATHS[kind]);
    }
    if (!template) return;
    this.ensureNamespace(namespace);
    const containers: Container[] = (template.spec?.containers ?? []).map((c: any) => ({
      name: String(c?.name ?? ''),
      ports: (c?.ports ?? []).map((p: any) => ({ name: p?.name, port: asNumber(p?.containerPort) ?? 0, protocol: protocolOf(p?.protocol) })),
    }));
    const key = `${namespace}/${kind}/${object.metadata?.name}`;
    const endpoint: ReachabilityEndpoint = {
      key,
      kind,
      name: String(object.metadata?.name),
      namespace,
      labels: stringMap(template.metadata?.labels),
      virtual: false,
      ports: containers.flatMap((c) => c.ports),
    };
    if (!this.byKey.has(key)) {
      this.containers.set(key, containers);
      this.endpointList.push(endpoint);
      this.byKey.set(key, endpoint);
    }
  }

  private ensureNamespace(name: string): void {
    if (!this.namespaceLabels.has(name)) this.namespaceLabels.set(name, { [NAMESPACE_NAME_LABEL]: name });
  }

  private namespaceLabelsOf(namespace: string): LabelMap {
    return this.namespaceLabels.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
  }

  private workloadList(): ReachabilityEndpoint[] {
    if (!this.workloadCache) this.workloadCache = this.endpointList.filter((e) => !e.virtual);
    return this.workloadCache;
  }

  private servicesSelecting(pod: ReachabilityEndpoint): any[] {
    if (pod.namespace === undefined) return [];
    return (this.servicesByNamespace.get(pod.namespace) ?? []).filter((s) => this.serviceSelects(s, pod));
  }

  private serviceSelects(service: any, pod: ReachabilityEndpoint): boolean {
    const selector = stringMap(service.spec?.selector);
    if (Object.keys(selector).length === 0) return false; // no selector: endpoints are managed by hand
    if ((service.metadata?.namespace ?? this.defaultNamespace) !== pod.namespace) return false;
    return labelsInclude(pod.labels, selector);
  }

  private namedPort(pod: ReachabilityEndpoint, name: string, protocol: string): number | undefined {
    for (const c of this.containers.get(pod.key) ?? []) {
      const found = c.ports.find((p) => p.name === name && p.protocol === protocol);
      if (found) return found.port;
    }
    return undefined;
  }

  private policyPortNumbers(): ReachabilityEndpointPort[] {
    if (this.policyPortCache) return this.policyPortCache;
    const seen = new Map<string, ReachabilityEndpointPort>();
    for (const policy of this.policies) {
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

  /** The ports worth testing on a destination: its containers' ports and every port a policy names (cached). */
  private candidatePorts(dst: ReachabilityEndpoint): ReachabilityEndpointPort[] {
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

  private evaluate(src: ReachabilityEndpoint, dst: ReachabilityEndpoint, port: number, protocol: string): DetailedVerdict {
    const egress = this.side(src, dst, port, protocol, 'egress');
    const ingress = this.side(dst, src, port, protocol, 'ingress');
    const allowed = egress.allowed && ingress.allowed;
    const names = (ps: Policy[]) => ps.map((p) => p.key).join(', ');
    const flow = `${src.key} -> ${dst.key} ${protocol}/${port}`;
    const describe = (r: SideResult, direction: string, owner: ReachabilityEndpoint): string => {
      if (!r.isolated) return `${direction}: ${owner.key} is not isolated for ${direction}`;
      if (r.allowed) return `${direction}: admitted by ${names(r.admitting)}`;
      return `${direction}: ${owner.key} is isolated for ${direction} by ${names(r.policies)} and no ${direction} rule allows ${flow}`;
    };
    let reason: string;
    if (allowed) {
      reason = `allowed (${describe(egress, 'egress', src)}; ${describe(ingress, 'ingress', dst)})`;
    } else if (!egress.allowed && !ingress.allowed) {
      reason = `denied by egress and ingress (${describe(egress, 'egress', src)}; ${describe(ingress, 'ingress', dst)})`;
    } else if (!egress.allowed) {
      reason = `denied by egress (${describe(egress, 'egress', src)})`;
    } else {
      reason = `denied by ingress (${describe(ingress, 'ingress', dst)})`;
    }
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
        reason,
      },
    };
  }

  /**
   * One direction: `self` is the pod whose policies apply (the source for egress, the destination
   * for ingress), `other` the far end. The port is always the destination's pod port.
   */
  private side(self: ReachabilityEndpoint, other: ReachabilityEndpoint, port: number, protocol: string, direction: 'ingress' | 'egress'): SideResult {
    if (self.namespace === undefined) return { isolated: false, allowed: true, policies: [], admitting: [] };
    const policies = this.isolating(self, direction);
    if (policies.length === 0) return { isolated: false, allowed: true, policies, admitting: [] };
    const destination = direction === 'egress' ? other : self;
    const admitting = policies.filter((p) => this.policyAdmits(p, direction, other, destination, port, protocol));
    return { isolated: true, allowed: admitting.length > 0, policies, admitting };
  }

  /** The policies of the endpoint's namespace that select it for a direction (cached). */
  private isolating(self: ReachabilityEndpoint, direction: 'ingress' | 'egress'): Policy[] {
    const cacheKey = `${direction}|${self.key}`;
    let found = this.isolatingCache.get(cacheKey);
    if (!found) {
      found = self.namespace === undefined ? [] : (this.policiesByNamespace.get(self.namespace) ?? [])
        .filter((p) => (direction === 'ingress' ? p.ingress : p.egress) && selectorMatches(p.podSelector ?? {}, self.labels));
      this.isolatingCache.set(cacheKey, found);
    }
    return found;
  }

  /** Whether one direction allows the flow, without collecting policies or building words. */
  private sideAllows(self: ReachabilityEndpoint, other: ReachabilityEndpoint, port: number, protocol: string, direction: 'ingress' | 'egress'): boolean {
    if (self.namespace === undefined) return true;
    const policies = this.isolating(self, direction);
    if (policies.length === 0) return true;
    const destination = direction === 'egress' ? other : self;
    return policies.some((p) => this.policyAdmits(p, direction, other, destination, port, protocol));
  }

  /** Whether a rule of the policy, in the direction, admits the far end on the port. */
  private policyAdmits(policy: Policy, direction: 'ingress' | 'egress', other: ReachabilityEndpoint, destination: ReachabilityEndpoint,
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

  /**
   * Whether a flow is allowed, as `allowed(...).allowed`, without building the verdict (fast path).
   * @internal
   */
  public _isAllowed(source: string, destination: string, port: number, protocol?: string): boolean {
    const src = this.endpoint(source);
    const dst = this.endpoint(destination);
    const proto = protocolOf(protocol);
    return this.sideAllows(src, dst, port, proto, 'egress') && this.sideAllows(dst, src, port, proto, 'ingress');
  }

  private portsMatch(ports: any[] | undefined, destination: ReachabilityEndpoint, port: number, protocol: string): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if (protocolOf(p?.protocol) !== protocol) return false;
      if (p?.port === undefined || p?.port === null) return true;
      if (typeof p.port === 'number') {
        const end = asNumber(p.endPort);
        return end !== undefined ? port >= p.port && port <= end : port === p.port;
      }
      // a string is a port name, resolved on the destination pod's containers
      return this.namedPort(destination, String(p.port), protocol) === port;
    });
  }

  private peersMatch(rule: PolicyRule, policyNamespace: string, other: ReachabilityEndpoint): boolean {
    if (rule.anyPeer) return true;
    return rule.compiled.some((peer) => this.peerMatches(peer, policyNamespace, other));
  }

  private peerMatches(peer: CompiledPeer, policyNamespace: string, other: ReachabilityEndpoint): boolean {
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
      ? selectorMatches(raw.namespaceSelector, this.namespaceLabelsOf(other.namespace))
      : other.namespace === policyNamespace;
    return namespaceOk && (!hasPod || selectorMatches(raw.podSelector, other.labels));
  }

  /** An external endpoint's address, parsed once. */
  private addressOf(ip: string): ParsedAddress | undefined {
    if (!this.addressCache.has(ip)) this.addressCache.set(ip, parseAddress(ip));
    return this.addressCache.get(ip);
  }

  /** The endpoints of a pool a rule's peers select. */
  private ruleTargets(rule: PolicyRule, policyNamespace: string, pool: Pool): ReachabilityEndpoint[] {
    if (rule.anyPeer) return pool.all;
    const out = new Set<ReachabilityEndpoint>();
    for (const peer of rule.compiled) {
      const raw = peer.raw;
      if (!raw || typeof raw !== 'object') continue;
      if (raw.ipBlock) {
        if (!peer.cidr) continue;
        for (const e of pool.externalsIn(peer.cidr)) {
          if (this.peerMatches(peer, policyNamespace, e)) out.add(e);
        }
        continue;
      }
      const hasNamespace = raw.namespaceSelector !== undefined && raw.namespaceSelector !== null;
      const namespaces = hasNamespace
        ? [...pool.byNamespace.keys()].filter((ns) => selectorMatches(raw.namespaceSelector, this.namespaceLabelsOf(ns)))
        : [policyNamespace];
      for (const ns of namespaces) {
        for (const e of pool.byNamespace.get(ns) ?? []) {
          if (this.peerMatches(peer, policyNamespace, e)) out.add(e);
        }
      }
    }
    return [...out];
  }
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

function compileRules(rules: any, peerField: 'from' | 'to'): { rules: PolicyRule[]; index: IpIndex } {
  const index: IpIndex = { blocks: new Map(), prefixes: new Map() };
  const out: PolicyRule[] = (Array.isArray(rules) ? rules : []).map((r: any, i: number) => {
    const peers: any[] | undefined = r?.[peerField];
    const anyPeer = !Array.isArray(peers) || peers.length === 0;
    const compiled: CompiledPeer[] = [];
    let hasSelectorPeer = false;
    for (const peer of Array.isArray(peers) ? peers : []) {
      if (peer && typeof peer === 'object' && peer.ipBlock) {
        const cidr = parseCidr(peer.ipBlock.cidr);
        const except = (Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except : [])
          .map(parseCidr).filter((c: ParsedCidr | undefined): c is ParsedCidr => c !== undefined);
        compiled.push({ raw: peer, cidr, invalidCidr: cidr === undefined, except });
        if (cidr) {
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
          if (!at) byNetwork.set(cidr.network, [i]);
          else if (at[at.length - 1] !== i) at.push(i);
        }
      } else {
        compiled.push({ raw: peer });
        if (peer && typeof peer === 'object') hasSelectorPeer = true;
      }
    }
    return { peers, ports: r?.ports, anyPeer, compiled, hasSelectorPeer };
  });
  return { rules: out, index };
}

function toPolicy(object: any, namespace: string): Policy {
  const spec = object.spec ?? {};
  const declared: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  // Defaulting as the API server does: without policyTypes a policy affects ingress, and egress too
  // when it has at least one egress rule.
  const types = declared.length > 0 ? declared : ['Ingress', ...(Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Egress'] : [])];
  const ingress = compileRules(spec.ingress, 'from');
  const egress = compileRules(spec.egress, 'to');
  return {
    key: `${namespace}/${object.metadata?.name}`,
    namespace,
    name: String(object.metadata?.name),
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
