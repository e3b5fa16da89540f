import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterBoundary } from '../core/cluster';
import { Annotations, compareText } from '../shared';

/** An entry point as written: the object, its hosts, what it attaches to and where its traffic comes from. */
export interface ReportEntryPoint {
  /** `HTTPRoute namespace/name` or `Ingress namespace/name`. */
  readonly object: string;
  /** Host names. */
  readonly hosts: string[];
  /** The Gateways (`Gateway namespace/name`) or the ingress class. */
  readonly attachedTo: string[];
  /**
   * Where the policies admit its traffic from (`namespace: labels`).
   * @default - not written on the object (an Ingress: its controller's pods)
   */
  readonly dataPlane?: string;
  /** The rows it implements. */
  readonly refs: string;
}

/** A kind of custom resource in the output, with the CRD it needs and the option that writes it. */
export interface ReportCustomResource {
  /** `group/version`. */
  readonly apiVersion: string;
  /** Kind. */
  readonly kind: string;
  /** How many objects. */
  readonly count: number;
  /** The CRD's name (`<plural>.<group>`). */
  readonly crd: string;
  /** Who ships it and which option makes the library write it. */
  readonly source: string;
}

/** Plural resource names and origin of the custom resources the library writes. */
const KNOWN: { [kind: string]: { plural: string; source: string } } = {
  HTTPRoute: { plural: 'httproutes', source: 'Gateway API standard channel; `EntryPoints.gatewayApi()` (the default)' },
  Gateway: { plural: 'gateways', source: 'Gateway API standard channel; `EntryPoints.gatewayApi({ gatewayClassName })`' },
  ReferenceGrant: { plural: 'referencegrants', source: 'Gateway API standard channel; `EntryPoints.gatewayApi({ gatewayClassName })`' },
  BackendTLSPolicy: { plural: 'backendtlspolicies', source: 'Gateway API standard channel; a backend that needs TLS' },
  BackendTrafficPolicy: { plural: 'backendtrafficpolicies', source: 'Envoy Gateway; `GatewayImplementation.ENVOY_GATEWAY` (cookie affinity)' },
  DestinationRule: { plural: 'destinationrules', source: 'Istio; `GatewayImplementation.ISTIO` (cookie affinity)' },
  ClientSettingsPolicy: { plural: 'clientsettingspolicies', source: 'NGINX Gateway Fabric; `GatewayImplementation.NGINX_GATEWAY_FABRIC` (body size)' },
  ServiceMonitor: { plural: 'servicemonitors', source: 'prometheus-operator; `monitoring: true`' },
};

/** The objects of the cluster of `scope`, as written (after synthesis). */
function objectsOf(scope: IConstruct): any[] {
  const root = ClusterBoundary.of(scope);
  return root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && ClusterBoundary.of(c) === root)
    .map((o) => o.toJson());
}

/** The entry points (HTTPRoutes and Ingresses) of the cluster of `scope`. */
export function reportEntryPoints(scope: IConstruct): ReportEntryPoint[] {
  return objectsOf(scope)
    .filter((o) => (o.kind === 'HTTPRoute' && String(o.apiVersion).startsWith('gateway.networking.k8s.io/'))
      || (o.kind === 'Ingress' && o.apiVersion === 'networking.k8s.io/v1'))
    .map((o) => {
      const ns = o.metadata?.namespace;
      const route = o.kind === 'HTTPRoute';
      const hosts: string[] = route ? o.spec?.hostnames ?? [] : (o.spec?.rules ?? []).map((r: any) => r.host).filter((h: unknown) => h);
      const attachedTo: string[] = route
        ? (o.spec?.parentRefs ?? []).map((p: any) => `Gateway ${p.namespace ?? ns}/${p.name}${p.sectionName ? ` (${p.sectionName})` : ''}`)
        : [`class ${o.spec?.ingressClassName ?? '(default)'}`];
      return {
        object: `${o.kind} ${ns}/${o.metadata?.name}`,
        hosts,
        attachedTo,
        dataPlane: dataPlaneOf(o.metadata?.annotations?.['genesys.cdk8s.io/data-plane']),
        refs: o.metadata?.annotations?.[Annotations.IMPLEMENTS] ?? '',
      };
    })
    .sort((a, b) => compareText(a.object, b.object));
}

function dataPlaneOf(annotation: string | undefined): string | undefined {
  if (!annotation) return undefined;
  try {
    const d = JSON.parse(annotation);
    return `${d.namespace}: ${Object.entries(d.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}`;
  } catch {
    return undefined;
  }
}

/** The kinds of custom resources in the cluster of `scope`, with the CRD each needs. */
export function reportCustomResources(scope: IConstruct): ReportCustomResource[] {
  const counts = new Map<string, { apiVersion: string; kind: string; count: number }>();
  for (const o of objectsOf(scope)) {
    const group = String(o.apiVersion ?? '').split('/').slice(0, -1).join('/');
    if (!group.includes('.') || (group.endsWith('.k8s.io') && !group.startsWith('gateway.networking.'))) continue;
    const key = `${o.apiVersion} ${o.kind}`;
    const entry = counts.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .map((c) => {
      const group = c.apiVersion.split('/')[0];
      const known = KNOWN[c.kind];
      return { ...c, crd: `${known?.plural ?? `${c.kind.toLowerCase()}s`}.${group}`, source: known?.source ?? 'written by the app' };
    })
    .sort((a, b) => compareText(`${a.apiVersion} ${a.kind}`, `${b.apiVersion} ${b.kind}`));
}
