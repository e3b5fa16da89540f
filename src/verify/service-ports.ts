// How a Service port reaches a pod port: the Services of the pod's namespace whose selector matches
// it, and their targetPort (a number, a container port name, or absent = the same number). Internal.
import { ClusterModel, ReachabilityEndpoint } from './cluster';
import { asNumber, protocolOf, stringMap } from './objects';
import { labelsInclude } from './selector';

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

/** True when a Service (with a selector, in the pod's namespace) selects the pod. */
export function serviceSelects(model: ClusterModel, service: any, pod: ReachabilityEndpoint): boolean {
  const selector = stringMap(service.spec?.selector);
  if (Object.keys(selector).length === 0) return false; // no selector: endpoints are managed by hand
  if ((service.metadata?.namespace ?? model.defaultNamespace) !== pod.namespace) return false;
  return labelsInclude(pod.labels, selector);
}

function servicesSelecting(model: ClusterModel, pod: ReachabilityEndpoint): any[] {
  if (pod.namespace === undefined) return [];
  return model.servicesIn(pod.namespace).filter((s) => serviceSelects(model, s, pod));
}

/** The pod port an entry of a Service's `ports` sends to on a pod; undefined for a name the pod does not declare. */
export function targetPodPort(model: ClusterModel, pod: ReachabilityEndpoint, servicePort: any, protocol: string): number | undefined {
  const target = servicePort.targetPort;
  if (target === undefined || target === null) return asNumber(servicePort.port);
  return asNumber(target) ?? model.namedPort(pod, String(target), protocol);
}

/**
 * The pod port a Service port reaches on a destination: through a Service of the destination's
 * namespace whose selector matches the pod and which exposes the port. When no such Service exists
 * the port is taken as a pod port.
 */
export function resolveServicePort(model: ClusterModel, dst: ReachabilityEndpoint, servicePort: number, proto: string): ServicePortResolution {
  for (const service of servicesSelecting(model, dst)) {
    const name = `${service.metadata?.namespace ?? model.defaultNamespace}/${service.metadata?.name}`;
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
      const named = model.namedPort(dst, String(target), proto);
      if (named === undefined) {
        return { service: name, note: `Service ${name} port ${servicePort} targets the port named ${JSON.stringify(target)}, which no container of ${dst.key} declares` };
      }
      return { podPort: named, service: name, note: `Service ${name} port ${servicePort} targets pod port ${named} (named ${JSON.stringify(target)})` };
    }
  }
  return { podPort: servicePort, note: `no Service selecting ${dst.key} exposes ${proto}/${servicePort}: taken as a pod port` };
}

/** The Service ports that reach a pod port of a destination, through the Services selecting it, in ascending order. */
export function servicePortsTo(model: ClusterModel, dst: ReachabilityEndpoint, podPort: number, proto: string): number[] {
  const out: number[] = [];
  for (const service of servicesSelecting(model, dst)) {
    for (const p of service.spec?.ports ?? []) {
      const port = asNumber(p.port);
      if (port === undefined || protocolOf(p.protocol) !== proto) continue;
      if (targetPodPort(model, dst, p, proto) === podPort && !out.includes(port)) out.push(port);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The ports of the Services selecting a destination that carry a name, in ascending order. */
export function servicePortsNamed(model: ClusterModel, dst: ReachabilityEndpoint, name: string, proto: string): number[] {
  const out: number[] = [];
  for (const service of servicesSelecting(model, dst)) {
    for (const p of service.spec?.ports ?? []) {
      const port = asNumber(p.port);
      if (port === undefined || p.name !== name || protocolOf(p.protocol) !== proto) continue;
      if (!out.includes(port)) out.push(port);
    }
  }
  return out.sort((a, b) => a - b);
}
