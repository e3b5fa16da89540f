import { IConstruct } from 'constructs';
import { ConfigurationValue, HardenedWorkload } from '../core';
import { ClusterState, StateKey } from '../core/cluster';

/** What Genesys' sample values publish for the chart of a service (`GENESYS-REFERENCE`). @internal */
export interface ChartKeys {
  /** Genesys' chart for the service. */
  readonly chart: string;
  /** Where the samples put container environment, e.g. `["context", "env"]`. @default - none published */
  readonly envPath?: string[];
  /** The environment names the samples set there. @default - none */
  readonly envNames?: (name: string) => boolean;
  /** Keys the samples publish with the library's value for them. @default - none */
  readonly values?: { [key: string]: { readonly value: string; readonly from: string } };
}

/** A values file for one of Genesys' charts, for the components deployed with it. */
export interface ChartValuesFile {
  /** The chart, e.g. `gws-services`. */
  readonly chart: string;
  /** The service, e.g. `gws`. */
  readonly service: string;
  /** Namespace of the components. */
  readonly namespace: string;
  /**
   * Where the review outputs write it, relative to the manifests: `chart-values/<chart>.yaml` (a
   * folder of its own, so that `kubectl apply -f` of the manifests' folder never reads it).
   */
  readonly fileName: string;
  /** The values, YAML with comments. */
  readonly text: string;
}

interface Registered {
  readonly service: string;
  readonly namespace: string;
  readonly keys: ChartKeys;
  readonly components: Array<{ readonly id: string; readonly workload: HardenedWorkload }>;
}

const CHARTS = new StateKey<Registered[]>('chart-values', () => []);

/** Records the components of a service deployed elsewhere, for their chart's values. @internal */
export function registerChartValues(scope: IConstruct, entry: Registered): void {
  if (entry.components.length > 0) ClusterState.of(scope).get(CHARTS).push(entry);
}

/** The values for Genesys' charts of the components deployed elsewhere. */
export class ChartValues {
  /** One file per service of the cluster of `scope` with components deployed elsewhere. */
  public static of(scope: IConstruct): ChartValuesFile[] {
    return ClusterState.of(scope).get(CHARTS).map((r) => ({
      chart: r.keys.chart,
      service: r.service,
      namespace: r.namespace,
      fileName: `chart-values/${r.keys.chart}.yaml`,
      text: render(r),
    }));
  }

  private constructor() {}
}

function describe(v: ConfigurationValue): string {
  if (v.note !== undefined) return v.note;
  if (v.secretName !== undefined) return `from Secret ${v.secretName} key ${v.secretKey}`;
  if (v.fieldPath !== undefined) return `from the pod field ${v.fieldPath}`;
  return `= ${JSON.stringify(v.value)}`;
}

/** The values text: published keys with their value and origin, everything else as comments. */
function render(r: Registered): string {
  const ids = r.components.map((c) => c.id).join(', ');
  const out = [
    `# Values for Genesys' ${r.keys.chart} chart: ${r.service} components ${ids} in namespace ${r.namespace}.`,
    '# Written by cdk8s-genesys-cx, which writes the NetworkPolicies, entry points and scraping of these',
    '# components and none of their workloads: install the chart with its own ingress and NetworkPolicies',
    '# turned off. A key is written only where Genesys\' sample values publish it; every other value the',
    '# components need is a comment below, to set where your chart version takes it.',
  ];
  for (const [key, v] of Object.entries(r.keys.values ?? {})) out.push(`# ${v.from}`, `${key}: ${JSON.stringify(v.value)}`);
  // published environment names, when every component that needs one agrees on its value
  const byName = new Map<string, Array<{ id: string; value: ConfigurationValue }>>();
  for (const c of r.components) {
    for (const value of c.workload.configuration) {
      if (!byName.has(value.name)) byName.set(value.name, []);
      byName.get(value.name)!.push({ id: c.id, value });
    }
  }
  const published = new Set<string>();
  const env: string[] = [];
  for (const [name, uses] of byName) {
    const plain = uses.every((u) => u.value.value !== undefined && u.value.value === uses[0].value.value);
    if (!r.keys.envPath || !(r.keys.envNames?.(name) ?? false) || !plain) continue;
    published.add(name);
    env.push(`${indent(r.keys.envPath.length)}# for ${uses.map((u) => u.id).join(', ')}`, `${indent(r.keys.envPath.length)}${name}: ${JSON.stringify(uses[0].value.value)}`);
  }
  if (env.length > 0) {
    r.keys.envPath!.forEach((k, i) => out.push(`${indent(i)}${k}:`));
    out.push(...env);
  }
  for (const c of r.components) {
    const rest = c.workload.configuration.filter((v) => !published.has(v.name));
    if (rest.length === 0) continue;
    out.push(`# ${c.id} also needs (no published chart key):`);
    for (const v of rest) out.push(`#   ${v.name} ${describe(v)}`);
  }
  return `${out.join('\n')}\n`;
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}
