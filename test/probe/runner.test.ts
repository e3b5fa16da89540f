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

  test('every check matches: exit 0, a truth table and JUnit XML', () => {
    const r = run(quick);
    expect(r.out).toMatch(/checks: \d+ match, 0 mismatch, 0 inconclusive, 0 DNS failures, \d+ skipped, 0 not run/);
    expect(r.code).toBe(0);
    expect(r.table).toHaveLength(quick.checks.length);
    for (const c of quick.checks) {
      const line = row(r.table, c.id);
      if (!c.run || c.group === ProbeGroup.PEER) expect(line[7]).toBe('SKIPPED');
      else expect({ id: c.id, result: line[7] }).toEqual({ id: c.id, result: 'MATCH' });
    }
    // a timeout counts as blocked
    const blocked = quick.checks.find((c) => c.run && c.expected === 'blocked' && c.kind === CheckKind.PAIR)!;
    expect(row(r.table, blocked.id).slice(5)).toEqual(['blocked', 'timeout', 'MATCH']);
    expect(r.junit).toMatch(new RegExp(`<testsuite name="genesys-cx-probe" tests="${quick.checks.length}" failures="0" errors="0" skipped="\\d+">`));
    expect(r.junit).toContain('-&gt;');
  });

  test('a CNI that lets one forbidden flow through: exit 1, the mismatch named', () => {
    const forbidden = quick.checks.find((c) => c.run && c.group === ProbeGroup.CORE && c.expected === 'blocked' && c.kind === CheckKind.PAIR)!;
    writeAnswers(quick, new Map([[forbidden.id, 'connected']]));
    const r = run(quick);
    writeAnswers(quick);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`MISMATCH ${forbidden.id} pair ${forbidden.sourceNamespace}/${forbidden.source} -> ${forbidden.destinationNamespace}/${forbidden.destination} ${forbidden.port}/TCP: expected blocked, observed connected`);
    expect(row(r.table, forbidden.id)[7]).toBe('MISMATCH');
    expect(r.junit).toMatch(/failures="1"/);
    expect(r.junit).toContain('<failure message="expected blocked, observed connected"/>');
  });

  test('an allowed flow that is blocked is a mismatch too', () => {
    const allowed = quick.checks.find((c) => c.run && c.group === ProbeGroup.CORE && c.expected === 'allowed')!;
    writeAnswers(quick, new Map([[allowed.id, 'timeout']]));
    const r = run(quick);
    writeAnswers(quick);
    expect(row(r.table, allowed.id).slice(5)).toEqual(['allowed', 'timeout', 'MISMATCH']);
    expect(r.code).toBe(1);
  });

  test('a refusal is never proof: with the listener up it is blocked, with the listener down inconclusive (exit 2)', () => {
    const blocked = quick.checks.filter((c) => c.run && c.group === ProbeGroup.CORE && c.expected === 'blocked' && c.kind === CheckKind.PAIR);
    writeAnswers(quick, new Map([[blocked[0].id, 'refused'], [blocked[1].id, 'refused']]));
    const down = blocked[1];
    fs.writeFileSync(path.join(quick.folder, 'listen-down.tsv'), `${down.destinationNamespace} ${down.destination} ${down.port} no\n`);
    const r = run(quick);
    writeAnswers(quick);
    fs.rmSync(path.join(quick.folder, 'listen-down.tsv'));
    expect(row(r.table, blocked[0].id).slice(5)).toEqual(['blocked', 'refused', 'MATCH']);
    expect(row(r.table, down.id).slice(5)).toEqual(['blocked', `refused, and the destination does not listen on ${down.port}`, 'INCONCLUSIVE']);
    expect(r.code).toBe(2);
  });

  test('DNS failures are reported apart (exit 2)', () => {
    const dns = quick.checks.find((c) => c.kind === CheckKind.DNS)!;
    fs.writeFileSync(path.join(quick.folder, 'dns-fail.tsv'), `${dns.sourceNamespace} ${dns.source}\n`);
    const r = run(quick);
    fs.rmSync(path.join(quick.folder, 'dns-fail.tsv'));
    expect(row(r.table, dns.id)[7]).toBe('DNS-FAIL');
    expect(r.out).toMatch(/0 mismatch, 0 inconclusive, 1 DNS failures/);
    expect(r.code).toBe(2);
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
    expect(row(run(quick).table, peer.id)[6]).toBe("a peer namespace's probe (use --with-peers)");
    const withPeers = run(quick, ['--with-peers']);
    // the stand-in knows no answers for peers: a timeout
    expect(row(withPeers.table, peer.id)[6]).toBe('timeout');
  });

  test('a probe that is not running makes its checks inconclusive, never passed (exit 2)', () => {
    const gone = quick.checks.find((c) => c.run && c.group === ProbeGroup.CORE && c.kind === CheckKind.PAIR)!;
    const ipsFile = path.join(quick.folder, 'ips.tsv');
    const all = fs.readFileSync(ipsFile, 'utf8');
    fs.writeFileSync(ipsFile, all.split('\n').filter((l) => !l.startsWith(`${gone.destinationNamespace} ${gone.destination} `)).join('\n'));
    const r = run(quick);
    fs.writeFileSync(ipsFile, all);
    const isGone = (ns: string, name: string) => ns === gone.destinationNamespace && name === gone.destination;
    const involved = quick.checks.filter((c) => c.run && c.group === ProbeGroup.CORE
      && (isGone(c.destinationNamespace, c.destination) || isGone(c.sourceNamespace, c.source)));
    expect(involved.length).toBeGreaterThan(1);
    for (const c of involved) expect({ id: c.id, result: row(r.table, c.id)[7] }).toEqual({ id: c.id, result: 'INCONCLUSIVE' });
    expect(r.code).toBe(2);
  });

  test('bad use: exit 3 with the usage', () => {
    for (const args of [['--bogus'], ['--timeout', 'soon'], ['--max-checks']]) {
      const r = run(quick, args);
      expect({ args, code: r.code }).toEqual({ args, code: 3 });
      expect(r.out).toMatch(/^run\.sh: /);
    }
  });
});
