import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestSet } from '../../src/verify';

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
