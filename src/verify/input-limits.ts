// Bounds on what the gate reads, so that its input cannot stop it: the size of a file, of all the
// files of a run, of one document once its YAML aliases are expanded, the number of aliases in a
// document, and the wall time of a run. Every bound broken is a FAIL line naming the file. Internal.
import * as fs from 'fs';
import { VerifyLine, VerifyStatus } from './report';

/** Name of the check the bounds report under. */
export const INPUT_LIMITS_CHECK = 'input-limits';

/** The bounds of one run (see `VerifyOptions.limits`). */
export interface InputLimitOptions {
  /**
   * Largest size of one manifest file, in bytes.
   * @default 52428800 (50 MiB)
   */
  readonly maxFileBytes?: number;
  /**
   * Largest size of all the manifest files of a run together, in bytes (a directory of many
   * regions, each its own set, may be large: 110 regions with their Helm copies are 68 MB).
   * @default 268435456 (256 MiB)
   */
  readonly maxTotalBytes?: number;
  /**
   * Largest size of one document as data, YAML aliases expanded (strings, keys and scalars
   * counted), in bytes. The API server stores objects in etcd, whose requests are at most 1.5 MiB by
   * default (a ConfigMap holds at most 1 MiB): a bigger document cannot be applied as one object.
   * @default 3145728 (3 MiB)
   */
  readonly maxDocumentBytes?: number;
  /**
   * Most YAML aliases (`*name`) one document may use. The library writes none.
   * @default 100
   */
  readonly maxAliases?: number;
  /**
   * Most objects of one manifest set (a Genesys platform writes about 200 to 300; sets of other
   * clusters and Helm charts are bounded on their own).
   * @default 10000
   */
  readonly maxObjects?: number;
  /**
   * Longest wall time of a run, in seconds: past it, the run stops with a FAIL line.
   * @default 50
   */
  readonly maxSeconds?: number;
}

/** The bounds with their defaults filled in. */
export interface ResolvedLimits {
  /** Bytes one manifest file may hold. */
  readonly maxFileBytes: number;
  /** Bytes all files of one run may hold. */
  readonly maxTotalBytes: number;
  /** Bytes one document may hold with its aliases expanded. */
  readonly maxDocumentBytes: number;
  /** Aliases one document may use. */
  readonly maxAliases: number;
  /** Objects one manifest set may hold. */
  readonly maxObjects: number;
  /** Seconds one run may take. */
  readonly maxSeconds: number;
}

const MIB = 1024 * 1024;

/** The default bounds. */
export const DEFAULT_LIMITS: ResolvedLimits = {
  maxFileBytes: 50 * MIB,
  maxTotalBytes: 256 * MIB,
  maxDocumentBytes: 3 * MIB,
  maxAliases: 100,
  maxObjects: 10000,
  maxSeconds: 50,
};

/** The bounds of the options, checked. */
export function resolveLimits(options: InputLimitOptions | undefined): ResolvedLimits {
  const out: { [key: string]: number } = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_LIMITS)) throw new Error(`verify: limits.${key} is not a bound (bounds: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    if (typeof value !== 'number' || !(value > 0)) {
      throw new Error(`verify: limits.${key} is ${JSON.stringify(value)}; give a positive number (default ${(DEFAULT_LIMITS as any)[key]})`);
    }
    out[key] = value;
  }
  return out as unknown as ResolvedLimits;
}

/** A bound an input broke: the run stops reading it and reports a FAIL. */
export class InputLimitError extends Error {
  public constructor(public readonly reason: string) {
    super(`verify: ${reason}`);
  }
}

/** The run in progress: its bounds and when it started (the verifier runs one at a time, synchronously). */
let current: { limits: ResolvedLimits; started: number; bytes: number; counted: Set<string> } | undefined;

/**
 * Runs `fn` within the bounds: a run started inside another keeps the outer one's clock. Returns
 * what `fn` returns.
 */
export function withinLimits<T>(options: InputLimitOptions | undefined, fn: () => T): T {
  if (current) return fn();
  current = { limits: resolveLimits(options), started: Date.now(), bytes: 0, counted: new Set() };
  try {
    return fn();
  } finally {
    current = undefined;
  }
}

/** The bounds of the run in progress (the defaults outside a run). */
export function currentLimits(): ResolvedLimits {
  return current?.limits ?? DEFAULT_LIMITS;
}

/** Throws when the run has taken longer than its bound; `doing` says what it was doing. */
export function checkTime(doing: string): void {
  if (!current) return;
  const seconds = (Date.now() - current.started) / 1000;
  if (seconds > current.limits.maxSeconds) {
    throw new InputLimitError(`the run took more than ${current.limits.maxSeconds} s (stopped while ${doing}): the input is too big or too complex to judge in time; split it into smaller manifest sets, or raise limits.maxSeconds`);
  }
}

/** Size of a file without reading it; throws the usual message when it is too big, alone or with the files read before. */
export function checkFileSize(file: string): void {
  const limits = currentLimits();
  const size = fs.statSync(file).size;
  if (size > limits.maxFileBytes) {
    throw new InputLimitError(`${file} is ${size} bytes, more than the ${limits.maxFileBytes} bytes a manifest file may hold: split it, or raise limits.maxFileBytes`);
  }
  if (current && !current.counted.has(file)) {
    current.counted.add(file); // a file read twice (a chart compared with its set) counts once
    current.bytes += size;
    if (current.bytes > limits.maxTotalBytes) {
      throw new InputLimitError(`the manifest files read up to ${file} hold ${current.bytes} bytes, more than the ${limits.maxTotalBytes} bytes of one run: verify the folders one at a time, or raise limits.maxTotalBytes`);
    }
  }
}

/** Throws when a set grows past its object bound while it is read (`where` names the file being read). */
export function checkObjectCount(count: number, where: string): void {
  const limits = currentLimits();
  if (count > limits.maxObjects) {
    throw new InputLimitError(`the manifest set holds more than ${limits.maxObjects} objects (reading ${where}): split it into sets (a folder with its own peers.json each), or raise limits.maxObjects`);
  }
  if (count % 1000 === 0) checkTime(`reading ${where}`);
}

/** Bytes of all the files given, without reading them. */
export function totalSize(files: string[]): number {
  return files.reduce((n, f) => n + fs.statSync(f).size, 0);
}

/** The size of a document as data and the number of alias uses, measured without expanding it. */
export interface DocumentMeasure {
  /** Bytes of the document as data, every alias expanded. */
  readonly bytes: number;
  /** Times a node already met is met again (a YAML alias). */
  readonly aliases: number;
}

/**
 * Measures a parsed document. The YAML parser gives an alias the node of its anchor (one object
 * shared), so the size of a shared node is counted once and multiplied by its uses: the expanded
 * size of a billion-laughs document is computed in the time of its text.
 */
export function measureDocument(value: unknown): DocumentMeasure {
  const sizes = new Map<object, number>();
  const busy = new Set<object>();
  let aliases = 0;
  const size = (v: unknown): number => {
    if (v === null || v === undefined) return 4;
    if (typeof v === 'string') return v.length + 2;
    if (typeof v !== 'object') return String(v).length;
    const known = sizes.get(v as object);
    if (known !== undefined) {
      aliases++;
      return known;
    }
    if (busy.has(v as object)) {
      aliases++;
      return Number.POSITIVE_INFINITY; // a node holding itself expands without end
    }
    busy.add(v as object);
    let total = 2;
    if (Array.isArray(v)) {
      for (const item of v) total += size(item) + 1;
    } else {
      for (const [k, item] of Object.entries(v as object)) total += k.length + 3 + size(item);
    }
    busy.delete(v as object);
    sizes.set(v as object, total);
    return total;
  };
  const bytes = size(value);
  return { bytes, aliases };
}

/**
 * The problem of one parsed document against the bounds, or undefined: too many aliases, or too
 * big once expanded. `where` names the file and document.
 */
export function documentProblem(value: unknown, where: string): string | undefined {
  const limits = currentLimits();
  const { bytes, aliases } = measureDocument(value);
  if (aliases > limits.maxAliases) {
    return `${where} uses ${aliases} YAML aliases, more than the ${limits.maxAliases} a document may use (the library writes none; an alias bomb expands a small file into gigabytes): write the values out, or raise limits.maxAliases`;
  }
  if (bytes > limits.maxDocumentBytes) {
    const size = Number.isFinite(bytes) ? `${bytes} bytes` : 'an endless size (a node that holds itself)';
    return `${where} is ${size} as data${aliases > 0 ? ` once its ${aliases} YAML aliases are expanded` : ''}, more than the ${limits.maxDocumentBytes} bytes of one object (etcd stores at most 1.5 MiB per object by default): split it, or raise limits.maxDocumentBytes`;
  }
  return undefined;
}

/** A FAIL line of the bounds. */
export function limitLine(reason: string, set: string | undefined): VerifyLine {
  return { status: VerifyStatus.FAIL, check: INPUT_LIMITS_CHECK, reason, set, text: `FAIL ${INPUT_LIMITS_CHECK}: ${reason}` };
}

/** Problems of the documents of each set, kept beside the set (internal). */
const setProblems = new WeakMap<object, string[]>();

/** Records the input problems of a manifest set. */
export function recordProblems(set: object, problems: string[]): void {
  if (problems.length > 0) setProblems.set(set, [...problems]);
}

/** The input problems recorded for a manifest set. */
export function problemsOf(set: object): string[] {
  return setProblems.get(set) ?? [];
}
