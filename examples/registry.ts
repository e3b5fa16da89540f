import { App } from 'cdk8s';
import * as coreBasics from './core-basics/app';
import * as multiRegion from './multi-region/app';
import * as officialCharts from './official-charts/app';
import * as production from './production/app';
import * as quickstart from './quickstart/app';

/** An example app: its name (the output folder) and how to build it. */
export interface Example {
  readonly name: string;
  readonly description: string;
  readonly build: (outdir: string) => App;
}

/** Every example `npm run synth` writes. */
export const EXAMPLES: Example[] = [
  { name: 'quickstart', description: 'all four services in one cluster with embedded development stores', build: quickstart.build },
  { name: 'production', description: 'managed stores by CIDR and Secret, monitoring, autoscaling, disruption budgets, images by digest', build: production.build },
  { name: 'multi-region', description: 'two regions, each its own cluster and folder', build: multiRegion.build },
  { name: 'official-charts', description: 'GWS, WWE and Digital Channels from Genesys\' own Helm charts, UCS-X from the library, managed stores', build: officialCharts.build },
  { name: 'core-basics', description: 'the core building blocks: two workloads and an external database', build: coreBasics.build },
];
