// Renders DOT files with the library's Graphviz renderer in a plain Node.js process (Jest cannot load
// Graphviz's ES module): `node -r ts-node/register/transpile-only render-dots.ts <in.json> <out.json>`,
// where in.json is [{ name, dot, write? }] and out.json receives [{ name, svg, messages }] or [{ name, error }]
// (with `write`, the DOT goes through what ConnectionReport.write renders with, which returns no messages).
// Whatever this process writes to standard output or error is what would reach a user's console.
import * as fs from 'fs';
import { graphvizSvg } from '../../src/report/graphviz';
import { renderSvg } from '../../src/report/write';

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  const diagrams = JSON.parse(fs.readFileSync(input, 'utf8')) as { name: string; dot: string; write?: boolean }[];
  const results: object[] = [];
  for (const d of diagrams) {
    try {
      results.push({ name: d.name, ...(d.write ? { svg: await renderSvg(d.dot, d.name) } : await graphvizSvg(d.dot)) });
    } catch (e) {
      results.push({ name: d.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  fs.writeFileSync(output, JSON.stringify(results));
}

void main();
