import { ReachabilityAnalyzer, ReachabilityEndpoint, DetailedVerdict } from './analyzer';
import { CheckFinding, FindingSeverity } from './findings';
import { firstUsableAddress } from './ip';
import { ManifestSet } from './manifests';
import { checkPeers, readPeersFile, VerifyPeer } from './peers-file';
import { PolicyCheck, PolicyRule } from './rules';
import { SchemaCheck } from './schema';
import { ConnectionCatalog } from '../catalog/catalog';
import { CatalogConnection, ConnectionEnd, EndKind, PeerKindId } from '../catalog/model';
import { EmbeddedStores } from '../catalog/stores';
import { IngressControllerPeerProps, PrometheusPeerProps } from '../shared';

const NAME = 'app.kubernetes.io/name';
const COMPONENT = 'app.kubernetes.io/component';
const INSTANCE = 'app.kubernetes.io/instance';
const PART_OF = 'app.kubernetes.io/part-of';
const PART_OF_VALUE = 'genesys-multicloud-cx';
const CATALOG_SERVICES = /^(wwe|gws|nexus|ucsx)#/;
const DNS_PORT = 53;

/** Peer kinds whose traffic enters through an Ingress (checked with the Ingress routes). */
const INGRESS_CLIENTS: string[] = [PeerKindId.BROWSER, PeerKindId.GENESYS_WIDGETS, PeerKindId.ASYNC_API_CLIENT];

/** What a verification line reports. */
export enum VerifyStatus {
  /** A documented connection is allowed at both ends. */
  PASS = 'PASS',
  /** A documented connection is blocked, or a schema or policy rule is broken. */
  FAIL = 'FAIL',
  /** A documented connection could not be checked (one end unknown, no port). */
  SKIP = 'SKIP',
  /** Two of our workloads can talk although nothing documents it. */
  OPEN = 'OPEN',
  /** Information that does not change the result. */
  NOTE = 'NOTE',
}

/** One line of a verification report. */
export interface VerifyLine {
  /** Status. */
  readonly status: VerifyStatus;
  /**
   * Catalog or app reference, e.g. `gws#15`.
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
  /** The line as printed. */
  readonly text: string;
}

/** Options of `Verifier.verify`. */
export interface VerifyOptions {
  /**
   * Peers outside the manifests (see `VerifyPeer`).
   * @default - the `peers.json` of the manifest directory, or none
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
  /** Every line, in order: rows, notes, openings, schema and policy findings. */
  public readonly lines: VerifyLine[];
  /** Rows that passed. */
  public readonly passed: number;
  /** Failed rows, openings and schema or policy errors. */
  public readonly failed: number;
  /** Undocumented openings. */
  public readonly openings: number;
  /** Rows skipped with a reason. */
  public readonly skipped: number;
  /** Schema and policy findings (errors and notes). */
  public readonly findings: CheckFinding[];

  public constructor(lines: VerifyLine[], findings: CheckFinding[]) {
    this.lines = lines;
    this.findings = findings;
    this.passed = lines.filter((l) => l.status === VerifyStatus.PASS).length;
    this.openings = lines.filter((l) => l.status === VerifyStatus.OPEN).length;
    this.failed = lines.filter((l) => l.status === VerifyStatus.FAIL).length + this.openings;
    this.skipped = lines.filter((l) => l.status === VerifyStatus.SKIP && l.ref !== undefined).length;
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
  readonly reason?: string;
}

/**
 * Verifies synthesized manifests against the connection catalog: every documented connection
 * wired, nothing else open, plus the schema and policy checks.
 */
export class Verifier {
  /**
   * Verifies the manifests of a directory (with its `peers.json`) or a list of objects.
   *
   * Each catalog row whose ends are in the manifests gives a PASS, FAIL or SKIP line; every
   * undocumented opening between two of our workloads (pods labelled
   * `app.kubernetes.io/part-of: genesys-multicloud-cx`) an OPEN line (DNS on 53 excluded);
   * schema and policy errors FAIL lines. See docs/VERIFY.md.
   * @param source a directory of manifests, or Kubernetes objects (e.g. `chart.toJson()`)
   */
  public static verify(source: string | any[], options: VerifyOptions = {}): VerifyReport {
    const manifests = typeof source === 'string' ? ManifestSet.fromDirectory(source) : ManifestSet.fromObjects(source);
    return Verifier.verifySet(manifests, options);
  }

  /** Verifies an already loaded set of manifests. */
  public static verifySet(manifests: ManifestSet, options: VerifyOptions = {}): VerifyReport {
    return new Run(manifests, options).run();
  }

  private constructor() {}
}

/** A documented flow: `source|destination|port|protocol` of endpoint keys and pod port. */
function flowKey(source: string, destination: string, port: number, protocol: string): string {
  return `${source}|${destination}|${port}|${protocol}`;
}

class Run {
  private readonly analyzer: ReachabilityAnalyzer;
  private readonly peers: VerifyPeer[];
  private readonly peerEndpoints = new Map<VerifyPeer, ReachabilityEndpoint[]>();
  private readonly prometheus: ReachabilityEndpoint;
  private readonly documented = new Set<string>();
  private readonly lines: VerifyLine[] = [];

  public constructor(private readonly manifests: ManifestSet, private readonly options: VerifyOptions) {
    if (options.peers !== undefined) {
      this.peers = checkPeers(options.peers, 'options.peers');
    } else if (manifests.peersFile) {
      this.peers = readPeersFile(manifests.peersFile);
    } else {
      this.peers = [];
    }
    // an in-cluster ingress-controller entry of the peers file places the controller for Ingress routes too
    const controllerEntry = this.peers.find((p) => p.kind === PeerKindId.INGRESS_CONTROLLER && p.namespace !== undefined);
    this.analyzer = new ReachabilityAnalyzer(manifests, {
      ingressController: options.ingressController
        ?? (controllerEntry ? { namespace: controllerEntry.namespace, labels: controllerEntry.labels } : undefined),
      defaultNamespace: options.defaultNamespace,
    });
    const prometheus = options.prometheus ?? {};
    this.prometheus = this.analyzer.addVirtualEndpoint({
      name: 'prometheus',
      namespace: prometheus.namespace ?? 'monitoring',
      labels: prometheus.labels ?? { [NAME]: 'prometheus' },
    });
    this.peers.forEach((peer, i) => {
      const base = `peer-${peer.kind}${peer.service ? `-${peer.service}` : ''}-${i + 1}`;
      if (peer.namespace !== undefined) {
        this.peerEndpoints.set(peer, [this.analyzer.addVirtualEndpoint({ name: base, namespace: peer.namespace, labels: peer.labels })]);
      } else {
        this.peerEndpoints.set(peer, (peer.cidrs ?? []).map((cidr, j) => this.analyzer.addVirtualEndpoint({ name: `${base}-${j + 1}`, ip: firstUsableAddress(cidr)! })));
      }
    });
  }

  public run(): VerifyReport {
    for (const row of ConnectionCatalog.all()) this.checkRow(row);
    this.checkRefs();
    this.checkOpenings();
    const findings: CheckFinding[] = [];
    if (this.options.schema ?? true) findings.push(...SchemaCheck.check(this.manifests));
    if (this.options.policy ?? true) findings.push(...PolicyCheck.check(this.manifests, { skip: this.options.skipRules }));
    for (const f of findings) {
      const status = f.severity === FindingSeverity.ERROR ? VerifyStatus.FAIL : VerifyStatus.NOTE;
      this.lines.push({
        status,
        check: f.check,
        reason: f.message,
        text: `${status} ${f.check} ${f.object.replace(' ', ':')}: ${f.path ? `${f.path}: ` : ''}${f.message}`,
      });
    }
    return new VerifyReport(this.lines, findings);
  }

  private push(status: VerifyStatus, row: CatalogConnection, port: string, reason?: string): void {
    const text = `${status} ${row.ref} ${row.source.id} -> ${row.destination.id} ${port}${reason ? `: ${reason}` : ''}`;
    this.lines.push({ status, ref: row.ref, source: row.source.id, destination: row.destination.id, port, reason, text });
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
      this.push(VerifyStatus.SKIP, row, '-', `the row documents no port and the peers entry of ${row.destination.id} gives none (add "ports" to its ${'peers.json'} entry or a port override for ${row.ref})`);
      return;
    }
    const failures: string[] = [];
    for (const srcGroup of source.groups) {
      for (const dstGroup of destination.groups) {
        for (const s of srcGroup.endpoints) {
          for (const d of dstGroup.endpoints) {
            if (s.key === d.key) continue;
            for (const port of ports) {
              const problem = this.checkFlow(s, d, port);
              if (problem) failures.push(problem);
            }
          }
        }
      }
    }
    const portText = ports.join(',');
    if (failures.length === 0) this.push(VerifyStatus.PASS, row, portText);
    else this.push(VerifyStatus.FAIL, row, portText, failures.join('; '));
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

  private podsLabelled(match: (labels: { [key: string]: string }) => boolean): ReachabilityEndpoint[] {
    return this.analyzer.workloads.filter((w) => match(w.labels));
  }

  private resolve(end: ConnectionEnd, row: CatalogConnection): ResolvedEnd {
    if (end.kind === EndKind.COMPONENT || end.kind === EndKind.COMPONENT_GROUP) {
      const groups = end.components
        .map((id) => ({ member: id, endpoints: this.podsLabelled((l) => l[NAME] === id) }))
        .filter((g) => g.endpoints.length > 0);
      if (groups.length === 0) {
        return { mode: 'unknown', groups, present: false, ports: [], reason: `no pod labelled ${NAME}=${end.components.join(' or ')} in the manifests` };
      }
      return { mode: 'pods', groups, present: true, ports: [] };
    }
    if (EmbeddedStores.isStore(end.id)) {
      const labels = EmbeddedStores.labels(end.id, row.service);
      const tenant = end.id === PeerKindId.UCSX_TENANT_DB;
      const pods = this.podsLabelled((l) => l[NAME] === labels.name && l[COMPONENT] === labels.component
        && (tenant ? (l[INSTANCE] ?? '').startsWith('ucsx-tenant-') : l[INSTANCE] === labels.instance));
      if (pods.length > 0) return { mode: 'pods', groups: [{ member: end.id, endpoints: pods }], present: true, ports: [] };
    }
    const entries = this.peersFor(end.id, row);
    if (entries.length > 0) {
      return {
        mode: 'virtual',
        groups: [{ member: end.id, endpoints: entries.flatMap((e) => this.peerEndpoints.get(e) ?? []) }],
        present: false,
        ports: [...new Set(entries.flatMap((e) => e.ports ?? []))],
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

  /** Policy references: unknown catalog references fail; app references are noted. */
  private checkRefs(): void {
    for (const ref of this.analyzer.policyRefs().sort()) {
      const policies = this.analyzer.policiesImplementing(ref).join(', ');
      if (CATALOG_SERVICES.test(ref)) {
        if (!catalogHas(ref)) {
          this.lines.push({ status: VerifyStatus.FAIL, ref, reason: 'unknown catalog reference', text: `FAIL ${ref}: named by ${policies} but not a row of the catalog (references read "<service>#<number>", e.g. "gws#15")` });
        }
      } else {
        this.lines.push({ status: VerifyStatus.NOTE, ref, text: `NOTE ${ref}: not a catalog row, declared by the app; implemented by ${policies}` });
      }
    }
  }

  private checkOpenings(): void {
    const ours = this.analyzer.workloads.filter((w) => w.labels[PART_OF] === PART_OF_VALUE);
    for (const d of ours) {
      const ports = this.analyzer.portsOf(d.key).filter((p) => p.port !== DNS_PORT);
      for (const s of ours) {
        if (s.key === d.key) continue;
        for (const p of ports) this.opening(s, d, p.port, p.protocol);
      }
    }
    if (this.options.strangers ?? true) {
      const strangers = [
        this.analyzer.addVirtualEndpoint({ name: 'verify-stranger', namespace: 'verify-stranger', labels: { [NAME]: 'verify-stranger' } }),
        this.analyzer.addVirtualEndpoint({ name: 'verify-stranger-v4', ip: '192.0.2.10' }),
        this.analyzer.addVirtualEndpoint({ name: 'verify-stranger-v6', ip: '2001:db8::10' }),
      ];
      for (const w of ours) {
        for (const stranger of strangers) {
          for (const p of this.analyzer.portsOf(w.key).filter((x) => x.port !== DNS_PORT)) this.opening(stranger, w, p.port, p.protocol);
          for (const p of this.analyzer.portsOf(stranger.key).filter((x) => x.port !== DNS_PORT)) this.opening(w, stranger, p.port, p.protocol);
        }
      }
    }
  }

  private opening(s: ReachabilityEndpoint, d: ReachabilityEndpoint, port: number, protocol: string): void {
    if (this.documented.has(flowKey(s.key, d.key, port, protocol))) return;
    if (!this.analyzer._isAllowed(s.key, d.key, port, protocol)) return;
    const detailed = this.analyzer._evaluateDetailed(s.key, d.key, port, protocol);
    if (!detailed.verdict.allowed || declaredByApp(detailed)) return;
    const text = `OPEN ${s.key} -> ${d.key} ${port}/${protocol}`;
    this.lines.push({ status: VerifyStatus.OPEN, source: s.key, destination: d.key, port: `${port}/${protocol}`, reason: detailed.verdict.reason, text });
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
 * True when the flow is allowed by policies implementing an app reference (a reference that is not
 * a catalog row, e.g. `demo#1`): on every isolated side, an admitting policy names that reference.
 * Flows where neither side is isolated are never declared.
 */
function declaredByApp(detailed: DetailedVerdict): boolean {
  const sides = [detailed.egress, detailed.ingress].filter((s) => s.isolated);
  if (sides.length === 0) return false;
  const refsOf = (side: typeof sides[number]) => new Set(side.admitting.flatMap((p) => p.refs).filter((r) => !CATALOG_SERVICES.test(r)));
  let common = refsOf(sides[0]);
  for (const side of sides.slice(1)) {
    const next = refsOf(side);
    common = new Set([...common].filter((r) => next.has(r)));
  }
  return common.size > 0;
}

/**
 * Verifies manifests (a directory or objects) against the catalog: the same as `Verifier.verify`,
 * for TypeScript and JavaScript users (jsii languages use `Verifier.verify`).
 */
export function verifyManifests(source: string | any[], options: VerifyOptions = {}): VerifyReport {
  return Verifier.verify(source, options);
}
