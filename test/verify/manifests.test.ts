import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestSet } from '../../src/verify';
import { discoverSets } from '../../src/verify/discovery';

describe('ManifestSet', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-manifests-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads multi-document YAML and JSON recursively, expands Lists and ignores other files', () => {
    // GIVEN
    fs.writeFileSync(path.join(dir, 'a.k8s.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n');
    fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'nested', 'b.yml'), 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: s\n');
    fs.writeFileSync(path.join(dir, 'nested', 'deeper', 'c.json'), JSON.stringify([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }]));
    fs.writeFileSync(path.join(dir, 'connections.json'), JSON.stringify({ rows: [] }));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a manifest');
    fs.writeFileSync(path.join(dir, 'values.yaml'), 'replicas: 2\n');
    fs.writeFileSync(path.join(dir, 'peers.json'), '[]');
    // WHEN
    const set = ManifestSet.fromDirectory(dir);
    // THEN
    expect(set.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/one', 'ConfigMap/cm', 'Service/s', 'Secret/x']);
    expect(set.peersFile).toBe(path.join(dir, 'peers.json'));
    expect(set.notes).toEqual([
      `${path.join(dir, 'connections.json')}: no Kubernetes object (ignored)`,
      `${path.join(dir, 'values.yaml')} document 1: no apiVersion and kind (ignored)`,
    ]);
    expect(set.originOf(set.objects[1])).toBe(`${path.join(dir, 'a.k8s.yaml')}#3`);
    expect(set.ofKind('Service').map((o) => o.metadata.name)).toEqual(['s']);
  });

  test('fails clearly on a missing directory and on broken YAML or JSON', () => {
    expect(() => ManifestSet.fromDirectory(path.join(dir, 'nope'))).toThrow(/manifest directory ".*nope" does not exist or is not a directory \(give the folder cdk8s synth wrote/);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: [1, 2\n');
    expect(() => ManifestSet.fromDirectory(dir)).toThrow(/bad\.yaml document 1 is not valid YAML/);
    fs.rmSync(path.join(dir, 'bad.yaml'));
    fs.writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(() => ManifestSet.fromDirectory(dir)).toThrow(/bad\.json is not valid JSON/);
  });

  test('takes objects from memory and notes the ones that are not Kubernetes objects', () => {
    const set = ManifestSet.fromObjects([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }, { hello: 'world' }]);
    expect(set.objects).toHaveLength(1);
    expect(set.notes).toEqual(['object #2: no apiVersion and kind (ignored)']);
    expect(set.originOf(set.objects[0])).toBe('object #1');
    expect(() => ManifestSet.fromObjects('x' as any)).toThrow(/objects must be an array of Kubernetes objects, got string/);
  });
});

describe('ManifestSet: sets, Helm charts and duplicates', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-sets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cm = (name: string, value = 'v') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: n\ndata:\n  k: ${value}\n`;

  test('a Helm chart and a folder with its own peers.json are sets of their own, not read into the directory\'s', () => {
    // GIVEN
    fs.writeFileSync(path.join(dir, 'a.yaml'), cm('a'));
    fs.mkdirSync(path.join(dir, 'helm', 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'helm', 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(dir, 'helm', 'values.yaml'), 'replicas: 2\n');
    fs.writeFileSync(path.join(dir, 'helm', 'templates', 'a.yaml'), cm('a', '\'{{ "{{" }} x {{ "}}" }}\''));
    fs.writeFileSync(path.join(dir, 'helm', 'templates', '_helpers.yaml'), 'not: [a manifest');
    fs.mkdirSync(path.join(dir, 'eu', 'more'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'eu', 'peers.json'), '[]');
    fs.writeFileSync(path.join(dir, 'eu', 'more', 'b.yaml'), cm('b'));
    // WHEN
    const sets = discoverSets(dir);
    const root = ManifestSet.fromDirectory(dir);
    // THEN
    const described = sets.map((s) => ({
      name: s.name, chart: s.chart, files: s.files.map((f) => path.relative(dir, f)), peers: s.peersFile && path.relative(dir, s.peersFile),
    }));
    expect(described).toEqual([
      { name: '.', chart: false, files: ['a.yaml'], peers: undefined },
      { name: 'eu', chart: false, files: [path.join('eu', 'more', 'b.yaml')], peers: path.join('eu', 'peers.json') },
      { name: 'helm', chart: true, files: [path.join('helm', 'templates', 'a.yaml')], peers: undefined },
    ]);
    expect(root.objects.map((o) => o.metadata.name)).toEqual(['a']);
    expect(root.nestedSets).toEqual([path.join(dir, 'eu'), path.join(dir, 'helm')]);
    expect(root.notes).toEqual([
      `${path.join(dir, 'eu')}: a folder with its own peers.json, a manifest set of its own (not read into this one)`,
      `${path.join(dir, 'helm')}: a Helm chart, a manifest set of its own (not read into this one)`,
    ]);
    // the chart's escaped template markers are read as Helm renders them
    const chart = ManifestSet.fromDirectory(path.join(dir, 'helm'));
    expect(chart.helmChart).toBe(true);
    expect(chart.objects.map((o) => o.data.k)).toEqual(['{{ x }}']);
  });

  test('an object read twice: equal copies once, differing copies the later one, both recorded', () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), `${cm('same')}---\n${cm('changed', 'one')}`);
    fs.writeFileSync(path.join(dir, 'b.yaml'), `${cm('same')}---\n${cm('changed', 'two')}`);
    const set = ManifestSet.fromDirectory(dir);
    expect(set.objects.map((o) => `${o.metadata.name}=${o.data.k}`)).toEqual(['same=v', 'changed=two']);
    expect(set.duplicates).toEqual([
      { resource: 'ConfigMap n/same', first: `${path.join(dir, 'a.yaml')}#1`, second: `${path.join(dir, 'b.yaml')}#1`, identical: true, difference: undefined },
      { resource: 'ConfigMap n/changed', first: `${path.join(dir, 'a.yaml')}#2`, second: `${path.join(dir, 'b.yaml')}#2`, identical: false, difference: 'data.k' },
    ]);
  });

  test('broken YAML names the document and the line', () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), `${cm('a')}---\n${cm('b')}---\nkind: [x\n`);
    expect(() => ManifestSet.fromDirectory(dir)).toThrow(/^verify: .*bad\.yaml document 3 is not valid YAML \(.* at line \d+, column \d+\); fix the file$/);
  });
});
