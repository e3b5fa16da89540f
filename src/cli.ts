#!/usr/bin/env node
// The `cdk8s-genesys-cx` command; dispatch in commands.ts, each command's logic in its folder (tested there).
import { run } from './commands';

process.exitCode = run(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
