import { Chart } from 'cdk8s';
import { Labels } from '../../src';
import { chartSynthesisFailure, containerEnv, find, mainContainer, ofKind, Synthesized, synthesizeChart } from '../support/synth';

export { find, mainContainer, ofKind };

/** The environment of a workload's main container (Secret references as `secret:<name>/<key>`). */
export function envOf(workload: any): { [name: string]: string } {
  return containerEnv(mainContainer(workload));
}

/** What a synthesized app wrote: every object and the folder. */
export type Written = Synthesized;

/** Builds into a chart, synthesizes, and parses every YAML document written. */
export function synth(build: (chart: Chart) => void): Written {
  return synthesizeChart(build, 'ucsx-test');
}

/** Synthesis must fail and write nothing; returns the error message. */
export function synthError(build: (chart: Chart) => void): string {
  const { message, written } = chartSynthesisFailure(build, 'ucsx-test');
  if (written.length > 0) throw new Error(`synthesis failed but wrote ${written.join(', ')}`);
  return message;
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
