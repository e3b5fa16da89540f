// What one manifest set allows, in names that survive a regeneration: the catalog rows (status,
// ports, the flows each documents), every allowed flow with what declares it (rows, extensions, or
// nothing), the address ranges ipBlocks admit per workload and port, the entry points, the stores
// and the objects. Built with the verifier's own analysis, so `diff` and `verify` agree.
import { entryPointsOf } from './entry-points';
import { ConnectionCatalog } from '../catalog/catalog';
import { EndKind, PeerKindId } from '../catalog/model';
import { Labels, DefaultLocations, isExtensionRef, sortRefs, compareText } from '../shared';
import { AddressRange, cidrHasAddress, mergeRanges, ParsedCidr, parseAddress, rangeOf, subtractRanges } from '../shared/net';
import { Analysis } from '../verify/analysis';
import { ReachabilityEndpoint } from '../verify/cluster';
import { DocumentedFlows } from '../verify/documented';
import { AllowedFlow } from '../verify/flows';
import { ManifestSet } from '../verify/manifests';
import { asNumber, groupOf, identityOf, protocolOf } from '../verify/objects';
import { addStrangers, findOpenings } from '../verify/openings';
import { VerifyOptions } from '../verify/options';
import { controllerLocation, PeerPlaces } from '../verify/peer-places';
import { peersOfSet } from '../verify/peer-sources';
import { VerifyPeer } from '../verify/peers-file';
import { CompiledPolicy } from '../verify/policies';
import { EndResolver } from '../verify/row-ends';
import { RowChecker } from '../verify/rows';

const DNS_PORT = 53;

/** Peer kinds that are data stores (switched between an external service and a development copy). */
export const STORE_KINDS: string[] = [
  PeerKindId.POSTGRESQL, PeerKindId.REDIS, PeerKindId.ELASTICSEARCH, PeerKindId.CONSUL,
  PeerKindId.UDM_MASTER_DB, PeerKindId.UCSX_MASTER_DB, PeerKindId.UCSX_TENANT_DB,
];

/** A catalog row as the verifier judged it in one set. */
export interface RowState {
  /** The row (`gws#9`). */
  readonly ref: string;
  /** The row's source id. */
  readonly source: string;
  /** The row's destination id. */
  readonly destination: string;
  /** PASS, FAIL or SKIP. */
  readonly status: string;
  /** The Service ports tested (or `-`). */
  readonly ports: string;
  /** The flows the row documents, as stable flow names. */
  readonly flows: string[];
}

/** How one allowed flow is declared. */
export interface FlowState {
  /** Stable name: `source -> destination port/protocol`. */
  readonly flow: string;
  /** The rows that document it. */
  readonly rows: string[];
  /** The extensions (`ext:<id>`) that declare it. */
  readonly extensions: string[];
}

/** The addresses the ipBlocks of one workload admit in one direction on one port. */
export interface RangeState {
  /** `<workload> egress TCP/5432` (or `any port`). */
  readonly key: string;
  /** The admitted addresses, merged. */
  readonly ranges: AddressRange[];
  /** The refs of the policies the blocks are in. */
  readonly refs: string[];
}

/** Where a store a row reaches lives. */
export enum StorePlace {
  /** An embedded store, a workload of the manifests. */
  DEVELOPMENT = 'development (in the manifests)',
  /** A managed store, reached by address. */
  EXTERNAL = 'external (addresses)',
  /** A store in another namespace of the cluster. */
  IN_CLUSTER = 'in-cluster peer',
}

/** One manifest set, as `diff` compares it. */
export interface SetSnapshot {
  /** The set's folder name. */
  readonly name: string;
  /** The catalog rows the verifier judged, by ref. */
  readonly rows: Map<string, RowState>;
  /** Every allowed flow, by stable name. */
  readonly flows: Map<string, FlowState>;
  /** The addresses ipBlocks admit, by workload, direction and port. */
  readonly ranges: Map<string, RangeState>;
  /** The entry points, one line each. */
  readonly entryPoints: Set<string>;
  /** `<store kind> (<table>)` → where it is. */
  readonly stores: Map<string, string>;
  /** identity → object. */
  readonly objects: Map<string, any>;
}

/** A stable name for an endpoint: the workload key; pods outside by namespace and labels; addresses as themselves. */
export function stableName(e: ReachabilityEndpoint): string {
  if (!e.virtual) return e.key;
  if (e.ip !== undefined) return e.ip;
  const labels = Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).sort(compareText).join(',');
  return `pods ${e.namespace}{${labels}}`;
}

/** Records which row documented each flow while the rows are checked. */
class RecordingFlows extends DocumentedFlows {
  public current = '';
  public readonly byRow = new Map<string, Set<string>>();
  public readonly byFlow = new Map<string, Set<string>>();
  /** The whole CIDRs rows document for external peers: by the row. */
  public readonly rowRanges: Array<{ row: string; source: string; port: number; protocol: string; cidrs: ParsedCidr[] }> = [];

  public constructor(private readonly name: (key: string) => string) {
    super();
  }

  public add(source: string, destination: string, port: number, protocol: string): void {
    super.add(source, destination, port, protocol);
    const flow = `${this.name(source)} -> ${this.name(destination)} ${port}/${protocol}`;
    const rows = this.byRow.get(this.current) ?? new Set();
    rows.add(flow);
    this.byRow.set(this.current, rows);
    const refs = this.byFlow.get(flow) ?? new Set();
    refs.add(this.current);
    this.byFlow.set(flow, refs);
  }


  public addRanges(source: string, port: number, protocol: string, cidrs: ParsedCidr[]): void {
    super.addRanges(source, port, protocol, cidrs);
    this.rowRanges.push({ row: this.current, source: this.name(source), port, protocol, cidrs: [...cidrs] });
  }

  /** The rows whose documented CIDRs hold an address, for the source and port. */
  public rowsWithRange(source: string, ip: string, port: number, protocol: string): string[] {
    const address = parseAddress(ip);
    if (!address) return [];
    return this.rowRanges
      .filter((r) => r.source === source && r.port === port && r.protocol === protocol && r.cidrs.some((c) => cidrHasAddress(c, address)))
      .map((r) => r.row);
  }
}

/** Every allowed flow to, from or between the platform's workloads (DNS apart), as the openings scan sees them. */
function allowedFlows(analysis: Analysis): AllowedFlow[] {
  const ours = analysis.model.workloads.filter((w) => w.labels[Labels.PART_OF] === Labels.PART_OF_VALUE);
  const virtual = analysis.model.endpoints.filter((e) => e.virtual);
  return [...analysis.flows.allowedFlows(ours, [...ours, ...virtual]), ...analysis.flows.allowedFlows(virtual, ours)]
    .filter((f) => f.port !== DNS_PORT);
}

/** A port entry of a rule, as text: `TCP/5432`, `TCP/8000-8100`, `TCP/http`, or `any port`. */
function portsText(ports: any[] | undefined): string[] {
  if (!ports || ports.length === 0) return ['any port'];
  return ports.map((p) => {
    const proto = protocolOf(p?.protocol);
    if (p?.port === undefined) return `${proto}/any`;
    const end = asNumber(p?.endPort);
    return `${proto}/${p.port}${end !== undefined ? `-${end}` : ''}`;
  });
}

/** The address ranges every ipBlock admits, per workload of the platform, direction and port. */
function rangesOf(analysis: Analysis): Map<string, RangeState> {
  const collected = new Map<string, { ranges: AddressRange[]; refs: Set<string> }>();
  const ours = analysis.model.workloads;
  for (const w of ours) {
    for (const direction of ['egress', 'ingress'] as const) {
      for (const policy of analysis.reachability.isolating(w, direction)) {
        addPolicyRanges(stableName(w), direction, policy, collected);
      }
    }
  }
  const out = new Map<string, RangeState>();
  for (const [key, v] of collected) out.set(key, { key, ranges: mergeRanges(v.ranges), refs: sortRefs([...v.refs]) });
  return out;
}

function addPolicyRanges(workload: string, direction: 'egress' | 'ingress', policy: CompiledPolicy,
  collected: Map<string, { ranges: AddressRange[]; refs: Set<string> }>): void {
  const rules = direction === 'egress' ? policy.egressRules : policy.ingressRules;
  for (const rule of rules) {
    const blocks = rule.compiled.filter((p) => p.cidr !== undefined);
    if (blocks.length === 0) continue;
    const ranges = blocks.flatMap((b) => subtractRanges([rangeOf(b.cidr!)], (b.except ?? []).map(rangeOf)));
    for (const port of portsText(rule.ports)) {
      const key = `${workload} ${direction} ${port}`;
      const entry = collected.get(key) ?? { ranges: [], refs: new Set<string>() };
      entry.ranges.push(...ranges);
      policy.refs.forEach((r) => entry.refs.add(r));
      collected.set(key, entry);
    }
  }
}

/** The verifier's analysis of one set, with the snapshot read from it. */
export interface SetAnalysis {
  /** The verifier's analysis (with the strangers added). */
  readonly analysis: Analysis;
  /** The peers of the set (options, peers.json or the genesys-cx-peers ConfigMaps). */
  readonly peers: VerifyPeer[];
  /** The snapshot read from it. */
  readonly snapshot: SetSnapshot;
  /** Stable name of an endpoint key. */
  readonly nameOf: (key: string) => string;
}

/** Reads one manifest set into a snapshot. */
export function snapshotOf(name: string, manifests: ManifestSet, options: VerifyOptions = {}): SetSnapshot {
  return analyseSet(name, manifests, options).snapshot;
}

/** Analyses one manifest set the way `verify` does (rows, strangers, openings) and reads its snapshot. */
export function analyseSet(name: string, manifests: ManifestSet, options: VerifyOptions = {}): SetAnalysis {
  // the verifier's peers: its genesys-cx-peers ConfigMaps with options.peers or peers.json
  const peers = peersOfSet(manifests, options, name).peers;
  const controller = controllerLocation(options, peers);
  const analysis = new Analysis(manifests, { ingressController: controller, defaultNamespace: options.defaultNamespace });
  const prometheus = DefaultLocations.prometheus(options.prometheus ?? {});
  const places = new PeerPlaces(analysis.model, peers, controller, prometheus);
  const keyName = (key: string) => stableName(analysis.model.endpoint(key));
  const documented = new RecordingFlows(keyName);
  const checker = new RowChecker(analysis, new EndResolver(analysis.model, places), documented, { ...options, peers }, name);
  for (const row of ConnectionCatalog.all()) {
    documented.current = row.ref;
    checker.check(row);
  }
  addStrangers(places, analysis.model);
  const openings = findOpenings(analysis, documented, name);
  const extensionsOf = new Map<string, Set<string>>();
  for (const [ref, flows] of openings.extensionFlows) {
    for (const text of flows) {
      const m = /^(\S+) -> (\S+) (\d+)\/(\S+)$/.exec(text);
      if (!m) continue;
      const flow = `${keyName(m[1])} -> ${keyName(m[2])} ${m[3]}/${m[4]}`;
      const set = extensionsOf.get(flow) ?? new Set();
      set.add(ref);
      extensionsOf.set(flow, set);
    }
  }
  const flows = new Map<string, FlowState>();
  for (const f of allowedFlows(analysis)) {
    const flow = `${stableName(f.source)} -> ${stableName(f.destination)} ${f.port}/${f.protocol}`;
    const rows = new Set(documented.byFlow.get(flow) ?? []);
    if (f.destination.ip !== undefined) {
      // a row documents the peer's whole CIDRs, not only the address the verifier places there
      for (const row of documented.rowsWithRange(stableName(f.source), f.destination.ip, f.port, f.protocol)) {
        rows.add(row);
        documented.byRow.set(row, (documented.byRow.get(row) ?? new Set()).add(flow));
      }
    }
    flows.set(flow, {
      flow,
      rows: sortRefs([...rows]),
      extensions: sortRefs([...(extensionsOf.get(flow) ?? [])].filter(isExtensionRef)),
    });
  }
  const rows = new Map<string, RowState>();
  for (const line of checker.lines) {
    if (!line.ref) continue;
    rows.set(line.ref, {
      ref: line.ref,
      source: line.source ?? '',
      destination: line.destination ?? '',
      status: line.status,
      ports: line.port ?? '-',
      // what the row documents and the policies allow (a failing row's flows are tested, not allowed)
      flows: [...(documented.byRow.get(line.ref) ?? [])].filter((f) => flows.has(f)).sort(compareText),
    });
  }
  const objects = new Map<string, any>();
  for (const o of manifests.objects) objects.set(identityOf(o), o);
  const snapshot: SetSnapshot = {
    name,
    rows,
    flows,
    ranges: rangesOf(analysis),
    entryPoints: new Set(entryPointsOf(manifests.objects)),
    stores: storesOf(rows, analysis),
    objects,
  };
  return { analysis, peers, snapshot, nameOf: keyName };
}

/** Where the stores the rows reach live, from the flows each store row documents. */
function storesOf(rows: Map<string, RowState>, analysis: Analysis): Map<string, string> {
  const out = new Map<string, string>();
  const byName = new Map(analysis.model.endpoints.map((e) => [stableName(e), e]));
  for (const row of ConnectionCatalog.all()) {
    if (row.destination.kind !== EndKind.PEER || !STORE_KINDS.includes(row.destination.id)) continue;
    const state = rows.get(row.ref);
    if (!state || state.flows.length === 0) continue;
    const places = new Set<string>();
    for (const flow of state.flows) {
      const destination = flow.split(' -> ')[1].replace(/ \S+$/, '');
      const e = byName.get(destination);
      if (!e) continue;
      places.add(!e.virtual ? StorePlace.DEVELOPMENT : e.ip !== undefined ? StorePlace.EXTERNAL : StorePlace.IN_CLUSTER);
    }
    const key = `${row.destination.id} (${row.service})`;
    const merged = new Set([...(out.get(key)?.split(' + ') ?? []), ...places]);
    out.set(key, [...merged].sort(compareText).join(' + '));
  }
  return out;
}

/** The kind of an object with its API group, e.g. `apps/Deployment`, `Service`. */
export function kindOf(object: any): string {
  const group = groupOf(object?.apiVersion ?? '');
  return group === '' ? String(object?.kind) : `${group}/${object?.kind}`;
}
