// Running one measured process and the statistics over several runs.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChildResult, parseResult } from './protocol';

/** One run of a process, as the parent saw it. */
export interface Run {
  /** From spawn to exit, as seen by the parent: node's start, loading, the work, exit. */
  readonly wallMs: number;
  /** What a node child reported about itself (absent for helm). */
  readonly child?: ChildResult;
  /** Peak RSS in KiB: the child's own report, or GNU time's for helm (absent without it). */
  readonly maxRssKiB?: number;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);

/** Runs a node script in a fresh node process and reads its result line. */
export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    throw new Error(`node ${path.basename(script)} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-4000)}`);
  }
  const child = parseResult(r.stdout);
  return { wallMs, child, maxRssKiB: child.maxRssKiB };
}

/**
 * Runs a program (helm) with stdout to a file; under GNU time when the machine has it, which adds
 * one exec to the wall time and gives the peak RSS.
 */
export function runProgram(program: string, args: string[], stdoutFile: string, env: NodeJS.ProcessEnv): Run {
  const rssFile = `${stdoutFile}.rss`;
  const [cmd, cmdArgs] = hasGnuTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, program, ...args]] : [program, args];
  const out = fs.openSync(stdoutFile, 'w');
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', out, 'pipe'], env, encoding: 'utf8' });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${path.basename(program)} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-4000)}`);
    const rss = hasGnuTime ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
    return { wallMs, maxRssKiB: Number.isFinite(rss) ? rss : undefined };
  } finally {
    fs.closeSync(out);
  }
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The machine, for the report. */
export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly date: string;
  readonly loadBefore: number[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadBefore: os.loadavg(),
  };
}
