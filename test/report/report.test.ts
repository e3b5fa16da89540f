import { App, Chart } from 'cdk8s';
import { Connection, ConnectionReport, GenesysPeers, HardenedWorkload, ManagedNamespace, Peer, RowStatus } from '../../src';

/** Two GWS workloads and one external store, wired for three catalog rows. */
function app(): App {
  const a = new App();
  const chart = new Chart(a, 'c');
  ManagedNamespace.ensure(chart, 'gws');
  const image = { repository: 'gws/x', tag: '1.0.0' };
  const workspace = new HardenedWorkload(chart, 'ws', { id: 'gws-app-workspace', component: 'gws', namespace: 'gws', image, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  const setting = new HardenedWorkload(chart, 'st', { id: 'gws-platform-setting', component: 'gws', namespace: 'gws', image, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  Connection.declare(chart, { source: workspace.peer, destination: setting.peer, port: 'http', refs: ['gws#31'] });
  Connection.declare(chart, { source: workspace.peer, destination: GenesysPeers.authService({ targetPort: 8080 }), port: 'http', refs: ['gws#14'] });
  const redis = Peer.external({ name: 'redis', host: 'cache.example.com', cidrGroups: [{ name: 'cache', cidrs: ['10.1.0.0/24'] }], ports: [{ name: 'redis', port: 6379 }] });
  Connection.declare(chart, { source: workspace.peer, destination: redis, port: 'redis', refs: ['gws#18'] });
  return a;
}

describe('ConnectionReport', () => {
  test('maps every catalog row to what implements it, with its status', () => {
    const rows = ConnectionReport.rows(app());
    expect(rows).toHaveLength(73);
    const byRef = new Map(rows.map((r) => [r.row.ref, r]));
    const r31 = byRef.get('gws#31')!;
    expect(r31.status).toBe(RowStatus.IMPLEMENTED);
    expect(r31.source.workloads).toEqual(['gws/gws-app-workspace']);
    expect(r31.destination.workloads).toEqual(['gws/gws-platform-setting']);
    expect(r31.servicePorts).toEqual([80]);
    expect(r31.podPorts).toEqual([8080]);
    expect(r31.policies).toEqual(['gws/gws-app-workspace-egress', 'gws/gws-platform-setting-ingress']);
    expect(byRef.get('gws#18')!.destination.cidrs).toEqual(['10.1.0.0/24']);
    expect(byRef.get('gws#18')!.policies).toEqual(['gws/gws-app-workspace-egress']);
    // rows of this table not declared although GWS workloads are here: missing
    expect(byRef.get('gws#15')!.status).toBe(RowStatus.MISSING);
    // other services' rows: not in this app; rows with two outside ends: outside
    expect(byRef.get('ucsx#3')!.status).toBe(RowStatus.NOT_IN_APP);
    expect(byRef.get('wwe#8')!.status).toBe(RowStatus.OUTSIDE);
  });

  test('the Markdown keeps the documentation\'s columns, shows documented vs effective values and lists every decision', () => {
    const md = ConnectionReport.markdown(app(), 'test');
    expect(md).toContain('| # | Source | Destination | Protocol | Port | Effective port | Classification | Data | Implemented by |');
    expect(md).toMatch(/\| 31 \| GWS Workspace Service \| GWS Setting Service \| HTTP \(documented "\u041d\u0422\u0422\u0420"\) \| 80 \| 80 → 8080 \| Intra-cluster \|/);
    expect(md).toContain('`gws/gws-app-workspace-egress`<br>`gws/gws-platform-setting-ingress`');
    expect(md).toMatch(/- \*\*ucsx#4\*\*: documented TCP 443 for a PostgreSQL database: effective 5432/);
    expect(md).toContain('```mermaid');
    expect(md).toMatch(/gws_app_workspace -- "gws#31" --> gws_platform_setting/);
  });

  test('the DOT diagram labels edges with row references and dashes the rows outside the constructs', () => {
    const dot = ConnectionReport.dot(app());
    expect(dot).toContain('gws_gws_app_workspace -> gws_gws_platform_setting [label="gws#31", color="#333333"];');
    expect(dot).toMatch(/ingress_proxy -> ingress_controller \[label="wwe#8", color="#9e9e9e", style=dashed\];/);
  });

  test('the peers file describes every peer outside the app for the verifier', () => {
    const peers = JSON.parse(ConnectionReport.peers(app()));
    expect(peers).toEqual([
      { kind: 'auth-service', service: 'gws', namespace: 'gauth', labels: { 'app.kubernetes.io/name': 'gauth-auth' }, ports: [8080] },
      { kind: 'redis', service: 'gws', cidrs: ['10.1.0.0/24'] },
    ]);
  });
});

describe('the Graphviz diagram', () => {
  test('groups nodes by namespace, draws each end of each connection, styles edges by kind and carries a legend', () => {
    const a = app();
    const chart = a.node.findChild('c') as Chart;
    const prometheus = Peer.prometheus();
    const api = chart.node.findChild('ws') as HardenedWorkload;
    Connection.declare(chart, { source: prometheus, destination: api.peer, port: 'http', refs: ['ext:demo-scrape'], reason: 'the demo scrape' });
    const dot = ConnectionReport.dot(a);
    // one cluster per namespace, peers outside the cluster apart
    expect(dot).toMatch(/subgraph cluster_\d+ \{\n {4}label="namespace gws";[^}]*gws_gws_app_workspace \[label="gws\/gws-app-workspace"\];[^}]*gws_gws_platform_setting/);
    expect(dot).toMatch(/label="outside the cluster";[^}]*external_redis \[label="redis"\];/);
    // edges by kind: intra-cluster, egress to CIDR groups, ingress from a peer, extensions, rows outside
    expect(dot).toContain('gws_gws_app_workspace -> gws_gws_platform_setting [label="gws#31", color="#333333"];');
    expect(dot).toContain('gws_gws_app_workspace -> external_redis [label="gws#18", color="#2e7d32", style=dashed];');
    expect(dot).toContain('monitoring_prometheus -> gws_gws_app_workspace [label="ext:demo-scrape", color="#e65100", style=dotted, penwidth=1.6];');
    expect(dot).toContain('browser -> auth_service [label="wwe#2", color="#9e9e9e", style=dashed];');
    for (const kind of ['ingress', 'intra-cluster', 'egress', 'extension', 'outside']) expect(dot).toContain(`[label="${kind}"]`);
  });
});
