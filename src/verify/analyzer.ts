import { cidrContainsAddress, parseAddress, parseCidr } from './ip';
import { groupOf, ManifestSet } from './manifests';
import { LabelMap, labelsInclude, selectorMatches } from './selector';
import { IngressControllerPeerProps } from '../shared';

/** Label Kubernetes puts on every namespace. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Annotation on the library's NetworkPolicies listing the references they implement. */
export const IMPLEMENTS = 'genesys.cdk8s.io/implements';

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

interface PolicyRule {
  readonly peers?: any[];
  readonly ports?: any[];
}

interface Policy {
  readonly key: string;
  readonly namespace: string;
  readonly podSelector: any;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: PolicyRule[];
  readonly egressRules: PolicyRule[];
  readonly refs: string[];
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

function protocolOf(value: any): string {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : 'TCP';
}

function stringMap(value: any): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = String(v);
  }
  return out;
}

/** True for a port number written as a number or as a string of digits. */
function asNumber(value: any): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
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
 */
export class ReachabilityAnalyzer {
  /** Key of the ingress controller's virtual pod. */
  public static readonly INGRESS_CONTROLLER = 'virtual/ingress-controller';

  private readonly endpointList: ReachabilityEndpoint[] = [];
  private readonly containers = new Map<string, Container[]>();
  private readonly namespaceLabels = new Map<string, LabelMap>();
  private readonly policies: Policy[] = [];
  private readonly services: any[] = [];
  private readonly ingresses: any[] = [];
  private readonly defaultNamespace: string;
  private readonly isolatingCache = new Map<string, Policy[]>();
  private readonly byKey = new Map<string, ReachabilityEndpoint>();
  private policyPortCache?: ReachabilityEndpointPort[];

  public constructor(manifests: ManifestSet, options: ReachabilityAnalyzerOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    for (const object of manifests.objects) this.addObject(object);
    const controller = options.ingressController ?? {};
    this.addVirtualEndpoint({
      name: 'ingress-controller',
      namespace: controller.namespace ?? 'ingress-nginx',
      labels: controller.labels ?? { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    });
  }

  /** Every endpoint: pod templates first, then virtual endpoints. */
  public get endpoints(): ReachabilityEndpoint[] {
    return [...this.endpointList];
  }

  /** The pod templates of the manifests (not virtual). */
  public get workloads(): ReachabilityEndpoint[] {
    return this.endpointList.filter((e) => !e.virtual);
  }

  /** Names of the namespaces known, with their labels applied by selectors. */
  public get namespaces(): string[] {
    return [...this.namespaceLabels.keys()].sort();
  }

  /** The labels a namespaceSelector sees on a namespace. */
  public labelsOfNamespace(namespace: string): { [key: string]: string } {
    return { ...(this.namespaceLabels.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace }) };
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
    throw new Error(`verify: no endpoint ${JSON.stringify(ref)} (known: ${this.endpointList.map((e) => e.key).join(', ') || 'none'}); use a key such as "<namespace>/Deployment/<name>"`);
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
   * The truth table: for every ordered pair of different endpoints (pod templates, plus virtual
   * ones with `includeVirtual`) and every port of the destination, whether traffic is allowed. The
   * ports of a destination are its containers' ports plus every port number any policy names
   * (both ends of `endPort` ranges).
   */
  public truthTable(options: TruthTableOptions = {}): ReachabilityEntry[] {
    const endpoints = options.includeVirtual ? this.endpointList : this.workloads;
    const policyPorts = this.policyPortNumbers();
    const out: ReachabilityEntry[] = [];
    for (const dst of endpoints) {
      const ports = this.candidatePorts(dst, policyPorts);
      for (const src of endpoints) {
        if (src.key === dst.key) continue;
        if (src.namespace === undefined && dst.namespace === undefined) continue;
        for (const { port, protocol } of ports) {
          const allowed = this.sideAllows(src, dst, port, protocol, 'egress') && this.sideAllows(dst, src, port, protocol, 'ingress');
          if (allowed || !options.onlyAllowed) out.push({ source: src.key, destination: dst.key, port, protocol, allowed });
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
    return out;
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
    return this.candidatePorts(this.endpoint(destination), this.policyPortNumbers());
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
    const service = this.services.find((s) => (s.metadata?.namespace ?? this.defaultNamespace) === namespace && s.metadata?.name === serviceName);
    if (!service) {
      return [{ ...base, allowed: false, reason: `${ingressName}: backend Service ${serviceKey} is not in the manifests` }];
    }
    const port = (service.spec?.ports ?? []).find((p: any) => (portSpec?.number !== undefined
      ? asNumber(p.port) === asNumber(portSpec.number)
      : p.name === portSpec?.name));
    if (!port) {
      return [{ ...base, allowed: false, reason: `${ingressName}: Service ${serviceKey} has no port ${servicePortText}` }];
    }
    const pods = this.workloads.filter((w) => this.serviceSelects(service, w));
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
      this.policies.push(toPolicy(object, namespace));
      return;
    }
    if (kind === 'Service' && groupOf(object.apiVersion) === '') {
      this.ensureNamespace(namespace);
      this.services.push(object);
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
    this.containers.set(key, containers);
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
      this.endpointList.push(endpoint);
      this.byKey.set(key, endpoint);
    }
  }

  private ensureNamespace(name: string): void {
    if (!this.namespaceLabels.has(name)) this.namespaceLabels.set(name, { [NAMESPACE_NAME_LABEL]: name });
  }

  private servicesSelecting(pod: ReachabilityEndpoint): any[] {
    return this.services.filter((s) => this.serviceSelects(s, pod));
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
    const out: ReachabilityEndpointPort[] = [];
    this.policyPortCache = out;
    for (const policy of this.policies) {
      for (const rule of [...policy.ingressRules, ...policy.egressRules]) {
        for (const p of rule.ports ?? []) {
          const n = asNumber(p?.port);
          if (n === undefined) continue;
          out.push({ port: n, protocol: protocolOf(p?.protocol) });
          const end = asNumber(p?.endPort);
          if (end !== undefined && end !== n) out.push({ port: end, protocol: protocolOf(p?.protocol) });
        }
      }
    }
    return out;
  }

  private candidatePorts(dst: ReachabilityEndpoint, policyPorts: ReachabilityEndpointPort[]): ReachabilityEndpointPort[] {
    const seen = new Map<string, ReachabilityEndpointPort>();
    for (const p of [...dst.ports, ...policyPorts]) {
      if (!p.port) continue;
      const key = `${p.protocol}/${p.port}`;
      if (!seen.has(key)) seen.set(key, { port: p.port, protocol: p.protocol });
    }
    return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
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
    const admitting = policies.filter((p) => (direction === 'ingress' ? p.ingressRules : p.egressRules)
      .some((rule) => this.portsMatch(rule.ports, destination, port, protocol) && this.peersMatch(rule.peers, p.namespace, other)));
    return { isolated: true, allowed: admitting.length > 0, policies, admitting };
  }

  /** The policies of the endpoint's namespace that select it for a direction (cached). */
  private isolating(self: ReachabilityEndpoint, direction: 'ingress' | 'egress'): Policy[] {
    const cacheKey = `${direction}|${self.key}`;
    let found = this.isolatingCache.get(cacheKey);
    if (!found) {
      found = this.policies.filter((p) => p.namespace === self.namespace && (direction === 'ingress' ? p.ingress : p.egress)
        && selectorMatches(p.podSelector ?? {}, self.labels));
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
    return policies.some((p) => (direction === 'ingress' ? p.ingressRules : p.egressRules)
      .some((rule) => this.portsMatch(rule.ports, destination, port, protocol) && this.peersMatch(rule.peers, p.namespace, other)));
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

  private peersMatch(peers: any[] | undefined, policyNamespace: string, other: ReachabilityEndpoint): boolean {
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => {
      if (!peer || typeof peer !== 'object') return false;
      if (peer.ipBlock) {
        if (other.ip === undefined) return false;
        const address = parseAddress(other.ip);
        const cidr = parseCidr(peer.ipBlock.cidr);
        if (!address || !cidr || !cidrContainsAddress(cidr, address)) return false;
        return !(peer.ipBlock.except ?? []).some((e: string) => {
          const excluded = parseCidr(e);
          return excluded !== undefined && cidrContainsAddress(excluded, address);
        });
      }
      const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
      const hasNamespace = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
      if (!hasPod && !hasNamespace) return false;
      if (other.namespace === undefined) return false;
      const namespaceOk = hasNamespace
        ? selectorMatches(peer.namespaceSelector, this.labelsOfNamespace(other.namespace))
        : other.namespace === policyNamespace;
      return namespaceOk && (!hasPod || selectorMatches(peer.podSelector, other.labels));
    });
  }
}

function toPolicy(object: any, namespace: string): Policy {
  const spec = object.spec ?? {};
  const declared: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  // Defaulting as the API server does: without policyTypes a policy affects ingress, and egress too
  // when it has at least one egress rule.
  const types = declared.length > 0 ? declared : ['Ingress', ...(Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Egress'] : [])];
  const refs = String(object.metadata?.annotations?.[IMPLEMENTS] ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return {
    key: `${namespace}/${object.metadata?.name}`,
    namespace,
    podSelector: spec.podSelector ?? {},
    ingress: types.includes('Ingress'),
    egress: types.includes('Egress'),
    ingressRules: (Array.isArray(spec.ingress) ? spec.ingress : []).map((r: any) => ({ peers: r?.from, ports: r?.ports })),
    egressRules: (Array.isArray(spec.egress) ? spec.egress : []).map((r: any) => ({ peers: r?.to, ports: r?.ports })),
    refs,
  };
}
