// Entry-point routes: each Ingress rule path and default backend, and each HTTPRoute rule, the Service
// and pods behind it, and whether the traffic's source (the ingress controller's virtual pod, or the
// data plane of the HTTPRoute's Gateway) may reach the pod port the Service maps to. Internal.
import { ClusterModel, INGRESS_CONTROLLER_KEY, ReachabilityEndpoint } from './cluster';
import { asNumber, protocolOf } from './objects';
import { Reachability } from './reachability';
import { serviceSelects, targetPodPort } from './service-ports';

/** A path of an Ingress or HTTPRoute and whether its source can reach the pods behind it. */
export interface IngressRouteCheck {
  /** `namespace/name` of the Ingress, or `HTTPRoute namespace/name`. */
  readonly ingress: string;
  /**
   * Key of the endpoint the traffic comes from: the ingress controller, or the Gateway's data plane.
   * @default - the ingress controller
   */
  readonly source?: string;
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

/** One backend of an Ingress (a rule's path, or the default backend) or of an HTTPRoute rule. */
interface Backend {
  readonly ingressName: string;
  readonly namespace: string;
  readonly host?: string;
  readonly path?: string;
  /** An Ingress backend: `{ service: { name, port: { number | name } } }`. */
  readonly backend: any;
  /** Where the traffic comes from. */
  readonly source: ReachabilityEndpoint;
}

/** On an HTTPRoute: where its Gateway's data plane runs (JSON: namespace and labels), written by the library. */
const DATA_PLANE_ANNOTATION = 'genesys.cdk8s.io/data-plane';
/** The label GEP-1762 asks implementations to put on the data plane they deploy for a Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The routes of every Ingress of the manifests, computed once. */
export class IngressRoutes {
  private cache?: IngressRouteCheck[];

  public constructor(private readonly model: ClusterModel, private readonly reachability: Reachability) {}

  /** Every route: rules with host and paths, and default backends, per destination pod. */
  public all(): IngressRouteCheck[] {
    if (!this.cache) this.cache = this.backends().flatMap((b) => this.check(b));
    return this.cache;
  }

  /** The routes that reach a destination endpoint key. */
  public to(destinationKey: string): IngressRouteCheck[] {
    return this.all().filter((r) => r.destination === destinationKey);
  }

  private backends(): Backend[] {
    const out: Backend[] = [];
    const controller = this.model.endpoint(INGRESS_CONTROLLER_KEY);
    for (const ingress of this.model.ingresses) {
      const namespace = ingress.metadata?.namespace ?? this.model.defaultNamespace;
      const ingressName = `${namespace}/${ingress.metadata?.name}`;
      if (ingress.spec?.defaultBackend) out.push({ ingressName, namespace, backend: ingress.spec.defaultBackend, source: controller });
      for (const rule of ingress.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) out.push({ ingressName, namespace, host: rule.host, path: p.path ?? '/', backend: p.backend, source: controller });
      }
    }
    for (const route of this.model.httpRoutes) out.push(...this.routeBackends(route));
    return out;
  }

  /** The backends of an HTTPRoute: every Service backendRef of every rule, from its Gateway's data plane. */
  private routeBackends(route: any): Backend[] {
    const namespace = route.metadata?.namespace ?? this.model.defaultNamespace;
    const ingressName = `HTTPRoute ${namespace}/${route.metadata?.name}`;
    const sources = this.dataPlanes(route, namespace);
    const named = Array.isArray(route.spec?.hostnames) && route.spec.hostnames.length > 0;
    const hosts: string[] = named ? route.spec.hostnames : [undefined as unknown as string];
    const out: Backend[] = [];
    for (const rule of Array.isArray(route.spec?.rules) ? route.spec.rules : []) {
      const paths: string[] = (Array.isArray(rule?.matches) ? rule.matches : []).map((m: any) => String(m?.path?.value ?? '/'));
      for (const ref of Array.isArray(rule?.backendRefs) ? rule.backendRefs : []) {
        const service = (ref?.kind ?? 'Service') === 'Service' && (ref?.group ?? '') === '' ? { name: ref?.name, port: { number: ref?.port } } : undefined;
        const backendNamespace = ref?.namespace ?? namespace;
        for (const source of sources) {
          for (const host of hosts) {
            for (const path of paths.length > 0 ? paths : ['/']) out.push({ ingressName, namespace: backendNamespace, host, path, backend: { service }, source });
          }
        }
      }
    }
    return out;
  }

  /**
   * Where the traffic of an HTTPRoute comes from: the data plane the library wrote in its annotation,
   * else, for each Gateway it attaches to, the pods GEP-1762 labels with the Gateway's name in its namespace.
   */
  private dataPlanes(route: any, namespace: string): ReachabilityEndpoint[] {
    const name = `${namespace}-${route.metadata?.name}`;
    try {
      const annotated = JSON.parse(route.metadata?.annotations?.[DATA_PLANE_ANNOTATION] ?? 'null');
      if (annotated && typeof annotated.namespace === 'string' && annotated.labels && typeof annotated.labels === 'object') {
        return [this.model.virtualAt(`gateway-${name}`, annotated.namespace, stringLabels(annotated.labels))];
      }
    } catch {
      // an annotation that is not JSON: the Gateways' default places
    }
    return (Array.isArray(route.spec?.parentRefs) ? route.spec.parentRefs : []).map((p: any, i: number) =>
      this.model.virtualAt(`gateway-${name}-${i + 1}`, String(p?.namespace ?? namespace), { [GATEWAY_NAME_LABEL]: String(p?.name) }));
  }

  private check({ ingressName, namespace, host, path, backend, source }: Backend): IngressRouteCheck[] {
    const serviceName = backend?.service?.name;
    const portSpec = backend?.service?.port;
    const servicePortText = portSpec?.number !== undefined ? String(portSpec.number) : String(portSpec?.name ?? '');
    const serviceKey = `${namespace}/${serviceName}`;
    const base = { ingress: ingressName, source: source.key, host, path, service: serviceKey, servicePort: servicePortText };
    const unrouted = (reason: string): IngressRouteCheck[] => [{ ...base, allowed: false, reason: `${ingressName}: ${reason}` }];
    if (!serviceName) return unrouted('backend is not a Service (resource backends are not followed)');
    const service = this.model.servicesIn(namespace).find((s) => s.metadata?.name === serviceName);
    if (!service) return unrouted(`backend Service ${serviceKey} is not in the manifests`);
    const port = (service.spec?.ports ?? []).find((p: any) => (portSpec?.number !== undefined
      ? asNumber(p.port) === asNumber(portSpec.number)
      : p.name === portSpec?.name));
    if (!port) return unrouted(`Service ${serviceKey} has no port ${servicePortText}`);
    const pods = this.model.workloads.filter((w) => serviceSelects(this.model, service, w));
    if (pods.length === 0) return unrouted(`Service ${serviceKey} selects no pod of the manifests`);
    return pods.map((pod) => {
      const proto = protocolOf(port.protocol);
      const podPort = targetPodPort(this.model, pod, port, proto);
      if (podPort === undefined) {
        return { ...base, destination: pod.key, allowed: false, reason: `${ingressName}: Service ${serviceKey} targets port ${JSON.stringify(port.targetPort)}, which ${pod.key} does not declare` };
      }
      const verdict = this.reachability.evaluate(source, pod, podPort, proto).verdict;
      return {
        ...base,
        destination: pod.key,
        podPort,
        allowed: verdict.allowed,
        reason: `${ingressName} routes ${host ?? '*'}${path ?? ''} to Service ${serviceKey} port ${servicePortText} -> ${pod.key} pod port ${podPort}; ${source.key === INGRESS_CONTROLLER_KEY ? 'ingress controller' : source.key} ${verdict.reason}`,
      };
    });
  }
}

function stringLabels(value: any): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(value ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}
