// The inputs the verifier benchmark checks: what `npm run synth` writes for the quickstart, for a
// platform of N regions (one folder per region, each with its peers.json and Helm chart copy), and
// for one platform with many Digital Channels webhooks (each its own CIDR, so each its own ipBlock
// rule, peers.json entry and virtual endpoint).
import { App } from 'cdk8s';
import { regionProps } from '../examples/multi-region/app';
import * as quickstart from '../examples/quickstart/app';
import { GenesysPlatform, PlatformSynth } from '../src';
import { buildScaled } from './workloads';

/** One input of the verifier benchmark. */
export interface VerifyWorkload {
  readonly name: string;
  readonly description: string;
  /** Synthesizes the input into `dir` (PlatformSynth without the SVG); returns the number of objects. */
  readonly prepare: (dir: string) => Promise<number>;
}

async function synth(app: App): Promise<number> {
  const clusters = await PlatformSynth.synth(app, { svg: false });
  return clusters.reduce((n, c) => n + c.objects, 0);
}

/** A platform whose Digital Channels calls `count` webhooks, each in its own /28. */
export function buildWebhooks(outdir: string, count: number): App {
  const app = new App({ outdir });
  const props = regionProps('wh', '198.51.100.0/24');
  const webhooks = Array.from({ length: count }, (_, i) => ({
    name: `hook-${i + 1}`,
    host: `hook${i + 1}.example.com`,
    // inside 10.0.0.0/8, 16 addresses each
    cidrGroups: [{ name: 'hook', cidrs: [`10.${Math.floor(i / 4096) % 256}.${Math.floor(i / 16) % 256}.${(i % 16) * 16}/28`] }],
  }));
  new GenesysPlatform(app, 'webhooks', { ...props, nexus: { ...props.nexus, webhooks } });
  return app;
}

export const VERIFY_WORKLOADS: VerifyWorkload[] = [
  { name: 'verify-quickstart', description: 'dist/quickstart: one cluster and its Helm chart copy', prepare: (dir) => synth(quickstart.build(dir)) },
  { name: 'verify-scaled-10', description: '10 regions, a folder each (peers.json, Helm chart copy)', prepare: (dir) => synth(buildScaled(dir, 10)) },
  { name: 'verify-scaled-100', description: '100 regions, a folder each (peers.json, Helm chart copy)', prepare: (dir) => synth(buildScaled(dir, 100)) },
  { name: 'verify-webhooks-10000', description: 'one platform with 10,000 webhooks, each its own CIDR', prepare: (dir) => synth(buildWebhooks(dir, 10_000)) },
];

/** The verify workload of that name; throws on an unknown one. */
export function verifyWorkload(name: string): VerifyWorkload {
  const found = VERIFY_WORKLOADS.find((w) => w.name === name);
  if (!found) throw new Error(`unknown verify workload "${name}" (known: ${VERIFY_WORKLOADS.map((w) => w.name).join(', ')})`);
  return found;
}
