// Synthesizes every example into dist/<name>/ and examples/<name>/dist/ (the reviewed copy).
// Run from compiled JavaScript: `npm run synth`.
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from './registry';

const root = path.resolve(__dirname, '..', '..');
const only = process.argv.slice(2);

for (const example of EXAMPLES) {
  if (only.length > 0 && !only.includes(example.name)) continue;
  const outdir = path.join(root, 'dist', example.name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const app = example.build(outdir);
  app.synth();
  const committed = path.join(root, 'examples', example.name, 'dist');
  fs.rmSync(committed, { recursive: true, force: true });
  fs.cpSync(outdir, committed, { recursive: true });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const files = fs.readdirSync(outdir);
  console.log(`${example.name}: ${files.length} file(s) in dist/${example.name} (${ms.toFixed(0)} ms)`);
}
