// Profiles one synthesis with node's CPU profiler and prints where the time goes.
//
//   node build/bench/profile.js <workload> [--platform] [--floor] [--top N] [--repeat K] [--interval US]
//
// With --platform (PlatformSynth.synth) it also lists PlatformSynth's phases: the total time of the
// functions that do each part (they do not call one another; garbage collection apart).
//
// Runs build/bench/child-synth.js (or the floor child over the workload's JSON) under
// `node --cpu-prof` in a temp folder, then lists the functions by self time and by total time
// (time with everything they call, each sample counted once per function however deep the
// recursion). Paths are shown relative to the repository. With --repeat the child runs K times and
// the times are averaged over the runs (steadier numbers for small workloads); --interval sets the
// sampling interval in microseconds (node's default is 1000).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseResult } from './protocol';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Time of one function, in milliseconds. */
export interface FunctionTime {
  readonly name: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

const ROOT = path.resolve(__dirname, '..', '..');

function where(frame: ProfileNode['callFrame']): string {
  let file = frame.url.replace(/^file:\/\//, '');
  if (file.startsWith(ROOT)) file = path.relative(ROOT, file);
  const fn = frame.functionName || '(anonymous)';
  return file ? `${fn} ${file}:${frame.lineNumber + 1}` : fn;
}

/** Self and total time of every function of a profile. */
export function summarize(profile: CpuProfile): FunctionTime[] {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const leaf = where(byId.get(id)!.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = where(byId.get(at)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + us);
    }
  }
  return [...total.keys()].map((name) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: (total.get(name) ?? 0) / 1000 }));
}

function table(title: string, rows: FunctionTime[], allMs: number): string {
  const lines = [title, '    self ms   total ms  total %  function'];
  for (const r of rows) {
    lines.push(`${r.selfMs.toFixed(0).padStart(10)} ${r.totalMs.toFixed(0).padStart(10)} ${(100 * r.totalMs / allMs).toFixed(1).padStart(7)}%  ${r.name}`);
  }
  return lines.join('\n');
}

/** PlatformSynth's phases, each the total time of the functions (by name) that do it. */
const PHASES: Array<{ readonly phase: string; readonly fn: RegExp }> = [
  { phase: 'building the tree (GenesysPlatform constructors)', fn: /^GenesysPlatform build\/src\/platform\/platform\.js/ },
  { phase: 'app.synth() in all (validation, dependencies, JSON, YAML, files)', fn: /^synth \S*node_modules\/cdk8s\/lib\/app\.js/ },
  { phase: '  of which objects to JSON (a platform\'s objects in the synth window: ApiObject.toJson, cdk8s resolve)', fn: /^ownObjects build\/src\/platform\/fast-synth\.js/ },
  { phase: '  of which the YAML text (the writer)', fn: /^stringifyYaml build\/src\/platform\/yaml\.js/ },
  { phase: '  of which the YAML text (cdk8s\'s writer: documents the writer left to it, or all without it)', fn: /^stringify \S*node_modules\/cdk8s\/lib\/yaml\.js/ },
  { phase: '  of which the charts in dependency order (cdk8s App.charts, a graph of the whole app)', fn: /^get charts \S*node_modules\/cdk8s\/lib\/app\.js/ },
  { phase: '  of which validation and dependencies (cdk8s validate, resolveDependencies)', fn: /^(validate|resolveDependencies) \S*node_modules\/cdk8s\/lib\/app\.js/ },
  { phase: 'review: reports (ConnectionReport.write without the SVG: rows, JSON, Markdown, peers)', fn: /^write build\/src\/report\/write\.js/ },
  { phase: 'review: SVG diagrams (Graphviz in WebAssembly, on the main thread)', fn: /^renderSvg build\/src\/report\/write\.js/ },
  { phase: 'review: Helm chart copies', fn: /^writeHelmChart build\/src\/platform\/synth\.js/ },
  { phase: 'review: written-files record', fn: /^recordWritten build\/src\/platform\/folder\.js/ },
  { phase: 'garbage collection (all phases)', fn: /^\(garbage collector\)/ },
];

function main(): void {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--'));
  if (!name) throw new Error('usage: profile.js <workload> [--platform] [--floor] [--top N] [--repeat K] [--interval US]');
  const flag = (option: string, fallback: number) => {
    const at = args.indexOf(option);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const top = flag('--top', 30);
  const repeat = flag('--repeat', 1);
  const interval = flag('--interval', 1000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-genesys-cx-profile-'));
  try {
    let childArgs: string[];
    if (args.includes('--floor')) {
      const json = path.join(work, 'charts.json');
      const dump = spawnSync(process.execPath, [path.join(__dirname, 'child-synth.js'), 'dump', name, path.join(work, 'lib'), json], { encoding: 'utf8' });
      if (dump.status !== 0) throw new Error(`dump failed: ${dump.stderr}`);
      childArgs = [path.join(__dirname, 'child-floor.js'), json, path.join(work, 'out')];
    } else {
      childArgs = [path.join(__dirname, 'child-synth.js'), args.includes('--platform') || args.includes('--review') ? 'platform' : 'synth', name, path.join(work, 'out')];
    }
    const kept = path.join(os.tmpdir(), `cdk8s-genesys-cx-${name}${args.includes('--floor') ? '-floor' : ''}.cpuprofile`);
    const sums = new Map<string, { selfMs: number; totalMs: number }>();
    for (let i = 0; i < repeat; i++) {
      const profDir = path.join(work, `prof-${i}`);
      const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', String(interval), ...childArgs],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (run.status !== 0) throw new Error(`the profiled child failed: ${run.stderr}`);
      const result = parseResult(run.stdout);
      const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error('node wrote no .cpuprofile');
      fs.copyFileSync(path.join(profDir, file), kept);
      for (const f of summarize(JSON.parse(fs.readFileSync(kept, 'utf8')) as CpuProfile)) {
        const sum = sums.get(f.name) ?? { selfMs: 0, totalMs: 0 };
        sum.selfMs += f.selfMs / repeat;
        sum.totalMs += f.totalMs / repeat;
        sums.set(f.name, sum);
      }
      console.log(`${name} run ${i + 1}: load ${result.loadMs.toFixed(0)} ms, construct ${result.constructMs.toFixed(0)} ms, synth ${result.synthMs.toFixed(0)} ms`
        + `${result.reviewMs !== undefined ? `, review outputs ${result.reviewMs.toFixed(0)} ms` : ''} (under the profiler)`);
    }
    console.log(`last profile kept at ${kept}${repeat > 1 ? `; times below are means over ${repeat} runs` : ''}\n`);
    const functions: FunctionTime[] = [...sums].map(([fn, t]) => ({ name: fn, ...t }));
    const allMs = Math.max(...functions.map((f) => f.totalMs));
    console.log(table('By self time:', [...functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top), allMs));
    console.log();
    console.log(table('By total time:', [...functions].sort((a, b) => b.totalMs - a.totalMs).slice(0, top), allMs));
    if (childArgs.includes('platform')) {
      console.log(`\nPlatformSynth's phases (total ms${repeat > 1 ? `, means over ${repeat} runs` : ''}; of ${allMs.toFixed(0)} ms under the profiler):`);
      for (const { phase, fn } of PHASES) {
        const ms = functions.filter((f) => fn.test(f.name)).reduce((sum, f) => sum + f.totalMs, 0);
        console.log(`${ms.toFixed(0).padStart(10)} ${(100 * ms / allMs).toFixed(1).padStart(6)}%  ${phase}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
