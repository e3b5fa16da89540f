// The `cdk8s-genesys-cx` command line: `verify` (src/verify/cli.ts), `diff` (src/review) and
// `probe` (src/probe). Dispatch lives here so that the verifier never imports the layers built on it.
import { probeMain } from './probe/cli';
import { diffMain } from './review/cli';
import { CliIo, main as verifyMain } from './verify/cli';

/** Runs the command line; returns the exit status. */
export function run(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === 'diff') return diffMain(rest, io);
  if (command === 'probe') return probeMain(rest, io);
  return verifyMain(argv, io);
}
