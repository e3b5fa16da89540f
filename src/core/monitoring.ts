import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { urlPath } from './checks';
import { Connection } from './connection';
import { Input, whole } from './input';
import { Labels } from '../shared';
import { Peer } from './peers';
import { HardenedWorkload } from './workload';

/** Props of a metrics scrape. */
export interface MetricsScrapeProps {
  /** The workload whose metrics are scraped. */
  readonly workload: HardenedWorkload;
  /** Name of the workload's metrics port. */
  readonly port: string;
  /** Prometheus. */
  readonly prometheus: Peer;
  /**
   * Also write a prometheus-operator ServiceMonitor.
   * @default true
   */
  readonly serviceMonitor?: boolean;
  /**
   * HTTP path of the metrics.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval in seconds.
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * Catalog rows (or an extension, `ext:<id>`) the scrape implements.
   * @default - none
   */
  readonly refs?: string[];
  /**
   * Why the scrape exists, required when `refs` names an extension.
   * @default - none
   */
  readonly reason?: string;
}

/**
 * Prometheus scraping as a connection like any other: an ingress rule from Prometheus to the
 * metrics pod port, and a ServiceMonitor (monitoring.coreos.com/v1) selecting the workload's Service.
 */
export class MetricsScrape extends Construct {
  /** The connection from Prometheus. */
  public readonly connection: Connection;

  public constructor(scope: Construct, id: string, props: MetricsScrapeProps) {
    super(scope, id);
    const input = Input.root(this, `metrics ${props.workload.name}`);
    const path = urlPath(input.at('path'), props.path) ?? '/metrics';
    const interval = whole(1, 3600)(input.at('intervalSeconds'), props.intervalSeconds) ?? 30;
    this.connection = Connection.declare(this, {
      source: props.prometheus,
      destination: props.workload.peer,
      port: props.port,
      refs: props.refs,
      reason: props.reason,
    });
    if (props.serviceMonitor ?? true) {
      // typed and validated by the prometheus-operator models; cdk8s has no class for the CRD. Loaded
      // here, not at the top: most apps write no ServiceMonitor and skip the ~100 ms it costs to load
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ServiceMonitor } = require('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor') as
        typeof import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor');
      const monitor = new ServiceMonitor({
        metadata: {
          name: props.workload.name,
          namespace: props.workload.namespace,
          labels: { ...props.workload.serviceLabels, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE },
        },
        spec: {
          selector: { matchLabels: { ...props.workload.serviceLabels } },
          namespaceSelector: { matchNames: [props.workload.namespace] },
          // a chart's Service names its ports its own way: scrape its pods' port by number
          endpoints: [{ ...scrapedPort(props.workload, props.port), path, interval: `${interval}s` }],
        },
      });
      monitor.validate();
      new ApiObject(this, 'service-monitor', monitor.toJSON() as any);
    }
  }
}

/** The port a ServiceMonitor scrapes: the Service port's name, or the pod port when the Service is not the library's. */
function scrapedPort(workload: HardenedWorkload, port: string): { port: string } | { targetPort: number } {
  const p = workload.deployedElsewhere ? workload.findPort(port) : undefined;
  return p ? { targetPort: p.targetPort ?? p.port } : { port };
}
