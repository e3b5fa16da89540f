// Components whose pods are deployed elsewhere (Genesys' own Helm charts): the manifests hold their
// policies, routes and scraping but not their pods, so the output describes them in the ConfigMap
// `genesys-cx-peers` of their namespace (key `workloads.json`). Each becomes an endpoint of the
// analysis with exactly the labels the description gives, plus its chart's Service. Internal.
import { dns1035Problem, labelValueProblem, qualifiedNameProblem } from './api-server';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { asNumber, groupOf, stringMap } from './objects';
import { CompiledPolicy } from './policies';
import { selectorMatches } from './selector';
import { ConnectionCatalog } from '../catalog/catalog';
import { EndKind } from '../catalog/model';
import { Labels } from '../shared';

/** Name of the ConfigMap that carries the description, and its key. */
const CONFIG_MAP = 'genesys-cx-peers';
export const DESCRIBED_WORKLOADS_KEY = 'workloads.json';
const KEY = DESCRIBED_WORKLOADS_KEY;

/** One component deployed elsewhere, as its description gives it. */
export interface DescribedWorkload {
  /** Component id (a catalog component). */
  readonly component: string;
  /** Namespace of the pods (the ConfigMap's). */
  readonly namespace: string;
  /** Labels that select the pods. */
  readonly podSelector: { [key: string]: string };
  /** Name of the chart's Service. */
  readonly serviceName: string;
  /** The Service's ports. */
  readonly ports: Array<{ name: string; port: number; targetPort: number; protocol: string }>;
}

/** The kind of the endpoint a described workload becomes. */
export const DESCRIBED_KIND = 'DeployedElsewhere';


let knownComponents: Set<string> | undefined;

/** Every component id a catalog row names. */
function components(): Set<string> {
  if (!knownComponents) {
    knownComponents = new Set(ConnectionCatalog.all()
      .flatMap((r) => [r.source, r.destination])
      .filter((e) => e.kind === EndKind.COMPONENT || e.kind === EndKind.COMPONENT_GROUP)
      .flatMap((e) => e.components));
  }
  return knownComponents;
}

/** The descriptions of the manifests, and a finding for each one that breaks the format (not used then). */
export function readDescribedWorkloads(objects: any[], defaultNamespace: string): { workloads: DescribedWorkload[]; findings: CheckFinding[] } {
  const workloads: DescribedWorkload[] = [];
  const findings: CheckFinding[] = [];
  for (const object of objects) {
    if (object?.kind !== 'ConfigMap' || groupOf(object.apiVersion) !== '' || object.metadata?.name !== CONFIG_MAP) continue;
    if (object.metadata?.labels?.[Labels.MANAGED_BY] !== Labels.MANAGED_BY_VALUE) continue;
    const text = object.data?.[KEY];
    if (text === undefined) continue;
    const namespace = object.metadata?.namespace ?? defaultNamespace;
    const fail = (message: string, path = `data["${KEY}"]`) => findings.push(finding('deployed-elsewhere', FindingSeverity.ERROR, object, message, path));
    let entries: unknown;
    try {
      entries = JSON.parse(String(text));
    } catch (e) {
      fail(`is not JSON (${(e as Error).message}): write it as cdk8s-genesys-cx does, a list of { component, namespace, podSelector, serviceName, ports }`);
      continue;
    }
    if (!Array.isArray(entries)) {
      fail('is not a list (give a list of { component, namespace, podSelector, serviceName, ports })');
      continue;
    }
    entries.forEach((entry, i) => {
      const problem = entryProblem(entry, namespace);
      if (problem) fail(problem, `data["${KEY}"][${i}]`);
      else workloads.push(entry as DescribedWorkload);
    });
  }
  return { workloads, findings };
}

/** What is wrong with one entry, or undefined. */
function entryProblem(entry: any, namespace: string): string | undefined {
  if (entry === null || typeof entry !== 'object') return 'is not an object';
  if (!components().has(entry.component)) return `component ${JSON.stringify(entry.component)} is not a component of the catalog`;
  if (entry.namespace !== namespace) return `namespace ${JSON.stringify(entry.namespace)} is not the ConfigMap's (${namespace}): a description describes its own namespace only`;
  const selector = entry.podSelector;
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector) || Object.keys(selector).length === 0) {
    return 'podSelector is not a non-empty map of labels (an empty one would select every pod of the namespace)';
  }
  for (const [k, v] of Object.entries(selector)) {
    const problem = qualifiedNameProblem(k) ?? labelValueProblem(v);
    if (problem) return `podSelector ${JSON.stringify(k)}: ${JSON.stringify(v)} is not a label (${problem})`;
  }
  const name = dns1035Problem(entry.serviceName);
  if (name) return `serviceName ${JSON.stringify(entry.serviceName)} ${name}`;
  if (!Array.isArray(entry.ports) || entry.ports.length === 0) return 'ports is not a non-empty list';
  for (const p of entry.ports) {
    const ok = p && typeof p.name === 'string' && [p.port, p.targetPort].every((n) => Number.isInteger(n) && n >= 1 && n <= 65535)
      && ['TCP', 'UDP', 'SCTP'].includes(p.protocol);
    if (!ok) return `port ${JSON.stringify(p)} is not { name, port, targetPort, protocol } with ports from 1 to 65535`;
  }
  return undefined;
}

/** The Service a chart creates for a described workload, as the manifests would hold it. */
export function describedService(w: DescribedWorkload): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: w.serviceName, namespace: w.namespace },
    spec: {
      selector: { ...w.podSelector },
      ports: w.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol })),
    },
  };
}

/**
 * A NetworkPolicy that implements rows for a described workload selects only its pods: its
 * podSelector keeps every label of the description (a policy that drops one, or selects with
 * expressions only, admits or lets out pods the description does not name).
 */
export function widenedPolicies(policies: readonly CompiledPolicy[], described: readonly DescribedWorkload[]): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const w of described) {
    for (const policy of policies) {
      const object = policy.object;
      if (policy.namespace !== w.namespace || !object?.metadata?.annotations?.['genesys.cdk8s.io/implements']) continue;
      if (!selectorMatches(policy.podSelector, w.podSelector)) continue;
      const match = stringMap(object.spec?.podSelector?.matchLabels);
      const kept = Object.entries(w.podSelector).every(([k, v]) => match[k] === v);
      if (!kept) {
        out.push(finding('deployed-elsewhere', FindingSeverity.ERROR, object,
          `selects more than the pods of ${w.component} (deployed elsewhere, selected by ${Object.entries(w.podSelector).map(([k, v]) => `${k}=${v}`).join(',')}): keep every label of its podSelector in matchLabels`,
          'spec.podSelector'));
      }
    }
  }
  return out;
}

/** A described workload's pod ports, as the analysis reads container ports. */
export function describedPorts(w: DescribedWorkload): Array<{ name: string; port: number; protocol: string }> {
  const seen = new Set<string>();
  return w.ports
    .map((p) => ({ name: p.name, port: asNumber(p.targetPort) ?? 0, protocol: p.protocol }))
    .filter((p) => !seen.has(`${p.port}/${p.protocol}`) && seen.add(`${p.port}/${p.protocol}`));
}
