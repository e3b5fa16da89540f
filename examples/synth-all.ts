// Synthesizes every example into dist/<name>/ and copies it to examples/<name>/dist/ (the reviewed
// copy). Run from compiled JavaScript: `npm run synth`.
import * as fs from 'fs';
import * as path from 'path';
import { PlatformSynth, Verifier } from '../src';
import { EXAMPLES } from './registry';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const only = process.argv.slice(2);
  let failed = false;
  for (const example of EXAMPLES) {
    if (only.length > 0 && !only.includes(example.name)) continue;
    const outdir = path.join(root, 'dist', example.name);
    fs.rmSync(outdir, { recursive: true, force: true });
    const started = process.hrtime.bigint();
    const clusters = await PlatformSynth.synth(example.build(outdir));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const committed = path.join(root, 'examples', example.name, 'dist');
    fs.rmSync(committed, { recursive: true, force: true });
    fs.cpSync(outdir, committed, { recursive: true });
    const objects = clusters.reduce((n, c) => n + c.objects, 0);
    console.log(`${example.name}: ${objects} objects in ${clusters.length} cluster(s) -> dist/${example.name} (${ms.toFixed(0)} ms)`);
    // prove the output: every documented row whose ends are present passes, nothing else is open
    for (const cluster of clusters) {
      const report = Verifier.verify(cluster.directory);
      console.log(`  verify ${path.relative(root, cluster.directory)}: ${report.summary}`);
      if (!report.ok) {
        console.error(report.toText());
        failed = true;
      }
    }
  }
  if (failed) throw new Error('verification failed: see the FAIL and OPEN lines above');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
