import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestSet, ReachabilityAnalyzer } from '../../src';
import { Check, CheckKind, ProbeGroup, ProbePlan } from '../../src/probe/plan';
import { probeNamespaces, probePod } from '../../src/probe/pods';
import { checksTsv, writeProbeSuites } from '../../src/probe/write';

// run.sh against a stand-in kubectl: a shell script that answers from files the test writes. The
// answers come from the verifier's analysis of the manifests with the probe pods in them. No traffic
// is sent anywhere and nothing listens.

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-runner-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const STANDIN = `#!/bin/sh
# stand-in kubectl: answers from ips.tsv, answers.tsv, listen-down.tsv and dns-fail.tsv beside it
dir=$(dirname "$0")
echo "$*" >> "$dir/calls.log"
case "$1" in
  get)
    line=$(grep "^$4 $5 " "$dir/ips.tsv" | head -n 1)
    [ -n "$line" ] || { echo "Error from server (NotFound): pods \\"$5\\" not found" >&2; exit 1; }
    case "$7" in
      *phase*) echo Running ;;
      *podIP*) echo "\${line##* }" ;;
    esac ;;
  exec)
    ns=$3; pod=$4; what=\${11}
    case "$what" in
      listen)
        if grep -x "$ns $pod \${13} no" "$dir/listen-down.tsv" >/dev/null 2>&1; then echo "nc: can't connect to remote host (127.0.0.1): Connection refused"; else echo "$pod"; fi ;;
      dns)
        if grep -x "$ns $pod" "$dir/dns-fail.tsv" >/dev/null 2>&1; then echo "rc=1"; else echo "rc=0"; fi ;;
      connect)
        target=\${13}; port=\${14}
        answer=$(grep "^$ns $pod $target $port " "$dir/answers.tsv" | head -n 1)
        answer=\${answer##* }
        case "$answer" in
          connected)
            name=$(grep " $target\\$" "$dir/ips.tsv" | head -n 1 | cut -d' ' -f2)
            [ -n "$name" ] && echo "$name"; echo "rc=0" ;;
          refused) echo "nc: can't connect to remote host ($target): Connection refused"; echo "rc=1" ;;
          *) echo "nc: timeout"; echo "rc=1" ;;
        esac ;;
    esac ;;
esac
exit 0
`;

interface Suite {
  readonly folder: string;
  readonly plan: ProbePlan;
  readonly checks: Check[];
  /** connected / timeout per check id, from the verifier's analysis. */
  readonly answers: Map<string, string>;
  readonly ips: Map<string, string>;
}

let counter = 0;

/** Writes the suite of an example and a stand-in kubectl; keeps at most `perKind` checks of each kind. */
function suiteOf(example: string, perKind: number): Suite {
  const folder = path.join(work, `${example}-${++counter}`);
  const [written] = writeProbeSuites(path.join(EXAMPLES, example, 'dist'), folder);
  const plan = written.plan;
  const kinds = new Map<string, number>();
  const checks = plan.checks.filter((c) => {
    const n = kinds.get(c.kind) ?? 0;
    kinds.set(c.kind, n + 1);
    return n < perKind;
  });
  fs.writeFileSync(path.join(folder, 'checks.tsv'), checksTsv(checks));
  const manifests = ManifestSet.fromDirectory(path.join(EXAMPLES, example, 'dist'));
  const analyzer = new ReachabilityAnalyzer(ManifestSet.fromObjects([...manifests.objects, ...probeNamespaces(plan),
    ...plan.probes.filter((p) => p.group === ProbeGroup.CORE).map((p) => probePod(p, plan.image))]));
  const address = plan.checks.find((c) => c.kind === CheckKind.UNDECLARED)!.address;
  analyzer.addVirtualEndpoint({ name: 'undeclared', ip: address });
  const ips = new Map<string, string>();
  plan.probes.forEach((p, i) => ips.set(`${p.namespace} ${p.name}`, `10.244.${Math.floor(i / 200)}.${(i % 200) + 10}`));
  const answers = new Map<string, string>();
  for (const c of checks) {
    if (c.kind === CheckKind.DNS || !c.run || c.group !== ProbeGroup.CORE) continue;
    const dst = c.address === '-' ? `${c.destinationNamespace}/Pod/${c.destination}` : 'external/undeclared';
    answers.set(c.id, analyzer.allowed(`${c.sourceNamespace}/Pod/${c.source}`, dst, c.port, c.protocol).allowed ? 'connected' : 'timeout');
  }
  fs.writeFileSync(path.join(folder, 'kubectl'), STANDIN, { mode: 0o755 });
  fs.writeFileSync(path.join(folder, 'ips.tsv'), [...ips].map(([k, v]) => `${k} ${v}\n`).join(''));
  writeAnswers({ folder, plan, checks, answers, ips });
  return { folder, plan, checks, answers, ips };
}

function writeAnswers(s: Suite, override: Map<string, string> = new Map()): void {
  const lines = s.checks.filter((c) => s.answers.has(c.id)).map((c) => {
    const target = c.address === '-' ? s.ips.get(`${c.destinationNamespace} ${c.destination}`) : c.address;
    return `${c.sourceNamespace} ${c.source} ${target} ${c.port} ${override.get(c.id) ?? s.answers.get(c.id)}\n`;
  });
  fs.writeFileSync(path.join(s.folder, 'answers.tsv'), lines.join(''));
}

function run(s: Suite, args: string[] = []): { code: number; out: string; table: string[][]; junit: string } {
  const r = spawnSync('sh', [path.join(s.folder, 'run.sh'), '--timeout', '1', ...args], {
    env: { ...process.env, KUBECTL: path.join(s.folder, 'kubectl') }, encoding: 'utf8', timeout: 120000,
  });
  const tableFile = path.join(s.folder, 'results', 'truth-table.tsv');
  const table = fs.existsSync(tableFile) ? fs.readFileSync(tableFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')) : [];
  const junitFile = path.join(s.folder, 'results', 'junit.xml');
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, table, junit: fs.existsSync(junitFile) ? fs.readFileSync(junitFile, 'utf8') : '' };
}

const row = (table: string[][], id: string) => table.find((r) => r[0] === id)!;

describe('run.sh against a stand-in kubectl answering from the verifier', () => {
  const quick = suiteOf('quickstart', 4);
  const core = (c: Check) => c.run && c.group === ProbeGroup.CORE;
  const blockedPairs = quick.checks.filter((c) => core(c) && c.expected === 'blocked' && c.kind === CheckKind.PAIR);
  const allowed = quick.checks.filter((c) => core(c) && c.expected === 'allowed');
  // every scenario below uses its own checks, so one run serves each group of tests
  const matching = run(quick);

  test('every check matches: exit 0, a truth table and JUnit XML', () => {
    const r = matching;
    expect(r.out).toMatch(/checks: \d+ match, 0 mismatch, 0 inconclusive, 0 DNS failures, \d+ skipped, 0 not run/);
    expect(r.code).toBe(0);
    expect(r.table).toHaveLength(quick.checks.length);
    for (const c of quick.checks) {
      const line = row(r.table, c.id);
      if (!c.run || c.group === ProbeGroup.PEER) expect(line[7]).toBe('SKIPPED');
      else expect({ id: c.id, result: line[7] }).toEqual({ id: c.id, result: 'MATCH' });
    }
    // a timeout counts as blocked
    expect(row(r.table, blockedPairs[0].id).slice(5)).toEqual(['blocked', 'timeout', 'MATCH']);
    expect(r.junit).toMatch(new RegExp(`<testsuite name="genesys-cx-probe" tests="${quick.checks.length}" failures="0" errors="0" skipped="\\d+">`));
    expect(r.junit).toContain('-&gt;');
  });

  describe('a CNI that lets one forbidden flow through and blocks one allowed flow', () => {
    const forbidden = blockedPairs[0];
    const stopped = allowed[0];
    writeAnswers(quick, new Map([[forbidden.id, 'connected'], [stopped.id, 'timeout']]));
    const r = run(quick);
    writeAnswers(quick);

    test('exit 1, each mismatch named, in the truth table and the JUnit XML', () => {
      expect(r.code).toBe(1);
      expect(r.out).toContain(`MISMATCH ${forbidden.id} pair ${forbidden.sourceNamespace}/${forbidden.source} -> ${forbidden.destinationNamespace}/${forbidden.destination} ${forbidden.port}/TCP: expected blocked, observed connected`);
      expect(row(r.table, forbidden.id).slice(5)).toEqual(['blocked', 'connected', 'MISMATCH']);
      expect(row(r.table, stopped.id).slice(5)).toEqual(['allowed', 'timeout', 'MISMATCH']);
      expect(r.junit).toMatch(/failures="2"/);
      expect(r.junit).toContain('<failure message="expected blocked, observed connected"/>');
    });
  });

  describe('refusals, DNS failures and a pod that is not running', () => {
    const refusedUp = blockedPairs[0];
    // another destination or port: its listener is the one down
    const refusedDown = blockedPairs.find((c) => `${c.destinationNamespace}/${c.destination}:${c.port}` !== `${refusedUp.destinationNamespace}/${refusedUp.destination}:${refusedUp.port}`)!;
    const dns = quick.checks.find((c) => c.kind === CheckKind.DNS)!;
    // a workload whose probe is gone: not one of the refusal checks' ends
    const ends = (c: Check) => [`${c.sourceNamespace} ${c.source}`, `${c.destinationNamespace} ${c.destination}`];
    const busy = new Set([...ends(refusedUp), ...ends(refusedDown), `${dns.sourceNamespace} ${dns.source}`]);
    const uses = new Map<string, number>();
    for (const c of quick.checks.filter(core)) for (const e of ends(c)) if (!busy.has(e) && !e.startsWith('- ')) uses.set(e, (uses.get(e) ?? 0) + 1);
    const goneKey = [...uses].sort((a, b) => b[1] - a[1])[0][0];
    const ipsFile = path.join(quick.folder, 'ips.tsv');
    const ips = fs.readFileSync(ipsFile, 'utf8');
    writeAnswers(quick, new Map([[refusedUp.id, 'refused'], [refusedDown.id, 'refused']]));
    fs.writeFileSync(path.join(quick.folder, 'listen-down.tsv'), `${refusedDown.destinationNamespace} ${refusedDown.destination} ${refusedDown.port} no\n`);
    fs.writeFileSync(path.join(quick.folder, 'dns-fail.tsv'), `${dns.sourceNamespace} ${dns.source}\n`);
    fs.writeFileSync(ipsFile, ips.split('\n').filter((l) => !l.startsWith(`${goneKey} `)).join('\n'));
    const r = run(quick);
    writeAnswers(quick);
    fs.writeFileSync(ipsFile, ips);
    fs.rmSync(path.join(quick.folder, 'listen-down.tsv'));
    fs.rmSync(path.join(quick.folder, 'dns-fail.tsv'));

    test('a refusal is never proof: with the listener up it is blocked, with the listener down inconclusive', () => {
      expect(row(r.table, refusedUp.id).slice(5)).toEqual(['blocked', 'refused', 'MATCH']);
      expect(row(r.table, refusedDown.id).slice(5)).toEqual(['blocked', `refused, and the destination does not listen on ${refusedDown.port}`, 'INCONCLUSIVE']);
    });

    test('DNS failures are reported apart', () => {
      expect(row(r.table, dns.id)[7]).toBe('DNS-FAIL');
      expect(r.out).toMatch(/0 mismatch, \d+ inconclusive, 1 DNS failures/);
    });

    test('a probe that is not running makes its checks inconclusive, never passed', () => {
      const involved = quick.checks.filter((c) => core(c) && ends(c).includes(goneKey));
      expect(involved.length).toBeGreaterThan(1);
      for (const c of involved) expect({ id: c.id, result: row(r.table, c.id)[7] }).toEqual({ id: c.id, result: 'INCONCLUSIVE' });
    });

    test('exit 2: inconclusive', () => {
      expect(r.code).toBe(2);
    });
  });

  test('bounded: --max-checks leaves the rest NOT-RUN (exit 2), and kubectl is called a bounded number of times', () => {
    fs.rmSync(path.join(quick.folder, 'calls.log'), { force: true });
    const r = run(quick, ['--max-checks', '3']);
    expect(r.table.filter((x) => x[7] === 'NOT-RUN').length).toBeGreaterThan(0);
    expect(r.table.filter((x) => ['MATCH', 'MISMATCH', 'INCONCLUSIVE', 'DNS-FAIL'].includes(x[7]))).toHaveLength(3);
    expect(r.code).toBe(2);
    const calls = fs.readFileSync(path.join(quick.folder, 'calls.log'), 'utf8').trim().split('\n');
    expect(calls.length).toBeLessThanOrEqual(3 * 4);
  });

  test('peer checks run only with --with-peers', () => {
    const peer = quick.checks.find((c) => c.group === ProbeGroup.PEER && c.run);
    if (!peer) throw new Error('the quickstart plan should hold peer checks');
    expect(row(matching.table, peer.id)[6]).toBe("a peer namespace's probe (use --with-peers)");
    const withPeers = run(quick, ['--with-peers']);
    // the stand-in knows no answers for peers: a timeout
    expect(row(withPeers.table, peer.id)[6]).toBe('timeout');
  });

  test('bad use: exit 3 with the usage', () => {
    for (const args of [['--bogus'], ['--timeout', 'soon'], ['--max-checks']]) {
      const r = run(quick, args);
      expect({ args, code: r.code }).toEqual({ args, code: 3 });
      expect(r.out).toMatch(/^run\.sh: /);
    }
  });
});
