// The apps the benchmark synthesizes: the two single-cluster examples and a generated platform of
// N regions (one GenesysPlatform chart per region, as in the multi-region example).
import { App } from 'cdk8s';
import * as production from '../examples/production/app';
import * as quickstart from '../examples/quickstart/app';
import { GenesysPeers, GenesysPlatform } from '../src';

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
    new GenesysPlatform(app, region, {
      domain: `${region}.cx.example.com`,
      location: region,
      peers: {
        tenantService: GenesysPeers.tenantService({ port: 8080 }),
        iwd: GenesysPeers.iwd({ port: 8080 }),
      },
      nexus: {
        webhooks: [{ name: 'crm-webhooks', host: 'hooks.crm.example.com', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.64/28'] }] }],
        messagingAggregators: [{ name: 'sms-aggregator', host: 'api.sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
      },
      ucsx: {
        // one /24 per region inside 100.64.0.0/10 (shared address space), distinct for each
        fileStorage: {
          host: `exports-${region}.storage.example.com`,
          cidrGroups: [{ name: 'object-storage', cidrs: [`100.${64 + Math.floor(i / 256)}.${i % 256}.0/24`] }],
        },
      },
    });
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
