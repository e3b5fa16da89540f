import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run as runCommand } from '../../src/commands';
import { PROBE_USAGE } from '../../src/probe/cli';
import { diffDirectories } from '../../src/review/diff';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('cdk8s-genesys-cx probe', () => {
  test('writes the suite into DIR/probe by default; diff leaves that folder out', () => {
    const dist = path.join(work, 'dist');
    fs.cpSync(path.join(EXAMPLES, 'core-basics', 'dist'), dist, { recursive: true });
    const r = run(['probe', dist]);
    expect(r).toEqual({ code: 0, err: [], out: [expect.stringMatching(/^set \.: 3 probes, \d+ checks \(\d+ to run; .*\) in .*dist\/probe$/)] });
    expect(fs.readdirSync(path.join(dist, 'probe')).sort()).toEqual(['checks.tsv', 'namespaces.yaml', 'probe-plan.json', 'probes.yaml', 'run.sh']);
    expect(() => fs.accessSync(path.join(dist, 'probe', 'run.sh'), fs.constants.X_OK)).not.toThrow();
    expect(diffDirectories(path.join(EXAMPLES, 'core-basics', 'dist'), dist).sets).toEqual([]);
  });

  test('--out, and one folder per set for several sets', () => {
    const out = path.join(work, 'suites');
    const r = run(['probe', path.join(EXAMPLES, 'multi-region', 'dist'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out.map((l) => l.replace(/ \(.*$/, ''))).toEqual([
      expect.stringMatching(/^set euw1: \d+ probes, \d+ checks$/),
      expect.stringMatching(/^set usw1: \d+ probes, \d+ checks$/),
    ]);
    expect(fs.readdirSync(out).sort()).toEqual(['euw1', 'usw1']);
  });

  test('exit 3 on bad use and unreadable input', () => {
    expect(run(['probe'])).toEqual({ code: 3, out: [], err: ['cdk8s-genesys-cx probe: one manifest folder is needed (got 0)', PROBE_USAGE] });
    expect(run(['probe', 'a', '--out']).err[0]).toBe('cdk8s-genesys-cx probe: --out needs a folder (e.g. --out probe/)');
    expect(run(['probe', 'a', '--fast']).code).toBe(3);
    const r = run(['probe', path.join(work, 'missing')]);
    expect(r.code).toBe(3);
    expect(r.err[0]).toMatch(/^cdk8s-genesys-cx probe: manifest directory ".*missing" does not exist/);
    expect(run(['probe', '--help'])).toEqual({ code: 0, out: [PROBE_USAGE], err: [] });
  });
});
