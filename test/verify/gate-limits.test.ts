// Issue #20 section 3: the gate cannot be stopped by its input. Each bound is broken once on a copy
// of the quickstart's committed output; the untouched copy still passes.
import * as fs from 'fs';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import { added, baseline, cleanCopies, copyExample, failing } from './gate-helpers';
import { Verifier } from '../../src/verify';
import { main } from '../../src/verify/cli';
import { measureDocument } from '../../src/verify/input-limits';
import { documentChunks } from '../../src/verify/manifests';

afterAll(cleanCopies);

const NAME = 'quickstart';

/** A custom resource whose spec nests aliases `depth` deep, each level `width` uses of the one below. */
function aliasTower(name: string, depth: number, width: number): string {
  const lines = ['apiVersion: example.com/v1', 'kind: Widget', 'metadata:', `  name: ${name}`, '  namespace: gws', 'spec:',
    `  l0: &l0 [${new Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++) lines.push(`  l${i}: &l${i} [${new Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** A ConfigMap alias bomb: `depth` levels of `width` aliases, as strings' lists under data. */
function configMapBomb(depth: number, width: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', '  namespace: gws', 'data:',
    `  a0: &a0 [${new Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++) lines.push(`  a${i}: &a${i} [${new Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

function limitLines(dir: string, options = {}) {
  const report = Verifier.verify(dir, options);
  return { report, lines: added(NAME, report).filter((l) => l.check === 'input-limits') };
}

describe('input bounds', () => {
  test('the untouched quickstart passes within the default bounds', () => {
    expect(failing(baseline(NAME))).toEqual([]);
  });

  test('two copies of a custom resource with aliases nested nine deep fail at once, naming the file', () => {
    const dir = copyExample(NAME);
    const text = aliasTower('tower', 9, 10);
    fs.writeFileSync(path.join(dir, 'widgets.yaml'), `${text}---\n${text}`);
    const started = Date.now();
    const { report, lines } = limitLines(dir);
    expect(Date.now() - started).toBeLessThan(60_000); // the bug: killed after 60 s
    expect(report.ok).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0].text).toContain(`${path.join(dir, 'widgets.yaml')} document 1`);
    expect(lines[0].text).toContain('YAML aliases are expanded');
    expect(lines[1].text).toContain('document 2');
  });

  test('a 9x10 alias bomb in a ConfigMap fails with its file named (not "Invalid string length")', () => {
    const dir = copyExample(NAME);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), configMapBomb(9, 10));
    const { lines } = limitLines(dir);
    expect(lines.map((l) => l.text)).toEqual([expect.stringMatching(/bomb\.yaml document 1 is \d+ bytes as data once its 80 YAML aliases are expanded/)]);
    // the expanded size is computed, not built: a shared node counts once per use
    const shared = ['abc'];
    expect(measureDocument({ a: shared, b: shared })).toEqual({ aliases: 1, bytes: 2 * measureDocument({ a: ['abc'] }).bytes - 2 });
  });

  test('more aliases than the bound fail even when the document stays small', () => {
    const dir = copyExample(NAME);
    const uses = new Array(150).fill('*one').join(', ');
    // scalar aliases share no object and cannot grow a document: node aliases are counted
    fs.writeFileSync(path.join(dir, 'many.yaml'), `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: many\n  namespace: gws\nspec:\n  one: &one [1]\n  list: [${uses}]\n`);
    const { lines } = limitLines(dir);
    expect(lines.map((l) => l.text)).toEqual([expect.stringMatching(/many\.yaml document 1 uses 150 YAML aliases, more than the 100/)]);
    const within = limitLines(dir, { limits: { maxAliases: 200 } });
    expect(within.lines).toEqual([]);
  });

  test('a document bigger than one object may be fails, naming file and document', () => {
    const dir = copyExample(NAME);
    const big = 'x'.repeat(4 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'big.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n  namespace: gws\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: gws\ndata:\n  blob: ${big}\n`);
    const { lines } = limitLines(dir);
    expect(lines.map((l) => l.text)).toEqual([expect.stringMatching(/big\.yaml document 2 is \d+ bytes as data, more than the 3145728 bytes of one object/)]);
  });

  test('a file bigger than the file bound fails without being read', () => {
    const dir = copyExample(NAME);
    const file = path.join(dir, `${NAME}.k8s.yaml`);
    const size = fs.statSync(file).size;
    const { report } = limitLines(dir, { limits: { maxFileBytes: size - 1 } });
    expect(report.lines.map((l) => l.text)).toEqual([`FAIL input-limits: ${file} is ${size} bytes, more than the ${size - 1} bytes a manifest file may hold: split it, or raise limits.maxFileBytes`]);
    expect(report.ok).toBe(false);
  });

  test('files bigger together than the run bound fail, naming the file that crossed it', () => {
    const dir = copyExample(NAME);
    fs.writeFileSync(path.join(dir, 'zz-extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: gws\n');
    const size = fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'peers.json' && !f.startsWith('zz'))
      .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    const report = Verifier.verify(dir, { limits: { maxTotalBytes: size + 10 } });
    expect(report.lines).toHaveLength(1);
    expect(report.lines[0].text).toMatch(/read up to .*zz-extra\.yaml hold \d+ bytes, more than the \d+ bytes of one run/);
  });

  test('a set with more objects than the bound fails without being analysed', () => {
    const dir = copyExample(NAME);
    const report = Verifier.verify(dir, { limits: { maxObjects: 10 } });
    expect(report.lines.map((l) => l.check)).toEqual(['input-limits']);
    expect(report.lines[0].text).toMatch(/^FAIL input-limits: the manifest set holds more than 10 objects \(reading .*quickstart\.k8s\.yaml\)/);
  });

  test('a run past its time bound stops with a FAIL saying what it was doing', () => {
    const dir = copyExample(NAME);
    const report = Verifier.verify(dir, { limits: { maxSeconds: 1e-9 } });
    expect(report.lines).toHaveLength(1);
    expect(report.lines[0].text).toMatch(/^FAIL input-limits: the run took more than 1e-9 s \(stopped while /);
  });

  test('documents are read one at a time, numbered as one parse of the whole text numbers them', () => {
    const text = '%YAML 1.2\n---\na: 1\n---\n---\n# only a comment\n---\nb: "x\n  --- not a marker"\n';
    const chunks = documentChunks(text);
    expect(chunks.map((c) => c.line)).toEqual([0, 3, 4, 6]);
    expect(chunks.flatMap((c) => jsYaml.loadAll(c.text))).toEqual(jsYaml.loadAll(text));
  });

  test('bounds must be positive numbers', () => {
    expect(() => Verifier.verify(copyExample(NAME), { limits: { maxSeconds: 0 } })).toThrow(/limits.maxSeconds is 0; give a positive number/);
  });

  test('the command line exits 1 on a bomb, naming the file', () => {
    const dir = copyExample(NAME);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), configMapBomb(9, 10));
    const out: string[] = [];
    const code = main(['verify', dir], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(1);
    expect(out.some((l) => l.startsWith('FAIL input-limits: ') && l.includes('bomb.yaml'))).toBe(true);
  });
});

test('a peers.json bigger than the file bound fails before it is parsed', () => {
  const dir = copyExample(NAME);
  const file = path.join(dir, 'peers.json');
  const size = fs.statSync(file).size;
  const limit = Math.max(size - 1, ...fs.readdirSync(dir).filter((f) => f !== 'peers.json' && /\.(ya?ml|json)$/.test(f)).map((f) => fs.statSync(path.join(dir, f)).size));
  fs.writeFileSync(file, `${' '.repeat(limit)}[]`);
  const report = Verifier.verify(dir, { limits: { maxFileBytes: limit } });
  expect(report.lines.map((l) => l.text)).toEqual([`FAIL input-limits: ${file} is ${limit + 2} bytes, more than the ${limit} bytes a manifest file may hold: split it, or raise limits.maxFileBytes`]);
});
