import { CliIo } from '../verify/cli';

/** Runs `probe`; returns the exit status. */
export function probeMain(_args: string[], io: CliIo): number {
  io.err('cdk8s-genesys-cx probe: not available yet');
  return 3;
}
