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

  test('the DOT diagram labels edges with row references and pod ports and dashes the rows outside the constructs', () => {
    const dot = ConnectionReport.dot(app());
    expect(edge(dot, '"gws/gws-app-workspace"', '"gws/gws-platform-setting"')).toEqual({ label: 'gws#31\\n:8080', style: 'color="#333333", penwidth=1' });
    expect(edge(dot, '"outside ingress-proxy"', '"outside ingress-controller"')).toEqual({ label: 'wwe#8', style: 'color="#8a8a8a", style=dashed' });
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
    // one cluster per namespace, peers outside the cluster apart; node text without the namespace the cluster names
    expect(dot).toMatch(/subgraph cluster_\d+ \{\n {4}label="namespace gws";[^}]*"gws\/gws-app-workspace" \[label="gws-app-workspace", style=filled, fillcolor="white"\];[^}]*"gws\/gws-platform-setting"/);
    expect(dot).toMatch(/label="outside the cluster";[^}]*"external redis" \[label="redis", style="filled,dashed", fillcolor="#eeeeee"\];/);
    // edges by kind: intra-cluster, egress to CIDR groups, ingress from a peer, extensions, rows outside
    expect(edge(dot, '"gws/gws-app-workspace"', '"gws/gws-platform-setting"')?.style).toBe('color="#333333", penwidth=1');
    expect(edge(dot, '"gws/gws-app-workspace"', '"external redis"')).toEqual({ label: 'gws#18\\n:6379', style: 'color="#2e7d32", style=dashed' });
    expect(edge(dot, '"monitoring/prometheus"', '"gws/gws-app-workspace"')).toEqual({ label: 'ext:demo-scrape\\n:8080', style: 'color="#e65100", style=dotted, penwidth=1.6' });
    // a row with both ends outside ends at the app's peer where the app has one (GAuth), else at the documented end
    expect(edge(dot, '"outside browser"', '"gauth/gauth-auth"')).toEqual({ label: 'wwe#2', style: 'color="#8a8a8a", style=dashed' });
    expect(dot).toContain('"outside webrtc" [label="WebRTC Media Service", style=filled, fillcolor="#eeeeee"];');
    for (const kind of ['ingress', 'intra-cluster', 'egress', 'extension', 'outside']) expect(dot).toContain(`[label="${kind}"]`);
  });
});

/** The edge drawn from `from` to `to` through its label node: the label's text and the edge's style. */
function edge(dot: string, from: string, to: string): { label: string; style: string } | undefined {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  for (const m of dot.matchAll(new RegExp(`^ {2}${escape(from)} -> (label_\\d+) \\[(.*), arrowhead=none\\];$`, 'gm'))) {
    const [, label, style] = m;
    if (!dot.includes(`  ${label} -> ${to} [${style}];`)) continue;
    const text = new RegExp(`^ *${label} \\[shape=plaintext, [^\\n]*label="((?:[^"\\\\]|\\\\.)*)"\\];$`, 'm').exec(dot);
    return { label: text?.[1] ?? '', style };
  }
  return undefined;
}
