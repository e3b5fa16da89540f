import { IConstruct } from 'constructs';
import { CatalogConnection, CatalogExtensions, ConnectionCatalog, Direction, EndKind, PeerKindId } from '../catalog';
import { Connection, DataStore, Peer, PeerKind, StoreEngine } from '../core';
import { ClusterBoundary } from '../core/cluster';
import { isEntryConnection } from '../core/entry-point';
import { isExtensionRef, Labels, sortRefs } from '../shared';

/** How a catalog row stands in an app. */
export enum RowStatus {
  /** Connections in the app implement the row (policies written). */
  IMPLEMENTED = 'implemented',
  /** Neither end is a workload this library builds (e.g. the browser reaching GAuth): nothing to write. */
  OUTSIDE = 'outside',
  /** The service that owns the row is not in this app. */
  NOT_IN_APP = 'not-in-app',
  /** One end is in the app but no connection implements the row: a defect. */
  MISSING = 'missing',
}

/** One end of a row as implemented: workloads of the app or a peer. */
export interface ReportEnd {
  /** The catalog id (component id, group id or peer kind). */
  readonly id: string;
  /** The name the documentation uses. */
  readonly documented: string;
  /** `namespace/name` of the app's workloads at this end. */
  readonly workloads: string[];
  /** The peers at this end that are not workloads of the app (`namespace/name` or `external name`). */
  readonly peers: string[];
  /** Pod selector labels (workloads, or in-cluster peers). */
  readonly selectors: { [key: string]: string }[];
  /** CIDRs of external peers. */
  readonly cidrs: string[];
}

/** One connection of a row or extension, end to end, as the diagram draws it. */
export interface ReportPair {
  /** `namespace/name` of the source workload or in-cluster peer, or `external <name>`. */
  readonly source: string;
  /** `namespace/name` of the destination workload or in-cluster peer, or `external <name>`. */
  readonly destination: string;
  /** True when the source is a workload of the app. */
  readonly sourceInApp: boolean;
  /** True when the destination is outside the cluster (CIDR groups). */
  readonly destinationExternal: boolean;
  /** The pod ports of the connections between these two ends, ascending (what the diagram labels its edges with). */
  readonly podPorts: number[];
}

/** The end-to-end pairs of some connections. */
function pairsOf(connections: Connection[]): ReportPair[] {
  const out = new Map<string, ReportPair>();
  for (const c of connections) {
    const sources = c.sourceWorkloads.length > 0 ? c.sourceWorkloads : [c.source];
    const destinations = c.destinationWorkloads.length > 0 ? c.destinationWorkloads : [c.destination];
    for (const s of sources) {
      for (const d of destinations) {
        const key = `${s.describe()}>${d.describe()}`;
        const ports = new Set([...(out.get(key)?.podPorts ?? []), ...(c.podPort > 0 ? [c.podPort] : [])]);
        out.set(key, {
          source: s.describe(),
          destination: d.describe(),
          sourceInApp: c.sourceWorkloads.length > 0,
          destinationExternal: d.kind === PeerKind.EXTERNAL,
          podPorts: [...ports].sort((a, b) => a - b),
        });
      }
    }
  }
  return [...out.values()];
}

/** What implements a row or an extension: its ends, ports, policies and connections. */
export interface ReportImplementation {
  /** The source end. */
  readonly source: ReportEnd;
  /** The destination end. */
  readonly destination: ReportEnd;
  /** Service ports dialled. */
  readonly servicePorts: number[];
  /** Pod ports the policies name. */
  readonly podPorts: number[];
  /** `namespace/name` of the NetworkPolicies implementing it. */
  readonly policies: string[];
  /** The implementing connections end to end. */
  readonly pairs: ReportPair[];
}

/** One catalog row and what implements it. */
export interface ReportRow extends ReportImplementation {
  /** The catalog row. */
  readonly row: CatalogConnection;
  /** Status in this app. */
  readonly status: RowStatus;
}

/** Ports, policies and pairs of the connections that implement something. */
function implementedBy(connections: Connection[]): Pick<ReportImplementation, 'servicePorts' | 'podPorts' | 'policies' | 'pairs'> {
  return {
    servicePorts: [...new Set(connections.map((c) => c.port?.port ?? 0).filter((p) => p > 0))].sort((a, b) => a - b),
    podPorts: [...new Set(connections.map((c) => c.podPort).filter((p) => p > 0))].sort((a, b) => a - b),
    policies: unique(connections.flatMap((c) => c.policies)),
    pairs: pairsOf(connections),
  };
}

function endOf(documentedId: string, documented: string, peers: Peer[], workloads: Peer[]): ReportEnd {
  const selectors: { [key: string]: string }[] = [];
  const seen = new Set<string>();
  for (const p of [...workloads, ...peers.filter((x) => x.kind === PeerKind.CLUSTER)]) {
    const key = JSON.stringify(p.spec.labels ?? {});
    if (!seen.has(key)) {
      seen.add(key);
      selectors.push({ ...(p.spec.labels ?? {}) });
    }
  }
  return {
    id: documentedId,
    documented,
    workloads: unique(workloads.map((w) => `${w.namespace}/${w.name}`)),
    peers: unique(peers.map((p) => p.describe())),
    selectors,
    cidrs: unique(peers.flatMap((p) => (p.spec.cidrGroups ?? []).flatMap((g) => g.cidrs ?? []))),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

const ENTRY_SOURCES = new Set<string>([PeerKindId.BROWSER, PeerKindId.ASYNC_API_CLIENT, PeerKindId.GENESYS_WIDGETS]);

/**
 * Maps every catalog row to the connections of an app that implement it: by catalog reference,
 * and for browser rows by the entry-point connection (from a gateway or an ingress controller) that reaches the row's destination.
 */
export function reportRows(scope: IConstruct): ReportRow[] {
  const connections = Connection.all(scope);
  const byRef = new Map<string, Connection[]>();
  for (const c of connections) {
    for (const ref of c.refs) {
      const list = byRef.get(ref) ?? [];
      list.push(c);
      byRef.set(ref, list);
    }
  }
  const present = new Set<string>();
  for (const c of connections) {
    for (const w of [...c.sourceWorkloads, ...c.destinationWorkloads]) {
      const name = w.spec.labels?.[Labels.NAME];
      if (name) present.add(name);
    }
  }
  const services = new Set<string>();
  for (const c of connections) for (const ref of c.refs) services.add(ref.split('#')[0]);

  return ConnectionCatalog.all().map((row) => {
    let implementing = byRef.get(row.ref) ?? [];
    if (implementing.length === 0 && ENTRY_SOURCES.has(row.source.id) && row.destination.kind === EndKind.COMPONENT) {
      // the browser reaches a component through the ingress controller of its entry point
      implementing = connections.filter((c) => isEntryConnection(scope, c)
        && c.refs.some((r) => !isExtensionRef(r))
        && c.destinationWorkloads.some((w) => w.spec.labels?.[Labels.NAME] === row.destination.id));
    }
    const sourceWorkloads = implementing.flatMap((c) => c.sourceWorkloads);
    const destinationWorkloads = implementing.flatMap((c) => c.destinationWorkloads);
    const sourcePeers = implementing.filter((c) => c.sourceWorkloads.length === 0).map((c) => c.source);
    const destinationPeers = implementing.filter((c) => c.destinationWorkloads.length === 0).map((c) => c.destination);
    const endsInApp = [row.source, row.destination].some((e) => e.components.some((id) => present.has(id)));
    let status: RowStatus;
    if (implementing.length > 0) status = RowStatus.IMPLEMENTED;
    else if (row.source.kind === EndKind.PEER && row.destination.kind === EndKind.PEER) status = RowStatus.OUTSIDE;
    else if (row.direction === Direction.NEITHER && !endsInApp) status = RowStatus.OUTSIDE;
    else if (!services.has(row.service) && !endsInApp) status = RowStatus.NOT_IN_APP;
    else status = RowStatus.MISSING;
    return {
      row,
      status,
      source: endOf(row.source.id, row.source.documented, sourcePeers, sourceWorkloads),
      destination: endOf(row.destination.id, row.destination.documented, destinationPeers, destinationWorkloads),
      ...implementedBy(implementing),
    };
  });
}

/** A declared extension (an opening beyond the tables) and what implements it. */
export interface ReportExtension extends ReportImplementation {
  /** `ext:<id>`. */
  readonly ref: string;
  /** Why it exists. */
  readonly reason: string;
  /** The option that turns it on. @default - none: declared by the app */
  readonly option?: string;
}

/** Every extension the connections of the cluster of `scope` implement, sorted by reference. */
export function reportExtensions(scope: IConstruct): ReportExtension[] {
  const byRef = new Map<string, Connection[]>();
  for (const c of Connection.all(scope)) {
    for (const ref of c.refs.filter(isExtensionRef)) byRef.set(ref, [...(byRef.get(ref) ?? []), c]);
  }
  return sortRefs([...byRef.keys()]).map((ref) => {
    const connections = byRef.get(ref)!;
    const known = CatalogExtensions.has(ref) ? CatalogExtensions.get(ref) : undefined;
    const first = connections[0];
    const end = (pick: 'source' | 'destination') => {
      const workloads = connections.flatMap((c) => (pick === 'source' ? c.sourceWorkloads : c.destinationWorkloads));
      const peers = connections.filter((c) => (pick === 'source' ? c.sourceWorkloads : c.destinationWorkloads).length === 0).map((c) => c[pick]);
      const catalogEnd = known?.[pick];
      return endOf(catalogEnd?.id ?? first[pick].name, catalogEnd?.documented ?? first[pick].name, peers, workloads);
    };
    return {
      ref,
      reason: known?.reason ?? first.reason ?? '',
      option: known?.option,
      source: end('source'),
      destination: end('destination'),
      ...implementedBy(connections),
    };
  });
}

/** The embedded development stores of the cluster of `scope`, one line each, with what is special about them. */
export function developmentObjects(scope: IConstruct): string[] {
  const root = ClusterBoundary.of(scope);
  return root.node.findAll()
    .filter((c): c is DataStore => c instanceof DataStore && c.embedded && ClusterBoundary.of(c) === root)
    .map((store) => {
      const w = store.workload!;
      const note = store.engine === StoreEngine.CONSUL
        ? ': Consul runs with `-dev` and listens on every address of its pod (its NetworkPolicy still admits only the documented GWS clients)'
        : '';
      return `\`${w.namespace}/${w.name}\` (${store.engine})${note}`;
    });
}
