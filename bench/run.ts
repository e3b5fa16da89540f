// The synth benchmark (`npm run bench`): every workload through the library (`app.synth()`, and
// `PlatformSynth.synth` with its own YAML writer and the review outputs), the floor (the same objects
// through plain cdk8s ApiObjects) and helm template (the same manifests as a chart), each run in a
// fresh node process; prints the tables and writes them into BENCHMARKS.md (full runs only: every
// workload, PlatformSynth and the verifier).
//
//   node build/bench/run.js [--runs N] [--only a,b] [--no-platform] [--no-write] [--no-verify]
//
// Not part of `npm test`; targets are reported, never asserted.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findHelm, writeChart } from './helm';
import { machine, runNode, runProgram, Run } from './measure';
import { END, renderSection, writeBenchmarksMd } from './report';
import { BenchReport, growth, summarize, targets, WorkloadRuns, WorkloadSummary } from './summary';
import { renderVerifySection, runVerifyBench, VerifySummary } from './verify-bench';
import { WORKLOADS } from './workloads';

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD_SYNTH = path.join(__dirname, 'child-synth.js');
const CHILD_FLOOR = path.join(__dirname, 'child-floor.js');

interface Options {
  readonly runs: number;
  readonly only?: string[];
  /** Also measure PlatformSynth.synth (YAML and review outputs) in every round. */
  readonly platform: boolean;
  readonly write: boolean;
  /** Also measure `cdk8s-genesys-cx verify` (verify-bench.ts). */
  readonly verify: boolean;
}

function options(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(value('--runs') ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return { runs, only: value('--only')?.split(','), platform: !argv.includes('--no-platform') && !argv.includes('--no-review'), write: !argv.includes('--no-write'), verify: !argv.includes('--no-verify') };
}

/** The commit measured (BENCH_REVISION overrides, e.g. for a tree exported from git). */
function revision(): string | undefined {
  if (process.env.BENCH_REVISION) return process.env.BENCH_REVISION;
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return undefined;
  const changed = spawnSync('git', ['status', '--porcelain', '--', 'src', 'examples'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${changed ? ' with uncommitted changes in src/ or examples/' : ''}`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A folder emptied for the next run. */
function fresh(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

function main(): void {
  const opts = options(process.argv.slice(2));
  const started = Date.now();
  const m = machine();
  const helm = findHelm(ROOT);
  log(`machine: ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, node ${m.node}, load ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  log(helm.found ? `helm: ${helm.version} (${helm.path}, from ${helm.source})` : `helm: skipped (${helm.note})`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-genesys-cx-bench-'));
  // keep helm away from the user's helm folders
  const helmEnv = { ...process.env, HELM_CACHE_HOME: path.join(tmp, 'helm-home'), HELM_CONFIG_HOME: path.join(tmp, 'helm-home'), HELM_DATA_HOME: path.join(tmp, 'helm-home') };
  const raw: WorkloadRuns[] = [];
  let verify: VerifySummary[] = [];
  try {
    for (const w of WORKLOADS) {
      if (opts.only && !opts.only.includes(w.name)) continue;
      const dir = path.join(tmp, w.name);
      fs.mkdirSync(dir, { recursive: true });
      const json = path.join(dir, 'charts.json');
      const yaml = path.join(dir, 'yaml');

      // warm-ups: the library's also writes the charts' JSON (after its measurement); the floor's
      // checks that it emits the same objects
      const dump = runNode(CHILD_SYNTH, ['dump', w.name, fresh(yaml), json]);
      const objects = dump.child!.objects!;
      const check = runNode(CHILD_FLOOR, [json, fresh(path.join(dir, 'floor')), '--verify']);
      const chart = path.join(dir, 'chart');
      if (helm.found) {
        writeChart(yaml, chart, w.name);
        runProgram(helm.path, ['template', 'bench', chart, '--output-dir', fresh(path.join(dir, 'helm'))], path.join(dir, 'helm.out'), helmEnv);
      }
      log(`${w.name}: ${objects} objects; warm-up ${dump.wallMs.toFixed(0)} ms; floor output equal: ${check.child!.identical}`);

      // PlatformSynth's warm-up
      if (opts.platform) runNode(CHILD_SYNTH, ['platform', w.name, fresh(path.join(dir, 'platform'))]);

      const lib: Run[] = [];
      const platform: Run[] = [];
      const floor: Run[] = [];
      const helmRuns: Run[] = [];
      for (let i = 0; i < opts.runs; i++) {
        lib.push(runNode(CHILD_SYNTH, ['synth', w.name, fresh(path.join(dir, 'lib'))]));
        if (opts.platform) platform.push(runNode(CHILD_SYNTH, ['platform', w.name, fresh(path.join(dir, 'platform'))]));
        floor.push(runNode(CHILD_FLOOR, [json, fresh(path.join(dir, 'floor'))]));
        if (helm.found) {
          helmRuns.push(runProgram(helm.path, ['template', 'bench', chart, '--output-dir', fresh(path.join(dir, 'helm'))], path.join(dir, 'helm.out'), helmEnv));
        }
        log(`  run ${i + 1}: library ${lib[i]!.wallMs.toFixed(0)} ms${opts.platform ? `, PlatformSynth ${platform[i]!.wallMs.toFixed(0)} ms` : ''}, floor ${floor[i]!.wallMs.toFixed(0)} ms`
          + `${helm.found ? `, helm ${helmRuns[i]!.wallMs.toFixed(0)} ms` : ''}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });

      raw.push({
        name: w.name,
        description: w.description,
        regions: w.regions,
        objects,
        lib,
        floor,
        floorIdentical: check.child!.identical === true,
        helm: helm.found ? helmRuns : undefined,
        platform: opts.platform ? platform : undefined,
      });
    }
    if (opts.verify) verify = runVerifyBench(tmp, opts.runs, opts.only, log);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const workloads: WorkloadSummary[] = raw.map(summarize);
  const byName = new Map(workloads.map((w) => [w.name, w]));
  const report: BenchReport = {
    machine: { ...m, loadAfter: os.loadavg() },
    revision: revision(),
    helm: helm.found ? { found: true, version: helm.version, source: helm.source } : { found: false, note: helm.note },
    runsPerWorkload: opts.runs,
    durationS: (Date.now() - started) / 1000,
    workloads,
    growth: growth(byName),
    targets: targets(byName),
    raw,
  };

  const section = renderSection(report).replace(END, `${renderVerifySection(verify, opts.runs)}\n${END}`);
  console.log(section);
  const results = path.join(ROOT, 'bench-results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'latest.json'), JSON.stringify({ ...report, verify }, null, 2));
  if (opts.write && !opts.only && opts.platform && opts.verify) {
    writeBenchmarksMd(path.join(ROOT, 'BENCHMARKS.md'), section);
    log('wrote BENCHMARKS.md and bench-results/latest.json');
  } else {
    log(`wrote bench-results/latest.json${opts.write ? ' (BENCHMARKS.md is written by full runs only)' : ''}`);
  }
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
