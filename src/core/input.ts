import { IConstruct } from 'constructs';

/**
 * Reading what a user wrote: every value is checked once, at the path the user wrote it under, and a
 * bad value is reported once, with the value and the fix. What a reader returns is either a checked
 * value or `undefined` (absent, or bad and reported): the code after it never sees a bad value, so it
 * never reports one again.
 *
 * Apps run with tsx or from another jsii language have no type check, so the readers check types too
 * (a string where a list belongs, NaN where a port belongs) and refuse props no interface declares,
 * naming the nearest known one.
 */

/** Longest value shown in a message; longer ones are cut. */
const SHOWN = 80;

/** Formats a value for a message (cut after 80 characters). */
export function show(value: unknown): string {
  let shown: string;
  if (value === undefined) {
    shown = 'undefined';
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    shown = String(value);
  } else if (typeof value === 'string') {
    shown = JSON.stringify(value);
  } else if (typeof value === 'function') {
    shown = 'a function';
  } else {
    try {
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      shown = String(value);
    }
  }
  return shown.length > SHOWN ? `${shown.slice(0, SHOWN - 1)}…(${shown.length} characters)` : shown;
}

/** The problems found in one construct's props, reported when the app is validated; one per path. */
export class Problems {
  /** The problems of `scope`, created on first use (each construct reports its own). */
  public static of(scope: IConstruct): Problems {
    let problems = ALL.get(scope);
    if (!problems) {
      problems = new Problems(scope);
      ALL.set(scope, problems);
    }
    return problems;
  }

  private readonly messages: string[] = [];
  private readonly paths = new Set<string>();
  private readonly deferred: Array<(scope: IConstruct) => void> = [];

  private constructor(private readonly scope: IConstruct) {
    scope.node.addValidation({
      validate: () => {
        for (const check of this.deferred.splice(0)) check(this.scope);
        return [...this.messages];
      },
    });
  }

  /** A check that needs the whole app (e.g. the cluster's networks, declared in any order), run when it is validated. */
  public later(check: (scope: IConstruct) => void): void {
    this.deferred.push(check);
  }

  /**
   * Records a problem; a second one for a path already reported is dropped, so one bad value gives
   * one message. Returns false when dropped.
   */
  public add(path: string | undefined, message: string): boolean {
    if (path !== undefined) {
      if (this.paths.has(path)) return false;
      this.paths.add(path);
    }
    if (this.messages.includes(message)) return false;
    this.messages.push(message);
    return true;
  }

  /** True when the path, or a path it lies under, was reported. */
  public reported(path: string): boolean {
    for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) if (this.paths.has(p)) return true;
    return false;
  }

  /** True when the path, a path it lies under, or a path inside it was reported. */
  public reportedAround(path: string): boolean {
    if (this.reported(path)) return true;
    for (const p of this.paths) if (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) return true;
    return false;
  }

  /** Number of problems recorded. */
  public get count(): number {
    return this.messages.length;
  }
}

const ALL = new WeakMap<IConstruct, Problems>();

function parentPath(path: string): string | undefined {
  const m = /^(.*)(\.[^.[\]]+|\[[^\]]*\])$/.exec(path);
  return m ? m[1] : undefined;
}

/**
 * Where a value is in the user's props: its path (`gws.pods.imagePullSecrets[0]`), the problems of the
 * construct that reports it, and a label for a construct used on its own (`gws: `). Inside a platform,
 * a service's fields that the platform sets from its own props are reported under the platform's
 * path (`peers.tenantService`, not `gws.tenantService`): those are the aliases.
 */
export class Input {
  /** The root of a construct's props; problems are reported on `scope`, each message starting with `label`. */
  public static root(scope: IConstruct, label = ''): Input {
    return new Input(Problems.of(scope), label === '' ? '' : `${label}: `, '', new Map());
  }

  private constructor(
    /** Where the problems go. */
    public readonly problems: Problems,
    private readonly label: string,
    /** The path of the value, e.g. `gws.pods.imagePullSecrets[0]`; empty at the root. */
    public readonly path: string,
    private readonly aliases: ReadonlyMap<string, string>,
  ) {}

  /** The input of a field. */
  public at(field: string): Input {
    const alias = this.aliases.get(field);
    return new Input(this.problems, this.label, alias ?? (this.path === '' ? field : `${this.path}.${field}`), subAliases(this.aliases, field));
  }

  /** The input of a list item. */
  public item(index: number): Input {
    return new Input(this.problems, this.label, `${this.path}[${index}]`, new Map());
  }

  /** The input of a map entry. */
  public entry(key: string): Input {
    return new Input(this.problems, this.label, `${this.path}[${key}]`, new Map());
  }

  /**
   * The same place with fields reported elsewhere: `{ tenantService: 'peers.tenantService' }` makes
   * `at('tenantService')` report under `peers.tenantService`. Keys may be dotted (`ingress.external`).
   */
  public withAliases(aliases: { [field: string]: string }): Input {
    return new Input(this.problems, this.label, this.path, new Map([...this.aliases, ...Object.entries(aliases)]));
  }

  /** The same place under another path prefix (a service inside a platform: `gws`). */
  public under(prefix: string): Input {
    return new Input(this.problems, this.label, prefix, this.aliases);
  }

  /** Reports a problem of the value here: `<path> <message>`, e.g. `42 is not a DNS name (...)`. */
  public fail(message: string): void {
    this.problems.add(this.path === '' ? undefined : this.path, `${this.label}${this.path === '' ? '' : `${this.path} `}${message}`);
  }

  /** Reports a further problem here: one of several about how this value relates to others (not one per path). */
  public failAlso(message: string): void {
    this.problems.add(undefined, `${this.label}${this.path === '' ? '' : `${this.path} `}${message}`);
  }

  /** Reports a problem of a map's key here (the message names the key); the entry counts as reported. */
  public failKey(key: string, message: string): void {
    this.problems.add(this.entry(key).path, `${this.label}${this.path === '' ? '' : `${this.path} `}${message}`);
  }

  /** Reports a problem that is not about one value (its text names what it is about). */
  public report(message: string): void {
    this.problems.add(undefined, `${this.label}${message}`);
  }

  /** True when this value, or one it lies in, was reported. */
  public get failed(): boolean {
    return this.path !== '' && this.problems.reported(this.path);
  }

  /** True when this value, one it lies in, or one inside it was reported. */
  public get failedAround(): boolean {
    return this.path !== '' && this.problems.reportedAround(this.path);
  }

  /** Reads a value with a spec. */
  public read<T>(reader: Spec<T>, value: unknown): T | undefined {
    return reader(this, value);
  }
}

function subAliases(aliases: ReadonlyMap<string, string>, field: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of aliases) if (k.startsWith(`${field}.`)) out.set(k.slice(field.length + 1), v);
  return out;
}

/** What a spec reads, so tests can walk a props tree and try a bad value at every place. */
export enum SpecKind {
  /** A string. */
  TEXT = 'text',
  /** A whole number. */
  NUMBER = 'number',
  /** true or false. */
  FLAG = 'flag',
  /** A list. */
  LIST = 'list',
  /** A map of text keys. */
  MAP = 'map',
  /** An object with known fields. */
  SHAPE = 'shape',
  /** An instance of a class, or any value. */
  OBJECT = 'object',
  /** A member of an enum. */
  ENUM = 'enum',
}

/**
 * Reads one value at an input: returns it (checked, maybe normalised) or undefined when it is
 * absent or bad (then reported at the input's path).
 */
export interface Spec<T> {
  (input: Input, value: unknown): T | undefined;
  /** What it reads. */
  readonly kind: SpecKind;
  /** The fields of a shape. @default - none */
  readonly fields?: { readonly [name: string]: Spec<unknown> };
  /** The items of a list, the values of a map. @default - none */
  readonly item?: Spec<unknown>;
}

function spec<T>(kind: SpecKind, read: (input: Input, value: unknown) => T | undefined,
  more: { fields?: { [name: string]: Spec<unknown> }; item?: Spec<unknown> } = {}): Spec<T> {
  return Object.assign(read, { kind, ...more });
}

/** The name of a value's type in a message (`a string`, `a list`, `null`...). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/**
 * Text, with an optional check that returns what is wrong with it (`is not a DNS name (...)`), or
 * undefined when it is right.
 */
export function text(check?: (value: string) => string | undefined, example = '"text"'): Spec<string> {
  return spec(SpecKind.TEXT, (input, value) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      input.fail(`${show(value)} is ${typeName(value)}, not text (give a string, e.g. ${example})`);
      return undefined;
    }
    const problem = check?.(value);
    if (problem !== undefined) {
      input.fail(`${show(value)} ${problem}`);
      return undefined;
    }
    return value;
  });
}

/** What is wrong with a number that should be a whole number from min to max; undefined when nothing. */
export function wholeNumberProblem(value: unknown, min: number, max: number, range?: string): string | undefined {
  const want = range ?? `a whole number from ${min} to ${max}`;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return `is a string, not a number (write ${value.trim()} without quotes: ${want})`;
  }
  if (typeof value !== 'number') return `is ${typeName(value)}, not a number (${want})`;
  if (Number.isNaN(value)) return `is not a number (NaN: ${want})`;
  if (!Number.isFinite(value)) return `is infinite (${want})`;
  if (!Number.isInteger(value)) return `is not a whole number (${want})`;
  if (value < 0 && min >= 0) return `is negative (${want})`;
  if (value < min || value > max) return `is out of range (${want})`;
  return undefined;
}

/** A whole number from min to max; `range` words the expected range in the message. */
export function whole(min: number, max: number, range?: string): Spec<number> {
  return spec(SpecKind.NUMBER, (input, value) => {
    if (value === undefined) return undefined;
    const problem = wholeNumberProblem(value, min, max, range);
    if (problem !== undefined) {
      input.fail(`${show(value)} ${problem}`);
      return undefined;
    }
    return value as number;
  });
}

/** true or false. */
export const flag: Spec<boolean> = spec(SpecKind.FLAG, (input, value) => {
  if (value === undefined || typeof value === 'boolean') return value;
  input.fail(`${show(value)} is ${typeName(value)}, not true or false`);
  return undefined;
});

/** Items of a list that must differ: by which key, and why (for the message). */
export interface Unique<T> {
  /** The key items must not share. */
  readonly key: (item: T) => string;
  /** The item's field that holds the key (`id`), where the repetition is reported. @default - the item */
  readonly field?: string;
  /** Why the key must be unique, with the fix. */
  readonly why: string;
}

/** A list; bad items are reported (each at its index) and left out, and so are repeated ones when `unique` says what repeats. */
export function list<T>(item: Spec<T>, example = '[...]', unique?: Unique<T>): Spec<T[]> {
  return spec(SpecKind.LIST, (input, value) => {
    if (value === undefined) return undefined;
    if (typeof value === 'string') {
      input.fail(`${show(value)} is a string where a list belongs (write [${show(value)}])`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      input.fail(`${show(value)} is ${typeName(value)}, not a list (give a list, e.g. ${example})`);
      return undefined;
    }
    const out: T[] = [];
    const seen = new Map<string, number>();
    value.forEach((v, i) => {
      const read = item(input.item(i), v);
      if (read === undefined) return;
      if (unique) {
        const k = unique.key(read);
        const first = seen.get(k);
        if (first !== undefined) {
          const at = unique.field !== undefined ? input.item(i).at(unique.field) : input.item(i);
          at.fail(`${show(k)} is used twice (also ${input.item(first).path}; ${unique.why})`);
          return;
        }
        seen.set(k, i);
      }
      out.push(read);
    });
    return out;
  }, { item });
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A map of text keys; `key` returns what is wrong with a key (reported as `<path> key "k" ...`), bad
 * entries are left out.
 */
export function map<T>(item: Spec<T>, key?: (key: string) => string | undefined, example = '{ "key": "value" }'): Spec<{ [key: string]: T }> {
  return spec(SpecKind.MAP, (input, value) => {
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) {
      input.fail(`${show(value)} is ${typeName(value)}, not a map (give ${example})`);
      return undefined;
    }
    const out: { [key: string]: T } = {};
    for (const [k, v] of Object.entries(value)) {
      const problem = key?.(k);
      if (problem !== undefined) {
        input.failKey(k, `key ${show(k)} ${problem}`);
        continue;
      }
      const read = item(input.entry(k), v);
      if (read !== undefined) out[k] = read;
    }
    return out;
  }, { item });
}

/** The spec of every field of an interface: a field the interface gains must be given a spec here too. */
export type Fields<T> = { readonly [K in keyof Required<T>]-?: Spec<NonNullable<T[K]>> };

/**
 * An object with known fields. Unknown fields are refused, naming the nearest known one (`pods.imagePullSecret
 * is not a prop of pods (did you mean imagePullSecrets?)`); bad fields are left out of what it returns.
 */
export function shape<T>(what: string, fields: Fields<T>, example = '{ ... }'): Spec<T> {
  const known = Object.keys(fields);
  return spec(SpecKind.SHAPE, (input, value) => {
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) {
      input.fail(`${show(value)} is ${typeName(value)}, not ${what} (give an object, e.g. ${example})`);
      return undefined;
    }
    const out: { [key: string]: unknown } = {};
    for (const [k, v] of Object.entries(value)) {
      const field = (fields as { [key: string]: Spec<unknown> })[k];
      if (field === undefined || !Object.prototype.hasOwnProperty.call(fields, k)) {
        if (v === undefined) continue;
        const near = nearest(k, known);
        input.at(k).fail(`is not a prop of ${what} (${near !== undefined ? `did you mean ${near}?` : `its props are ${known.join(', ')}`})`);
        continue;
      }
      const read = field(input.at(k), v);
      if (read !== undefined) out[k] = read;
    }
    return out as T;
  }, { fields: fields as { [name: string]: Spec<unknown> } });
}

/** An instance of a class (a `Peer`...). */
export function instance<T>(type: { readonly prototype: T }, what: string, example: string): Spec<T> {
  return spec(SpecKind.OBJECT, (input, value) => {
    if (value === undefined) return undefined;
    if (value instanceof (type as unknown as new () => T)) return value as T;
    input.fail(`${show(value)} is not ${what} (give ${example})`);
    return undefined;
  });
}

/** A member of an enum. */
export function oneOf<T>(values: { [key: string]: T }, what: string, example: string): Spec<T> {
  const allowed = Object.values(values);
  return spec(SpecKind.ENUM, (input, value) => {
    if (value === undefined) return undefined;
    if (allowed.includes(value as T)) return value as T;
    input.fail(`${show(value)} is not ${what} (use ${example})`);
    return undefined;
  });
}

/** Any value (checked by the code that takes it). */
export const anything: Spec<any> = spec(SpecKind.OBJECT, (_input, value) => value);

/** The value, or a report that it is missing (`<path> is missing (<fix>)`) when absent, null or blank. */
export function required<T>(input: Input, spec_: Spec<T>, value: unknown, fix: string): T | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    input.fail(`is missing (${fix})`);
    return undefined;
  }
  return spec_(input, value);
}

/** The props a construct received, or a report that they are missing (not an object). */
export function propsObject<T>(input: Input, value: unknown, what: string, example: string): T | undefined {
  if (isPlainObject(value)) return value as T;
  input.report(`props ${show(value)} are missing (give ${what} as an object, e.g. ${example})`);
  return undefined;
}

/** The known name nearest to a misspelt one (edit distance up to a third of its length), if any. */
export function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    const d = k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

