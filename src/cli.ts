#!/usr/bin/env node
// The `cdk8s-genesys-cx` command; the logic lives in verify/cli.ts (tested there).
import { main } from './verify/cli';

process.exitCode = main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
