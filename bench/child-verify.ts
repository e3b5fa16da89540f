// One measured verification, in a fresh node process.
//
//   node build/bench/child-verify.js prepare <workload> <dir>   synthesizes the workload's input (not measured)
//   node build/bench/child-verify.js verify <dir>               cdk8s-genesys-cx verify <dir>, output discarded
//
// The verify mode runs the command line's main() as the `cdk8s-genesys-cx` binary does and loads
// nothing else; the parent times the whole process. `performance.now()` right after the imports is node's start plus
// module loading.
import { report } from './protocol';
import { main } from '../src/verify/cli';

const loadMs = performance.now();

async function run(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'prepare') {
    const [name, dir] = args;
    if (!name || !dir) throw new Error('usage: child-verify.js prepare <workload> <dir>');
    const t0 = performance.now();
    // the constructs are loaded here only: the verify mode loads what the command line loads
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { verifyWorkload } = require('./verify-workloads') as typeof import('./verify-workloads');
    const objects = await verifyWorkload(name).prepare(dir);
    report({ loadMs, prepareMs: performance.now() - t0, constructMs: 0, synthMs: 0, maxRssKiB: process.resourceUsage().maxRSS, objects });
    return;
  }
  if (mode === 'verify') {
    const [dir] = args;
    if (!dir) throw new Error('usage: child-verify.js verify <dir>');
    const t0 = performance.now();
    let lines = 0;
    const status = main(['verify', dir], { out: () => lines++, err: (l) => process.stderr.write(`${l}\n`) });
    if (status === 2) throw new Error(`verify ${dir} could not read its input (exit status 2)`);
    // synthMs carries the verification's own time (after the imports)
    report({ loadMs, prepareMs: 0, constructMs: 0, synthMs: performance.now() - t0, maxRssKiB: process.resourceUsage().maxRSS, objects: lines });
    return;
  }
  throw new Error(`unknown mode "${mode}" (prepare or verify)`);
}

run().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
