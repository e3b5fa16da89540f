// The floor: the very manifests a workload synthesized, emitted again through plain cdk8s
// ApiObjects (one Chart per original chart, one ApiObject per manifest), in a fresh node process.
// What is left is what cdk8s itself costs: the construct tree, resolution, key sorting, YAML.
//
//   node build/bench/child-floor.js <json> <outdir> [--verify]
//
// cdk8s sorts the keys of every object it emits (the library's objects go through the same code),
// so the floor's YAML may order keys differently; with --verify the child checks, after the
// measurement, that every object it emitted equals the input as data.
//
// Loads cdk8s only, not the library.
import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { report } from './protocol';

const loadMs = performance.now();

function main(): void {
  const [jsonFile, outdir, flag] = process.argv.slice(2);
  if (!jsonFile || !outdir) throw new Error('usage: child-floor.js <json> <outdir> [--verify]');

  const t0 = performance.now();
  const charts = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Array<{ id: string; objects: any[] }>;
  const t1 = performance.now();

  const app = new App({ outdir });
  let objects = 0;
  for (const dumped of charts) {
    const chart = new Chart(app, dumped.id, { disableResourceNameHashes: true });
    dumped.objects.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
    objects += dumped.objects.length;
  }
  const t2 = performance.now();
  app.synth();
  const t3 = performance.now();

  const maxRssKiB = process.resourceUsage().maxRSS;

  let identical: boolean | undefined;
  if (flag === '--verify') {
    const emitted = app.charts.map((c) => ({ id: c.node.id, objects: c.toJson() }));
    identical = canonical(emitted) === canonical(charts);
  }
  report({ loadMs, prepareMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, maxRssKiB, objects, identical });
}

/** JSON with the keys of every object in sorted order: equal data, equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: { [key: string]: unknown } = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as { [key: string]: unknown })[k];
    return sorted;
  });
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
}
