import { Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { compareText, Labels } from '../shared';
import { ClusterState, StateKey } from './cluster';
import { customResource } from './custom-resources';
import { AffinityStyle, BodySizeStyle, GatewayReference } from './entry-points';
import { EntryTarget } from './entry-target';
import {
  BackendTlsPolicyJson, GATEWAY_GROUP, GatewayJson, gatewayDuration, ListenerJson, ReferenceGrantJson,
} from './gateway-api';

/** One HTTPS listener of a Gateway the library writes. */
interface Listener {
  readonly host: string;
  readonly namespace: string;
  readonly tlsSecretName: string;
}

/** A Gateway the library writes: its listeners, collected from the entry points attached to it. */
interface GatewayDraft {
  readonly reference: GatewayReference;
  readonly className: string;
  readonly listeners: Map<string, Listener>;
}

/** The Gateways the library writes in a cluster, by `namespace/name`. */
const GATEWAYS = new StateKey<Map<string, GatewayDraft>>('gateways', () => new Map());
/** The ReferenceGrants, by `<service namespace>|<gateway namespace>`: the Secrets they let Gateways read. */
const GRANTS = new StateKey<Map<string, Set<string>>>('reference-grants', () => new Map());

const MANAGED = { [Labels.PART_OF]: Labels.PART_OF_VALUE, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE };

/**
 * Adds an HTTPS listener for `host` to the Gateway the library writes for `target` (creating the
 * Gateway the first time), with TLS from `tlsSecretName` in the entry point's namespace (a
 * ReferenceGrant there lets the Gateway read it). Returns the listener's name, the routes' sectionName.
 */
export function listenOn(scope: Construct, target: EntryTarget, host: string, namespace: string, tlsSecretName: string): string {
  const state = ClusterState.of(scope);
  const gateways = state.get(GATEWAYS);
  const ref = target.gateway!;
  const key = `${ref.namespace}/${ref.name}`;
  let draft = gateways.get(key);
  if (!draft) {
    gatewayNamespace(scope, ref.namespace);
    draft = { reference: ref, className: target.gatewayClassName!, listeners: new Map() };
    gateways.set(key, draft);
    const d = draft;
    customResource(Chart.of(scope), `gateway-${ref.namespace}-${ref.name}`, {
      apiVersion: `${GATEWAY_GROUP}/v1`,
      kind: 'Gateway',
      metadata: { name: ref.name, namespace: ref.namespace, labels: MANAGED },
      spec: Lazy.any({ produce: () => gatewaySpec(d) }),
    } satisfies Omit<GatewayJson, 'spec'> & { spec: unknown });
  }
  draft.listeners.set(host, { host, namespace, tlsSecretName });
  if (namespace !== ref.namespace) grantSecret(scope, namespace, ref.namespace, tlsSecretName);
  return host;
}

/** The namespaces of the Gateways the library writes, written once per cluster. */
const GATEWAY_NAMESPACES = new StateKey<Set<string>>('gateway-namespaces', () => new Set());

/**
 * The Namespace of Gateways the library writes (so a first apply on an empty cluster finds it), with
 * Pod Security "restricted" labels; no default-deny: an implementation may run its data plane there.
 */
function gatewayNamespace(scope: Construct, name: string): void {
  const written = ClusterState.of(scope).get(GATEWAY_NAMESPACES);
  if (written.has(name)) return;
  written.add(name);
  new kplus.k8s.KubeNamespace(Chart.of(scope), `gateway-namespace-${name}`, {
    metadata: {
      name,
      labels: {
        ...MANAGED,
        [Labels.NAMESPACE_NAME]: name,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.27',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  });
}

function gatewaySpec(draft: GatewayDraft): GatewayJson['spec'] {
  const listeners = [...draft.listeners.values()].sort((a, b) => compareText(a.host, b.host)).map((l): ListenerJson => ({
    name: l.host,
    hostname: l.host,
    port: 443,
    protocol: 'HTTPS',
    tls: {
      mode: 'Terminate',
      certificateRefs: [{ kind: 'Secret', name: l.tlsSecretName, ...(l.namespace !== draft.reference.namespace ? { namespace: l.namespace } : {}) }],
    },
    allowedRoutes: {
      kinds: [{ kind: 'HTTPRoute' }],
      // only the namespace of the entry point that asked for the listener may attach to it
      namespaces: l.namespace === draft.reference.namespace
        ? { from: 'Same' }
        : { from: 'Selector', selector: { matchExpressions: [{ key: Labels.NAMESPACE_NAME, operator: 'In', values: [l.namespace] }] } },
    },
  }));
  return { gatewayClassName: draft.className, listeners };
}

/** A ReferenceGrant in `namespace` that lets Gateways of `gatewaysIn` read the named Secrets. */
function grantSecret(scope: Construct, namespace: string, gatewaysIn: string, secret: string): void {
  const state = ClusterState.of(scope);
  const grants = state.get(GRANTS);
  const key = `${namespace}|${gatewaysIn}`;
  let secrets = grants.get(key);
  if (!secrets) {
    secrets = new Set();
    grants.set(key, secrets);
    const s = secrets;
    customResource(Chart.of(scope), `reference-grant-${namespace}-${gatewaysIn}`, {
      apiVersion: `${GATEWAY_GROUP}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: `gateways-${gatewaysIn}`, namespace, labels: MANAGED },
      spec: Lazy.any({
        produce: (): ReferenceGrantJson['spec'] => ({
          from: [{ group: GATEWAY_GROUP, kind: 'Gateway', namespace: gatewaysIn }],
          to: [...s].sort(compareText).map((name) => ({ group: '', kind: 'Secret', name })),
        }),
      }),
    });
  }
  secrets.add(secret);
}

/** What a route needs of its implementation beyond the HTTPRoute: affinity and body-size objects. */
export interface RoutePolicies {
  /** Name and namespace of the HTTPRoute. */
  readonly route: { readonly name: string; readonly namespace: string };
  /** The Services the route sends to (an Istio DestinationRule is per Service). */
  readonly services: string[];
  /** Cookie affinity. @default - none */
  readonly cookie?: { readonly name: string; readonly maxAgeSeconds: number };
  /** Body limit in MiB. @default - none */
  readonly maxBodyMebibytes?: number;
}

/**
 * Writes the implementation's objects for what the standard channel leaves open; returns the
 * behaviours it could not express (for the warning).
 */
export function routePolicies(scope: Construct, target: EntryTarget, p: RoutePolicies, labels: { [key: string]: string }): string[] {
  const missing: string[] = [];
  const profile = target.profile!;
  const metadata = (suffix: string) => ({ name: `${p.route.name}-${suffix}`, namespace: p.route.namespace, labels });
  const routeRef = { group: GATEWAY_GROUP, kind: 'HTTPRoute', name: p.route.name };
  if (p.cookie) {
    const ttl = gatewayDuration(p.cookie.maxAgeSeconds);
    if (profile.affinity === AffinityStyle.ENVOY_BACKEND_TRAFFIC_POLICY) {
      customResource(scope, 'affinity', {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'BackendTrafficPolicy',
        metadata: metadata('affinity'),
        spec: { targetRefs: [routeRef], loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'Cookie', cookie: { name: p.cookie.name, ttl } } } },
      });
    } else if (profile.affinity === AffinityStyle.ISTIO_DESTINATION_RULE) {
      for (const service of p.services) {
        customResource(scope, `affinity-${service}`, {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: `${service}-affinity`, namespace: p.route.namespace, labels },
          spec: {
            host: `${service}.${p.route.namespace}.svc.cluster.local`,
            trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: p.cookie.name, ttl } } } },
          },
        });
      }
    } else {
      missing.push('cookie affinity');
    }
  }
  if (p.maxBodyMebibytes !== undefined) {
    if (profile.bodySize === BodySizeStyle.NGINX_CLIENT_SETTINGS_POLICY) {
      customResource(scope, 'client-settings', {
        apiVersion: 'gateway.nginx.org/v1alpha1',
        kind: 'ClientSettingsPolicy',
        metadata: metadata('client-settings'),
        spec: { targetRef: routeRef, body: { maxSize: `${p.maxBodyMebibytes}m` } },
      });
    } else {
      missing.push('the request body limit');
    }
  }
  return missing;
}

/** TLS from the gateway to a Service (a BackendTLSPolicy): the Service's certificate is checked for `hostname`. */
export interface BackendTls {
  /** The Service. */
  readonly service: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The name its certificate carries. */
  readonly hostname: string;
  /** A ConfigMap holding the CA certificate. @default - the system's trusted CAs */
  readonly caConfigMap?: string;
}

/** Writes a BackendTLSPolicy. */
export function backendTls(scope: Construct, id: string, tls: BackendTls, labels: { [key: string]: string }): void {
  customResource(scope, id, {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: 'BackendTLSPolicy',
    metadata: { name: `${tls.service}-tls`, namespace: tls.namespace, labels },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: tls.service }],
      validation: {
        hostname: tls.hostname,
        ...(tls.caConfigMap ? { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: tls.caConfigMap }] } : { wellKnownCACertificates: 'System' }),
      },
    } satisfies BackendTlsPolicyJson['spec'],
  });
}
