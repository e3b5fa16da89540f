// The catalog rows of one manifest set: PASS, FAIL or SKIP (a row that cannot be checked, allowed
// by name; otherwise FAIL) per row whose ends are in the set, on
// the Service ports the row documents (or its peers or an override give), for every pair of source
// and destination pods. Records what each row documents for the openings scan. Internal.
import { Analysis } from './analysis';
import { INGRESS_CONTROLLER_KEY, ReachabilityEndpoint } from './cluster';
import { DocumentedFlows } from './documented';
import { VerifyOptions } from './options';
import { VerifyLine, VerifyStatus } from './report';
import { EndResolver, ResolvedEnd } from './row-ends';
import { resolveServicePort, servicePortsNamed, servicePortsTo } from './service-ports';
import { ConnectionCatalog } from '../catalog/catalog';
import { CatalogConnection, Classification, EndKind, PeerKindId } from '../catalog/model';
import { EmbeddedStores } from '../catalog/stores';

/** Peer kinds whose traffic enters through an Ingress (checked with the Ingress routes). */
const INGRESS_CLIENTS: string[] = [PeerKindId.BROWSER, PeerKindId.GENESYS_WIDGETS, PeerKindId.ASYNC_API_CLIENT];

/** Checks catalog rows against one analysis. */
export class RowChecker {
  /** The lines of the rows checked, in order. */
  public readonly lines: VerifyLine[] = [];

  public constructor(private readonly analysis: Analysis, private readonly ends: EndResolver, private readonly documented: DocumentedFlows,
    private readonly options: VerifyOptions, private readonly set: string | undefined) {}

  /** Checks one row; a row with neither end in the set gives no line. */
  public check(row: CatalogConnection): void {
    const sourceIsClient = row.source.kind === EndKind.PEER && INGRESS_CLIENTS.includes(row.source.id);
    const source: ResolvedEnd = sourceIsClient ? { mode: 'ingress', groups: [], present: false, ports: [] } : this.ends.resolve(row.source, row);
    const destination = this.ends.resolve(row.destination, row);
    if (!source.present && !destination.present) return; // neither end in these manifests: not this app's row
    const documentedPort = row.servicePort !== undefined ? String(row.servicePort) : '-';
    if (source.mode === 'ingress') {
      this.checkIngressRow(row, destination, documentedPort);
      this.documentReplies(row, destination);
      return;
    }
    const unknown = [source, destination].find((end) => end.mode === 'unknown');
    if (unknown) {
      this.push(VerifyStatus.SKIP, row, documentedPort, unknown.reason);
      return;
    }
    const candidates = new Map<string, number[]>();
    for (const d of destination.groups.flatMap((g) => g.endpoints)) candidates.set(d.key, this.portsAt(row, destination, d));
    if ([...candidates.values()].every((ports) => ports.length === 0)) {
      this.push(VerifyStatus.SKIP, row, '-', `the row documents no port and the peers entry of ${row.destination.id} gives none (add "ports" to its peers.json entry or a port override for ${row.ref})`);
      return;
    }
    const anyPort = this.sharedPeer(row, destination);
    const failures: string[] = [];
    const tested = new Set<number>();
    const sources = source.groups.flatMap((g) => g.endpoints);
    for (const d of destination.groups.flatMap((g) => g.endpoints)) {
      const ports = candidates.get(d.key) ?? [];
      if (ports.length === 0) {
        failures.push(`no port known for ${d.key} (the row documents none and its peers entry gives none: add "ports" to it)`);
        continue;
      }
      const reached: number[] = [];
      const missed: string[] = [];
      for (const port of ports) {
        const result = this.checkPairs(row, sources, d, port);
        if (!anyPort) {
          result.tested.forEach((p) => tested.add(p));
          failures.push(...result.failures);
          reached.push(port);
        } else if (result.failures.length === 0) {
          result.tested.forEach((p) => tested.add(p));
          reached.push(port);
        } else {
          missed.push(...result.failures);
        }
      }
      if (anyPort && reached.length === 0) {
        ports.forEach((p) => tested.add(p));
        failures.push(`none of the ports the peers entries and the row give for ${d.key} (${ports.join(', ')}) is allowed: ${missed.join('; ')}`);
      }
      // the row documents the peers' whole CIDRs, not only the addresses tested
      const cidrs = destination.endpointCidrs?.get(d.key) ?? [];
      if (cidrs.length > 0) for (const s of sources) for (const port of reached) this.documented.addRanges(s.key, port, 'TCP', cidrs);
    }
    const portText = [...tested].join(',');
    if (failures.length === 0) this.push(VerifyStatus.PASS, row, portText);
    else this.push(VerifyStatus.FAIL, row, portText, failures.join('; '));
  }

  /**
   * An Ingress/Egress row whose clients also serve endpoints of their own (nexus#1, async API
   * clients): as its decision says, the destination's calls to those endpoints leave on the row's
   * port to the clients' external peers entries, and the row documents them.
   */
  private documentReplies(row: CatalogConnection, destination: ResolvedEnd): void {
    if (row.classification !== Classification.INGRESS_EGRESS || row.servicePort === undefined || row.source.kind !== EndKind.PEER) return;
    const clients = this.ends.externalEntries(row.source.id);
    for (const d of destination.groups.flatMap((g) => g.endpoints)) {
      for (const c of clients.endpoints) this.documented.add(d.key, c.key, row.servicePort, 'TCP');
      if (clients.cidrs.length > 0) this.documented.addRanges(d.key, row.servicePort, 'TCP', clients.cidrs);
    }
  }

  /**
   * True when rows of one table lead to the same peer kind on different documented ports (ucsx#19
   * on 6432 and ucsx#20 on 5432 to the master database) and the row's peers entries give ports: an
   * entry's ports do not say which row each belongs to, so the row passes on any of the entry's
   * ports and its own documented port that every source reaches.
   */
  private sharedPeer(row: CatalogConnection, destination: ResolvedEnd): boolean {
    if (this.options.portOverrides?.[row.ref] !== undefined || row.servicePort === undefined) return false;
    if (destination.mode !== 'virtual' || destination.ports.length === 0 || !(this.options.peerPortsWin ?? true)) return false;
    return ConnectionCatalog.forService(row.service).some((r) => r.ref !== row.ref
      && r.destination.id === row.destination.id && r.servicePort !== undefined && r.servicePort !== row.servicePort);
  }

  /**
   * The Service ports to test on one destination endpoint: an override for the row; the ports of
   * the peers entries placed there whenever they give any (a port the user configured: what the
   * library writes is what is tested; with `peerPortsWin: false` only when the row documents none),
   * with the row's own port too for a peer other rows reach on other ports (see `sharedPeer`);
   * else the row's documented port.
   */
  private portsAt(row: CatalogConnection, destination: ResolvedEnd, d: ReachabilityEndpoint): number[] {
    const override = this.options.portOverrides?.[row.ref];
    if (override !== undefined) return [override];
    const entryPorts = destination.endpointPorts?.get(d.key) ?? [];
    const peerPortsWin = this.options.peerPortsWin ?? true;
    if (entryPorts.length > 0 && (row.servicePort === undefined || peerPortsWin)) {
      if (row.servicePort !== undefined && this.sharedPeer(row, destination) && !entryPorts.includes(row.servicePort)) {
        return [...entryPorts, row.servicePort].sort((a, b) => a - b);
      }
      return entryPorts;
    }
    return row.servicePort !== undefined ? [row.servicePort] : [];
  }

  /** Tests every source endpoint against one destination endpoint on one Service port. */
  private checkPairs(row: CatalogConnection, sources: ReachabilityEndpoint[], d: ReachabilityEndpoint,
    port: number): { failures: string[]; tested: Set<number> } {
    const overridden = this.options.portOverrides?.[row.ref] !== undefined;
    const failures: string[] = [];
    const tested = new Set<number>();
    const dPorts = overridden ? [port] : this.servicePortsFor(row, d, [port]);
    for (const s of sources) {
      if (s.key === d.key) continue;
      for (const p of dPorts) {
        tested.add(p);
        const problem = this.checkFlow(s, d, p);
        if (problem) failures.push(problem);
      }
    }
    return { failures, tested };
  }

  /**
   * The Service ports to test on a destination pod: for an embedded store, the ports its Services
   * give the row's port name (a store that listens elsewhere); else the row's, except where no
   * Service selecting the pod exposes one but a Service maps another port to the row's pod port (a
   * Service port set by configuration, e.g. the GWS service proxy on 65535): that port is tested instead.
   */
  private servicePortsFor(row: CatalogConnection, d: ReachabilityEndpoint, ports: number[]): number[] {
    if (d.virtual) return ports;
    if (EmbeddedStores.isStore(row.destination.id)) {
      const named = servicePortsNamed(this.analysis.model, d, row.portName, 'TCP');
      if (named.length > 0) return named;
    }
    if (row.podPort === undefined) return ports;
    const out: number[] = [];
    for (const port of ports) {
      const resolution = resolveServicePort(this.analysis.model, d, port, 'TCP');
      const alternatives = resolution.service === undefined ? servicePortsTo(this.analysis.model, d, row.podPort, 'TCP') : [];
      for (const p of alternatives.length > 0 ? alternatives : [port]) if (!out.includes(p)) out.push(p);
    }
    return out;
  }

  /** Checks one flow on a Service port; returns the problem or undefined, and records the flow as documented. */
  private checkFlow(s: ReachabilityEndpoint, d: ReachabilityEndpoint, servicePort: number): string | undefined {
    let podPort = servicePort;
    if (d.ip === undefined) {
      const resolution = resolveServicePort(this.analysis.model, d, servicePort, 'TCP');
      if (resolution.podPort === undefined) return `${s.key} -> ${d.key}: ${resolution.note}`;
      podPort = resolution.podPort;
    }
    this.documented.add(s.key, d.key, podPort, 'TCP');
    const verdict = this.analysis.reachability.evaluate(s, d, podPort, 'TCP').verdict;
    return verdict.allowed ? undefined : `${s.key} -> ${d.key} TCP/${podPort} ${verdict.reason}`;
  }

  /** A browser-like source: an Ingress route must reach every destination pod, and the controller may reach it. */
  private checkIngressRow(row: CatalogConnection, destination: ResolvedEnd, documentedPort: string): void {
    if (destination.mode !== 'pods') {
      this.push(VerifyStatus.SKIP, row, documentedPort, destination.reason ?? `${row.destination.id} is not a workload of the manifests: only Ingress routes to pods are checked`);
      return;
    }
    const failures: string[] = [];
    for (const group of destination.groups) {
      for (const pod of group.endpoints) {
        const routes = this.analysis.routes.to(pod.key);
        if (routes.length === 0) {
          failures.push(`no Ingress or HTTPRoute routes to ${pod.key} (add an entry point with a path to its Service)`);
        } else if (!routes.some((r) => r.allowed)) {
          failures.push(routes.map((r) => r.reason).join('; '));
        }
        // what the row documents in the cluster: the controller reaching the routed pod ports
        for (const r of routes) {
          if (r.podPort !== undefined) this.documented.add(r.source ?? INGRESS_CONTROLLER_KEY, pod.key, r.podPort, 'TCP');
        }
      }
    }
    if (failures.length === 0) this.push(VerifyStatus.PASS, row, documentedPort);
    else this.push(VerifyStatus.FAIL, row, documentedPort, failures.join('; '));
  }

  private push(statusIn: VerifyStatus, row: CatalogConnection, port: string, reasonIn?: string): void {
    let status = statusIn;
    let reason = reasonIn;
    if (status === VerifyStatus.SKIP && !(this.options.allowSkipped ?? []).includes(row.ref)) {
      // a row that cannot be checked fails, unless the user allows it by name
      status = VerifyStatus.FAIL;
      reason = `not checked: ${reason ?? 'unknown'} (or allow it unchecked: --allow-skip ${row.ref}, VerifyOptions.allowSkipped)`;
    }
    const text = `${status} ${row.ref} ${row.source.id} -> ${row.destination.id} ${port}${reason ? `: ${reason}` : ''}`;
    this.lines.push({ status, ref: row.ref, source: row.source.id, destination: row.destination.id, port, reason, set: this.set, text });
  }
}
