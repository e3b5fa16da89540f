#!/usr/bin/env node
// Side by side: the same workloads through several builds of the library, each a git tree (a
// revision, with an optional patch that removes one piece), in fresh node processes, in rotating
// order, with per-round time ratios against a reference build and a byte-for-byte comparison of
// everything each build writes. This is how BENCHMARKS.md measures what each piece of speed
// machinery earns ("What the speed machinery earns").
//
//   node bench/side-by-side.js [--rounds N] [--workloads MODE:NAME,...] [--keep DIR] [--json FILE] VARIANT...
//
//   VARIANT      NAME=REV or NAME=REV+PATCH: the tree of git revision REV, with PATCH (a diff, e.g.
//                bench/variants/no-writer.diff) applied to it; the first variant is the reference
//   --workloads  child-synth.js modes and workloads (bench/workloads.ts), default
//                platform:quickstart,platform:scaled-100,synth:quickstart,synth:scaled-100
//   --rounds     rounds per workload (default 5); round r runs the variants rotated by r
//   --keep DIR   build the trees in DIR and keep them (default: a temporary folder, removed)
//   --json FILE  where the results go (default bench-results/side-by-side.json)
//   --warmup N   untimed runs of each variant before the rounds (default 1); with 0 the first
//                round's output is the one compared
//
// Each run is timed three ways: whole process (wall, from spawn to exit), CPU time of the process
// (user + system, under GNU time when /usr/bin/time exists: on a shared machine, the steadier of the
// two) and in-process (what the child reports: construct + synthesis, node's start and loading left
// out). Every ratio is taken within one round, against the reference of that round.
//
// Every tree is exported with `git archive`, gets this checkout's node_modules linked in, and is
// compiled with tsc (tsconfig.examples.json) into its own build/. Nothing in the working tree is
// measured, and no switch in the library is needed. Results: a Markdown table on stdout and
// bench-results/side-by-side.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function usage(message) {
  process.stderr.write(`${message}\nusage: node bench/side-by-side.js [--rounds N] [--workloads MODE:NAME,...] [--keep DIR] [--json FILE] NAME=REV[+PATCH]...\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    rounds: 5,
    workloads: ['platform:quickstart', 'platform:scaled-100', 'synth:quickstart', 'synth:scaled-100'],
    keep: undefined,
    json: path.join(ROOT, 'bench-results', 'side-by-side.json'),
    warmup: 1,
    variants: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') opts.rounds = Number(argv[++i]);
    else if (a === '--workloads') opts.workloads = String(argv[++i]).split(',');
    else if (a === '--keep') opts.keep = path.resolve(argv[++i]);
    else if (a === '--json') opts.json = path.resolve(argv[++i]);
    else if (a === '--warmup') opts.warmup = Number(argv[++i]);
    else if (/^[\w.-]+=/.test(a)) {
      const [name, spec] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      const [rev, patch] = spec.split('+');
      opts.variants.push({ name, rev, patch: patch ? path.resolve(patch) : undefined });
    } else usage(`unknown argument "${a}"`);
  }
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) usage('--rounds takes a positive integer');
  if (!Number.isInteger(opts.warmup) || opts.warmup < 0) usage('--warmup takes a whole number');
  if (opts.variants.length < 2) usage('give at least two variants (the first is the reference)');
  if (new Set(opts.variants.map((v) => v.name)).size !== opts.variants.length) usage('variant names must differ');
  for (const w of opts.workloads) if (!/^(synth|platform):[\w-]+$/.test(w)) usage(`workload "${w}" is not MODE:NAME (MODE synth or platform)`);
  return opts;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stderr || r.stdout || '').slice(-4000)}`);
  return r.stdout;
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

/** Exports, patches and compiles one variant's tree; returns its folder. */
function buildTree(variant, dir) {
  const commit = run('git', ['rev-parse', '--verify', `${variant.rev}^{commit}`], { cwd: ROOT }).trim();
  variant.commit = commit.slice(0, 7);
  // a tree kept (--keep) from an earlier run of the same revision and patch is reused
  const stamp = path.join(dir, '.side-by-side');
  const id = `${commit} ${variant.patch ? fs.readFileSync(variant.patch, 'utf8') : ''}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === id) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tar = path.join(dir, '..', `${variant.name}.tar`);
  run('git', ['archive', '--format=tar', '-o', tar, commit], { cwd: ROOT });
  run('tar', ['-xf', tar, '-C', dir]);
  fs.rmSync(tar);
  if (variant.patch) run('git', ['apply', '--whitespace=nowarn', variant.patch], { cwd: dir });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const started = Date.now();
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.examples.json'], { cwd: dir });
  fs.writeFileSync(stamp, id);
  log(`built ${variant.name} (${variant.commit}${variant.patch ? ` + ${path.relative(ROOT, variant.patch)}` : ''}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);

/**
 * One fresh process of child-synth.js; its wall time, its CPU time (user + system, under GNU time
 * when the machine has it: on a shared machine the steadier of the two) and the times it reports
 * about itself.
 */
function measure(tree, mode, workload, outdir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const child = [process.execPath, path.join(tree, 'build', 'bench', 'child-synth.js'), mode, workload, outdir];
  const cpuFile = `${outdir}.cpu`;
  const started = process.hrtime.bigint();
  const out = hasGnuTime ? run(GNU_TIME, ['-f', '%U %S', '-o', cpuFile, ...child]) : run(child[0], child.slice(1));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = hasGnuTime ? fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((n, x) => n + Number(x) * 1000, 0) : NaN;
  const marker = '@@bench-result '; // bench/protocol.ts
  const line = out.split('\n').find((l) => l.startsWith(marker));
  if (!line) throw new Error(`child-synth.js ${mode} ${workload} printed no result line`);
  const result = JSON.parse(line.slice(marker.length));
  // in-process: construct + synthesis (+ the review outputs for PlatformSynth), node's start and loading left out
  const inProcessMs = (result.constructMs ?? 0) + (result.synthMs ?? 0) + (result.reviewMs ?? 0);
  return { wallMs, cpuMs, inProcessMs };
}

/** Every file under `dir` by relative path. */
function files(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

/** undefined when both folders hold the same files with the same bytes, else the first difference. */
function difference(a, b) {
  const fa = files(a);
  const fb = files(b);
  if (fa.join('\n') !== fb.join('\n')) {
    const only = fa.filter((f) => !fb.includes(f)).concat(fb.filter((f) => !fa.includes(f)));
    return `different files (${only.slice(0, 3).join(', ') || 'order'})`;
  }
  for (const f of fa) {
    if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) return `${f} differs`;
  }
  return undefined;
}

function median(values) {
  const s = [...values].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const ratio = (v) => `${v.toFixed(2)}×`;
const spread = (values, fmt) => `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const base = opts.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-genesys-cx-side-'));
  fs.mkdirSync(base, { recursive: true });
  const results = [];
  try {
    const trees = new Map(opts.variants.map((v) => [v.name, buildTree(v, path.join(base, 'trees', v.name))]));
    const reference = opts.variants[0];
    for (const w of opts.workloads) {
      const [mode, workload] = w.split(':');
      // the timed runs write into a folder of this process (several may share --keep)
      const out = (v, keep) => path.join(base, 'out', keep ? `${w.replace(':', '-')}-${v.name}` : `scratch-${process.pid}`);
      // warm-ups of each (the file cache); the last one's output kept for the comparison
      for (let i = 0; i < opts.warmup; i++) for (const v of opts.variants) measure(trees.get(v.name), mode, workload, out(v, true));
      const rounds = [];
      for (let r = 0; r < opts.rounds; r++) {
        const order = opts.variants.map((_, i) => opts.variants[(i + r) % opts.variants.length]);
        const round = {};
        // without warm-ups, the first round's output is the one compared
        for (const v of order) round[v.name] = measure(trees.get(v.name), mode, workload, out(v, opts.warmup === 0 && r === 0));
        rounds.push(round);
        log(`${w} round ${r + 1}: ${order.map((v) => `${v.name} ${ms(round[v.name].wallMs)} (CPU ${ms(round[v.name].cpuMs)})`).join(', ')}`);
      }
      const identical = Object.fromEntries(opts.variants.map((v) => [v.name, difference(out(reference, true), out(v, true)) ?? 'identical']));
      for (const v of opts.variants) fs.rmSync(out(v, true), { recursive: true, force: true });
      for (const v of opts.variants) {
        const walls = rounds.map((x) => x[v.name].wallMs);
        const inProcess = rounds.map((x) => x[v.name].inProcessMs);
        const cpu = rounds.map((x) => x[v.name].cpuMs);
        results.push({
          workload: w,
          variant: v.name,
          tree: `${v.commit}${v.patch ? ` + ${path.relative(ROOT, v.patch)}` : ''}`,
          wallMs: walls,
          inProcessMs: inProcess,
          wallRatio: rounds.map((x) => x[v.name].wallMs / x[reference.name].wallMs),
          cpuMs: cpu,
          cpuRatio: rounds.map((x) => x[v.name].cpuMs / x[reference.name].cpuMs),
          inProcessRatio: rounds.map((x) => x[v.name].inProcessMs / x[reference.name].inProcessMs),
          output: identical[v.name],
        });
      }
    }
  } finally {
    if (!opts.keep) fs.rmSync(base, { recursive: true, force: true });
  }
  const lines = [
    `Side by side, ${opts.rounds} rounds, reference ${opts.variants[0].name}; ${new Date().toISOString()}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
    '',
    '| workload | variant | tree | whole process, median (min–max) | ÷ reference, per round | CPU time (user + system) | ÷ reference, per round | in-process | ÷ reference, per round | output |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.workload} | ${r.variant} | ${r.tree} | ${spread(r.wallMs, ms)} | ${spread(r.wallRatio, ratio)} | `
      + `${hasGnuTime ? `${spread(r.cpuMs, ms)} | ${spread(r.cpuRatio, ratio)}` : 'n/a | n/a'} | ${spread(r.inProcessMs, ms)} | ${spread(r.inProcessRatio, ratio)} | ${r.output} |`),
  ];
  console.log(lines.join('\n'));
  fs.mkdirSync(path.dirname(opts.json), { recursive: true });
  fs.writeFileSync(opts.json, JSON.stringify({ variants: opts.variants, rounds: opts.rounds, results }, null, 2));
  if (results.some((r) => r.output !== 'identical')) {
    log('some variant wrote other bytes than the reference: see the output column');
    process.exitCode = 1;
  }
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
