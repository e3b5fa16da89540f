// `cdk8s-genesys-cx diff BASE HEAD [--format text|markdown|json] [--out FILE]`.
import * as fs from 'fs';
import { diffDirectories, DiffResult } from './diff';
import { renderJson, renderMarkdown, renderText } from './render';
import { CliIo } from '../verify/cli';

export const DIFF_USAGE = [
  'usage: cdk8s-genesys-cx diff <base-dir> <head-dir> [--format text|markdown|json] [--out <file>]',
  '',
  'Compares two synthesized folders (e.g. the committed output of the base branch and of a pull',
  'request) as connections: per catalog row and extension opened, closed, port or peers changed;',
  'allowed flows added or removed (undocumented ones named so); address ranges of ipBlocks per',
  'workload and port; entry points; stores switched between development and external; objects',
  'added, removed or changed per kind (paths only, never values); images, security contexts,',
  'service accounts and host namespaces with their values. Sets are matched by folder name; a',
  'Helm chart copying its set is compared once; a probe suite folder is left out.',
  '',
  'options:',
  '  --format text|markdown|json   output format (default text; markdown fits a pull-request comment)',
  '  --out <file>                  write the output to a file instead of standard output',
  '',
  'exit status: 0 no change, 1 change, 2 new opening or widened reach (a flow, an address range,',
  'an entry point, a host namespace), 3 bad arguments or unreadable input',
].join('\n');

class UsageError extends Error {}

interface DiffArgs {
  readonly base: string;
  readonly head: string;
  readonly format: string;
  readonly out?: string;
}

function parse(args: string[]): DiffArgs {
  const dirs: string[] = [];
  let format = 'text';
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (example: string): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value (e.g. ${example})`);
      return v;
    };
    if (arg === '--format') {
      format = value('--format markdown');
      if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format ${JSON.stringify(format)} is not text, markdown or json`);
    } else if (arg === '--out') {
      out = value('--out diff.md');
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)} (the options are listed below)`);
    } else {
      dirs.push(arg);
    }
  }
  if (dirs.length !== 2) throw new UsageError(`two folders are needed, base then head (got ${dirs.length}: ${dirs.map((d) => JSON.stringify(d)).join(' ') || 'none'})`);
  return { base: dirs[0], head: dirs[1], format, out };
}

/** Runs `diff`; returns the exit status. */
export function diffMain(args: string[], io: CliIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(DIFF_USAGE);
    return 0;
  }
  let parsed: DiffArgs;
  try {
    parsed = parse(args);
  } catch (e: any) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`cdk8s-genesys-cx diff: ${e.message}`);
    io.err(DIFF_USAGE);
    return 3;
  }
  let result: DiffResult;
  try {
    result = diffDirectories(parsed.base, parsed.head);
  } catch (e: any) {
    io.err(`cdk8s-genesys-cx diff: ${String(e?.message ?? e).replace(/^(verify|diff): /, '')}`);
    return 3;
  }
  const text = parsed.format === 'json' ? renderJson(result) : parsed.format === 'markdown' ? renderMarkdown(result) : renderText(result);
  if (parsed.out) {
    try {
      fs.writeFileSync(parsed.out, `${text}\n`);
    } catch (e: any) {
      io.err(`cdk8s-genesys-cx diff: cannot write ${parsed.out} (${e.message}); give a writable file with --out`);
      return 3;
    }
  } else {
    io.out(text);
  }
  return result.level;
}
