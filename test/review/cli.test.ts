import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanUp, copyOf, find, mutate } from './fixtures';
import { run as runCommand } from '../../src/commands';
import { DIFF_USAGE } from '../../src/review/cli';

afterAll(cleanUp);

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('cdk8s-genesys-cx diff: exit codes', () => {
  const base = copyOf('core-basics');

  test('0 when nothing changed', () => {
    const r = run(['diff', base, copyOf('core-basics')]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/no change: no change \(exit 0\)$/);
  });

  test('1 when objects changed without new reach (a label)', () => {
    const head = copyOf('core-basics');
    mutate(head, (objects) => {
      objects.find((o) => o.kind === 'Namespace').metadata.labels.team = 'contact-center';
      return objects;
    });
    const r = run(['diff', base, head]);
    expect(r.out.join('\n')).toMatch(/~ Namespace \S+: metadata\.labels\.team/);
    expect(r.code).toBe(1);
  });

  test('2 when a flow opens', () => {
    const head = copyOf('core-basics');
    mutate(head, (objects) => {
      const ingress = objects.find((o) => o.kind === 'NetworkPolicy' && /-ingress$/.test(o.metadata.name));
      ingress.spec.ingress = [...(ingress.spec.ingress ?? []), { from: [{ namespaceSelector: {} }] }];
      return objects;
    });
    const r = run(['diff', base, head]);
    expect(r.out.join('\n')).toMatch(/-- Allowed flows added\n(.*\n)*? {2}\+ \[wider\] pods verify-stranger\{\S+\} -> \S+ 8080\/TCP/);
    expect(r.code).toBe(2);
  });

  test('3 on bad use or unreadable input, with the usage', () => {
    expect(run(['diff', base])).toEqual({ code: 3, out: [], err: ['cdk8s-genesys-cx diff: two folders are needed, base then head (got 1: ' + JSON.stringify(base) + ')', DIFF_USAGE] });
    expect(run(['diff', base, base, '--format', 'yaml']).err[0]).toBe('cdk8s-genesys-cx diff: --format "yaml" is not text, markdown or json');
    expect(run(['diff', base, base, '--bogus']).code).toBe(3);
    const missing = path.join(os.tmpdir(), 'no-such-folder-for-diff');
    const r = run(['diff', base, missing]);
    expect(r.code).toBe(3);
    expect(r.err[0]).toMatch(/^cdk8s-genesys-cx diff: manifest directory ".*no-such-folder-for-diff" does not exist/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-empty-'));
    expect(run(['diff', empty, empty]).err[0]).toMatch(/neither .* nor .* holds Kubernetes manifests/);
    fs.rmSync(empty, { recursive: true });
  });

  test('--format json and markdown, --out writes a file', () => {
    const head = copyOf('core-basics');
    mutate(head, (objects) => {
      find(objects, 'Service', objects.find((o) => o.kind === 'Service').metadata.name).metadata.labels = { changed: 'yes' };
      return objects;
    });
    const json = run(['diff', base, head, '--format', 'json']);
    const parsed = JSON.parse(json.out.join('\n'));
    expect(parsed.level).toBe(json.code);
    expect(parsed.sets[0].objects.Service.changed.length).toBe(1);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'diff-out-')), 'comment.md');
    const md = run(['diff', base, head, '--format', 'markdown', '--out', file]);
    expect(md.out).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^### Connection changes: changed, no new reach/);
  });

  test('diff --help prints its usage; the top usage names every command', () => {
    expect(run(['diff', '--help'])).toEqual({ code: 0, out: [DIFF_USAGE], err: [] });
    expect(run(['--help']).out[0]).toMatch(/cdk8s-genesys-cx diff <base-dir> <head-dir>[\s\S]*cdk8s-genesys-cx probe <dir>/);
  });
});
