import { IConstruct } from 'constructs';
import { ConnectionCatalog, EndKind } from '../catalog';
import { Connection, Peer, PeerKind } from '../core';
import { compareText, isExtensionRef } from '../shared';

interface Entry {
  kind: string;
  service?: string;
  namespace?: string;
  labels?: { [key: string]: string };
  cidrs?: string[];
  ports: Set<number>;
}

/**
 * The peers file the verifier reads (`peers.json`, see docs/VERIFY.md): every peer outside the
 * app's workloads that a catalog row names, as its kind, the table it belongs to, where it is
 * (namespace and labels, or CIDRs) and the pod ports our policies name for it.
 */
export function peersFile(scope: IConstruct): any[] {
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
