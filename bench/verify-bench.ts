// The verifier benchmark: `cdk8s-genesys-cx verify <dir>` as a whole process on each input of
// verify-workloads.ts, several runs each, and a CPU profile of one run per input grouped by where
// the time goes. Run by run.ts after the synth workloads (or alone: `node build/bench/verify-bench.js`).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, runNode, Run } from './measure';
import { FunctionTime, summarize } from './profile';
import { parseResult } from './protocol';
import { fmtMs } from './summary';
import { VERIFY_WORKLOADS } from './verify-workloads';

const CHILD = path.join(__dirname, 'child-verify.js');

/** Where the time of a profiled run went, by part of the program (self time). */
export interface TimeShare {
  readonly part: string;
  readonly ms: number;
}

/** One input, measured. */
export interface VerifySummary {
  readonly name: string;
  readonly description: string;
  /** Objects synthesized into the input. */
  readonly objects: number;
  /** Size of the input's YAML and JSON files, in bytes. */
  readonly bytes: number;
  /** Whole process, median, min and max, in ms. */
  readonly wallMs: number;
  readonly wallMinMs: number;
  readonly wallMaxMs: number;
  /** Node start and module loading, median. */
  readonly loadMs: number;
  /** The verification after the imports, median. */
  readonly verifyMs: number;
  /** Largest peak RSS over the runs, KiB. */
  readonly maxRssKiB: number;
  /** Where the time of one profiled run went. */
  readonly profile: TimeShare[];
  readonly runs: Run[];
}

/** The verifier's targets (issue #14). */
const TARGETS: Array<{ name: string; text: string; ms: number; rssKiB?: number }> = [
  { name: 'verify-quickstart', text: 'verify dist/quickstart under 1 s, whole process', ms: 1000 },
  { name: 'verify-webhooks-10000', text: 'verify of 10,000 webhooks under 10 s, whole process', ms: 10_000 },
  { name: 'verify-scaled-100', text: 'verify of 100 regions (about 50 MB) under 60 s and 1 GiB peak RSS, whole process', ms: 60_000, rssKiB: 1024 * 1024 },
];

function bytesOf(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesOf(full);
    else if (/\.(ya?ml|json)$/i.test(entry.name)) total += fs.statSync(full).size;
  }
  return total;
}

/** The part of the program a profile frame belongs to. */
function partOf(name: string): string {
  if (name.startsWith('(garbage collector)')) return 'garbage collection';
  if (/node_modules\/js-yaml\//.test(name)) return 'YAML parsing (js-yaml)';
  if (/src\/verify\/schema\.js/.test(name)) return 'schema check';
  if (/src\/verify\/(analyzer|verify|ranges|selector)\.js/.test(name) || /src\/shared\/net\.js/.test(name) || / node:internal\/net/.test(name)) return 'reachability, rows, openings, ipBlock ranges';
  if (/src\/verify\/(rules|structure)\.js/.test(name)) return 'policy rules';
  if (/src\/verify\/(manifests|peers-file)\.js/.test(name) || /^(readFileUtf8|readFileSync|openSync|readdirSync|statSync|existsSync)/.test(name)) return 'reading files';
  if (/node:internal\/modules|wrapSafe|compileFunction|Module\./.test(name)) return 'module loading';
  if (/^\((program|idle|root)\)/.test(name)) return 'node itself (idle, program)';
  return 'other';
}

function profileShares(child: string[]): TimeShare[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-genesys-cx-verify-prof-'));
  try {
    const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...child], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`the profiled verify failed: ${run.stderr}`);
    parseResult(run.stdout);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node wrote no .cpuprofile');
    const functions: FunctionTime[] = summarize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const byPart = new Map<string, number>();
    for (const f of functions) byPart.set(partOf(f.name), (byPart.get(partOf(f.name)) ?? 0) + f.selfMs);
    return [...byPart].map(([part, ms]) => ({ part, ms })).sort((a, b) => b.ms - a.ms);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prepares and measures every verify workload (or those named in `only`). */
export function runVerifyBench(tmp: string, runs: number, only: string[] | undefined, log: (m: string) => void): VerifySummary[] {
  const out: VerifySummary[] = [];
  for (const w of VERIFY_WORKLOADS) {
    if (only && !only.includes(w.name)) continue;
    const dir = path.join(tmp, w.name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const prepared = runNode(CHILD, ['prepare', w.name, dir]);
    const objects = prepared.child!.objects ?? 0;
    const bytes = bytesOf(dir);
    log(`${w.name}: ${objects} objects, ${(bytes / 2 ** 20).toFixed(1)} MiB of YAML and JSON, prepared in ${prepared.wallMs.toFixed(0)} ms`);
    runNode(CHILD, ['verify', dir]); // warm-up
    const measured: Run[] = [];
    for (let i = 0; i < runs; i++) {
      measured.push(runNode(CHILD, ['verify', dir]));
      log(`  run ${i + 1}: ${measured[i]!.wallMs.toFixed(0)} ms, peak RSS ${((measured[i]!.maxRssKiB ?? 0) / 1024).toFixed(0)} MiB`);
    }
    const profile = profileShares([CHILD, 'verify', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    const walls = measured.map((r) => r.wallMs);
    out.push({
      name: w.name,
      description: w.description,
      objects,
      bytes,
      wallMs: median(walls),
      wallMinMs: Math.min(...walls),
      wallMaxMs: Math.max(...walls),
      loadMs: median(measured.map((r) => r.child!.loadMs)),
      verifyMs: median(measured.map((r) => r.child!.synthMs)),
      maxRssKiB: Math.max(...measured.map((r) => r.maxRssKiB ?? 0)),
      profile,
      runs: measured,
    });
  }
  return out;
}

/** The verifier's part of BENCHMARKS.md. */
export function renderVerifySection(results: VerifySummary[], runs: number): string {
  if (results.length === 0) return '';
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines: string[] = [
    '### Verifier: `cdk8s-genesys-cx verify <dir>`',
    '',
    `Inputs synthesized with \`PlatformSynth\` (no SVG) as \`npm run synth\` writes them; each number is the median of ${runs} whole`
    + ' processes after one warm-up (`bench/child-verify.ts verify <dir>`: the command line\'s main, output discarded).',
    '',
    row(['input', 'objects', 'YAML and JSON', 'whole process, median (min–max)', 'start + imports', 'verification', 'peak RSS']),
    row(['---', '---', '---', '---', '---', '---', '---']),
    ...results.map((r) => row([
      `${r.name} (${r.description})`, String(r.objects), `${(r.bytes / 2 ** 20).toFixed(1)} MiB`,
      `${fmtMs(r.wallMs)} (${fmtMs(r.wallMinMs)}–${fmtMs(r.wallMaxMs)})`, fmtMs(r.loadMs), fmtMs(r.verifyMs), `${(r.maxRssKiB / 1024).toFixed(0)} MiB`,
    ])),
    '',
    'Targets:',
    '',
    ...TARGETS.map((t) => {
      const r = results.find((x) => x.name === t.name);
      if (!r) return `- not measured: ${t.text}`;
      const met = r.wallMs < t.ms && (t.rssKiB === undefined || r.maxRssKiB < t.rssKiB);
      return `- ${met ? 'met' : '**missed**'}: ${t.text}: ${fmtMs(r.wallMs)}${t.rssKiB !== undefined ? `, ${(r.maxRssKiB / 1024).toFixed(0)} MiB` : ''}`;
    }),
    '',
    'Where the time goes (self time of one run under `node --cpu-prof`, which slows it down):',
    '',
    row(['input', ...['module loading', 'YAML parsing (js-yaml)', 'reading files', 'schema check', 'reachability, rows, openings, ipBlock ranges', 'policy rules', 'garbage collection', 'other']]),
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---']),
    ...results.map((r) => {
      const total = r.profile.reduce((n, s) => n + s.ms, 0) - (r.profile.find((s) => s.part === 'node itself (idle, program)')?.ms ?? 0);
      const cell = (part: string) => {
        const ms = r.profile.find((s) => s.part === part)?.ms ?? 0;
        return `${fmtMs(ms)} (${total > 0 ? ((100 * ms) / total).toFixed(0) : 0}%)`;
      };
      return row([r.name, ...['module loading', 'YAML parsing (js-yaml)', 'reading files', 'schema check', 'reachability, rows, openings, ipBlock ranges', 'policy rules', 'garbage collection', 'other'].map(cell)]);
    }),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  // alone: node build/bench/verify-bench.js [--runs N] [--only a,b]
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(value('--runs') ?? 5);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-genesys-cx-verify-bench-'));
  try {
    const results = runVerifyBench(tmp, runs, value('--only')?.split(','), (m) => process.stderr.write(`${m}\n`));
    console.log(renderVerifySection(results, runs));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
