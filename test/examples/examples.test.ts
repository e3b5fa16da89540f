import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { EXAMPLES } from '../../examples/registry';
import { PlatformSynth, Verifier, WRITTEN_FILES } from '../../src';
import { stringifyYaml } from '../../src/platform/yaml';

const root = path.resolve(__dirname, '..', '..');
const SVG_LINE = '![connections](connections.svg)\n\n';

function files(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('example %s', (name, example) => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `gcx-example-${name}-`));
    // the SVG needs Graphviz's ES module, which jest cannot load: the CI check of generated files covers it
    await PlatformSynth.synth(example.build(dir), { svg: false });
  });

  test('the committed output under examples/<name>/dist is current', () => {
    const committed = path.join(root, 'examples', name, 'dist');
    expect(fs.existsSync(committed)).toBe(true);
    const expected = files(committed).filter((f) => !f.endsWith('connections.svg'));
    expect(expected.length).toBeGreaterThan(4);
    expect(files(dir)).toEqual(expected);
    for (const file of expected) {
      let want = fs.readFileSync(path.join(committed, file), 'utf8');
      if (file.endsWith('CONNECTIONS.md')) want = want.replace(SVG_LINE, '');
      if (file === WRITTEN_FILES) want = want.replace(/\n *"([^"]*\/)?connections\.svg",?/g, '').replace(/,(\n *\])/, '$1');
      expect({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }).toEqual({ file, text: want });
    }
  });

  test('PlatformSynth writes byte for byte the YAML app.synth() (and so cdk8s synth) writes', () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), `gcx-plain-${name}-`));
    example.build(plain).synth();
    const yaml = (folder: string) => files(folder).filter((f) => f.endsWith('.k8s.yaml') && !f.includes('helm/'));
    const ours = yaml(dir);
    expect(ours.map((f) => path.basename(f)).sort()).toEqual(yaml(plain).sort());
    for (const file of ours) {
      expect({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }).toEqual({ file, text: fs.readFileSync(path.join(plain, path.basename(file)), 'utf8') });
    }
  });

  test('the YAML writer of PlatformSynth writes every object itself, as cdk8s does (nothing left to the yaml package)', () => {
    const app = example.build(fs.mkdtempSync(path.join(os.tmpdir(), `gcx-writer-${name}-`)));
    let objects = 0;
    for (const chart of app.charts) {
      const docs = chart.toJson();
      objects += docs.length;
      const ours = stringifyYaml(docs, (d) => {
        throw new Error(`${chart.node.id}: the writer handed ${JSON.stringify(d).slice(0, 200)} to cdk8s`);
      });
      expect({ chart: chart.node.id, yaml: ours }).toEqual({ chart: chart.node.id, yaml: Yaml.stringify(...docs) });
    }
    expect(objects).toBeGreaterThan(0);
  });

  test('passes the verifier in every cluster folder: no failed row, no undocumented opening', () => {
    const folders = [dir, ...fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'helm').map((e) => path.join(dir, e.name))]
      .filter((d) => fs.readdirSync(d).some((f) => f.endsWith('.k8s.yaml')));
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const report = Verifier.verify(folder);
      const cluster = path.basename(folder);
      expect({ cluster, failed: report.failed, openings: report.openings }).toEqual({ cluster, failed: 0, openings: 0 });
    }
  });
});

describe('quickstart coverage', () => {
  test('covers all 73 rows except those with both ends outside the constructs, which CONNECTIONS.md lists', () => {
    const report = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'quickstart', 'dist', 'connections.json'), 'utf8'));
    const byStatus = (s: string) => report.rows.filter((r: any) => r.status === s).map((r: any) => r.ref);
    expect(report.rows).toHaveLength(73);
    expect(byStatus('missing')).toEqual([]);
    expect(byStatus('not-in-app')).toEqual([]);
    const outside = byStatus('outside');
    // the browser reaching GAuth, WebRTC and Telemetry, the browser at the inbound gateway (the Ingress
    // objects of WWE and UDM Gateway stand for wwe#7 and ucsx#1) and the ingress layer itself
    expect(outside.sort()).toEqual(['ucsx#1', 'wwe#2', 'wwe#4', 'wwe#5', 'wwe#7', 'wwe#8']);
    expect(byStatus('implemented')).toHaveLength(73 - outside.length);
    const md = fs.readFileSync(path.join(root, 'examples', 'quickstart', 'dist', 'CONNECTIONS.md'), 'utf8');
    const section = md.slice(md.indexOf('## Rows with both ends outside these constructs'), md.indexOf('## Architecture diagram'));
    for (const ref of outside) expect(section).toContain(`**${ref}**`);
  });
});
