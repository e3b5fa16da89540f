// Entry point for the cdk8s CLI (`cdk8s synth`, see cdk8s.yaml): writes to CDK8S_OUTDIR or dist/.
import { build } from './app';

build(process.env.CDK8S_OUTDIR ?? 'dist').synth();
