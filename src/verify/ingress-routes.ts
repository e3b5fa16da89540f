// Ingress routes: each rule path and default backend, the Service and pods behind it, and whether
// the ingress controller's virtual pod may reach the pod port the Service maps to. Internal.
import { ClusterModel, INGRESS_CONTROLLER_KEY } from './cluster';
import { asNumber, protocolOf } from './objects';
import { Reachability } from './reachability';
import { serviceSelects, targetPodPort } from './service-ports';

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

/** One backend of an Ingress: a rule's path, or the default backend. */
interface Backend {
  readonly ingressName: string;
  readonly namespace: string;
  readonly host?: string;
  readonly path?: string;
  readonly backend: any;
}

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
    for (const ingress of this.model.ingresses) {
      const namespace = ingress.metadata?.namespace ?? this.model.defaultNamespace;
      const ingressName = `${namespace}/${ingress.metadata?.name}`;
      if (ingress.spec?.defaultBackend) out.push({ ingressName, namespace, backend: ingress.spec.defaultBackend });
      for (const rule of ingress.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) out.push({ ingressName, namespace, host: rule.host, path: p.path ?? '/', backend: p.backend });
      }
    }
    return out;
  }

  private check({ ingressName, namespace, host, path, backend }: Backend): IngressRouteCheck[] {
    const serviceName = backend?.service?.name;
    const portSpec = backend?.service?.port;
    const servicePortText = portSpec?.number !== undefined ? String(portSpec.number) : String(portSpec?.name ?? '');
    const serviceKey = `${namespace}/${serviceName}`;
    const base = { ingress: ingressName, host, path, service: serviceKey, servicePort: servicePortText };
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
    const controller = this.model.endpoint(INGRESS_CONTROLLER_KEY);
    return pods.map((pod) => {
      const proto = protocolOf(port.protocol);
      const podPort = targetPodPort(this.model, pod, port, proto);
      if (podPort === undefined) {
        return { ...base, destination: pod.key, allowed: false, reason: `${ingressName}: Service ${serviceKey} targets port ${JSON.stringify(port.targetPort)}, which ${pod.key} does not declare` };
      }
      const verdict = this.reachability.evaluate(controller, pod, podPort, proto).verdict;
      return {
        ...base,
        destination: pod.key,
        podPort,
        allowed: verdict.allowed,
        reason: `${ingressName} routes ${host ?? '*'}${path ?? ''} to Service ${serviceKey} port ${servicePortText} -> ${pod.key} pod port ${podPort}; ingress controller ${verdict.reason}`,
      };
    });
  }
}
