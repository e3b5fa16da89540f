import { App } from 'cdk8s';
import * as coreBasics from './core-basics/app';

/** An example app: its name (the output folder) and how to build it. */
export interface Example {
  readonly name: string;
  readonly description: string;
  readonly build: (outdir: string) => App;
}

/** Every example `npm run synth` writes. */
export const EXAMPLES: Example[] = [
  { name: 'core-basics', description: 'the core building blocks: two workloads and an external database', build: coreBasics.build },
];
