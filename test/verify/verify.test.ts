import { App, Chart } from 'cdk8s';
import { Connection, EntryPoint, EntryPoints, HardenedWorkload, IngressProfile, ManagedNamespace, Peer, WorkloadKind } from '../../src';
import { ConnectionCatalog } from '../../src/catalog/catalog';
import { Verifier, VerifyPeer, VerifyReport, VerifyStatus, verifyManifests } from '../../src/verify';

/** Every catalog row: these tests are about other things than rows left unchecked, which fail unless allowed. */
const ALL_ROWS = ConnectionCatalog.all().map((r) => r.ref);

const IMAGE = { repository: 'genesys/test', tag: '1.0.0' };

interface Built {
  readonly chart: Chart;
  readonly workload: (id: string, namespace: string, ports?: any[], extra?: any) => HardenedWorkload;
}

function build(body: (b: Built) => void): any[] {
  const app = new App();
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  const workload = (id: string, namespace: string, ports: any[] = [{ name: 'http', port: 80, targetPort: 8080 }], extra: any = {}) => {
    ManagedNamespace.ensure(chart, namespace);
    return new HardenedWorkload(chart, `${id}-${extra.instance ?? ''}`, { id, component: namespace, namespace, image: IMAGE, ports, ...extra });
  };
  body({ chart, workload });
  return chart.toJson();
}

function line(report: VerifyReport, ref: string): string | undefined {
  return report.lines.find((l) => l.ref === ref)?.text;
}

describe('Verifier: catalog rows', () => {
  test('a declared row passes; rows whose ends are both absent are not listed', () => {
    // GIVEN GWS Workspace -> Data Collector declared as gws#15
    const objects = build(({ chart, workload }) => {
      const workspace = workload('gws-app-workspace', 'gws');
      const collector = workload('gws-platform-datacollector', 'gws');
      Connection.declare(chart, { source: workspace.peer, destination: collector.peer, port: 'http', refs: ['gws#15'] });
    });
    // WHEN
    const report = Verifier.verify(objects, { allowSkipped: ALL_ROWS });
    // THEN
    expect(line(report, 'gws#15')).toBe('PASS gws#15 gws-app-workspace -> gws-platform-datacollector 80');
    // ucsx#16 (Prometheus -> UCS-X) and nexus#9 (Nexus -> Redis): neither end is in the manifests
    expect(report.lines.find((l) => l.ref === 'ucsx#16')).toBeUndefined();
    expect(report.lines.find((l) => l.ref === 'nexus#9')).toBeUndefined();
    // ucsx#13 (UCS-X -> GWS Workspace): one end present, the other absent
    expect(line(report, 'ucsx#13')).toBe('SKIP ucsx#13 ucsx -> gws-app-workspace 80: no pod labelled app.kubernetes.io/name=ucsx in the manifests');
    expect(report.lines.find((l) => l.ref === 'wwe#1')).toBeUndefined();
    expect(report.skipped).toBeGreaterThan(0);
    expect(report.summary).toBe(`1 passed, 0 failed, ${report.skipped} skipped`);
    // not allowed by name, the row that cannot be checked fails, saying why
    const strict = Verifier.verify(objects);
    expect(line(strict, 'ucsx#13')).toBe('FAIL ucsx#13 ucsx -> gws-app-workspace 80: not checked: no pod labelled app.kubernetes.io/name=ucsx in the manifests '
      + '(or allow it unchecked: --allow-skip ucsx#13, VerifyOptions.allowSkipped)');
    expect(strict.summary).toBe(`1 passed, ${report.skipped} failed, 0 skipped`);
    // allowing that row alone leaves the others failing
    const one = Verifier.verify(objects, { allowSkipped: ['ucsx#13'] });
    expect([one.skipped, one.failed]).toEqual([1, report.skipped - 1]);
    expect(strict.ok).toBe(false);
  });

  test('an undeclared row between two present components fails and names the denying side', () => {
    const objects = build(({ workload }) => {
      workload('gws-app-workspace', 'gws');
      workload('gws-platform-datacollector', 'gws');
    });
    const report = Verifier.verify(objects);
    expect(line(report, 'gws#15')).toMatch(/^FAIL gws#15 gws-app-workspace -> gws-platform-datacollector 80: gws\/Deployment\/gws-app-workspace -> gws\/Deployment\/gws-platform-datacollector TCP\/8080 denied by egress and ingress/);
    expect(report.ok).toBe(false);
  });

  test('a row whose other end is unknown is skipped with the fix', () => {
    const objects = build(({ workload }) => {
      workload('gws-app-workspace', 'gws');
    });
    const report = Verifier.verify(objects, { allowSkipped: ALL_ROWS });
    expect(line(report, 'gws#14')).toMatch(/^SKIP gws#14 gws-app-workspace -> auth-service 80: peer "auth-service" is not in the manifests: describe it in peers\.json/);
    expect(line(report, 'gws#18')).toMatch(/^SKIP gws#18 gws-app-workspace -> redis 6379: peer "redis" is not in the manifests and no embedded redis pod of gws/);
    expect(line(report, 'gws#15')).toMatch(/^SKIP gws#15 .*no pod labelled app\.kubernetes\.io\/name=gws-platform-datacollector/);
    expect(report.skipped).toBeGreaterThan(3);
    expect(report.ok).toBe(true);
    expect(Verifier.verify(objects).failed).toBe(report.skipped);
  });

  test('a group row passes when every present member passes, and names the member that fails', () => {
    // GIVEN two platform services and an embedded Consul of GWS; only one connected
    const build2 = (connectBoth: boolean) => build(({ chart, workload }) => {
      const consul = workload('consul', 'gws', [{ name: 'http', port: 8500 }], { instance: 'gws', kind: WorkloadKind.STATEFULSET });
      const setting = workload('gws-platform-setting', 'gws');
      const configuration = workload('gws-platform-configuration', 'gws');
      Connection.declare(chart, { source: setting.peer, destination: consul.peer, port: 'http', refs: ['gws#8'] });
      if (connectBoth) Connection.declare(chart, { source: configuration.peer, destination: consul.peer, port: 'http', refs: ['gws#8'] });
    });
    expect(line(Verifier.verify(build2(true), { schema: false, policy: false }), 'gws#8')).toBe('PASS gws#8 gws-platform-services -> consul 8500');
    const failing = line(Verifier.verify(build2(false), { schema: false, policy: false }), 'gws#8');
    expect(failing).toMatch(/^FAIL gws#8 gws-platform-services -> consul 8500: gws\/Deployment\/gws-platform-configuration -> gws\/StatefulSet\/consul-gws TCP\/8500 denied/);
    expect(failing).not.toMatch(/gws-platform-setting ->/);
  });

  test('the browser row holds through the Ingress and the controller\'s rule', () => {
    const objects = build(({ chart, workload }) => {
      const proxy = workload('gws-service-proxy', 'gws');
      new EntryPoint(chart, 'gws-ingress', {
        name: 'gws',
        namespace: 'gws',
        host: 'gws.example.com',
        labels: { app: 'gws' },
        routes: [{ path: '/', workload: proxy, port: 'http' }],
        entryPoints: EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX }),
        refs: ['gws#1'],
      });
    });
    expect(line(Verifier.verify(objects), 'gws#1')).toBe('PASS gws#1 browser -> gws-service-proxy 443');
    // a controller elsewhere cannot reach the pod
    const moved = Verifier.verify(objects, { ingressController: { namespace: 'edge' } });
    expect(line(moved, 'gws#1')).toMatch(/^FAIL gws#1 browser -> gws-service-proxy 443: gws\/gws routes gws\.example\.com\/ to Service gws\/gws-service-proxy port 80 -> gws\/Deployment\/gws-service-proxy pod port 8080; ingress controller denied by ingress/);
    // a controller placed by the peers file
    const peers: VerifyPeer[] = [{ kind: 'ingress-controller', namespace: 'edge', labels: { app: 'edge' } }];
    expect(line(Verifier.verify(objects, { peers }), 'gws#1')).toMatch(/^FAIL gws#1 browser -> gws-service-proxy 443: .*ingress controller denied by ingress/);
    // no Ingress at all
    const bare = Verifier.verify(build(({ workload }) => workload('gws-service-proxy', 'gws')));
    expect(line(bare, 'gws#1')).toMatch(/^FAIL gws#1 browser -> gws-service-proxy 443: no Ingress or HTTPRoute routes to gws\/Deployment\/gws-service-proxy/);
  });

  test('Prometheus is a virtual pod in monitoring by default, configurable', () => {
    const objects = build(({ chart, workload }) => {
      const ucsx = workload('ucsx', 'ucsx', [{ name: 'http', port: 8080 }, { name: 'metrics', port: 10052 }]);
      Connection.declare(chart, { source: Peer.prometheus(), destination: ucsx.peer, port: 'metrics', refs: ['ucsx#16'] });
    });
    expect(line(Verifier.verify(objects), 'ucsx#16')).toBe('PASS ucsx#16 prometheus -> ucsx 10052');
    expect(line(Verifier.verify(objects, { prometheus: { namespace: 'observability' } }), 'ucsx#16')).toMatch(/^FAIL ucsx#16 prometheus -> ucsx 10052: virtual\/prometheus -> ucsx\/Deployment\/ucsx TCP\/10052 denied by ingress/);
  });
});

describe('Verifier: peers', () => {
  const gauth = Peer.inCluster({ name: 'gauth', namespace: 'gauth', labels: { app: 'gauth' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  const objects = build(({ chart, workload }) => {
    const workspace = workload('gws-app-workspace', 'gws');
    Connection.declare(chart, { source: workspace.peer, destination: gauth, port: 'http', refs: ['gws#14'] });
    const udm = workload('udm', 'ucsx');
    const files = Peer.external({ name: 'files', cidrGroups: [{ name: 'storage', cidrs: ['198.51.100.0/28'] }], ports: [{ name: 'https', port: 443 }] });
    Connection.declare(chart, { source: udm.peer, destination: files, port: 'https', refs: ['ucsx#6'] });
  });

  test('an in-cluster peer entry with its pod ports passes a configurable row', () => {
    const peers: VerifyPeer[] = [{ kind: 'auth-service', namespace: 'gauth', labels: { app: 'gauth' }, ports: [8080] }];
    expect(line(Verifier.verify(objects, { peers }), 'gws#14')).toBe('PASS gws#14 gws-app-workspace -> auth-service 8080');
  });

  test('without ports the documented port is taken as a pod port (no Service of the peer is in the manifests)', () => {
    const peers: VerifyPeer[] = [{ kind: 'auth-service', namespace: 'gauth', labels: { app: 'gauth' } }];
    expect(line(Verifier.verify(objects, { peers }), 'gws#14')).toMatch(/^FAIL gws#14 gws-app-workspace -> auth-service 80: .* TCP\/80 denied by egress/);
    // unless the documented port wins over the entry's ports
    const both: VerifyPeer[] = [{ kind: 'auth-service', namespace: 'gauth', labels: { app: 'gauth' }, ports: [8080] }];
    expect(line(Verifier.verify(objects, { peers: both, peerPortsWin: false }), 'gws#14')).toMatch(/^FAIL gws#14 .* 80:/);
    expect(line(Verifier.verify(objects, { peers, portOverrides: { 'gws#14': 8080 } }), 'gws#14')).toBe('PASS gws#14 gws-app-workspace -> auth-service 8080');
  });

  test('an external peer is tested at the first usable address of each CIDR', () => {
    const inside: VerifyPeer[] = [{ kind: 'file-storage', cidrs: ['198.51.100.0/28'] }];
    expect(line(Verifier.verify(objects, { peers: inside }), 'ucsx#6')).toBe('PASS ucsx#6 udm -> file-storage 443');
    const elsewhere: VerifyPeer[] = [{ kind: 'file-storage', cidrs: ['198.51.100.0/28', '192.0.2.64/26'] }];
    expect(line(Verifier.verify(objects, { peers: elsewhere }), 'ucsx#6')).toMatch(/^FAIL ucsx#6 udm -> file-storage 443: ucsx\/Deployment\/udm -> external\/peer-file-storage-1-2 TCP\/443 denied by egress/);
  });

  test('an entry for the row\'s table wins over a general one', () => {
    const peers: VerifyPeer[] = [
      { kind: 'auth-service', namespace: 'elsewhere', labels: { app: 'x' }, ports: [8080] },
      { kind: 'auth-service', service: 'gws', namespace: 'gauth', labels: { app: 'gauth' }, ports: [8080] },
    ];
    expect(line(Verifier.verify(objects, { peers }), 'gws#14')).toBe('PASS gws#14 gws-app-workspace -> auth-service 8080');
  });

  test('bad entries are refused with every problem listed', () => {
    const bad: any[] = [
      { kind: 'auth', namespace: 'x', labels: { a: 'b' } },
      { kind: 'redis', cidrs: ['10.0.0.0/33'], ports: [70000] },
      { kind: 'iwd' },
      { kind: 'iwd', namespace: 'iwd', labels: {}, colour: 'red' },
    ];
    let message = '';
    try {
      Verifier.verify(objects, { peers: bad });
    } catch (e: any) {
      message = e.message;
    }
    expect(message).toMatch(/options\.peers entry 1 kind "auth" is not a peer kind \(use one of browser, /);
    expect(message).toMatch(/entry 2 cidr "10\.0\.0\.0\/33" is not a CIDR/);
    expect(message).toMatch(/entry 2 port 70000 is not a TCP port \(1-65535\)/);
    expect(message).toMatch(/entry 3 \("iwd"\) needs either "namespace" with "labels" \(in-cluster\) or "cidrs" \(external\), got neither/);
    expect(message).toMatch(/entry 4 has unknown field "colour"/);
    expect(message).toMatch(/entry 4 labels \{\} must be an object of at least one string label/);
  });
});

describe('Verifier: openings and references', () => {
  test('an undocumented connection between our workloads is an opening and a failure', () => {
    // GIVEN the reverse of gws#15, declared without a reference
    const objects = build(({ chart, workload }) => {
      const workspace = workload('gws-app-workspace', 'gws');
      const collector = workload('gws-platform-datacollector', 'gws');
      Connection.declare(chart, { source: workspace.peer, destination: collector.peer, port: 'http', refs: ['gws#15'] });
      Connection.declare(chart, { source: collector.peer, destination: workspace.peer, port: 'http' });
    });
    const report = Verifier.verify(objects, { allowSkipped: ALL_ROWS });
    expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text)).toEqual(['OPEN gws/Deployment/gws-platform-datacollector -> gws/Deployment/gws-app-workspace 8080/TCP']);
    expect(report.openings).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.toText().trim().split('\n').pop()).toBe(`${report.passed} passed, 1 failed, ${report.skipped} skipped`);
  });

  test('a connection declared as an extension is an EXT line listing its flow, not an opening', () => {
    // GIVEN demo-a -> demo-b declared with an extension reference
    const objects = build(({ chart, workload }) => {
      const a = workload('demo-a', 'demo');
      const b = workload('demo-b', 'demo');
      Connection.declare(chart, { source: a.peer, destination: b.peer, port: 'http', refs: ['ext:demo-7'], reason: 'the demo front end calls the demo back end' });
    });
    // WHEN
    const report = Verifier.verify(objects);
    // THEN
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
    expect(report.withStatus(VerifyStatus.EXT)).toEqual([{
      status: VerifyStatus.EXT,
      ref: 'ext:demo-7',
      reason: 'allows demo/Deployment/demo-a -> demo/Deployment/demo-b 8080/TCP',
      set: undefined,
      text: 'EXT ext:demo-7: implemented by demo/demo-a-egress, demo/demo-b-ingress; allows demo/Deployment/demo-a -> demo/Deployment/demo-b 8080/TCP',
    }]);
    expect(report.extensions).toBe(1);
    expect(report.ok).toBe(true);
  });

  test('a reference that is neither a catalog row nor an extension fails, and does not declare its flow', () => {
    const objects = build(({ chart, workload }) => {
      const a = workload('demo-a', 'demo');
      const b = workload('demo-b', 'demo');
      Connection.declare(chart, { source: a.peer, destination: b.peer, port: 'http', refs: ['app#7'] });
    });
    const report = Verifier.verify(objects);
    expect(line(report, 'app#7')).toBe('FAIL app#7: named by demo/demo-a-egress, demo/demo-b-ingress is an unknown reference: app is not a table of the catalog (gws, nexus, ucsx, wwe); declare an opening beyond the tables as an extension, e.g. "ext:app-7"');
    expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text)).toEqual(['OPEN demo/Deployment/demo-a -> demo/Deployment/demo-b 8080/TCP']);
    expect(report.failed).toBe(2);
  });

  test('a catalog-looking reference that is not a row fails', () => {
    const objects = build(({ chart, workload }) => {
      const a = workload('demo-a', 'demo');
      const b = workload('demo-b', 'demo');
      Connection.declare(chart, { source: a.peer, destination: b.peer, port: 'http', refs: ['gws#99'] });
    });
    const report = Verifier.verify(objects);
    expect(line(report, 'gws#99')).toBe('FAIL gws#99: named by demo/demo-a-egress, demo/demo-b-ingress but not a row of the catalog (references read "<service>#<number>", e.g. "gws#15")');
    // the connection it opens is not documented by it either
    expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text)).toEqual(['OPEN demo/Deployment/demo-a -> demo/Deployment/demo-b 8080/TCP']);
  });

  test('a rule open to every namespace is found through the stranger pod and the virtual pods', () => {
    const objects = build(({ workload }) => {
      workload('demo-a', 'demo');
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'too-wide', namespace: 'demo' },
      spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] },
    });
    const report = Verifier.verify(objects, { schema: false, policy: false });
    expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text)).toEqual([
      'OPEN virtual/ingress-controller -> demo/Deployment/demo-a 8080/TCP',
      'OPEN virtual/prometheus -> demo/Deployment/demo-a 8080/TCP',
      'OPEN virtual/verify-stranger -> demo/Deployment/demo-a 8080/TCP',
    ]);
    // without strangers, the ingress controller and Prometheus still see it
    expect(Verifier.verify(objects, { schema: false, policy: false, strangers: false }).withStatus(VerifyStatus.OPEN).map((l) => l.source))
      .toEqual(['virtual/ingress-controller', 'virtual/prometheus']);
  });

  test('verifyManifests is Verifier.verify for TypeScript users', () => {
    const objects = build(({ workload }) => workload('demo-a', 'demo'));
    expect(verifyManifests(objects).toText()).toBe(Verifier.verify(objects).toText());
  });
});
