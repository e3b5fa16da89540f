// What a measuring child process reports to the runner: one line on stdout, marked so that
// anything else the child prints is ignored. Kept free of imports so that loading it costs nothing.

/** The marker in front of the child's result line. */
export const RESULT_MARKER = '@@bench-result ';

/** Timings of one child process, in milliseconds from the process' time origin. */
export interface ChildResult {
  /** Node bootstrap and module loading: `performance.now()` once the child's imports are done. */
  readonly loadMs: number;
  /** Preparing the input that is not synth: reading the JSON (floor only); 0 otherwise. */
  readonly prepareMs: number;
  /** Building the construct tree (the app, its charts and constructs, or the plain ApiObjects). */
  readonly constructMs: number;
  /** `app.synth()`: validation, resolution, YAML written to the temp folder. */
  readonly synthMs: number;
  /** Review outputs (PlatformSynth after app.synth), review mode only. */
  readonly reviewMs?: number;
  /** Peak resident set size of the child, in KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
  /** Objects emitted, when the child counted them (dump and review modes). */
  readonly objects?: number;
  /** Floor with --verify: whether the objects it emitted equal its input as data. */
  readonly identical?: boolean;
}

/** Prints the result line. */
export function report(result: ChildResult): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** Reads the result line out of a child's stdout. */
export function parseResult(stdout: string): ChildResult {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new Error(`the child printed no result line; its output was:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult;
}
