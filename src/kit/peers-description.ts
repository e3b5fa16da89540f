import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ConnectionCatalog, EndKind } from '../catalog';
import { Connection, Peer, PeerKind } from '../core';
import { ClusterState, StateKey } from '../core/cluster';
import { clusterWorkloads } from '../core/workload';
import { Annotations, compareText, isExtensionRef, Labels } from '../shared';

/** Name of the ConfigMap that describes, in each namespace, the peers outside the manifests. */
export const PEERS_CONFIG_MAP = 'genesys-cx-peers';
/** Its key holding the entries (the format of `peers.json`). */
export const PEERS_KEY = 'peers.json';
/** Its key describing the components of the namespace deployed elsewhere (docs/VERIFY.md). */
export const WORKLOADS_KEY = 'workloads.json';

interface Entry {
  kind: string;
  service?: string;
  namespace?: string;
  labels?: { [key: string]: string };
  cidrs?: string[];
  ports: Set<number>;
}

/**
 * The peers description the verifier reads (docs/VERIFY.md): every peer outside the app's workloads
 * that a catalog row names, as its kind, the table it belongs to, where it is (namespace and labels,
 * or CIDRs) and the pod ports our policies name for it. With `namespace`, only the peers of the
 * workloads in that namespace.
 */
export function peersFile(scope: IConstruct, namespace?: string): any[] {
  const entries = new Map<string, Entry>();
  const add = (kind: string, service: string | undefined, peer: Peer, port: number | undefined) => {
    const spec = peer.spec;
    const where = spec.kind === PeerKind.EXTERNAL
      ? { cidrs: (spec.cidrGroups ?? []).flatMap((g) => g.cidrs ?? []) }
      : { namespace: spec.namespace, labels: spec.labels ?? {} };
    const key = JSON.stringify({ kind, service, ...where });
    let entry = entries.get(key);
    if (!entry) {
      entry = { kind, service, ...where, ports: new Set() };
      entries.set(key, entry);
    }
    if (port !== undefined && port > 0) entry.ports.add(port);
  };
  for (const c of Connection.all(scope)) {
    const ours = [...c.sourceWorkloads, ...c.destinationWorkloads];
    if (namespace !== undefined && !ours.some((w) => w.namespace === namespace)) continue;
    for (const ref of c.refs) {
      if (isExtensionRef(ref)) {
        // an extension's peers outside the app, so the verifier can list the flows it allows
        if (c.sourceWorkloads.length === 0) add(ref, undefined, c.source, undefined);
        if (c.destinationWorkloads.length === 0) add(ref, undefined, c.destination, c.podPort);
        continue;
      }
      if (!ConnectionCatalog.has(ref)) continue;
      const row = ConnectionCatalog.get(ref);
      if (c.sourceWorkloads.length === 0 && row.source.kind === EndKind.PEER) add(row.source.id, row.service, c.source, undefined);
      // a port only where it differs from the row's own (the verifier tests the row's port otherwise)
      const port = c.podPort !== row.servicePort ? c.podPort : undefined;
      if (c.destinationWorkloads.length === 0 && row.destination.kind === EndKind.PEER) add(row.destination.id, row.service, c.destination, port);
      // the reply half of an Ingress/Egress row (nexus#1: Digital Channels to the async API clients'
      // endpoints): the row's source peer, reached from the row's destination
      const replyHalf = c.destinationWorkloads.length === 0 && c.sourceWorkloads.length > 0;
      if (replyHalf && row.source.kind === EndKind.PEER && row.destination.kind !== EndKind.PEER) {
        add(row.source.id, row.service, c.destination, c.podPort);
      }
    }
  }
  return [...entries.values()]
    .map((e) => ({
      kind: e.kind,
      ...(e.service !== undefined ? { service: e.service } : {}),
      ...(e.cidrs ? { cidrs: e.cidrs } : { namespace: e.namespace, labels: e.labels }),
      ...(e.ports.size > 0 ? { ports: [...e.ports].sort((a, b) => a - b) } : {}),
    }))
    .map((e) => ({ key: JSON.stringify(e), e }))
    .sort((a, b) => compareText(a.key, b.key))
    .map((x) => x.e);
}

/**
 * The components of a namespace whose pods are deployed elsewhere, as the verifier reads them: the
 * component id, the labels that select the pods, and the chart's Service with its ports.
 */
export function elsewhereWorkloads(scope: IConstruct, namespace: string): any[] {
  return clusterWorkloads(scope)
    .map((e) => e.workload)
    .filter((w) => w.deployedElsewhere && w.namespace === namespace)
    .map((w) => ({
      component: w.id,
      namespace: w.namespace,
      podSelector: w.selectorLabels,
      serviceName: w.name,
      ports: w.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
    }));
}

/** The namespaces of a cluster that carry a peers description. */
const DESCRIBED = new StateKey<Set<string>>('peers-descriptions', () => new Set());

/**
 * Writes, once per namespace of a cluster, the ConfigMap `genesys-cx-peers` whose `peers.json` lists
 * the peers of that namespace's workloads: the output describes them itself, so plain `cdk8s synth`
 * output is verified as fully as PlatformSynth's. Its content is derived when the app is synthesized.
 */
export function describePeers(scope: Construct, namespace: string): void {
  const described = ClusterState.of(scope).get(DESCRIBED);
  if (described.has(namespace)) return;
  described.add(namespace);
  new kplus.k8s.KubeConfigMap(scope, `peers-${namespace}`, {
    metadata: {
      name: PEERS_CONFIG_MAP,
      namespace,
      labels: { [Labels.PART_OF]: Labels.PART_OF_VALUE, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE },
      annotations: { [Annotations.NOTE]: 'the peers outside these manifests that the policies of this namespace name, for cdk8s-genesys-cx verify' },
    },
    data: Lazy.any({
      produce: () => {
        const elsewhere = elsewhereWorkloads(scope, namespace);
        return {
          [PEERS_KEY]: `${JSON.stringify(peersFile(scope, namespace), null, 2)}\n`,
          ...(elsewhere.length > 0 ? { [WORKLOADS_KEY]: `${JSON.stringify(elsewhere, null, 2)}\n` } : {}),
        };
      },
    }),
  });
}
