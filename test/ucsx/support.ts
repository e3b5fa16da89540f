import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { Labels } from '../../src';

/** What a synthesized app wrote: every object and the folder. */
export interface Written {
  readonly objects: any[];
  readonly dir: string;
}

/** A chart in a fresh app writing to a fresh temporary folder. */
export function newChart(): { app: App; chart: Chart; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucsx-test-'));
  const app = new App({ outdir: dir });
  const chart = new Chart(app, 'ucsx-test', { disableResourceNameHashes: true });
  return { app, chart, dir };
}

/** Builds into a chart, synthesizes, and parses every YAML document written. */
export function synth(build: (chart: Chart) => void): Written {
  const { app, chart, dir } = newChart();
  build(chart);
  app.synth();
  const objects: any[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const value = doc.toJS();
      if (value) objects.push(value);
    }
  }
  return { objects, dir };
}

/** Synthesis must fail and write nothing; returns the error message. */
export function synthError(build: (chart: Chart) => void): string {
  const { app, chart, dir } = newChart();
  let message: string | undefined;
  try {
    build(chart);
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  if (message === undefined) throw new Error('expected synthesis to fail, but it succeeded');
  const written = fs.readdirSync(dir);
  if (written.length > 0) throw new Error(`synthesis failed but wrote ${written.join(', ')}`);
  return message;
}

/** The one object of a kind, name and namespace. */
export function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name
    && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0];
}

/** Objects of a kind. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** The main container of a Deployment or StatefulSet. */
export function mainContainer(workload: any): any {
  return workload.spec.template.spec.containers[0];
}

/** The environment of the main container as name -> value (secret references as `secret:<name>/<key>`). */
export function envOf(workload: any): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const e of mainContainer(workload).env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    out[e.name] = ref ? `secret:${ref.name}/${ref.key}` : e.value;
  }
  return out;
}

/** One end of a NetworkPolicy rule, as the tests name it. */
export interface End {
  /** Namespace of in-cluster pods. */
  readonly namespace?: string;
  /** Pod labels. */
  readonly labels?: { [key: string]: string };
  /** CIDR of an external end. */
  readonly cidr?: string;
}

/** A canonical Genesys component in a namespace. */
export function component(id: string, service: string, namespace: string, instance?: string): End {
  return { namespace, labels: Labels.selector(id, service, instance) };
}

function sorted(labels: { [key: string]: string }): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** `namespace labels` or `cidr x`. */
export function endKey(end: End): string {
  return end.cidr !== undefined ? `cidr ${end.cidr}` : `${end.namespace} ${sorted(end.labels ?? {})}`;
}

function policyPeerKey(peer: any, policyNamespace: string): string {
  if (peer.ipBlock) {
    return peer.ipBlock.except ? `cidr ${peer.ipBlock.cidr} except ${peer.ipBlock.except.join(',')}` : `cidr ${peer.ipBlock.cidr}`;
  }
  if (!peer.podSelector) return 'ANY-POD';
  const ns = peer.namespaceSelector ? peer.namespaceSelector.matchLabels?.[Labels.NAMESPACE_NAME] ?? 'ANY-NAMESPACE' : policyNamespace;
  return `${ns} ${sorted(peer.podSelector.matchLabels ?? {})}`;
}

/**
 * The (peer, pod port) pairs a workload's ingress or egress NetworkPolicy allows, as
 * `<peer key>:<port>/<protocol>`; a rule without peers or ports shows as ANY.
 */
export function allowed(objects: any[], workloadName: string, namespace: string, direction: 'ingress' | 'egress'): string[] {
  const policy = find(objects, 'NetworkPolicy', `${workloadName}-${direction}`, namespace);
  const out = new Set<string>();
  for (const rule of policy.spec[direction] ?? []) {
    const peers: any[] = rule[direction === 'ingress' ? 'from' : 'to'] ?? [];
    const ports: any[] = rule.ports ?? [];
    const peerKeys = peers.length > 0 ? peers.map((p) => policyPeerKey(p, namespace)) : ['ANY'];
    const portKeys = ports.length > 0 ? ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`) : ['ANY'];
    for (const pk of peerKeys) for (const port of portKeys) out.add(`${pk}:${port}`);
  }
  return [...out].sort();
}

/** The catalog references a policy's annotation lists. */
export function refsOf(objects: any[], policyName: string, namespace: string): string[] {
  const policy = find(objects, 'NetworkPolicy', policyName, namespace);
  const text: string = policy.metadata.annotations?.['genesys.cdk8s.io/implements'] ?? '';
  return text === '' ? [] : text.split(', ');
}
