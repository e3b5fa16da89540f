// `cdk8s-genesys-cx probe DIR [--out DIR]`.
import * as path from 'path';
import { CheckKind } from './plan';
import { writeProbeSuites } from './write';
import { CliIo } from '../verify/cli';

export const PROBE_USAGE = [
  'usage: cdk8s-genesys-cx probe <dir> [--out <dir>]',
  '',
  'Writes a probe suite for the synthesized manifests in <dir>: one never-Ready probe Pod per',
  'workload (its namespace, the labels the policies select on, its ports), a stranger, foreign',
  'look-alikes of the sources of development stores, and a plan of connect checks whose expected',
  'answers come from the verifier\'s reachability. Apply the probes after the platform and run',
  'run.sh (POSIX sh and kubectl): it writes a truth table and JUnit XML.',
  '',
  'options:',
  '  --out <dir>   where to write (default <dir>/probe). Keep it out of the folder verify reads,',
  '                or keep its probe-plan.json: diff and probe leave such a folder out.',
  '',
  'exit status: 0 written, 3 bad arguments, unreadable input, or a manifest the probes cannot',
  'live beside (a Service publishing not-ready addresses, a bare ReplicaSet adopting probes)',
].join('\n');

/** Runs `probe`; returns the exit status. */
export function probeMain(args: string[], io: CliIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(PROBE_USAGE);
    return 0;
  }
  const dirs: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out') {
      out = args[++i];
      if (out === undefined || out.startsWith('--')) return usage(io, '--out needs a folder (e.g. --out probe/)');
    } else if (arg.startsWith('-')) {
      return usage(io, `unknown option ${JSON.stringify(arg)} (the options are listed below)`);
    } else {
      dirs.push(arg);
    }
  }
  if (dirs.length !== 1) return usage(io, `one manifest folder is needed (got ${dirs.length})`);
  const target = out ?? path.join(dirs[0], 'probe');
  try {
    for (const suite of writeProbeSuites(dirs[0], target)) {
      const count = (k: CheckKind) => suite.plan.checks.filter((c) => c.kind === k).length;
      const run = suite.plan.checks.filter((c) => c.run).length;
      io.out(`set ${suite.set}: ${suite.plan.probes.length} probes, ${suite.plan.checks.length} checks (${run} to run; `
        + `${count(CheckKind.ROW)} row, ${count(CheckKind.EXTENSION)} extension, ${count(CheckKind.OPEN)} open, ${count(CheckKind.PAIR)} pair, `
        + `${count(CheckKind.FOREIGN)} foreign, ${count(CheckKind.STRANGER)} stranger, ${count(CheckKind.UNDECLARED)} undeclared, ${count(CheckKind.DNS)} dns) in ${suite.folder}`);
    }
  } catch (e: any) {
    io.err(`cdk8s-genesys-cx probe: ${String(e?.message ?? e).replace(/^(verify|probe|diff): /, '')}`);
    return 3;
  }
  return 0;
}

function usage(io: CliIo, message: string): number {
  io.err(`cdk8s-genesys-cx probe: ${message}`);
  io.err(PROBE_USAGE);
  return 3;
}
