import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Annotations, Labels, sortRefs } from '../shared';
import { dnsLabel, dnsName, labelMap, urlPath } from './checks';
import { ClusterState, StateKey } from './cluster';
import { Connection } from './connection';
import { customResource } from './custom-resources';
import { EntryPointBehaviour, EntryPointProps, ENTRY_POINT_BEHAVIOUR, PathMatchType } from './entry-point-props';
import { EntryPointApi, EntryPoints } from './entry-points';
import { describeTarget, ENTRY_POINTS, EntryTarget, entryTarget } from './entry-target';
import { GATEWAY_GROUP, gatewayDuration, HttpRouteJson } from './gateway-api';
import { listenOn, routePolicies } from './gateway-objects';
import { Input, show } from './input';
import { warnAtSynth } from './warnings';

const NGINX = 'nginx.ingress.kubernetes.io';

/** On an HTTPRoute: where the data plane of its Gateway runs, for the verifier (JSON: namespace and labels). */
export const DATA_PLANE_ANNOTATION = 'genesys.cdk8s.io/data-plane';

/** The connections from gateways and ingress controllers of a cluster (entry points' traffic). */
const ENTRY_CONNECTIONS = new StateKey<Set<Connection>>('entry-connections', () => new Set());

/** True when a connection carries an entry point's traffic (from a gateway or an ingress controller). */
export function isEntryConnection(scope: IConstruct, connection: Connection): boolean {
  return ClusterState.of(scope).get(ENTRY_CONNECTIONS).has(connection);
}

/** The host and path of every route of a cluster's entry points, and the entry point that claimed it first. */
const CLAIMED_ROUTES = new StateKey<Map<string, EntryPoint>>('claimed-routes', () => new Map());

/** The clusters already warned that ingress-nginx is retired. */
const WARNED_LEGACY = new StateKey<Set<string>>('legacy-ingress-warned', () => new Set());

/**
 * A browser-facing entry point for one host: an HTTPRoute on a Gateway (the default) or an Ingress,
 * plus, for every routed path, a connection from the gateway's data plane (or the ingress controller)
 * to the routed workload's pod port. The typed behaviour (affinity, timeouts, WebSocket, body size)
 * is written the way the chosen implementation expresses it; where it cannot, synthesis warns, naming
 * the rows the entry point stands for.
 */
export class EntryPoint extends Construct {
  /** The host. */
  public readonly host: string;
  /** `https://<host>`. */
  public readonly url: string;
  /** The connections from the gateway or controller, one per route. */
  public readonly connections: Connection[] = [];

  public constructor(scope: Construct, id: string, props: EntryPointProps) {
    super(scope, id);
    const input = Input.root(this, `entry point ${props.name}`);
    dnsName(input.at('host'), props.host);
    dnsLabel()(input.at('name'), props.name);
    dnsLabel()(input.at('namespace'), props.namespace);
    labelMap(input.at('labels'), props.labels);
    const tlsSecretName = props.tlsSecretName ?? `${props.name}-tls`;
    dnsName(input.at('tlsSecretName'), tlsSecretName);
    this.host = props.host;
    this.url = `https://${props.host}`;
    if ((props.routes ?? []).length === 0) input.at('routes').fail('is empty (route at least one path to a workload port)');
    const behaviour = ENTRY_POINT_BEHAVIOUR(input.at('behaviour'), props.behaviour) ?? {};
    const choice = ENTRY_POINTS(input.at('entryPoints'), props.entryPoints) ?? EntryPoints.gatewayApi();
    const target = entryTarget(input.at('entryPoints'), choice, props.internal ?? false);
    if (!target) return;
    this.checkRoutes(input, props);
    const entries = ClusterState.of(this).get(ENTRY_CONNECTIONS);
    for (const route of props.routes ?? []) {
      const c = Connection.declare(this, {
        source: target.source, destination: route.workload.peer, port: route.port, refs: props.refs, reason: props.reason,
      });
      entries.add(c);
      this.connections.push(c);
    }
    const refs = sortRefs([...new Set([...(props.refs ?? []), ...(props.ingressRefs ?? [])])]);
    const missing = target.api === EntryPointApi.GATEWAY
      ? this.httpRoute(props, target, behaviour, tlsSecretName, refs)
      : this.ingress(input, props, target, behaviour, tlsSecretName, refs);
    if (missing.length > 0) {
      warnAtSynth(this, `${refs.join(', ') || props.name}: ${describeTarget(target)} (${target.profile?.name ?? target.ingressProfile?.name}) cannot express ${missing.join(', ')} for ${props.host}: configure it on the gateway, or choose an implementation that can`);
    }
  }

  private checkRoutes(input: Input, props: EntryPointProps): void {
    const paths = new Set<string>();
    const claimed = ClusterState.of(this).get(CLAIMED_ROUTES);
    for (const route of props.routes ?? []) {
      urlPath(input.at('route path'), route.path);
      if (paths.has(route.path)) input.report(`route path ${show(route.path)} is routed twice (each path goes to one backend)`);
      paths.add(route.path);
      const key = `${props.host} ${route.path}`;
      const other = claimed.get(key);
      if (other !== undefined && other !== this) {
        input.report(`host ${show(props.host)} path ${show(route.path)} is claimed by entry point ${other.node.path} too (one host and path go to one backend, `
          + 'and which route wins depends on the controller: give one of them another host or path)');
      }
      if (other === undefined) claimed.set(key, this);
      if (route.workload.namespace !== props.namespace) {
        input.report(`route ${show(route.path)} goes to ${route.workload.namespace}/${route.workload.name}, outside namespace ${show(props.namespace)} (a route reaches only Services of its own namespace)`);
      }
    }
  }

  /** The HTTPRoute and the implementation's objects; returns the behaviours it cannot express. */
  private httpRoute(props: EntryPointProps, target: EntryTarget, b: EntryPointBehaviour, tlsSecretName: string, refs: string[]): string[] {
    const gateway = target.gateway!;
    const sectionName = target.gatewayClassName !== undefined
      ? listenOn(this, target, props.host, props.namespace, tlsSecretName)
      : gateway.sectionName;
    const seconds = timeoutSeconds(b);
    const missing: string[] = [];
    if (seconds !== undefined && !target.profile!.timeouts) missing.push(`a ${seconds} s timeout`);
    const timeouts = seconds !== undefined && target.profile!.timeouts ? { timeouts: { request: gatewayDuration(seconds) } } : {};
    if (b.websocket) for (const route of props.routes) route.workload._serviceAppProtocol(route.port, 'kubernetes.io/ws');
    const route: HttpRouteJson = {
      apiVersion: `${GATEWAY_GROUP}/v1`,
      kind: 'HTTPRoute',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE },
        annotations: {
          ...(refs.length > 0 ? { [Annotations.IMPLEMENTS]: refs.join(', ') } : {}),
          [DATA_PLANE_ANNOTATION]: JSON.stringify(target.dataPlane),
        },
      },
      spec: {
        parentRefs: [{ group: GATEWAY_GROUP, kind: 'Gateway', namespace: gateway.namespace, name: gateway.name, ...(sectionName ? { sectionName } : {}) }],
        hostnames: [props.host],
        rules: props.routes.map((r) => ({
          matches: [{ path: { type: (r.pathType ?? PathMatchType.PREFIX) === PathMatchType.EXACT ? 'Exact' : 'PathPrefix', value: r.path } }],
          backendRefs: [{ name: r.workload.name, port: r.workload.findPort(r.port)?.port ?? 0 }],
          ...timeouts,
        })),
      },
    };
    customResource(this, 'route', route);
    const cookie = b.cookieAffinity ? { name: b.cookieAffinity.cookieName, maxAgeSeconds: b.cookieAffinity.maxAgeSeconds ?? 172800 } : undefined;
    const services = [...new Set(props.routes.map((r) => r.workload.name))];
    const labels = { ...props.labels, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE };
    const policies = { route: { name: props.name, namespace: props.namespace }, services, cookie, maxBodyMebibytes: b.maxBodyMebibytes };
    missing.push(...routePolicies(this, target, policies, labels));
    return missing;
  }

  /** The Ingress with the profile's annotations and the user's; returns the behaviours it cannot express. */
  private ingress(input: Input, props: EntryPointProps, target: EntryTarget, b: EntryPointBehaviour, tlsSecretName: string,
    refs: string[]): string[] {
    const profile = target.ingressProfile!;
    const own: { [key: string]: string } = {};
    const missing: string[] = [];
    if (profile.annotations) Object.assign(own, nginxAnnotations(b), { [`${NGINX}/ssl-redirect`]: 'true' });
    else missing.push(...expressedByNginxOnly(b));
    if (refs.length > 0) own[Annotations.IMPLEMENTS] = refs.join(', ');
    for (const [key, value] of Object.entries(target.annotations ?? {})) {
      if (own[key] !== undefined && own[key] !== value) {
        input.at('entryPoints').at('annotations').failAlso(`sets ${show(key)} to ${show(value)}, which the library writes as ${show(own[key])} for this entry point (remove it: the library's keys win)`);
      }
    }
    if (profile.legacy) {
      const warned = ClusterState.of(this).get(WARNED_LEGACY);
      if (!warned.has(profile.name)) warnAtSynth(this, profile.legacy);
      warned.add(profile.name);
    }
    new kplus.k8s.KubeIngress(this, 'ingress', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE },
        annotations: { ...(target.annotations ?? {}), ...own },
      },
      spec: {
        ingressClassName: target.className,
        tls: [{ hosts: [props.host], secretName: tlsSecretName }],
        rules: [{
          host: props.host,
          http: {
            paths: props.routes.map((r) => ({
              path: r.path,
              pathType: r.pathType ?? PathMatchType.PREFIX,
              backend: { service: { name: r.workload.name, port: { number: r.workload.findPort(r.port)?.port ?? 0 } } },
            })),
          },
        }],
      },
    });
    return missing;
  }
}

/** The longest wait the behaviour asks for (a WebSocket: one hour unless given). */
function timeoutSeconds(b: EntryPointBehaviour): number | undefined {
  const long = b.websocket ? 3600 : undefined;
  const read = b.readTimeoutSeconds ?? long;
  const send = b.sendTimeoutSeconds ?? long;
  return read === undefined && send === undefined ? undefined : Math.max(read ?? 0, send ?? 0);
}

/** The ingress-nginx annotations of the typed behaviour (timeouts, body size, cookie affinity). */
function nginxAnnotations(b: EntryPointBehaviour): { [key: string]: string } {
  const annotations: { [key: string]: string } = {};
  const longTimeout = b.websocket ? 3600 : undefined;
  const read = b.readTimeoutSeconds ?? longTimeout;
  const send = b.sendTimeoutSeconds ?? longTimeout;
  if (read !== undefined) annotations[`${NGINX}/proxy-read-timeout`] = String(read);
  if (send !== undefined) annotations[`${NGINX}/proxy-send-timeout`] = String(send);
  if (b.maxBodyMebibytes !== undefined) annotations[`${NGINX}/proxy-body-size`] = `${b.maxBodyMebibytes}m`;
  if (b.cookieAffinity) {
    annotations[`${NGINX}/affinity`] = 'cookie';
    annotations[`${NGINX}/affinity-mode`] = 'persistent';
    annotations[`${NGINX}/session-cookie-name`] = b.cookieAffinity.cookieName;
    annotations[`${NGINX}/session-cookie-max-age`] = String(b.cookieAffinity.maxAgeSeconds ?? 172800);
    annotations[`${NGINX}/session-cookie-samesite`] = 'None';
    annotations[`${NGINX}/session-cookie-secure`] = 'true';
  }
  return annotations;
}

/** The behaviours a controller without annotations of the library's cannot express. */
function expressedByNginxOnly(b: EntryPointBehaviour): string[] {
  const out: string[] = [];
  if (b.cookieAffinity) out.push('cookie affinity');
  if (timeoutSeconds(b) !== undefined) out.push(`a ${timeoutSeconds(b)} s timeout`);
  if (b.maxBodyMebibytes !== undefined) out.push('the request body limit');
  return out;
}
