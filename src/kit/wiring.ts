import { Construct } from 'constructs';
import { CatalogConnection, ConnectionCatalog, ConnectionEnd, EndKind } from '../catalog';
import { Connection, HardenedWorkload, Peer, warnAtSynth } from '../core';
import { Input } from '../core/input';

/**
 * How a source learns where a destination is: called once per (source workload, connection) with
 * the index of the destination among the end's peers (several tenant databases, several webhooks).
 */
export type Address = (source: HardenedWorkload, connection: Connection, index: number) => void;

/** What one end of a catalog row stands for in a service construct. */
export interface Binding {
  /** The peers at this end (workloads of the app or peers outside it); empty: unwired by configuration. */
  readonly peers: Peer[];
  /** Our workloads among them, by peer (their configuration is written when they are the source). @default - none */
  readonly workloads?: Map<Peer, HardenedWorkload>;
  /** Port name on the destination, instead of the row's. @default - the row's `portName` */
  readonly port?: string;
  /** How a source learns the destination's address (destination bindings). @default - nothing written */
  readonly address?: Address;
  /** Why nothing is declared for this end: the row is implemented elsewhere or left unwired. @default - none */
  readonly note?: string;
  /** True when the row is implemented elsewhere (an entry point, a configuration file, nothing in the cluster). @default false */
  readonly elsewhere?: boolean;
  /** Members of a group end left unwired, with the reason (e.g. a disabled platform service). @default - none */
  readonly unwiredMembers?: Array<[string, string]>;
}

/** Standard bindings. */
export class Bind {
  /** Our workloads. */
  public static workloads(...workloads: HardenedWorkload[]): Binding {
    return { peers: workloads.map((w) => w.peer), workloads: new Map(workloads.map((w) => [w.peer, w])) };
  }

  /** A peer outside the app (another Genesys service, an external endpoint) or a store. */
  public static peer(peer: Peer, address?: Address, port?: string): Binding {
    return { peers: [peer], address, port };
  }

  /** Several peers (tenant databases, webhooks); none leaves the row unwired with `note`. */
  public static peers(peers: Peer[], note: string, address?: Address): Binding {
    return { peers, address, note };
  }

  /** Implemented elsewhere: an entry point, a configuration file, or nothing in the cluster. */
  public static elsewhere(note: string): Binding {
    return { peers: [], note, elsewhere: true };
  }

  /** Left unwired by the configuration (a warning at synth says so). */
  public static unwired(note: string): Binding {
    return { peers: [], note };
  }

  private constructor() {}
}

/** Bindings of a service's table: by end id, with per-row overrides. */
export interface TableBindings {
  /** By end id: a component id, a group id or a peer kind. */
  readonly ends: Map<string, Binding>;
  /** Per row reference, overriding the end bindings of that row. @default - none */
  readonly rows?: Map<string, { readonly source?: Binding; readonly destination?: Binding }>;
}

/**
 * The one loop that wires a service's table: for every row, the connection from each source to each
 * destination (both NetworkPolicy sides, the Service port, the address in the source's
 * configuration), with the row's reference. A row end with no binding is reported at synth; a row
 * left unwired by configuration is a warning.
 */
export function wireTable(scope: Construct, input: Input, service: string, bindings: TableBindings): Map<string, Connection[]> {
  const out = new Map<string, Connection[]>();
  for (const row of ConnectionCatalog.forService(service)) {
    const override = bindings.rows?.get(row.ref);
    const source = override?.source ?? bind(bindings, row.source);
    const destination = override?.destination ?? bind(bindings, row.destination);
    // a row implemented elsewhere (an entry point, a configuration file) needs no binding at its other end
    if (source?.elsewhere || destination?.elsewhere) continue;
    const missing = [source === undefined ? row.source : undefined, destination === undefined ? row.destination : undefined].filter((e) => e);
    if (missing.length > 0) {
      input.report(`${row.ref} has no target for ${missing.map((e) => describe(e!)).join(' and ')} (a catalog row was added without wiring: bind it in the service construct)`);
      continue;
    }
    if (source!.peers.length === 0 || destination!.peers.length === 0) {
      const note = source!.peers.length === 0 ? source!.note : destination!.note;
      warnAtSynth(scope, `${row.ref} (${row.source.documented} -> ${row.destination.documented}) is left unwired: ${note ?? 'nothing configured'}`);
      continue;
    }
    for (const [member, note] of [...(source!.unwiredMembers ?? []), ...(destination!.unwiredMembers ?? [])]) {
      warnAtSynth(scope, `${row.ref} (${row.source.documented} -> ${row.destination.documented}) is left unwired for ${member}: ${note}`);
    }
    out.set(row.ref, declareRow(scope, row, source!, destination!));
  }
  return out;
}

function declareRow(scope: Construct, row: CatalogConnection, source: Binding, destination: Binding): Connection[] {
  const connections: Connection[] = [];
  for (const s of source.peers) {
    destination.peers.forEach((d, i) => {
      const c = Connection.declare(scope, { source: s, destination: d, port: destination.port ?? row.portName, refs: [row.ref] });
      connections.push(c);
      const workload = source.workloads?.get(s);
      if (workload && destination.address) destination.address(workload, c, i);
    });
  }
  return connections;
}

/** The binding of an end: its own, or for a group the union of its members' workloads. */
function bind(bindings: TableBindings, end: ConnectionEnd): Binding | undefined {
  const direct = bindings.ends.get(end.id);
  if (direct || end.kind !== EndKind.COMPONENT_GROUP) return direct;
  const members = end.components.map((id) => bindings.ends.get(id));
  if (members.some((m) => m === undefined)) return undefined;
  const workloads = new Map<Peer, HardenedWorkload>();
  const addresses = new Map<Peer, Address>();
  for (const m of members) {
    for (const [p, w] of m!.workloads ?? []) workloads.set(p, w);
    for (const p of m!.peers) if (m!.address) addresses.set(p, m!.address);
  }
  // each member keeps its own address (the proxy gets one URL per platform service)
  const address: Address = (source, c, i) => addresses.get(c.destination)?.(source, c, i);
  const unwiredMembers = end.components
    .map((id, i): [string, string | undefined] => [id, members[i]!.peers.length === 0 ? members[i]!.note : undefined])
    .filter((m): m is [string, string] => m[1] !== undefined);
  return { peers: members.flatMap((m) => m!.peers), workloads, address, note: members.find((m) => m!.note)?.note, unwiredMembers };
}

function describe(end: ConnectionEnd): string {
  return `${end.kind === EndKind.PEER ? 'peer' : 'component'} ${JSON.stringify(end.id)} (${end.documented})`;
}
