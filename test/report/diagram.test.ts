import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { around, Box, contains, intersects, svgGeometry, textBox } from './svg';
import { EXAMPLES } from '../../examples/registry';
import { ConnectionReport, GenesysPlatform } from '../../src';
import { DIAGRAM_FONT, diagramModel, DiagramModel, EdgeKind } from '../../src/report/diagram';
import { reportExtensions, reportRows } from '../../src/report/model';

// the platform repository example imports the published package: give it the library's source
jest.mock('cdk8s-genesys-cx', () => jest.requireActual('../../src'), { virtual: true });

const root = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-diagram-'));

/** Every cluster the examples write a diagram for: each platform of an example app, or the app. */
function exampleScopes(): { name: string; scope: IConstruct }[] {
  const out: { name: string; scope: IConstruct }[] = [];
  const add = (name: string, app: App) => {
    const platforms = app.node.findAll().filter(GenesysPlatform.isPlatform) as GenesysPlatform[];
    if (platforms.length === 0) out.push({ name, scope: app });
    else for (const p of platforms) out.push({ name: platforms.length > 1 ? `${name}/${p.node.id}` : name, scope: p });
  };
  for (const example of EXAMPLES) add(example.name, example.build(path.join(tmp, example.name)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const platformRepo = require('../../examples/platform-repo/main') as { definePlatform: (scope: App) => GenesysPlatform };
  const app = new App({ outdir: path.join(tmp, 'platform-repo') });
  platformRepo.definePlatform(app);
  add('platform-repo', app);
  return out;
}

function model(scope: IConstruct): DiagramModel {
  return diagramModel(reportRows(scope), reportExtensions(scope));
}

/** The DOT id of every node statement, by the cluster (`cluster_<n>` or `cluster_legend`) it is declared in; '' for the root graph. */
function clustersOfDot(dot: string): Map<string, string> {
  const out = new Map<string, string>();
  let cluster = '';
  for (const line of dot.split('\n')) {
    const open = /^ {2}subgraph (cluster_\w+) \{$/.exec(line);
    if (open) cluster = open[1];
    else if (line === '  }') cluster = '';
    for (const m of line.matchAll(/(?:^|; )\s*("(?:[^"\\]|\\.)*"|\w+) \[(?!.*->)/g)) {
      const id = m[1].startsWith('"') ? JSON.parse(m[1]) : m[1];
      if (['graph', 'node', 'edge'].includes(id)) continue;
      if (out.has(id)) throw new Error(`${id} is declared twice (in ${out.get(id) || 'the root graph'} and ${cluster || 'the root graph'})`);
      out.set(id, cluster);
    }
  }
  return out;
}

describe('the diagram model', () => {
  const quickstart = EXAMPLES.find((e) => e.name === 'quickstart')!.build(path.join(tmp, 'model'));
  const platform = quickstart.node.findAll().find(GenesysPlatform.isPlatform)!;
  const { nodes, edges } = model(platform);
  const withRef = (ref: string) => edges.filter((e) => e.refs.includes(ref));

  test('a row that names a group is one edge from or to the group\'s title; a row naming one member starts at its cell', () => {
    const group = nodes.find((n) => n.id === 'group gws/gws-platform-services')!;
    expect(group.label).toBe('Platform services');
    expect(group.members).toHaveLength(9);
    expect(group.members.every((m) => m.startsWith('gws/gws-platform-'))).toBe(true);
    const one = (ref: string) => {
      expect({ ref, edges: withRef(ref).length }).toEqual({ ref, edges: 1 });
      return withRef(ref)[0];
    };
    expect(one('gws#8')).toEqual({ from: group.id, fromPort: 'group', to: 'gws/consul-gws', toPort: undefined, kind: EdgeKind.INTRA, ports: [8500], refs: ['gws#8'] });
    expect(one('gws#10')).toMatchObject({ from: group.id, fromPort: 'group', to: 'voice/tenant', ports: [8080] });
    expect(one('gws#11')).toMatchObject({ from: group.id, fromPort: 'group', to: 'gauth/gauth-auth', ports: [80] });
    expect(one('gws#2')).toMatchObject({ from: 'gws/gws-service-proxy', to: group.id, toPort: 'group', ports: [8080] });
    const setting = `m${group.members.indexOf('gws/gws-platform-setting')}`;
    expect(one('gws#9')).toMatchObject({ from: group.id, fromPort: setting, to: 'gws/postgres-gws', ports: [5432] });
    expect(one('gws#31')).toMatchObject({ from: 'gws/gws-app-workspace', to: group.id, toPort: setting });
    // no member of the group is drawn on its own
    expect(nodes.filter((n) => n.id.startsWith('gws/gws-platform-'))).toEqual([]);
  });

  test('one edge per source, destination, kind and pod ports, carrying every row and extension between them', () => {
    const keys = edges.map((e) => [e.from, e.fromPort, e.to, e.toPort, e.kind, e.ports.join(',')].join('|'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(edges.find((e) => e.from === 'envoy-gateway-system/gateway-genesys-public' && e.to === 'nexus/nexus')).toMatchObject({
      kind: EdgeKind.INGRESS, ports: [8080], refs: ['nexus#1', 'nexus#2', 'nexus#3', 'nexus#11', 'wwe#6'],
    });
    const dot = ConnectionReport.dot(platform);
    expect(dot).toMatch(/label_\d+ \[shape=plaintext, [^\]]*label="nexus#1, nexus#2, nexus#3\\nnexus#11, wwe#6\\n:8080"\];/);
  });

  test('catalog peers the app has are drawn once: rows with both ends outside reuse the app\'s peer, the browser stays apart', () => {
    // wwe#2 (Browser -> Genesys Authentication) ends at the GAuth peer the GWS rows use
    expect(withRef('wwe#2')).toMatchObject([{ from: 'outside browser', to: 'gauth/gauth-auth', kind: EdgeKind.OUTSIDE }]);
    expect(withRef('wwe#8')).toMatchObject([{ from: 'outside ingress-proxy', to: 'envoy-gateway-system/gateway-genesys-public' }]);
    expect(nodes.find((n) => n.id === 'outside browser')).toMatchObject({ label: 'Browser', cluster: 'outside these constructs' });
  });

  test('each node is declared in exactly one cluster, each port an edge names is a cell of its node, and every text is in one font', () => {
    for (const { name, scope } of exampleScopes()) {
      const dot = ConnectionReport.dot(scope);
      const declared = clustersOfDot(dot);
      const diagram = model(scope);
      for (const n of diagram.nodes) expect({ name, node: n.id, cluster: declared.get(n.id)?.startsWith('cluster_') }).toEqual({ name, node: n.id, cluster: true });
      for (const e of diagram.edges) {
        for (const [node, port] of [[e.from, e.fromPort], [e.to, e.toPort]] as const) {
          if (port === undefined) continue;
          const members = diagram.nodes.find((n) => n.id === node)!.members;
          expect({ name, node, port, known: port === 'group' || members[Number(port.slice(1))] !== undefined }).toEqual({ name, node, port, known: true });
        }
      }
      expect([...dot.matchAll(/fontname="([^"]*)"/g)].map((m) => m[1]).filter((f) => f !== DIAGRAM_FONT)).toEqual([]);
    }
  });
});

describe('the diagrams Graphviz draws', () => {
  interface Rendered { name: string; svg?: string; messages?: string[]; error?: string }
  let scopes: { name: string; scope: IConstruct; dot: string }[];
  let rendered: Map<string, Rendered>;
  let stdout: string;
  let stderr: string;
  const fixture = (file: string) => fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8');

  beforeAll(() => {
    scopes = exampleScopes().map((s) => ({ ...s, dot: ConnectionReport.dot(s.scope) }));
    const input = [
      ...scopes.map((s) => ({ name: s.name, dot: s.dot })),
      // DOT Graphviz complains about, through each of its two channels
      { name: 'fixture: lost edge', dot: fixture('lost-edge.dot') },
      { name: 'fixture: bad record', dot: 'digraph { a [shape=record, label="{<p>x|"]; a -> b; }' },
      { name: 'fixture: syntax error', dot: 'digraph { a -> ; }' },
      // and what a user sees of it when ConnectionReport.write draws such a DOT
      { name: 'fixture: written', dot: fixture('lost-edge.dot'), write: true },
    ];
    fs.writeFileSync(path.join(tmp, 'in.json'), JSON.stringify(input));
    // Graphviz's ES module cannot be loaded in Jest: a plain Node.js process renders with the library's renderer,
    // with the library's warnings on as a user has them
    const env = { ...process.env };
    delete env.GENESYS_CDK8S_WARNINGS;
    const child = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(__dirname, 'render-dots.ts'),
      path.join(tmp, 'in.json'), path.join(tmp, 'out.json')], { encoding: 'utf8', env: { ...env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') }, timeout: 120_000 });
    if (child.status !== 0) throw new Error(`the renderer failed (${child.status}): ${child.stderr}`);
    stdout = child.stdout;
    stderr = child.stderr;
    rendered = new Map((JSON.parse(fs.readFileSync(path.join(tmp, 'out.json'), 'utf8')) as Rendered[]).map((r) => [r.name, r]));
  }, 180_000);

  test('the renderer captures what Graphviz says on each channel, and no Graphviz output reaches the console', () => {
    const lost = rendered.get('fixture: lost edge')!;
    expect(lost.svg).toMatch(/<svg/);
    expect(lost.messages).toEqual(expect.arrayContaining([expect.stringMatching(/triangulation failed/), expect.stringMatching(/^lost \S+ \S+ edge$/)]));
    expect(rendered.get('fixture: bad record')!.messages).toEqual(['bad label format {<p>x|']);
    expect(rendered.get('fixture: syntax error')!.error).toMatch(/^report: Graphviz could not lay out the diagram: syntax error in line 1/);
    // nothing of Graphviz's own output reaches the console: ConnectionReport.write turns it into one warning
    expect(rendered.get('fixture: written')!.svg).toMatch(/<svg/);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(/^warning: connections\.svg of fixture: written: Graphviz reported "[^"]*triangulation failed", .*"lost \S+ \S+ edge"; the drawing may be wrong: please report it$/),
      '',
    ]);
  });

  test('every example\'s diagram and the platform repository\'s lay out without a single Graphviz message', () => {
    expect(scopes.map((s) => s.name)).toEqual(['quickstart', 'production', 'multi-region/usw1', 'multi-region/euw1', 'official-charts', 'core-basics', 'platform-repo']);
    for (const s of scopes) {
      const { messages, error } = rendered.get(s.name)!;
      expect({ name: s.name, messages, error }).toEqual({ name: s.name, messages: [] });
    }
  });

  test('namespaces never overlap, and every node lies inside its own namespace and outside the others', () => {
    for (const s of scopes) {
      const { clusters, nodes } = svgGeometry(rendered.get(s.name)!.svg!);
      const declared = clustersOfDot(s.dot);
      expect(clusters.size).toBe(new Set([...declared.values()].filter((c) => c)).size);
      const boxes = [...clusters.values()].map((c) => ({ title: c.title, box: c.box! }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const pair = { name: s.name, a: boxes[i].title, b: boxes[j].title };
          expect({ ...pair, overlap: intersects(boxes[i].box, boxes[j].box) }).toEqual({ ...pair, overlap: false });
        }
      }
      for (const [id, node] of nodes) {
        const own = declared.get(id);
        if (!node.box && node.texts.length === 0) continue; // a legend edge's empty end
        // an edge's label is a plain text node: its box is its text's
        const box: Box = node.box ?? around(node.texts.map((t) => textBox(t, 0.6)));
        for (const c of boxes) {
          const where = { name: s.name, node: id, cluster: c.title, own: c.title === own };
          expect({ ...where, placed: c.title === own ? contains(c.box, box) : !intersects(c.box, box) }).toEqual({ ...where, placed: true });
        }
      }
    }
  });

  test('text is in Courier with a monospaced fallback, and each box keeps a margin around its text in any font of 0.6 em', () => {
    for (const s of scopes) {
      const { clusters, nodes } = svgGeometry(rendered.get(s.name)!.svg!);
      const families = new Set([...clusters.values(), ...nodes.values()].flatMap((g) => g.texts.map((t) => t.family)));
      expect({ name: s.name, families: [...families] }).toEqual({ name: s.name, families: ['Courier,monospace'] });
      for (const [id, node] of nodes) {
        for (const t of node.texts) {
          // the smallest shape of the node around the text's anchor: the node's box, or a group's cell
          const shape = node.shapes.filter((b) => b.x0 <= t.x && t.x <= b.x1 && b.y0 <= t.y && t.y <= b.y1)
            .sort((a, b) => (a.x1 - a.x0) * (a.y1 - a.y0) - (b.x1 - b.x0) * (b.y1 - b.y0))[0];
          if (!shape) continue; // edge labels and legend entries: plain text
          // a little wider than 0.6 em (DejaVu Sans Mono advances 0.602), and 3 points clear on each side
          const inner = { x0: shape.x0 + 3, y0: shape.y0 + 1, x1: shape.x1 - 3, y1: shape.y1 - 1 };
          const where = { name: s.name, node: id, text: t.text };
          expect({ ...where, fits: contains(inner, textBox(t, 0.61)) }).toEqual({ ...where, fits: true });
        }
      }
    }
  });
});
