// The apps the benchmark synthesizes: the two single-cluster examples and a generated platform of
// N regions (one GenesysPlatform chart per region, as in the multi-region example).
import { App } from 'cdk8s';
import { regionProps } from '../examples/multi-region/app';
import * as production from '../examples/production/app';
import * as quickstart from '../examples/quickstart/app';
import { GenesysPlatform } from '../src';

/** One app to measure. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Number of GenesysPlatform charts (regions). */
  readonly regions: number;
  readonly build: (outdir: string) => App;
}

/** The region names of a scaled app: `rg001`, `rg002`, ... */
export function regionNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `rg${String(i + 1).padStart(3, '0')}`);
}

/**
 * An app of `count` regions, each its own platform with its own domain, location and file storage
 * subnet, the way a deployment with many data centers would write it.
 */
export function buildScaled(outdir: string, count: number): App {
  const app = new App({ outdir });
  regionNames(count).forEach((region, i) => {
    // one /24 per region inside 100.64.0.0/10 (shared address space), distinct for each
    new GenesysPlatform(app, region, regionProps(region, `100.${64 + Math.floor(i / 256)}.${i % 256}.0/24`));
  });
  return app;
}

function scaled(count: number): Workload {
  return {
    name: `scaled-${count}`,
    description: `${count} region${count === 1 ? '' : 's'}, one GenesysPlatform chart each`,
    regions: count,
    build: (outdir) => buildScaled(outdir, count),
  };
}

/** Every workload, in the order of the report. */
export const WORKLOADS: Workload[] = [
  { name: 'quickstart', description: 'examples/quickstart: one cluster, embedded stores', regions: 1, build: quickstart.build },
  { name: 'production', description: 'examples/production: managed stores, monitoring, autoscaling', regions: 1, build: production.build },
  scaled(1),
  scaled(10),
  scaled(100),
];

/** The workload of that name; throws on an unknown one. */
export function workload(name: string): Workload {
  const found = WORKLOADS.find((w) => w.name === name);
  if (!found) throw new Error(`unknown workload "${name}" (known: ${WORKLOADS.map((w) => w.name).join(', ')})`);
  return found;
}
