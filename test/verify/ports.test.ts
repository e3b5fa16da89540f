// A configured port is the port the verifier tests: whenever a destination's peers entry gives
// ports, those are tested (the documented port only when none is given), and an embedded store
// that listens elsewhere is tested on its Service's port of the row's port name. Each store and
// peer kind moved at both ends passes; moved at one end only, it fails.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { productionProps } from '../../examples/production/app';
import { GenesysPeers, GenesysPlatform, GenesysPlatformProps } from '../../src';
import { ConnectionCatalog } from '../../src/catalog/catalog';
import { CatalogConnection } from '../../src/catalog/model';
import { EmbeddedStores } from '../../src/catalog/stores';
import { Verifier, VerifyLine, VerifyReport, VerifyStatus } from '../../src/verify';
import { ManifestSet } from '../../src/verify/manifests';
import { labelsInclude } from '../../src/verify/selector';

const ROOT = path.join(__dirname, '..', '..');

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

const rowsOf = (r: VerifyReport, refs: string[]): VerifyLine[] => r.lines.filter((l) => l.ref !== undefined && refs.includes(l.ref));
const documentedPortOf = (ref: string) => ConnectionCatalog.get(ref).servicePort;
const problems = (r: VerifyReport) => r.lines.filter((l) => l.status === VerifyStatus.FAIL || l.status === VerifyStatus.OPEN).map((l) => l.text);

/** Plain `cdk8s synth` of the production example with changed props (no peers.json: the ConfigMaps describe the peers). */
function synthProduction(change: (p: any) => void): any[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ports-'));
  try {
    const props: any = productionProps();
    change(props);
    const app = new App({ outdir: dir });
    new GenesysPlatform(app, 'production', props as GenesysPlatformProps);
    app.synth();
    return ManifestSet.fromDirectory(dir).objects;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Sets (or removes) the ports of the peers ConfigMap entries of a kind for a table. */
function setEntryPorts(objects: any[], kind: string, service: string, ports: number[] | undefined): number {
  let changed = 0;
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'genesys-cx-peers')) {
    const entries = JSON.parse(cm.data['peers.json']);
    for (const e of entries) {
      if (e.kind !== kind || (e.service !== undefined && e.service !== service)) continue;
      if (ports) e.ports = ports;
      else delete e.ports;
      changed++;
    }
    cm.data['peers.json'] = JSON.stringify(entries);
  }
  return changed;
}

interface Moved {
  readonly name: string;
  readonly kind: string;
  readonly service: string;
  /** The rows that move with the port. */
  readonly refs: string[];
  readonly port: number;
  readonly change: (p: any) => void;
  /** Rows to the same peer that keep their own documented port (tested on it). */
  readonly kept?: { [ref: string]: number };
}

let subnet = 0;

/** An external store on another port, in a subnet of its own (stores sharing a subnet share one address for ipBlocks). */
function external(p: any, at: string[], port: number): void {
  let o = p;
  for (const k of at) o = o[k];
  o.external = { ...o.external, port, cidrGroups: [{ name: 'own-subnet', cidrs: [`10.77.${++subnet}.0/24`] }] };
}

/** Every store and peer kind the production example reaches outside the cluster or in other namespaces, moved. */
const MOVED: Moved[] = [
  { name: 'GWS Redis on 6380', kind: 'redis', service: 'gws', refs: ['gws#12', 'gws#18', 'gws#24', 'gws#25'], port: 6380, change: (p) => external(p, ['gws', 'redis'], 6380) },
  { name: 'Nexus Redis on 6380', kind: 'redis', service: 'nexus', refs: ['nexus#9'], port: 6380, change: (p) => external(p, ['nexus', 'redis'], 6380) },
  { name: 'GWS PostgreSQL through a pooler on 6432', kind: 'postgresql', service: 'gws', refs: ['gws#9', 'gws#23'], port: 6432, change: (p) => external(p, ['gws', 'postgres'], 6432) },
  { name: 'Nexus PostgreSQL on 6432', kind: 'postgresql', service: 'nexus', refs: ['nexus#10'], port: 6432, change: (p) => external(p, ['nexus', 'postgres'], 6432) },
  { name: 'GWS Elasticsearch on 9243', kind: 'elasticsearch', service: 'gws', refs: ['gws#13'], port: 9243, change: (p) => external(p, ['gws', 'elasticsearch'], 9243) },
  { name: 'UCS-X Elasticsearch on 443', kind: 'elasticsearch', service: 'ucsx', refs: ['ucsx#17'], port: 443, change: (p) => external(p, ['ucsx', 'elasticsearch'], 443) },
  { name: 'UDM master database on 5433', kind: 'udm-master-db', service: 'ucsx', refs: ['ucsx#3', 'ucsx#4'], port: 5433, change: (p) => external(p, ['ucsx', 'udmMasterDatabase'], 5433) },
  {
    name: 'UCS-X master database on 5433 (its pooler kept on 6432)',
    kind: 'ucsx-master-db',
    service: 'ucsx',
    refs: ['ucsx#20'],
    port: 5433,
    change: (p) => external(p, ['ucsx', 'masterDatabase'], 5433),
    kept: { 'ucsx#19': 6432 },
  },
  { name: 'UCS-X tenant database on 5433', kind: 'ucsx-tenant-db', service: 'ucsx', refs: ['ucsx#18'], port: 5433, change: (p) => external(p, ['ucsx', 'tenants', '0', 'database'], 5433) },
  {
    name: 'GWS Consul node agent on 8501',
    kind: 'consul',
    service: 'gws',
    refs: ['gws#3', 'gws#8', 'gws#19', 'gws#22'],
    port: 8501,
    change: (p) => { p.gws.consul.nodeAgent = { ...p.gws.consul.nodeAgent, port: 8501 }; },
  },
  { name: 'GAuth on 8443', kind: 'auth-service', service: 'gws', refs: ['gws#11', 'gws#14', 'gws#20'], port: 8443, change: (p) => { p.peers.authService = GenesysPeers.authService({ port: 8443 }); } },
  { name: 'Voicemail on 8082', kind: 'voicemail', service: 'gws', refs: ['gws#17'], port: 8082, change: (p) => { p.peers.voicemail = GenesysPeers.voicemail({ port: 8082 }); } },
];

describe('external and other-namespace peers on configured ports (production, plain synth)', () => {
  const base = ManifestSet.fromFiles([path.join(ROOT, 'examples', 'production', 'dist', 'production.k8s.yaml')]).objects;
  const baseReport = Verifier.verify(base.map(copy));

  test('the production example verifies with its documented ports', () => {
    expect(problems(baseReport)).toEqual([]);
  });

  describe.each(MOVED.map((m) => [m.name, m]))('%s', (_name, moved) => {
    let objects: any[];
    beforeAll(() => {
      objects = synthProduction(moved.change);
    });

    test('moved at both ends (policies and configuration, and the peers description): passes on the configured port', () => {
      const report = Verifier.verify(objects.map(copy));
      const rows = rowsOf(report, moved.refs);
      expect(rows.map((l) => l.ref)).toEqual(moved.refs);
      for (const l of rows) {
        expect([l.ref, l.status, l.port]).toEqual([l.ref, VerifyStatus.PASS, String(moved.port)]);
      }
      for (const [ref, port] of Object.entries(moved.kept ?? {})) {
        expect(rowsOf(report, [ref]).map((l) => [l.status, l.port])).toEqual([[VerifyStatus.PASS, String(port)]]);
      }
      expect(problems(report)).toEqual([]);
    });

    test('the policies moved, the peers description still at the documented port: the rows fail', () => {
      const changed = objects.map(copy);
      expect(setEntryPorts(changed, moved.kind, moved.service, undefined)).toBeGreaterThan(0);
      const report = Verifier.verify(changed);
      const rows = rowsOf(report, moved.refs);
      expect(rows.length).toBe(moved.refs.length);
      expect(rows.every((l) => l.status === VerifyStatus.FAIL)).toBe(true);
      for (const ref of Object.keys(moved.kept ?? {})) expect(rowsOf(report, [ref]).map((l) => l.status)).toEqual([VerifyStatus.PASS]);
    });

    test('the peers description moved, the policies at the documented port: the rows fail', () => {
      const changed = base.map(copy);
      expect(setEntryPorts(changed, moved.kind, moved.service, [moved.port])).toBeGreaterThan(0);
      const rows = rowsOf(Verifier.verify(changed), moved.refs);
      expect(rows.length).toBe(moved.refs.length);
      if (moved.kept) {
        // rows to a peer that other rows reach on other ports: the entry's port or the row's own
        // (which one belongs to which row is not in the entry); the row's own still holds
        expect(rows.every((l) => l.status === VerifyStatus.PASS && l.port === String(documentedPortOf(l.ref!)))).toBe(true);
      } else {
        expect(rows.every((l) => l.status === VerifyStatus.FAIL && l.port === String(moved.port))).toBe(true);
      }
    });
  });
});

describe('embedded stores that listen elsewhere (quickstart)', () => {
  const base = ManifestSet.fromFiles([path.join(ROOT, 'examples', 'quickstart', 'dist', 'quickstart.k8s.yaml')]).objects;
  const stores = base.filter((o) => o.kind === 'StatefulSet');

  /** The catalog rows whose destination is this store. */
  function rowsTo(store: any): CatalogConnection[] {
    const labels = store.spec.template.metadata.labels;
    return ConnectionCatalog.all().filter((r) => {
      if (!EmbeddedStores.isStore(r.destination.id)) return false;
      const want = EmbeddedStores.labels(r.destination.id, r.service);
      const instance = labels['app.kubernetes.io/instance'] ?? '';
      return want.name === labels['app.kubernetes.io/name'] && want.component === labels['app.kubernetes.io/component']
        && (r.destination.id === 'ucsx-tenant-db' ? instance.startsWith('ucsx-tenant-') : want.instance === instance);
    });
  }

  /**
   * Moves a store's container port to `to`: the container, and every Service port that targets it
   * (its own port too where it was the same number); with `policies`, also every NetworkPolicy port
   * of rules that admit traffic to the store or let clients reach it.
   */
  function move(objects: any[], storeName: string, to: number, policies: boolean): void {
    const store = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === storeName);
    const labels = store.spec.template.metadata.labels;
    const ns = store.metadata.namespace;
    const port = store.spec.template.spec.containers[0].ports[0];
    const from = port.containerPort;
    port.containerPort = to;
    for (const c of store.spec.template.spec.containers) {
      for (const probe of ['livenessProbe', 'readinessProbe']) if (c[probe]?.tcpSocket?.port === from) c[probe].tcpSocket.port = to;
    }
    for (const svc of objects.filter((o) => o.kind === 'Service' && o.metadata.namespace === ns && o.spec.selector && labelsInclude(labels, o.spec.selector))) {
      for (const p of svc.spec.ports) {
        if (p.targetPort === from) {
          if (p.port === from) p.port = to;
          p.targetPort = to;
        }
      }
    }
    if (!policies) return;
    const selectsStore = (sel: any) => sel && Object.keys(sel.matchLabels ?? {}).length > 0 && labelsInclude(labels, sel.matchLabels);
    for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
      const moveRule = (rule: any) => (rule.ports ?? []).forEach((p: any) => { if (p.port === from) p.port = to; });
      if (policy.metadata.namespace === ns && selectsStore(policy.spec.podSelector)) (policy.spec.ingress ?? []).forEach(moveRule);
      for (const rule of policy.spec.egress ?? []) {
        if ((rule.to ?? []).some((peer: any) => selectsStore(peer.podSelector))) moveRule(rule);
      }
    }
  }

  test('the quickstart has embedded stores of every engine', () => {
    expect(new Set(stores.map((s) => s.spec.template.metadata.labels['app.kubernetes.io/name']))).toEqual(new Set(['postgres', 'redis', 'elasticsearch', 'consul']));
  });

  describe.each(stores.map((s) => [s.metadata.namespace + '/' + s.metadata.name, s]))('%s', (_name, store) => {
    const rows = rowsTo(store);
    const refs = rows.map((r) => r.ref);
    const to = store.spec.template.spec.containers[0].ports[0].containerPort + 1001;

    test('catalog rows lead to it and pass today', () => {
      expect(refs.length).toBeGreaterThan(0);
      const r = rowsOf(Verifier.verify(base.map(copy)), refs);
      expect(r.length).toBe(refs.length);
      expect(r.every((l) => l.status === VerifyStatus.PASS)).toBe(true);
    });

    test('moved at both ends (store, its Services and the policies): passes, tested on its Service\'s port of the row\'s name', () => {
      const objects = base.map(copy);
      move(objects, store.metadata.name, to, true);
      const report = Verifier.verify(objects);
      const lines = rowsOf(report, refs);
      expect(lines.length).toBe(refs.length);
      for (const l of lines) {
        const row = rows.find((r) => r.ref === l.ref)!;
        const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === store.metadata.name && o.metadata.namespace === store.metadata.namespace);
        const named = service.spec.ports.find((p: any) => p.name === row.portName);
        expect([l.ref, l.status, l.port]).toEqual([l.ref, VerifyStatus.PASS, String(named.port)]);
      }
      expect(problems(report)).toEqual([]);
    });

    test('moved at one end only (the store, not the policies): the rows fail', () => {
      const objects = base.map(copy);
      move(objects, store.metadata.name, to, false);
      const lines = rowsOf(Verifier.verify(objects), refs);
      expect(lines.length).toBe(refs.length);
      expect(lines.every((l) => l.status === VerifyStatus.FAIL)).toBe(true);
    });
  });
});

describe('external peers are named after what they are', () => {
  test('an address several kinds of store share is named after all of them, not the first entry', () => {
    const objects = ManifestSet.fromFiles([path.join(ROOT, 'examples', 'production', 'dist', 'production.k8s.yaml')]).objects.map(copy);
    setEntryPorts(objects, 'redis', 'gws', [6380]);
    const line = rowsOf(Verifier.verify(objects), ['gws#12'])[0];
    expect(line.status).toBe(VerifyStatus.FAIL);
    expect(line.reason).toMatch(/-> external\/peers-[a-z+-]*redis[a-z+-]*-at-\d+\.\d+\.\d+\.\d+ TCP\/6380 denied/);
    expect(line.reason).toMatch(/external\/peers-[a-z+-]*postgresql\+/);
    expect(line.reason).not.toMatch(/external\/peer-postgresql/);
  });
});
