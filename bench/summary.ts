// The numbers of a benchmark run: medians per workload, ratios, growth and the targets.
import { median, Machine, Run } from './measure';
import { ChildResult } from './protocol';

/** Everything measured for one workload. */
export interface WorkloadRuns {
  readonly name: string;
  readonly description: string;
  readonly regions: number;
  readonly objects: number;
  /** The library: app.synth() of the built app, YAML only. */
  readonly lib: Run[];
  /** The floor: the same objects through plain ApiObjects. */
  readonly floor: Run[];
  /** Whether the floor emitted objects equal to the library's (checked once, outside the timed runs). */
  readonly floorIdentical: boolean;
  /** helm template of the same manifests, when helm was found. */
  readonly helm?: Run[];
  /** PlatformSynth.synth of the built app: the same YAML (through its writer) plus the review outputs. */
  readonly platform?: Run[];
}

/** Medians (times in ms) and peaks (RSS in KiB) of one side. */
export interface Side {
  readonly wallMs: number;
  readonly wallMinMs: number;
  readonly wallMaxMs: number;
  /** construct + app.synth(), the time spent in the process once modules are loaded. */
  readonly inProcessMs: number;
  readonly loadMs: number;
  readonly prepareMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  /** PlatformSynth only: the review outputs after its app.synth(). */
  readonly reviewMs: number;
  /** Largest peak RSS over the runs. */
  readonly maxRssKiB?: number;
}

export function side(runs: Run[]): Side {
  const walls = runs.map((r) => r.wallMs);
  const of = (f: (c: ChildResult) => number) => (runs.every((r) => r.child) ? median(runs.map((r) => f(r.child!))) : NaN);
  const rss = runs.map((r) => r.maxRssKiB).filter((x): x is number => x !== undefined);
  return {
    wallMs: median(walls),
    wallMinMs: Math.min(...walls),
    wallMaxMs: Math.max(...walls),
    inProcessMs: of((c) => c.constructMs + c.synthMs),
    loadMs: of((c) => c.loadMs),
    prepareMs: of((c) => c.prepareMs),
    constructMs: of((c) => c.constructMs),
    synthMs: of((c) => c.synthMs),
    reviewMs: of((c) => c.reviewMs ?? NaN),
    maxRssKiB: rss.length > 0 ? Math.max(...rss) : undefined,
  };
}

/** One workload, summarized. */
export interface WorkloadSummary {
  readonly name: string;
  readonly description: string;
  readonly regions: number;
  readonly objects: number;
  readonly runs: number;
  readonly lib: Side;
  readonly floor: Side;
  readonly floorIdentical: boolean;
  readonly helm?: Side;
  /** PlatformSynth.synth; its in-process time is construct + its app.synth() (the YAML), without the review outputs. */
  readonly platform?: Side;
  /** library / floor, in-process (construct + synth on both sides). */
  readonly floorRatioInProcess: number;
  /** library / floor, whole processes. */
  readonly floorRatioWhole: number;
  /** library / helm, whole processes (helm has no in-process time). */
  readonly helmRatioWhole?: number;
  /** floor / helm, whole processes. */
  readonly floorHelmRatioWhole?: number;
  /** PlatformSynth / floor, in-process: construct + its app.synth() against ApiObjects + app.synth(). */
  readonly platformFloorRatioInProcess?: number;
  /** PlatformSynth (YAML and review outputs) / floor (YAML), whole processes. */
  readonly platformFloorRatioWhole?: number;
  /** PlatformSynth / helm template, whole processes. */
  readonly platformHelmRatioWhole?: number;
}

export function summarize(w: WorkloadRuns): WorkloadSummary {
  const lib = side(w.lib);
  const floor = side(w.floor);
  const helm = w.helm ? side(w.helm) : undefined;
  const platform = w.platform && w.platform.length > 0 ? side(w.platform) : undefined;
  return {
    name: w.name,
    description: w.description,
    regions: w.regions,
    objects: w.objects,
    runs: w.lib.length,
    lib,
    floor,
    floorIdentical: w.floorIdentical,
    helm,
    platform,
    floorRatioInProcess: lib.inProcessMs / floor.inProcessMs,
    floorRatioWhole: lib.wallMs / floor.wallMs,
    helmRatioWhole: helm ? lib.wallMs / helm.wallMs : undefined,
    floorHelmRatioWhole: helm ? floor.wallMs / helm.wallMs : undefined,
    platformFloorRatioInProcess: platform ? platform.inProcessMs / floor.inProcessMs : undefined,
    platformFloorRatioWhole: platform ? platform.wallMs / floor.wallMs : undefined,
    platformHelmRatioWhole: platform && helm ? platform.wallMs / helm.wallMs : undefined,
  };
}

/** A target of the issue, checked against this run. */
export interface Target {
  readonly text: string;
  readonly measured: string;
  /** undefined when it could not be measured (e.g. no helm, workload not run). */
  readonly met?: boolean;
}

/** Growth of one series between two scaled workloads. */
export interface Growth {
  readonly series: string;
  readonly t1?: number;
  readonly t10?: number;
  readonly t100?: number;
}

export function growth(byName: Map<string, WorkloadSummary>): Growth[] {
  const at = (n: number, f: (s: WorkloadSummary) => number | undefined) => {
    const s = byName.get(`scaled-${n}`);
    return s ? f(s) : undefined;
  };
  const series = (name: string, f: (s: WorkloadSummary) => number | undefined): Growth => (
    { series: name, t1: at(1, f), t10: at(10, f), t100: at(100, f) }
  );
  return [
    series('PlatformSynth, in-process YAML (construct + its app.synth())', (s) => s.platform?.inProcessMs),
    series('PlatformSynth, whole process (YAML and review outputs)', (s) => s.platform?.wallMs),
    series('library app.synth(), in-process (construct + app.synth())', (s) => s.lib.inProcessMs),
    series('library app.synth(), whole process', (s) => s.lib.wallMs),
    series('floor, in-process (ApiObjects + app.synth())', (s) => s.floor.inProcessMs),
    series('floor, whole process', (s) => s.floor.wallMs),
    series('helm template, whole process', (s) => s.helm?.wallMs),
  ];
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtRatio = (r: number) => `${r.toFixed(2)}×`;

const mibOf = (kib?: number) => (kib !== undefined ? `${(kib / 1024).toFixed(0)} MiB` : 'not measured');

/**
 * The targets of issue #14 ("Speed at scale"): first those of PlatformSynth (what `npm run synth`
 * and a platform repository run), then the earlier ones of plain `app.synth()` (what `cdk8s synth`
 * runs), kept to follow them.
 */
export function targets(byName: Map<string, WorkloadSummary>): Target[] {
  const list: Target[] = [];
  const q = byName.get('quickstart');
  const s10 = byName.get('scaled-10');
  const s100 = byName.get('scaled-100');
  const ratio = (r: number | undefined, a: Side | undefined, b: Side | undefined, f: (s: Side) => number, max: number, missing: string): Pick<Target, 'measured' | 'met'> => (
    r !== undefined && a && b ? { measured: `${fmtRatio(r)} (${fmtMs(f(a))} against ${fmtMs(f(b))})`, met: r <= max } : { measured: missing }
  );
  if (s100) {
    list.push({
      text: 'PlatformSynth of N=100 no slower than helm template of the same manifests (whole processes; PlatformSynth also writes the review outputs and Helm charts)',
      ...ratio(s100.platformHelmRatioWhole, s100.platform, s100.helm, (x) => x.wallMs, 1, s100.platform ? 'helm not found' : 'PlatformSynth not measured'),
    });
  }
  if (q) {
    list.push({
      text: 'quickstart through PlatformSynth no slower than the floor, in-process (construct + its app.synth() against ApiObjects + app.synth(): the same YAML)',
      ...ratio(q.platformFloorRatioInProcess, q.platform, q.floor, (x) => x.inProcessMs, 1, 'PlatformSynth not measured'),
    });
    list.push({
      text: 'quickstart through PlatformSynth no slower than the floor, whole processes (the library\'s modules and the review outputs against cdk8s alone and the JSON)',
      ...ratio(q.platformFloorRatioWhole, q.platform, q.floor, (x) => x.wallMs, 1, 'PlatformSynth not measured'),
    });
  }
  if (s10?.platform && s100?.platform) {
    const inProc = s100.platform.inProcessMs / s10.platform.inProcessMs;
    const whole = s100.platform.wallMs / s10.platform.wallMs;
    list.push({ text: 'PlatformSynth growth: time(N=100) / time(N=10) at most 11 (in-process YAML)', measured: inProc.toFixed(1), met: inProc <= 11 });
    list.push({ text: 'PlatformSynth growth: time(N=100) / time(N=10) at most 11 (whole process)', measured: whole.toFixed(1), met: whole <= 11 });
  }
  if (s100) {
    const rss = s100.platform?.maxRssKiB;
    list.push({ text: 'PlatformSynth of N=100: peak RSS under 1 GiB', measured: mibOf(rss), met: rss !== undefined ? rss < 1024 * 1024 : undefined });
  }
  // earlier targets, plain app.synth()
  if (q) {
    list.push({
      text: 'app.synth(): quickstart at most 1.3× the floor (in-process: construct + app.synth() against ApiObjects + app.synth())',
      measured: `${fmtRatio(q.floorRatioInProcess)} (${fmtMs(q.lib.inProcessMs)} against ${fmtMs(q.floor.inProcessMs)})`,
      met: q.floorRatioInProcess <= 1.3,
    });
    list.push({
      text: 'app.synth(): quickstart at most 1.3× the floor (whole processes: the library\'s modules against cdk8s alone and the JSON)',
      measured: `${fmtRatio(q.floorRatioWhole)} (${fmtMs(q.lib.wallMs)} against ${fmtMs(q.floor.wallMs)})`,
      met: q.floorRatioWhole <= 1.3,
    });
    list.push({ text: 'app.synth(): quickstart under 1 s wall, including node start', measured: fmtMs(q.lib.wallMs), met: q.lib.wallMs < 1000 });
  }
  if (s10 && s100) {
    const inProc = s100.lib.inProcessMs / s10.lib.inProcessMs;
    const whole = s100.lib.wallMs / s10.lib.wallMs;
    list.push({ text: 'app.synth(): growth time(N=100) / time(N=10) at most 11 (in-process)', measured: inProc.toFixed(1), met: inProc <= 11 });
    list.push({ text: 'app.synth(): growth time(N=100) / time(N=10) at most 11 (whole process)', measured: whole.toFixed(1), met: whole <= 11 });
  }
  if (s100) {
    list.push({
      text: 'app.synth(): N=100 at most 1.5× helm template of the same manifests (whole processes)',
      ...ratio(s100.helmRatioWhole, s100.lib, s100.helm, (x) => x.wallMs, 1.5, 'helm not found'),
    });
    const rss = s100.lib.maxRssKiB;
    list.push({ text: 'app.synth(): N=100 peak RSS under 1 GiB', measured: mibOf(rss), met: rss !== undefined ? rss < 1024 * 1024 : undefined });
  }
  return list;
}

/** The whole run, as saved to bench-results/latest.json and rendered into BENCHMARKS.md. */
export interface BenchReport {
  readonly machine: Machine & { readonly loadAfter: number[] };
  /** The commit measured, when known. */
  readonly revision?: string;
  readonly helm: { readonly found: boolean; readonly version?: string; readonly source?: string; readonly note?: string };
  readonly runsPerWorkload: number;
  readonly durationS: number;
  readonly workloads: WorkloadSummary[];
  readonly growth: Growth[];
  readonly targets: Target[];
  /** Raw runs, for anyone who wants more than medians. */
  readonly raw: WorkloadRuns[];
}

export { fmtMs, fmtRatio };
