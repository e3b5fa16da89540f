import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CatalogConnection,
  Classification,
  ConnectionCatalog,
  ConnectionEnd,
  ConnectionReport,
  Direction,
  EndKind,
  GenesysServiceProps,
  HardenedWorkload,
  PeerKindId,
  PeerLocation,
  StoreEngine,
  Verifier,
  VerifyStatus,
} from '../../src';
import { Bind, envUrl, GenesysPeers, SERVICE_FIELDS, ServiceKit, storeAddress, wireTable } from '../../src/kit/internal';
import { find, synthesize } from '../support/synth';

// A fifth service needs its table, its construct and one registration: the report, the verifier and
// the wiring loop take it without an edit. The table and construct here are a small stand-in.

function component(id: string): ConnectionEnd {
  return { id, kind: EndKind.COMPONENT, components: [id], documented: id };
}
function peer(id: string, documented: string): ConnectionEnd {
  return { id, kind: EndKind.PEER, components: [], documented };
}

function row(n: number, source: ConnectionEnd, destination: ConnectionEnd, protocol: string, [port, podPort]: number[], portName: string,
  direction: Direction, classification: Classification): CatalogConnection {
  return {
    ref: `demo#${n}`,
    service: 'demo',
    number: n,
    source,
    destination,
    documentedProtocol: protocol,
    protocol,
    documentedPort: port,
    servicePort: port,
    podPort,
    portName,
    portConfigurable: false,
    classification,
    direction,
    peerLocation: PeerLocation.IN_CLUSTER,
    data: `demo row ${n}`,
  };
}

const API = component('demo-api');
const WORKER = component('demo-worker');

ConnectionCatalog.register({
  service: 'demo',
  title: 'Demo Service',
  components: ['demo-api', 'demo-worker'],
  rows: [
    row(1, WORKER, API, 'HTTP', [80, 8080], 'http', Direction.INTERNAL, Classification.INTRA_CLUSTER),
    row(2, API, peer(PeerKindId.REDIS, 'Redis'), 'Redis', [6379, 6379], 'redis', Direction.EGRESS, Classification.INTRA_CLUSTER),
    row(3, API, peer(PeerKindId.AUTH_SERVICE, 'GAuth'), 'HTTP', [80, 80], 'http', Direction.EGRESS, Classification.EGRESS),
  ],
});

/** The construct of the fifth service: its components, its store and its bindings; the kit does the rest. */
class DemoService extends Construct {
  public constructor(scope: Construct, id: string, props: GenesysServiceProps) {
    super(scope, id);
    const { kit } = ServiceKit.start(this, 'demo', props, SERVICE_FIELDS, '{ domain }');
    const resources = { cpuRequestMillis: 50, cpuLimitMillis: 200, memoryRequestMebibytes: 64, memoryLimitMebibytes: 128 };
    const api = kit.component({ id: 'demo-api', field: 'api', repository: 'demo/api', tag: '1.0.0', resources });
    const worker: HardenedWorkload = kit.component({ id: 'demo-worker', field: 'worker', repository: 'demo/worker', tag: '1.0.0', resources, ports: [{ name: 'health', port: 9000 }] });
    const redis = kit.store({ id: 'redis', engine: StoreEngine.REDIS, kind: PeerKindId.REDIS, field: 'redis' });
    wireTable(this, kit.input, 'demo', {
      ends: new Map([
        ['demo-api', { ...Bind.workloads(api), address: envUrl(kit, 'DEMO_API_URL') }],
        ['demo-worker', Bind.workloads(worker)],
        [PeerKindId.REDIS, Bind.peer(redis.peer, storeAddress(kit, redis, { host: 'REDIS_HOST', port: 'REDIS_PORT' }))],
        [PeerKindId.AUTH_SERVICE, Bind.peer(GenesysPeers.authService(), envUrl(kit, 'AUTH_URL'))],
      ]),
    });
    kit.finish();
  }
}

describe('a fifth service: its table, its folder, one registration', () => {
  let report: any;
  let markdown = '';
  const { objects } = synthesize((app) => {
    const chart = new Chart(app, 'demo', { disableResourceNameHashes: true });
    new DemoService(chart, 'demo', { domain: 'example.com', developmentStores: true });
    report = JSON.parse(ConnectionReport.json(chart));
    markdown = ConnectionReport.markdown(chart);
  });

  test('the catalog lists the new table after the four built-in ones', () => {
    expect(ConnectionCatalog.services()).toEqual(['wwe', 'gws', 'nexus', 'ucsx', 'demo']);
    expect(ConnectionCatalog.componentsOf('demo')).toEqual(['demo-api', 'demo-worker']);
  });

  test('the wiring loop writes both sides of every row and the addresses', () => {
    const api = find(objects, 'NetworkPolicy', 'demo-api-ingress', 'demo');
    expect(api.metadata.annotations['genesys.cdk8s.io/implements']).toBe('demo#1');
    expect(api.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(find(objects, 'NetworkPolicy', 'demo-api-egress', 'demo').metadata.annotations['genesys.cdk8s.io/implements']).toBe('demo#2, demo#3');
    const env = find(objects, 'Deployment', 'demo-worker', 'demo').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'DEMO_API_URL', value: 'http://demo-api.demo.svc.cluster.local:80' }]);
    expect(find(objects, 'Service', 'demo-api', 'demo').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  test('the report and CONNECTIONS.md carry the table under its title', () => {
    const rows = report.rows.filter((r: any) => r.service === 'demo');
    expect(rows.map((r: any) => [r.ref, r.status])).toEqual([['demo#1', 'implemented'], ['demo#2', 'implemented'], ['demo#3', 'implemented']]);
    expect(markdown).toContain('## Demo Service');
  });

  test('the verifier checks the rows of the new table', () => {
    const verified = Verifier.verify(objects, { peers: [{ kind: 'auth-service', namespace: 'gauth', labels: { 'app.kubernetes.io/name': 'gauth-auth' }, ports: [80] }] });
    const lines = verified.lines.filter((l) => l.ref?.startsWith('demo#')).map((l) => `${l.status} ${l.ref}`);
    expect(lines).toEqual(['PASS demo#1', 'PASS demo#2', 'PASS demo#3']);
    expect(verified.withStatus(VerifyStatus.OPEN)).toEqual([]);
  });

  test('registering a malformed or duplicate table fails clearly', () => {
    expect(() => ConnectionCatalog.register({ service: 'demo', title: 'again', components: ['demo-x'], rows: [] })).toThrow(/service "demo" is registered already/);
    expect(() => ConnectionCatalog.register({ service: 'Bad Id', title: 'x', components: ['x'], rows: [] })).toThrow(/is not a DNS label/);
    expect(() => ConnectionCatalog.register({ service: 'other', title: 'x', components: ['demo-api'], rows: [] })).toThrow(/component "demo-api" belongs to another table already/);
  });
});
