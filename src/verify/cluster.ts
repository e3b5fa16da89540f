// What a set of manifests puts in a cluster, as the reachability analysis sees it: endpoints (pod
// templates and virtual endpoints), namespaces and their labels, NetworkPolicies, Services, Ingresses.
import { DESCRIBED_KIND, DescribedWorkload, describedPorts, describedService, readDescribedWorkloads } from './described-workloads';
import { ReachabilityEndpoint, ReachabilityEndpointPort, VirtualEndpointProps } from './endpoints';
import { CheckFinding } from './findings';
import { ManifestSet } from './manifests';
import { asNumber, groupOf, podTemplateOf, protocolOf, stringMap } from './objects';
import { compilePolicy, CompiledPolicy } from './policies';
import { LabelMap } from './selector';
import { Labels } from '../shared';
import { parseAddress } from '../shared/net';

/** Key of the ingress controller's virtual pod. */
export const INGRESS_CONTROLLER_KEY = 'virtual/ingress-controller';

export { ReachabilityEndpoint, ReachabilityEndpointPort, VirtualEndpointProps };

interface Container {
  readonly name: string;
  readonly ports: ReachabilityEndpointPort[];
}

function addTo<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/**
 * The objects of a manifest set the analysis needs, read once and indexed by namespace, plus the
 * virtual endpoints added to them. Every namespace carries `kubernetes.io/metadata.name`; a
 * namespace used but not declared exists with that label only.
 */
export class ClusterModel {
  /** Namespace of objects that have none. */
  public readonly defaultNamespace: string;
  /** Every NetworkPolicy, compiled, in reading order. */
  public readonly policies: CompiledPolicy[] = [];
  /** The Ingresses, as written. */
  public readonly ingresses: any[] = [];
  /** The HTTPRoutes (Gateway API), as written. */
  public readonly httpRoutes: any[] = [];
  /** The components deployed elsewhere that the manifests describe (`workloads.json`). */
  public readonly described: DescribedWorkload[];
  /** Findings about those descriptions (entries that break the format are not used). */
  public readonly descriptionFindings: CheckFinding[];
  private readonly componentByKey = new Map<string, string>();
  private readonly byLocation = new Map<string, ReachabilityEndpoint>();
  private readonly endpointList: ReachabilityEndpoint[] = [];
  private readonly byKey = new Map<string, ReachabilityEndpoint>();
  private readonly containers = new Map<string, Container[]>();
  private readonly namespaceLabels = new Map<string, LabelMap>();
  private readonly policiesByNamespace = new Map<string, CompiledPolicy[]>();
  private readonly servicesByNamespace = new Map<string, any[]>();
  private workloadCache?: ReachabilityEndpoint[];

  public constructor(manifests: ManifestSet, defaultNamespace: string) {
    this.defaultNamespace = defaultNamespace;
    for (const object of manifests.objects) this.addObject(object);
    const { workloads, findings } = readDescribedWorkloads(manifests.objects, defaultNamespace);
    this.described = workloads;
    this.descriptionFindings = findings;
    for (const w of workloads) this.addDescribed(w);
  }

  /** The endpoints that stand for a component deployed elsewhere. */
  public describedComponent(id: string): ReachabilityEndpoint[] {
    return this.endpointList.filter((e) => this.componentByKey.get(e.key) === id);
  }

  /**
   * A component deployed elsewhere: an endpoint with exactly the described labels and the chart
   * Service's pod ports, and that Service unless the manifests hold one of its name.
   */
  private addDescribed(w: DescribedWorkload): void {
    this.ensureNamespace(w.namespace);
    const key = `${w.namespace}/${DESCRIBED_KIND}/${w.component}`;
    if (this.byKey.has(key)) return;
    const ports = describedPorts(w);
    const endpoint: ReachabilityEndpoint = {
      key, kind: DESCRIBED_KIND, name: w.component, namespace: w.namespace, labels: { ...w.podSelector }, virtual: false, ports,
    };
    this.containers.set(key, [{ name: 'main', ports }]);
    this.endpointList.push(endpoint);
    this.byKey.set(key, endpoint);
    this.componentByKey.set(key, w.component);
    const written = this.servicesIn(w.namespace).some((s) => s.metadata?.name === w.serviceName);
    if (!written) addTo(this.servicesByNamespace, w.namespace, describedService(w));
  }

  /** Every endpoint: pod templates first, then virtual endpoints, in the order added. */
  public get endpoints(): ReachabilityEndpoint[] {
    return this.endpointList;
  }

  /** The pod templates of the manifests (not virtual), computed once. */
  public get workloads(): ReachabilityEndpoint[] {
    if (!this.workloadCache) this.workloadCache = this.endpointList.filter((e) => !e.virtual);
    return this.workloadCache;
  }

  /**
   * The virtual pod at a place (namespace and labels): one endpoint per place, created the first time
   * with `name`, so that peers, gateways and controllers at one place share it.
   */
  public virtualAt(name: string, namespace: string, labels: { [key: string]: string } | undefined): ReachabilityEndpoint {
    const key = `${namespace}|${Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',')}`;
    let endpoint = this.byLocation.get(key);
    if (!endpoint) {
      endpoint = this.addVirtualEndpoint({ name, namespace, labels });
      this.byLocation.set(key, endpoint);
    }
    return endpoint;
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

  /** The labels a namespaceSelector sees on a namespace. */
  public namespaceLabelsOf(namespace: string): LabelMap {
    return this.namespaceLabels.get(namespace) ?? { [Labels.NAMESPACE_NAME]: namespace };
  }

  /** The NetworkPolicies of a namespace. */
  public policiesIn(namespace: string): CompiledPolicy[] {
    return this.policiesByNamespace.get(namespace) ?? [];
  }

  /** The Services of a namespace, as written. */
  public servicesIn(namespace: string): any[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /** The number a container port name stands for on a pod, for the protocol; undefined when no container declares it. */
  public namedPort(pod: ReachabilityEndpoint, name: string, protocol: string): number | undefined {
    for (const c of this.containers.get(pod.key) ?? []) {
      const found = c.ports.find((p) => p.name === name && p.protocol === protocol);
      if (found) return found.port;
    }
    return undefined;
  }

  private addObject(object: any): void {
    const kind = object.kind;
    const group = groupOf(object.apiVersion);
    const namespace = object.metadata?.namespace ?? this.defaultNamespace;
    if (kind === 'Namespace' && group === '') {
      const name = object.metadata?.name;
      if (typeof name === 'string') {
        this.namespaceLabels.set(name, { ...stringMap(object.metadata?.labels), [Labels.NAMESPACE_NAME]: name });
      }
      return;
    }
    if (kind === 'NetworkPolicy' && group === 'networking.k8s.io') {
      this.ensureNamespace(namespace);
      const policy = compilePolicy(object, namespace);
      this.policies.push(policy);
      addTo(this.policiesByNamespace, namespace, policy);
    } else if (kind === 'Service' && group === '') {
      this.ensureNamespace(namespace);
      addTo(this.servicesByNamespace, namespace, object);
    } else if (kind === 'Ingress' && group === 'networking.k8s.io') {
      this.ensureNamespace(namespace);
      this.ingresses.push(object);
    } else if (kind === 'HTTPRoute' && group === 'gateway.networking.k8s.io') {
      this.ensureNamespace(namespace);
      this.httpRoutes.push(object);
    } else {
      this.addWorkload(object, namespace);
    }
  }

  /** The pod template of a workload or Pod becomes an endpoint (the first of a key wins). */
  private addWorkload(object: any, namespace: string): void {
    const template = podTemplateOf(object);
    if (!template) return;
    this.ensureNamespace(namespace);
    const containers: Container[] = (template.spec?.containers ?? []).map((c: any) => ({
      name: String(c?.name ?? ''),
      ports: (c?.ports ?? []).map((p: any) => ({ name: p?.name, port: asNumber(p?.containerPort) ?? 0, protocol: protocolOf(p?.protocol) })),
    }));
    const key = `${namespace}/${object.kind}/${object.metadata?.name}`;
    const endpoint: ReachabilityEndpoint = {
      key,
      kind: object.kind,
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
    if (!this.namespaceLabels.has(name)) this.namespaceLabels.set(name, { [Labels.NAMESPACE_NAME]: name });
  }
}
