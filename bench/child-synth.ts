// One measured synthesis of a workload through the library, in a fresh node process.
//
//   node build/bench/child-synth.js synth    <workload> <outdir>          YAML only (app.synth())
//   node build/bench/child-synth.js dump     <workload> <outdir> <json>   the same, then the charts' JSON
//   node build/bench/child-synth.js platform <workload> <outdir>          PlatformSynth.synth (YAML + review outputs)
//
// (`review` is the old name of `platform`.)
//
// The imports below are the loading cost: `performance.now()` right after them is node's start
// plus module loading.
import * as fs from 'fs';
import { PlatformSynth } from '../src';
import { report } from './protocol';
import { workload } from './workloads';

const loadMs = performance.now();

/** The manifests of every chart of an app, as the floor process reads them back. */
export interface ChartDump {
  readonly id: string;
  readonly objects: any[];
}

async function main(): Promise<void> {
  const [mode, name, outdir, jsonFile] = process.argv.slice(2);
  if (!mode || !name || !outdir) throw new Error('usage: child-synth.js synth|dump|platform <workload> <outdir> [json]');
  const w = workload(name);

  const t0 = performance.now();
  const app = w.build(outdir);
  const t1 = performance.now();

  if (mode === 'platform' || mode === 'review') {
    // time the app.synth() that PlatformSynth runs first (YAML, through its writer), so the rest is
    // the review outputs alone
    let synthMs = 0;
    const yamlOnly = app.synth.bind(app);
    app.synth = () => {
      const s = performance.now();
      yamlOnly();
      synthMs = performance.now() - s;
    };
    const clusters = await PlatformSynth.synth(app);
    const totalMs = performance.now() - t1;
    report({
      loadMs,
      prepareMs: 0,
      constructMs: t1 - t0,
      synthMs,
      reviewMs: totalMs - synthMs,
      maxRssKiB: process.resourceUsage().maxRSS,
      objects: clusters.reduce((n, c) => n + c.objects, 0),
    });
    return;
  }

  app.synth();
  const t2 = performance.now();
  const maxRssKiB = process.resourceUsage().maxRSS;

  let objects: number | undefined;
  if (mode === 'dump') {
    if (!jsonFile) throw new Error('dump needs the JSON file to write');
    // after the measurement: toJson() resolves every chart again
    const charts: ChartDump[] = app.charts.map((c) => ({ id: c.node.id, objects: c.toJson() }));
    fs.writeFileSync(jsonFile, JSON.stringify(charts));
    objects = charts.reduce((n, c) => n + c.objects.length, 0);
  } else if (mode !== 'synth') {
    throw new Error(`unknown mode "${mode}"`);
  }
  report({ loadMs, prepareMs: 0, constructMs: t1 - t0, synthMs: t2 - t1, maxRssKiB, objects });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
