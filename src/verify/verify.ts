import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AllowedFlow, DetailedVerdict, Policy, ReachabilityAnalyzer, ReachabilityEndpoint, refsOf } from './analyzer';
import { CheckFinding, FindingSeverity } from './findings';
import { checkDirectory, describeObject, discoverSets, fileOf, firstDifference, identityOf, ManifestSet, ManifestSource, unescapeHelm } from './manifests';
import { checkPeers, readPeersFile, VerifyPeer } from './peers-file';
import { checkIpBlocks } from './ranges';
import { PolicyCheck, PolicyRule } from './rules';
import { SchemaCheck } from './schema';
import { checkReservedNamespaces, reservedNamespaces } from './structure';
import { ConnectionCatalog } from '../catalog/catalog';
import { CatalogConnection, ConnectionEnd, EndKind, PeerKindId } from '../catalog/model';
import { EmbeddedStores } from '../catalog/stores';
import {
  compareText, DefaultLocations, IngressControllerPeerProps, isExtensionRef, isRowRef, Labels, PrometheusPeerProps, serviceOfRef, sortRefs,
} from '../shared';
import { cidrHasAddress, formatAddress, firstUsable, parseAddress, parseCidr, ParsedCidr } from '../shared/net';

const DNS_PORT = 53;
/** Most flows an EXT line lists. */
const EXT_FLOWS_SHOWN = 5;

/** Peer kinds whose traffic enters through an Ingress (checked with the Ingress routes). */
const INGRESS_CLIENTS: string[] = [PeerKindId.BROWSER, PeerKindId.GENESYS_WIDGETS, PeerKindId.ASYNC_API_CLIENT];

/** The tables of the catalog (`wwe`, `gws`...), from its rows: a new table needs no change here. */
function catalogServices(): Set<string> {
  return new Set(ConnectionCatalog.all().map((r) => r.service as string));
}

/** What a verification line reports. */
export enum VerifyStatus {
  /** A documented connection is allowed at both ends. */
  PASS = 'PASS',
  /** A documented connection is blocked, or a schema or policy rule is broken. */
  FAIL = 'FAIL',
  /** A documented connection could not be checked (one end unknown, no port). */
  SKIP = 'SKIP',
  /** Traffic to or from our workloads is allowed although no row documents it and no extension declares it. */
  OPEN = 'OPEN',
  /** A declared extension (`ext:<id>`): an opening beyond the tables, with the objects implementing it and the flows it allows. */
  EXT = 'EXT',
  /** Information that does not change the result. */
  NOTE = 'NOTE',
}

/** One line of a verification report. */
export interface VerifyLine {
  /** Status. */
  readonly status: VerifyStatus;
  /**
   * Catalog or extension reference, e.g. `gws#15` or `ext:nexus-metrics`.
   * @default - none (openings, schema and policy findings)
   */
  readonly ref?: string;
  /**
   * Source: a catalog end id, or an endpoint key for openings.
   * @default - none
   */
  readonly source?: string;
  /**
   * Destination: a catalog end id, or an endpoint key for openings.
   * @default - none
   */
  readonly destination?: string;
  /**
   * Ports tested, as written in the line (Service ports for rows, `port/protocol` for openings).
   * @default - none
   */
  readonly port?: string;
  /**
   * Why the line fails or was skipped.
   * @default - none
   */
  readonly reason?: string;
  /**
   * The schema or policy check that produced the line.
   * @default - none (a connection line)
   */
  readonly check?: string;
  /**
   * The manifest set the line is about, relative to the directory verified (`.` for the directory itself).
   * @default - none (objects from memory or files)
   */
  readonly set?: string;
  /** The line as printed. */
  readonly text: string;
}

/** Options of `Verifier.verify`. */
export interface VerifyOptions {
  /**
   * Peers outside the manifests (see `VerifyPeer`), for every manifest set.
   * @default - the `peers.json` of each manifest set, or none
   */
  readonly peers?: VerifyPeer[];
  /**
   * Where the ingress controller runs (a virtual pod).
   * @default - namespace `ingress-nginx`, labels `app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`
   */
  readonly ingressController?: IngressControllerPeerProps;
  /**
   * Where Prometheus runs (a virtual pod).
   * @default - namespace `monitoring`, labels `app.kubernetes.io/name: prometheus`
   */
  readonly prometheus?: PrometheusPeerProps;
  /**
   * Service ports to test instead of the documented ones, by catalog reference, e.g. `{ "gws#11": 8080 }`.
   * @default - none
   */
  readonly portOverrides?: { [ref: string]: number };
  /**
   * For rows whose port is configurable, test the ports of the destination's peers entry (when it
   * gives any) instead of the documented default.
   * @default true
   */
  readonly peerPortsWin?: boolean;
  /**
   * Also test that strangers (a pod in an unrelated namespace, an external address in
   * documentation ranges) reach none of our workloads and that our workloads reach none of them.
   * @default true
   */
  readonly strangers?: boolean;
  /**
   * Validate every object against the Kubernetes 1.27 schema.
   * @default true
   */
  readonly schema?: boolean;
  /**
   * Check the library's policy rules.
   * @default true
   */
  readonly policy?: boolean;
  /**
   * Policy rules not to check.
   * @default - none
   */
  readonly skipRules?: PolicyRule[];
  /**
   * Namespace of objects that have none.
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

/** The result of a verification. */
export class VerifyReport {
  /** Every line, in order: rows, references and extensions, openings, schema and policy findings (set by set). */
  public readonly lines: VerifyLine[];
  /** Rows that passed. */
  public readonly passed: number;
  /** Failed rows, openings and schema or policy errors. */
  public readonly failed: number;
  /** Undocumented openings. */
  public readonly openings: number;
  /** Rows skipped with a reason. */
  public readonly skipped: number;
  /** Declared extensions listed. */
  public readonly extensions: number;
  /** Schema and policy findings (errors and notes). */
  public readonly findings: CheckFinding[];

  public constructor(lines: VerifyLine[], findings: CheckFinding[]) {
    this.lines = lines;
    this.findings = findings;
    this.passed = lines.filter((l) => l.status === VerifyStatus.PASS).length;
    this.openings = lines.filter((l) => l.status === VerifyStatus.OPEN).length;
    this.failed = lines.filter((l) => l.status === VerifyStatus.FAIL).length + this.openings;
    this.skipped = lines.filter((l) => l.status === VerifyStatus.SKIP && l.ref !== undefined).length;
    this.extensions = lines.filter((l) => l.status === VerifyStatus.EXT).length;
  }

  /** True when nothing failed and nothing undocumented is open. */
  public get ok(): boolean {
    return this.failed === 0;
  }

  /** The summary line, `N passed, M failed`. */
  public get summary(): string {
    return `${this.passed} passed, ${this.failed} failed`;
  }

  /** The report as printed by `cdk8s-genesys-cx verify`: one line per entry, then the summary. */
  public toText(): string {
    return [...this.lines.map((l) => l.text), this.summary].join('\n') + '\n';
  }

  /** The lines of one status. */
  public withStatus(status: VerifyStatus): VerifyLine[] {
    return this.lines.filter((l) => l.status === status);
  }
}

interface EndGroup {
  /** Component id or peer id the endpoints stand for. */
  readonly member: string;
  readonly endpoints: ReachabilityEndpoint[];
}

interface ResolvedEnd {
  /** pods: pods of the manifests; virtual: virtual endpoints; ingress: browser-like; unknown. */
  readonly mode: 'pods' | 'virtual' | 'ingress' | 'unknown';
  readonly groups: EndGroup[];
  /** True when the end maps to at least one pod of the manifests. */
  readonly present: boolean;
  /** Ports from the peers entries used for the end. */
  readonly ports: number[];
  /** CIDRs of the external peers entries used for the end. */
  readonly cidrs?: ParsedCidr[];
  readonly reason?: string;
}

/**
 * Verifies synthesized manifests against the connection catalog: every documented connection
 * wired, nothing else open, plus the schema and policy checks.
 */
export class Verifier {
  /**
   * Verifies the manifests of a directory (each manifest set with its `peers.json`) or a list of objects.
   *
   * Each catalog row whose ends are in the manifests gives a PASS, FAIL or SKIP line; each declared
   * extension an EXT line; every undocumented opening to or from our workloads (pods labelled
   * `app.kubernetes.io/part-of: genesys-multicloud-cx`) an OPEN line (DNS on 53 excluded); schema
   * and policy errors FAIL lines. A directory's Helm charts and folders with their own `peers.json`
   * are verified as sets of their own; a chart that copies its set's manifests is verified once.
   * Input without any manifest fails. See docs/VERIFY.md.
   * @param source a directory of manifests, or Kubernetes objects (e.g. `chart.toJson()`)
   */
  public static verify(source: string | any[], options: VerifyOptions = {}): VerifyReport {
    if (typeof source === 'string') return verifyDirectory(source, options);
    return Verifier.verifySet(ManifestSet.fromObjects(source), options);
  }

  /** Verifies an already loaded set of manifests. */
  public static verifySet(manifests: ManifestSet, options: VerifyOptions = {}): VerifyReport {
    if (manifests.objects.length === 0) {
      const where = manifests.directory ?? 'the input';
      return emptyReport(where);
    }
    const report = new Run(manifests, options, undefined).run();
    return new VerifyReport(report.lines, report.findings);
  }

  private constructor() {}
}

function emptyReport(where: string): VerifyReport {
  const reason = `no Kubernetes manifests in ${where} (no .yaml, .yml or .json document with apiVersion and kind): synthesize first (cdk8s synth, npm run synth) and give the folder it wrote`;
  return new VerifyReport([{ status: VerifyStatus.FAIL, check: 'input', reason, text: `FAIL ${reason}` }], []);
}

/** What one manifest set produced. */
interface SetResult {
  readonly lines: VerifyLine[];
  readonly findings: CheckFinding[];
}

/** A fingerprint of each file of a set that held objects, to spot a Helm chart copying it. */
type Fingerprints = Map<string, string>;

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Fingerprints of the files that gave a set its objects, by base name, when they are all YAML files
 * at the top of the set (or of a chart's templates); else undefined (then sets are compared as data).
 */
function fingerprints(files: string[], base: string, unescape: boolean): Fingerprints | undefined {
  const out: Fingerprints = new Map();
  for (const file of files) {
    if (path.dirname(file) !== base || !/\.ya?ml$/i.test(file)) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    out.set(path.basename(file), hashText(unescape ? unescapeHelm(text) : text));
  }
  return out;
}

function sameFingerprints(a: Fingerprints | undefined, b: Fingerprints | undefined): boolean {
  if (!a || !b || a.size !== b.size) return false;
  for (const [name, hash] of a) if (b.get(name) !== hash) return false;
  return true;
}

/** How a chart's objects differ from its parent set's, in words; undefined when equal as data. */
function difference(chart: ManifestSet, parent: ManifestSet): string | undefined {
  const byKey = new Map(parent.objects.map((o) => [identityOf(o), o]));
  const missing: string[] = [];
  const changed: string[] = [];
  const added: string[] = [];
  const seen = new Set<string>();
  for (const o of chart.objects) {
    const key = identityOf(o);
    seen.add(key);
    const other = byKey.get(key);
    if (!other) added.push(describeObject(o));
    else if (firstDifference(other, o) !== undefined) changed.push(`${describeObject(o)} at ${firstDifference(other, o)}`);
  }
  for (const [key, o] of byKey) if (!seen.has(key)) missing.push(describeObject(o));
  if (missing.length + changed.length + added.length === 0) return undefined;
  const part = (what: string, list: string[]) => (list.length === 0 ? [] : [`${list.length} ${what} (${list.slice(0, 3).join('; ')}${list.length > 3 ? '; ...' : ''})`]);
  return [...part('missing', missing), ...part('changed', changed), ...part('added', added)].join(', ');
}

/**
 * Verifies every manifest set under a directory, one at a time (only one set's objects are held).
 */
function verifyDirectory(directory: string, options: VerifyOptions): VerifyReport {
  checkDirectory(directory);
  const sources = discoverSets(directory);
  const verified: Array<{ source: ManifestSource; objects: number; result: SetResult }> = [];
  const notesAfter = new Map<ManifestSource, VerifyLine[]>();
  const printed = new Map<ManifestSource, Fingerprints | undefined>();
  const note = (source: ManifestSource, text: string) => {
    const anchor = source.parent ?? source;
    const list = notesAfter.get(anchor) ?? [];
    list.push({ status: VerifyStatus.NOTE, check: 'set', set: source.name, text: `NOTE set ${source.name}: ${text}` });
    notesAfter.set(anchor, list);
  };
  for (const source of sources) {
    if (source.files.length === 0) {
      if (source.chart) note(source, 'a Helm chart without templates (nothing to verify)');
      continue;
    }
    let manifests: ManifestSet | undefined;
    if (source.chart && source.parent) {
      if (sameFingerprints(fingerprints(source.files, path.join(source.root, 'templates'), true), printed.get(source.parent))) {
        note(source, `a Helm chart whose templates are the manifests of ${source.parent.name} (verified once)`);
        continue;
      }
      manifests = ManifestSet._fromSource(source);
      const parent = ManifestSet._fromSource(source.parent);
      if (parent.objects.length > 0) {
        const diff = difference(manifests, parent);
        if (diff === undefined) {
          note(source, `a Helm chart whose templates hold the objects of ${source.parent.name} (verified once)`);
          continue;
        }
        note(source, `a Helm chart whose templates differ from the manifests of ${source.parent.name}: ${diff} (verified on its own)`);
      }
    }
    manifests = manifests ?? ManifestSet._fromSource(source);
    if (manifests.objects.length === 0) {
      if (source.parent) note(source, 'no Kubernetes objects (nothing to verify)');
      continue;
    }
    if (!source.chart && sources.some((s) => s.parent === source && s.chart)) {
      const files = [...new Set(manifests.objects.map((o) => fileOf(o)!))];
      printed.set(source, fingerprints(files, source.root, false));
    }
    const result = new Run(manifests, options, source.name).run();
    verified.push({ source, objects: manifests.objects.length, result });
  }
  if (verified.length === 0) return emptyReport(directory);
  const lines: VerifyLine[] = [];
  const findings: CheckFinding[] = [];
  const several = verified.length > 1;
  for (const { source, objects, result } of verified) {
    if (several) {
      const peers = options.peers !== undefined ? 'peers from the options' : source.peersFile ? `peers ${path.relative(directory, source.peersFile) || source.peersFile}` : 'no peers file';
      lines.push({ status: VerifyStatus.NOTE, check: 'set', set: source.name, text: `NOTE set ${source.name}: ${objects} objects, ${peers}` });
    }
    lines.push(...result.lines);
    findings.push(...result.findings);
    lines.push(...(notesAfter.get(source) ?? []));
    notesAfter.delete(source);
  }
  for (const rest of notesAfter.values()) lines.push(...rest);
  return new VerifyReport(lines, findings);
}

/** A documented flow: `source|destination|port|protocol` of endpoint keys and pod port. */
function flowKey(source: string, destination: string, port: number, protocol: string): string {
  return `${source}|${destination}|${port}|${protocol}`;
}

/** Where a virtual endpoint sits: namespace and labels, or an address. */
function locationKey(namespace: string, labels: { [key: string]: string } | undefined): string {
  return `${namespace}|${Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).sort(compareText).join(',')}`;
}

/** The verification of one manifest set. */
class Run {
  private readonly analyzer: ReachabilityAnalyzer;
  private readonly peers: VerifyPeer[];
  private readonly peerEndpoints = new Map<VerifyPeer, ReachabilityEndpoint[]>();
  private readonly byLocation = new Map<string, ReachabilityEndpoint>();
  private readonly prometheus: ReachabilityEndpoint;
  private readonly controllerNamespace: string;
  private readonly prometheusNamespace: string;
  private readonly documented = new Set<string>();
  /** Documented flows to external peers, as the whole CIDRs of the peer: `source|port|protocol` to CIDRs. */
  private readonly documentedRanges = new Map<string, ParsedCidr[]>();
  private readonly lines: VerifyLine[] = [];
  private readonly extensionFlows = new Map<string, string[]>();
  private workloadList?: ReachabilityEndpoint[];

  public constructor(private readonly manifests: ManifestSet, private readonly options: VerifyOptions, private readonly set: string | undefined) {
    if (options.peers !== undefined) {
      this.peers = checkPeers(options.peers, 'options.peers');
    } else if (manifests.peersFile) {
      this.peers = readPeersFile(manifests.peersFile);
    } else {
      this.peers = [];
    }
    // an in-cluster ingress-controller entry of the peers file places the controller for Ingress routes too
    const controllerEntry = this.peers.find((p) => p.kind === PeerKindId.INGRESS_CONTROLLER && p.namespace !== undefined);
    const controller = DefaultLocations.ingressController(options.ingressController
      ?? (controllerEntry ? { namespace: controllerEntry.namespace, labels: controllerEntry.labels } : {}));
    this.controllerNamespace = controller.namespace;
    this.analyzer = new ReachabilityAnalyzer(manifests, { ingressController: controller, defaultNamespace: options.defaultNamespace });
    this.byLocation.set(locationKey(controller.namespace, controller.labels), this.analyzer.endpoint(ReachabilityAnalyzer.INGRESS_CONTROLLER));
    const prometheus = DefaultLocations.prometheus(options.prometheus ?? {});
    this.prometheusNamespace = prometheus.namespace;
    this.prometheus = this.virtual('prometheus', prometheus.namespace, prometheus.labels);
    // one virtual endpoint per place: entries of several kinds or tables at one place share it
    this.peers.forEach((peer, i) => {
      const base = `peer-${peer.kind}${peer.service ? `-${peer.service}` : ''}-${i + 1}`;
      if (peer.namespace !== undefined) {
        this.peerEndpoints.set(peer, [this.virtual(base, peer.namespace, peer.labels)]);
      } else {
        this.peerEndpoints.set(peer, (peer.cidrs ?? []).map((cidr, j) => {
          const parsed = parseCidr(cidr)!;
          const ip = formatAddress(firstUsable(parsed), parsed.bits);
          const key = `ip|${ip}`;
          let endpoint = this.byLocation.get(key);
          if (!endpoint) {
            endpoint = this.analyzer.addVirtualEndpoint({ name: `${base}-${j + 1}`, ip });
            this.byLocation.set(key, endpoint);
          }
          return endpoint;
        }));
      }
    });
  }

  public run(): SetResult {
    for (const row of ConnectionCatalog.all()) this.checkRow(row);
    const refLines = this.lines.length;
    this.checkOpenings();
    this.lines.splice(refLines, 0, ...this.refLines());
    const findings: CheckFinding[] = [];
    if (this.options.schema ?? true) findings.push(...SchemaCheck.check(this.manifests));
    if (this.options.policy ?? true) {
      const skip = new Set<string>(this.options.skipRules ?? []);
      findings.push(...PolicyCheck.check(this.manifests, { skip: this.options.skipRules, defaultNamespace: this.options.defaultNamespace }));
      if (!skip.has(PolicyRule.RESERVED_NAMESPACE)) {
        const reserved = reservedNamespaces(this.controllerNamespace, this.prometheusNamespace, this.peers);
        findings.push(...checkReservedNamespaces(this.manifests, reserved, this.options.defaultNamespace ?? 'default'));
      }
      if (!skip.has(PolicyRule.IP_BLOCK_RANGE)) findings.push(...checkIpBlocks(this.analyzer._policies, this.peers));
    }
    for (const f of findings) {
      const status = f.severity === FindingSeverity.ERROR ? VerifyStatus.FAIL : VerifyStatus.NOTE;
      this.lines.push({
        status,
        check: f.check,
        reason: f.message,
        set: this.set,
        text: `${status} ${f.check} ${f.object.replace(' ', ':')}: ${f.path ? `${f.path}: ` : ''}${f.message}`,
      });
    }
    return { lines: this.lines, findings };
  }

  /** A virtual pod at a place, shared with any endpoint already there. */
  private virtual(name: string, namespace: string, labels: { [key: string]: string } | undefined): ReachabilityEndpoint {
    const key = locationKey(namespace, labels);
    let endpoint = this.byLocation.get(key);
    if (!endpoint) {
      endpoint = this.analyzer.addVirtualEndpoint({ name, namespace, labels });
      this.byLocation.set(key, endpoint);
    }
    return endpoint;
  }

  private push(status: VerifyStatus, row: CatalogConnection, port: string, reason?: string): void {
    const text = `${status} ${row.ref} ${row.source.id} -> ${row.destination.id} ${port}${reason ? `: ${reason}` : ''}`;
    this.lines.push({ status, ref: row.ref, source: row.source.id, destination: row.destination.id, port, reason, set: this.set, text });
  }

  private checkRow(row: CatalogConnection): void {
    const sourceIsClient = row.source.kind === EndKind.PEER && INGRESS_CLIENTS.includes(row.source.id);
    const source = sourceIsClient ? { mode: 'ingress', groups: [], present: false, ports: [] } as ResolvedEnd : this.resolve(row.source, row);
    const destination = this.resolve(row.destination, row);
    if (!source.present && !destination.present) return; // neither end in these manifests: not this app's row
    const documentedPort = row.servicePort !== undefined ? String(row.servicePort) : '-';
    if (source.mode === 'ingress') {
      this.checkIngressRow(row, destination, documentedPort);
      return;
    }
    for (const end of [source, destination]) {
      if (end.mode === 'unknown') {
        this.push(VerifyStatus.SKIP, row, documentedPort, end.reason);
        return;
      }
    }
    const ports = this.portsFor(row, destination);
    if (ports.length === 0) {
      this.push(VerifyStatus.SKIP, row, '-', `the row documents no port and the peers entry of ${row.destination.id} gives none (add "ports" to its peers.json entry or a port override for ${row.ref})`);
      return;
    }
    const overridden = this.options.portOverrides?.[row.ref] !== undefined;
    const failures: string[] = [];
    const tested = new Set<number>();
    for (const srcGroup of source.groups) {
      for (const dstGroup of destination.groups) {
        for (const d of dstGroup.endpoints) {
          const dPorts = overridden ? ports : this.servicePortsFor(row, d, ports);
          for (const s of srcGroup.endpoints) {
            if (s.key === d.key) continue;
            for (const port of dPorts) {
              tested.add(port);
              const problem = this.checkFlow(s, d, port);
              if (problem) failures.push(problem);
            }
          }
        }
      }
    }
    if (destination.mode === 'virtual' && destination.cidrs && destination.cidrs.length > 0) {
      // the row documents the peers' whole CIDRs, not only the addresses tested
      for (const s of source.groups.flatMap((g) => g.endpoints)) {
        for (const port of ports) {
          const key = `${s.key}|${port}|TCP`;
          const list = this.documentedRanges.get(key);
          if (list) list.push(...destination.cidrs);
          else this.documentedRanges.set(key, [...destination.cidrs]);
        }
      }
    }
    const portText = (tested.size > 0 ? [...tested] : ports).join(',');
    if (failures.length === 0) this.push(VerifyStatus.PASS, row, portText);
    else this.push(VerifyStatus.FAIL, row, portText, failures.join('; '));
  }

  /**
   * The Service ports to test on a destination pod: the row's, except where no Service selecting
   * the pod exposes one but a Service maps another port to the row's pod port (a Service port set by
   * configuration, e.g. the GWS service proxy on 65535): that port is tested instead.
   */
  private servicePortsFor(row: CatalogConnection, d: ReachabilityEndpoint, ports: number[]): number[] {
    if (d.virtual || row.podPort === undefined) return ports;
    const out: number[] = [];
    for (const port of ports) {
      const resolution = this.analyzer.resolveServicePort(d.key, port, 'TCP');
      const alternatives = resolution.service === undefined ? this.analyzer._servicePortsTo(d.key, row.podPort, 'TCP') : [];
      for (const p of alternatives.length > 0 ? alternatives : [port]) if (!out.includes(p)) out.push(p);
    }
    return out;
  }

  /** Checks one flow on a Service port; returns the problem or undefined, and records the flow as documented. */
  private checkFlow(s: ReachabilityEndpoint, d: ReachabilityEndpoint, servicePort: number): string | undefined {
    let podPort = servicePort;
    if (d.ip === undefined) {
      const resolution = this.analyzer.resolveServicePort(d.key, servicePort, 'TCP');
      if (resolution.podPort === undefined) return `${s.key} -> ${d.key}: ${resolution.note}`;
      podPort = resolution.podPort;
    }
    this.documented.add(flowKey(s.key, d.key, podPort, 'TCP'));
    const verdict = this.analyzer._evaluateDetailed(s.key, d.key, podPort, 'TCP').verdict;
    return verdict.allowed ? undefined : `${s.key} -> ${d.key} TCP/${podPort} ${verdict.reason}`;
  }

  private checkIngressRow(row: CatalogConnection, destination: ResolvedEnd, documentedPort: string): void {
    if (destination.mode !== 'pods') {
      this.push(VerifyStatus.SKIP, row, documentedPort, destination.reason ?? `${row.destination.id} is not a workload of the manifests: only Ingress routes to pods are checked`);
      return;
    }
    const failures: string[] = [];
    for (const group of destination.groups) {
      for (const pod of group.endpoints) {
        const routes = this.analyzer.ingressRoutesTo(pod.key);
        if (routes.length === 0) {
          failures.push(`no Ingress routes to ${pod.key} (add an entry point with a path to its Service)`);
        } else if (!routes.some((r) => r.allowed)) {
          failures.push(routes.map((r) => r.reason).join('; '));
        }
        // what the row documents in the cluster: the controller reaching the routed pod ports
        for (const r of routes) {
          if (r.podPort !== undefined) this.documented.add(flowKey(ReachabilityAnalyzer.INGRESS_CONTROLLER, pod.key, r.podPort, 'TCP'));
        }
      }
    }
    if (failures.length === 0) this.push(VerifyStatus.PASS, row, documentedPort);
    else this.push(VerifyStatus.FAIL, row, documentedPort, failures.join('; '));
  }

  private portsFor(row: CatalogConnection, destination: ResolvedEnd): number[] {
    const override = this.options.portOverrides?.[row.ref];
    if (override !== undefined) return [override];
    const peerPortsWin = this.options.peerPortsWin ?? true;
    if (destination.ports.length > 0 && (row.servicePort === undefined || (row.portConfigurable && peerPortsWin))) {
      return destination.ports;
    }
    return row.servicePort !== undefined ? [row.servicePort] : [];
  }

  private workloads(): ReachabilityEndpoint[] {
    if (!this.workloadList) this.workloadList = this.analyzer.workloads;
    return this.workloadList;
  }

  private podsLabelled(match: (labels: { [key: string]: string }) => boolean): ReachabilityEndpoint[] {
    return this.workloads().filter((w) => match(w.labels));
  }

  private resolve(end: ConnectionEnd, row: CatalogConnection): ResolvedEnd {
    if (end.kind === EndKind.COMPONENT || end.kind === EndKind.COMPONENT_GROUP) {
      const groups = end.components
        .map((id) => ({ member: id, endpoints: this.podsLabelled((l) => l[Labels.NAME] === id) }))
        .filter((g) => g.endpoints.length > 0);
      if (groups.length === 0) {
        return { mode: 'unknown', groups, present: false, ports: [], reason: `no pod labelled ${Labels.NAME}=${end.components.join(' or ')} in the manifests` };
      }
      return { mode: 'pods', groups, present: true, ports: [] };
    }
    if (EmbeddedStores.isStore(end.id)) {
      const labels = EmbeddedStores.labels(end.id, row.service);
      const tenant = end.id === PeerKindId.UCSX_TENANT_DB;
      const pods = this.podsLabelled((l) => l[Labels.NAME] === labels.name && l[Labels.COMPONENT] === labels.component
        && (tenant ? (l[Labels.INSTANCE] ?? '').startsWith('ucsx-tenant-') : l[Labels.INSTANCE] === labels.instance));
      if (pods.length > 0) return { mode: 'pods', groups: [{ member: end.id, endpoints: pods }], present: true, ports: [] };
    }
    const entries = this.peersFor(end.id, row);
    if (entries.length > 0) {
      return {
        mode: 'virtual',
        groups: [{ member: end.id, endpoints: [...new Set(entries.flatMap((e) => this.peerEndpoints.get(e) ?? []))] }],
        present: false,
        ports: [...new Set(entries.flatMap((e) => e.ports ?? []))],
        cidrs: entries.flatMap((e) => (e.cidrs ?? []).map((c) => parseCidr(c)!)),
      };
    }
    if (end.id === PeerKindId.INGRESS_CONTROLLER) {
      return { mode: 'virtual', groups: [{ member: end.id, endpoints: [this.analyzer.endpoint(ReachabilityAnalyzer.INGRESS_CONTROLLER)] }], present: false, ports: [] };
    }
    if (end.id === PeerKindId.PROMETHEUS) {
      return { mode: 'virtual', groups: [{ member: end.id, endpoints: [this.prometheus] }], present: false, ports: [] };
    }
    const store = EmbeddedStores.isStore(end.id) ? ` and no embedded ${EmbeddedStores.engine(end.id)} pod of ${row.service}` : '';
    return {
      mode: 'unknown',
      groups: [],
      present: false,
      ports: [],
      reason: `peer ${JSON.stringify(end.id)} is not in the manifests${store}: describe it in peers.json ({ "kind": "${end.id}", "namespace": ..., "labels": {...} } or { "kind": "${end.id}", "cidrs": [...] })`,
    };
  }

  private peersFor(kind: string, row: CatalogConnection): VerifyPeer[] {
    const ofKind = this.peers.filter((p) => p.kind === kind);
    const specific = ofKind.filter((p) => p.service === row.service);
    return specific.length > 0 ? specific : ofKind.filter((p) => p.service === undefined);
  }

  /**
   * The references of every implements annotation (NetworkPolicies, Ingresses, ConfigMaps...): a
   * catalog row is fine (its line is the row's), an extension gets an EXT line with what implements
   * it and the flows it allows, anything else fails.
   */
  private refLines(): VerifyLine[] {
    const holders = new Map<string, string[]>();
    for (const object of this.manifests.objects) {
      const refs = refsOf(object);
      if (refs.length === 0) continue;
      const namespace = object.metadata?.namespace ?? this.options.defaultNamespace ?? 'default';
      const name = `${object.kind === 'NetworkPolicy' ? '' : `${object.kind} `}${namespace}/${object.metadata?.name}`;
      for (const ref of new Set(refs)) {
        const list = holders.get(ref) ?? [];
        if (!list.includes(name)) list.push(name);
        holders.set(ref, list);
      }
    }
    const services = catalogServices();
    const tables = [...services].sort(compareText).join(', ');
    const out: VerifyLine[] = [];
    const fail = (ref: string, reason: string) => out.push({ status: VerifyStatus.FAIL, ref, check: 'reference', reason, set: this.set, text: `FAIL ${ref}: ${reason}` });
    for (const ref of sortRefs([...holders.keys()])) {
      const by = holders.get(ref)!.sort(compareText).join(', ');
      if (isRowRef(ref)) {
        if (catalogHas(ref)) continue;
        if (services.has(serviceOfRef(ref)!)) {
          fail(ref, `named by ${by} but not a row of the catalog (references read "<service>#<number>", e.g. "gws#15")`);
        } else {
          fail(ref, `named by ${by} is an unknown reference: ${serviceOfRef(ref)} is not a table of the catalog (${tables}); declare an opening beyond the tables as an extension, e.g. "ext:${ref.replace('#', '-')}"`);
        }
      } else if (isExtensionRef(ref)) {
        const flows = this.extensionFlows.get(ref) ?? [];
        const shown = flows.slice(0, EXT_FLOWS_SHOWN).join(', ');
        const more = flows.length > EXT_FLOWS_SHOWN ? ` and ${flows.length - EXT_FLOWS_SHOWN} more` : '';
        const text = `EXT ${ref}: implemented by ${by}${flows.length > 0 ? `; allows ${shown}${more}` : ''}`;
        out.push({ status: VerifyStatus.EXT, ref, reason: flows.length > 0 ? `allows ${flows.join(', ')}` : undefined, set: this.set, text });
      } else {
        fail(ref, `named by ${by} is an unknown reference: write a catalog row ("gws#15") or an extension ("ext:" and a DNS label, e.g. "ext:nexus-metrics")`);
      }
    }
    return out;
  }

  /** True when a row documents the source reaching a peer CIDR that holds the address, on the port. */
  private inDocumentedRange(s: ReachabilityEndpoint, ip: string, port: number, protocol: string): boolean {
    const cidrs = this.documentedRanges.get(`${s.key}|${port}|${protocol}`);
    const address = parseAddress(ip);
    return !!cidrs && !!address && cidrs.some((c) => cidrHasAddress(c, address));
  }

  /**
   * Every allowed flow between our workloads, from a virtual endpoint (ingress controller,
   * Prometheus, peers, strangers) to our workloads and from our workloads to a virtual endpoint,
   * that no checked row documents and no extension declares on every isolated side, is an opening.
   */
  private checkOpenings(): void {
    const ours = this.workloads().filter((w) => w.labels[Labels.PART_OF] === Labels.PART_OF_VALUE);
    if (this.options.strangers ?? true) {
      this.virtual('verify-stranger', 'verify-stranger', { [Labels.NAME]: 'verify-stranger' });
      this.analyzer.addVirtualEndpoint({ name: 'verify-stranger-v4', ip: '192.0.2.10' });
      this.analyzer.addVirtualEndpoint({ name: 'verify-stranger-v6', ip: '2001:db8::10' });
    }
    const all = this.analyzer.endpoints;
    const virtual = all.filter((e) => e.virtual);
    const order = new Map(all.map((e, i) => [e, i]));
    const flows: AllowedFlow[] = [...this.analyzer._allowedFlows(ours, [...ours, ...virtual]), ...this.analyzer._allowedFlows(virtual, ours)];
    const group = (f: AllowedFlow) => (f.source.virtual || f.destination.virtual ? 1 : 0);
    flows.sort((a, b) => group(a) - group(b) || order.get(a.destination)! - order.get(b.destination)! || order.get(a.source)! - order.get(b.source)!
      || a.port - b.port || compareText(a.protocol, b.protocol));
    for (const f of flows) {
      if (f.port === DNS_PORT) continue;
      const { source: s, destination: d, port, protocol } = f;
      if (this.documented.has(flowKey(s.key, d.key, port, protocol))) continue;
      if (d.ip !== undefined && this.inDocumentedRange(s, d.ip, port, protocol)) continue;
      const detailed = this.analyzer._evaluateDetailed(s.key, d.key, port, protocol);
      if (!detailed.verdict.allowed) continue;
      const extensions = declaredBy(detailed);
      if (extensions.length > 0) {
        for (const ref of extensions) {
          const list = this.extensionFlows.get(ref) ?? [];
          list.push(`${s.key} -> ${d.key} ${port}/${protocol}`);
          this.extensionFlows.set(ref, list);
        }
        continue;
      }
      const text = `OPEN ${s.key} -> ${d.key} ${port}/${protocol}`;
      this.lines.push({ status: VerifyStatus.OPEN, source: s.key, destination: d.key, port: `${port}/${protocol}`, reason: detailed.verdict.reason, set: this.set, text });
    }
  }
}

function catalogHas(ref: string): boolean {
  try {
    ConnectionCatalog.get(ref);
    return true;
  } catch {
    return false;
  }
}

/**
 * The extensions (`ext:<id>`) that declare an allowed flow: on every isolated side, an admitting
 * policy names them. Flows where neither side is isolated are never declared.
 */
function declaredBy(detailed: DetailedVerdict): string[] {
  const sides = [detailed.egress, detailed.ingress].filter((s) => s.isolated);
  if (sides.length === 0) return [];
  const refsOfSide = (admitting: Policy[]) => new Set(admitting.flatMap((p) => p.refs).filter(isExtensionRef));
  let common = refsOfSide(sides[0].admitting);
  for (const side of sides.slice(1)) {
    const next = refsOfSide(side.admitting);
    common = new Set([...common].filter((r) => next.has(r)));
  }
  return sortRefs([...common]);
}

/**
 * Verifies manifests (a directory or objects) against the catalog: the same as `Verifier.verify`,
 * for TypeScript and JavaScript users (jsii languages use `Verifier.verify`).
 */
export function verifyManifests(source: string | any[], options: VerifyOptions = {}): VerifyReport {
  return Verifier.verify(source, options);
}
