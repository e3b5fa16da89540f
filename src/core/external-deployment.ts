import { dnsLabel, dnsLabelProblem, selectorMap, tcpPort } from './checks';
import { Fields, Input, map, shape, show, Spec } from './input';
import { Labels } from '../shared';
import { WorkloadPort } from './ports';

/**
 * Pods of a component that something else creates, such as Genesys' own Helm chart: the library
 * writes no Deployment, Service, ServiceAccount or autoscaler for it, and writes the wiring around
 * those pods (both NetworkPolicy sides of every row, entry points to the chart's Service, scraping).
 */
export interface ExternalDeployment {
  /**
   * Labels that select the component's pods, and only them (`kubectl get pods -n <namespace>
   * --show-labels` lists what the chart put on them).
   * @default - the labels Genesys' chart is known to put (Digital Channels `servicename: nexus`,
   * UCS-X `service: ucsx`); required for the other components
   */
  readonly podSelector?: { [key: string]: string };
  /**
   * Name of the Service the chart creates for the component (entry points route to it, peers dial it).
   * @default - the library's name for the component's Service
   */
  readonly serviceName?: string;
  /**
   * Service ports by the catalog's port name, where the chart's differ, e.g. `{ http: 8080 }`.
   * @default - the catalog's
   */
  readonly servicePorts?: { [portName: string]: number };
  /**
   * Pod (container) ports by the catalog's port name, where the chart's differ.
   * @default - the catalog's
   */
  readonly podPorts?: { [portName: string]: number };
  /**
   * Labels of the chart's Service, which a ServiceMonitor selects.
   * @default - `podSelector`
   */
  readonly serviceLabels?: { [key: string]: string };
}

const FIELDS: Fields<ExternalDeployment> = {
  podSelector: selectorMap,
  // a Service name is a DNS-1035 label; room for the -ingress and -egress policy suffixes
  serviceName: dnsLabel(63 - 7),
  servicePorts: map(tcpPort, (k) => dnsLabelProblem(k, 15), '{ "http": 8080 }'),
  podPorts: map(tcpPort, (k) => dnsLabelProblem(k, 15), '{ "http": 8080 }'),
  serviceLabels: selectorMap,
};

/** How `ExternalDeployment` is read. */
export const EXTERNAL_DEPLOYMENT: Spec<ExternalDeployment> = shape<ExternalDeployment>('deployedElsewhere', FIELDS,
  '{ podSelector: { "app": "gws-app-workspace" } }');

/** A component deployed elsewhere, settled: who its pods are and what its Service is. */
export interface ElsewhereModel {
  /** Labels that select the pods. */
  readonly podSelector: { [key: string]: string };
  /** Name of the chart's Service. */
  readonly serviceName: string;
  /** Labels of the chart's Service. */
  readonly serviceLabels: { [key: string]: string };
}

/**
 * Settles a component deployed elsewhere: the selector (reported when missing: nothing is written
 * then), and the ports with the chart's numbers.
 */
export function resolveElsewhere(input: Input, given: ExternalDeployment, defaults: { name: string; namespace: string; id: string },
  ports: WorkloadPort[]): { model: ElsewhereModel; ports: WorkloadPort[] } {
  const at = (field: string) => input.at('deployedElsewhere').at(field);
  const known = new Set(ports.map((p) => p.name));
  for (const field of ['servicePorts', 'podPorts'] as const) {
    for (const name of Object.keys(given[field] ?? {})) {
      if (!known.has(name)) at(field).entry(name).fail(`names no port of ${defaults.id} (its ports: ${[...known].map((n) => show(n)).join(', ')})`);
    }
  }
  const moved = ports.map((p) => {
    const port = given.servicePorts?.[p.name] ?? p.port;
    const targetPort = given.podPorts?.[p.name] ?? p.targetPort ?? p.port;
    return { ...p, port, targetPort };
  });
  // a missing or empty selector was reported: the component's own name stands in, so nothing else
  // reports the same cause again (nothing is written while a problem stands)
  const podSelector = given.podSelector !== undefined && Object.keys(given.podSelector).length > 0
    ? given.podSelector
    : { [Labels.NAME]: defaults.id };
  if (given.podSelector === undefined && !at('podSelector').failedAround) {
    at('podSelector').fail(`is missing: Genesys publishes no pod labels for ${defaults.id} (run kubectl get pods -n ${defaults.namespace} --show-labels and give labels that select only its pods)`);
  }
  return {
    ports: moved,
    model: { podSelector, serviceName: given.serviceName ?? defaults.name, serviceLabels: given.serviceLabels ?? podSelector },
  };
}

/**
 * The pod labels Genesys' own charts are seen to put, by component id: Genesys' sample deployment
 * scripts select Digital Channels pods with `servicename=nexus` and UCS-X pods with `service=ucsx`.
 * No labels are published for the GWS, WWE, UDM and UDM Gateway charts.
 */
export const CHART_POD_LABELS: { readonly [componentId: string]: { readonly [key: string]: string } } = {
  nexus: { servicename: 'nexus' },
  ucsx: { service: 'ucsx' },
};

/** A configuration value the library gives a workload, kept when the pods are deployed elsewhere. */
export interface ConfigurationValue {
  /** Environment variable name (or what the note is about). */
  readonly name: string;
  /** Plain value. @default - not a plain value */
  readonly value?: string;
  /** Secret holding the value. @default - not from a Secret */
  readonly secretName?: string;
  /** Key in that Secret. @default - not from a Secret */
  readonly secretKey?: string;
  /** Field of the pod the value comes from (downward API), e.g. `status.hostIP`. @default - none */
  readonly fieldPath?: string;
  /** What the chart must do that is not a value. @default - none */
  readonly note?: string;
}
