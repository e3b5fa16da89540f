// A YAML writer for plain JSON data that writes, byte for byte, what cdk8s's `Yaml.stringify`
// writes: the `yaml` package (v2) with `{ keepUndefined: true, lineWidth: 0, version: '1.1' }`, one
// document per object, joined by `---\n`. It is several times faster, because it writes the text
// directly instead of building a `yaml` Document for every object.
//
// What it reproduces (checked by test/platform/yaml.test.ts against cdk8s itself, on every example
// and on generated values):
// - block style, two spaces per level, sequences indented under their key (`key:\n  - a`), keys in
//   the order of `Object.keys`, `{}` and `[]` for empty collections;
// - numbers as JSON writes them (`-0`, `.inf`, `-.inf`, `.nan` aside), `true`, `false`, `null`;
// - strings plain when YAML 1.1 reads them back as the same string, else quoted: single quotes
//   when the string has a `"` and no `'`, double quotes otherwise, with YAML's escapes; strings with
//   line breaks as literal blocks (`|`, `|-`, `|+`, with an indentation indicator when the first
//   line starts with a space), or double-quoted when a block cannot hold them; no line folding
//   (`lineWidth: 0`), except that long double-quoted strings keep their line breaks as `yaml` does.
//
// Anything else in a document (undefined, a bigint, a Date or other class instance, an object
// with `toJSON`, the same object twice, which `yaml` writes as an anchor and alias, a key longer
// than 1024 characters, which `yaml` writes as an explicit `? key`, a top-level scalar) sends that
// document to cdk8s's own `Yaml.stringify`: correctness first.
import { Yaml } from 'cdk8s';

/** Thrown (never escapes this module) when a document holds what only `yaml` writes. */
const UNSUPPORTED: unique symbol = Symbol('unsupported');

/** Two spaces: `yaml`'s indentation step. */
const STEP = '  ';

/**
 * Plain scalars that need no further test: they start with a letter, `_` or `/` and hold only word
 * characters, `.`, `/` and `-` (no indicator, no `: `, no ` #`), unless they are a YAML 1.1 keyword
 * or an exponent without digits before it (`e3` is a float).
 */
const SIMPLE = /^(?![eE][-+]?[0-9]+$)[A-Za-z_/][\w./-]*$/;

/** The words YAML 1.1 reads as booleans or null. */
const KEYWORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  'null', 'Null', 'NULL', '~',
]);

/** Characters `yaml` writes only double-quoted: C0 (but tab and line feed), DEL, C1, lone surrogates. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u{d800}-\u{dfff}]/u;

/**
 * What keeps a scalar from being plain in block context: an indicator first (or `-`/`?` alone or
 * before a blank), `: ` or a line break before a blank, a blank before a line break, ` #`, a blank
 * or `:` last.
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** A line that starts a document or a directive (`---`, `...`, `%`). */
const DOC_MARKER = /^(?:%|---|\.\.\.)/m;

/**
 * Plain scalars YAML 1.1 (as the `yaml` package resolves it) reads as something other than a string:
 * null, booleans, integers (binary, octal, decimal, hexadecimal, sexagesimal), floats (with a dot or
 * an exponent, sexagesimal, infinities and NaN) and timestamps.
 */
const NOT_A_STRING = new RegExp([
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Yy]|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|[Nn]|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
  '^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$',
  '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$',
  '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$',
  '^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\\.[0-9]+)?(?:[ \\t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$',
].join('|'));

/** A blank after the last line break: a literal block cannot end so. */
const BLANK_LAST_LINE = /\n[\t ]+$/;

/** A blank beside a line break: a single-quoted string cannot hold it. */
const BLANK_AT_BREAK = /[ \t]\n|\n[ \t]/;

/** Double-quoted strings this long (as JSON) or longer keep their line breaks as real ones. */
const MULTI_LINE_MIN = 40;

/** YAML's short escapes for the JSON `\u00XX` escapes that have one. */
const SHORT_ESCAPES: { [code: string]: string } = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

/** A string as a value (`key` false) or as a key of a block mapping; `indent` is its node's indent. */
function scalarString(s: string, indent: string, key: boolean): string {
  if (SIMPLE.test(s) && !KEYWORDS.has(s)) return s;
  if (CONTROL.test(s)) return doubleQuoted(s, indent, key);
  const breaks = s.includes('\n');
  if (key && breaks) return quoted(s, indent, key);
  if (NOT_PLAIN.test(s)) return key || !breaks ? quoted(s, indent, key) : literalBlock(s, indent);
  if (breaks) return literalBlock(s, indent);
  // a key of the top-level mapping that starts like a document marker
  if (key && indent === STEP && DOC_MARKER.test(s)) return quoted(s, indent, key);
  if (NOT_A_STRING.test(s)) return quoted(s, indent, key);
  return s;
}

/** Single quotes when the string holds `"` and no `'`, else double quotes. */
function quoted(s: string, indent: string, key: boolean): string {
  if (s.includes('"') && !s.includes("'")) return singleQuoted(s, indent, key);
  return doubleQuoted(s, indent, key);
}

function singleQuoted(s: string, indent: string, key: boolean): string {
  if ((key && s.includes('\n')) || BLANK_AT_BREAK.test(s)) return doubleQuoted(s, indent, key);
  return `'${s.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

/**
 * JSON's string, with YAML's escapes for the control characters JSON writes as `\u00XX`, the blank
 * before a line break escaped, and, for values of at least 40 characters, line breaks written as
 * real ones (a break in a double-quoted scalar reads as a space, so one break is written twice;
 * a blank that starts the next line is escaped). The last break of the string stays `\n`.
 */
function doubleQuoted(s: string, indent: string, key: boolean): string {
  const json = JSON.stringify(s);
  const last = json.length - 1; // the closing quote
  const breakLines = !key && json.length >= MULTI_LINE_MIN;
  let out = '"';
  let from = 1; // json[from, i) is copied as it is
  let i = 1;
  while (i < last) {
    const c = json[i];
    if (c === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      out += json.slice(from, i) + '\\ ';
      i += 1;
      from = i;
      continue;
    }
    if (c !== '\\') {
      i += 1;
      continue;
    }
    const e = json[i + 1];
    if (e === 'u') {
      const code = json.slice(i + 2, i + 6);
      out += json.slice(from, i) + (SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : json.slice(i, i + 6)));
      i += 6;
      from = i;
    } else if (e === 'n' && breakLines && i + 2 !== last) {
      out += json.slice(from, i) + '\n\n';
      i += 2;
      while (json[i] === '\\' && json[i + 1] === 'n' && i + 2 !== last) {
        out += '\n';
        i += 2;
      }
      out += indent;
      if (json[i] === ' ') out += '\\';
      from = i;
    } else {
      i += 2;
    }
  }
  return out + json.slice(from);
}

/** A literal block scalar (`|`), its chomping from the string's end, its indentation indicator from its start. */
function literalBlock(s: string, indent: string): string {
  if (BLANK_LAST_LINE.test(s)) return quoted(s, indent, false);
  let endAt = s.length;
  while (endAt > 0) {
    const ch = s[endAt - 1];
    if (ch !== '\n' && ch !== ' ' && ch !== '\t') break;
    endAt -= 1;
  }
  let end = s.slice(endAt);
  let body = s.slice(0, endAt);
  const firstBreak = end.indexOf('\n');
  // strip without a final line break, keep with several (or nothing else), clip with one
  const chomp = firstBreak === -1 ? '-' : endAt === 0 || firstBreak !== end.length - 1 ? '+' : '';
  if (end.endsWith('\n')) end = end.slice(0, -1);
  // empty lines at the end, but the last, get the indent
  end = end.replace(/\n+/g, (run, at: number) => (at + run.length === end.length ? run : run + indent));
  // leading empty lines stay out of the indentation indicator's reach
  let startsWithBlank = false;
  let lastLeadingBreak = -1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === ' ') startsWithBlank = true;
    else if (ch === '\n') lastLeadingBreak = i;
    else break;
  }
  let start = body.slice(0, lastLeadingBreak + 1);
  if (start) {
    body = body.slice(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startsWithBlank ? (indent ? '2' : '1') : '') + chomp;
  return `|${header}\n${indent}${start}${body.replace(/\n+/g, `$&${indent}`)}${end}`;
}

function numberText(n: number): string {
  if (Number.isFinite(n)) return Object.is(n, -0) ? '-0' : String(n);
  return Number.isNaN(n) ? '.nan' : n < 0 ? '-.inf' : '.inf';
}

/** Objects and arrays met in the document being written: `yaml` writes a second meeting as an alias. */
let seen = new Set<object>();

/** The text of the document being written, in pieces (one join is cheaper than nested concatenations). */
let out = '';

/** Keys below the top level as written (a key's text does not depend on its depth there). */
const KEYS = new Map<string, string>();

/** A plain object or array, not met before in this document; throws UNSUPPORTED for anything else. */
function collection(v: object): v is unknown[] {
  if (seen.has(v)) throw UNSUPPORTED;
  seen.add(v);
  const proto = Object.getPrototypeOf(v);
  if (proto === Array.prototype) return true;
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw UNSUPPORTED;
  return false;
}

/** A scalar in block context at `indent`; undefined for a collection. */
function scalar(v: unknown, indent: string): string | undefined {
  switch (typeof v) {
    case 'string': return scalarString(v, indent, false);
    case 'number': return numberText(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'object': return v === null ? 'null' : undefined;
    default: throw UNSUPPORTED;
  }
}

/** A key of a block mapping whose keys are at `inner`. */
function keyText(k: string, inner: string): string {
  if (inner === STEP) return scalarString(k, inner, true);
  let text = KEYS.get(k);
  if (text === undefined) {
    text = scalarString(k, inner, true);
    if (KEYS.size < 10_000) KEYS.set(k, text);
  }
  return text;
}

/**
 * The value `v` after its `key:` (or, for a sequence `item`, after its `-`), its content at `inner`:
 * a scalar on the same line, an empty collection as `{}` or `[]`, a mapping or sequence on the next
 * lines after a key, on the same line after `-`.
 */
function value(v: unknown, inner: string, item: boolean): void {
  const text = scalar(v, inner);
  if (text !== undefined) {
    out += ' ' + text;
  } else if (collection(v as object)) {
    const items = v as unknown[];
    if (items.length === 0) {out += ' []';} else {
      out += item ? ' ' : `\n${inner}`;
      sequence(items, inner);
    }
  } else {
    const m = v as { [key: string]: unknown };
    const keys = Object.keys(m);
    if (keys.length === 0) {out += ' {}';} else {
      out += item ? ' ' : `\n${inner}`;
      mapping(m, keys, inner);
    }
  }
}

/** A block mapping whose lines after the first start with `indent`. */
function mapping(obj: { [key: string]: unknown }, keys: string[], indent: string): void {
  const inner = indent + STEP;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const key = keyText(k, inner);
    if (key.length > 1024) throw UNSUPPORTED;
    if (i > 0) out += `\n${indent}`;
    out += key + ':';
    value(obj[k], inner, false);
  }
}

/** A block sequence whose lines after the first start with `indent`. */
function sequence(items: unknown[], indent: string): void {
  const inner = indent + STEP;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += `\n${indent}`;
    out += '-';
    value(items[i], inner, true);
  }
}

/** One document, or undefined when it holds what only `yaml` writes. */
function document(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  seen = new Set();
  out = '';
  try {
    if (collection(doc)) {
      if (doc.length === 0) out += '[]';
      else sequence(doc, '');
    } else {
      const obj = doc as { [key: string]: unknown };
      const keys = Object.keys(obj);
      if (keys.length === 0) out += '{}';
      else mapping(obj, keys, '');
    }
    out += '\n';
    return out;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  } finally {
    seen = new Set();
    out = '';
  }
}

type Stringify = (...docs: any[]) => string;

/**
 * `Yaml.stringify(...docs)` of cdk8s: documents joined by `---\n`, an undefined one written as an
 * empty line; each document written here, or by `fallback` (cdk8s's own) when it holds what only
 * `yaml` writes.
 */
export function stringifyYaml(docs: readonly unknown[], fallback: Stringify): string {
  return docs.map((d) => (d === undefined ? '\n' : document(d) ?? fallback(d))).join('---\n');
}

/**
 * A document that holds one of each case the writer handles. Both writers write it, once per
 * process, before the writer takes cdk8s's place: a difference (another `yaml` version inside
 * cdk8s that writes otherwise) keeps cdk8s's.
 */
const PROBE = [{
  'apiVersion': 'v1',
  'kind': 'ConfigMap',
  'metadata': { name: 'probe', labels: { 'app.kubernetes.io/name': 'probe' }, annotations: {} },
  '---top': '...',
  'n': 'e3',
  'data': {
    plain: ['1', '0x1f', '1.5', '.', '1:30', '2001-12-14', 'y', 'No', '~', '', '<<', '-a', 'a:b', 'a#b', 'é 😀'],
    quoted: ['- a', 'a: b', 'a #b', '&a', ' a', 'a ', "'", 'say "hi"', "it's", '\u0007\r\u0085'],
    blocks: ['a\nb', 'a\nb\n\n', ' a\nb', '\n a\n', 'a \nb', 'a\n  ', 'a line of more than forty characters, with\na break  \n and a blank'],
    empty: [[], {}, [[]], [{}]],
    nested: [[1, [2, null]], { a: [{ b: true, c: [-0, 1.25, -3] }] }],
  },
}];

/** Whether this writer writes the probe as a given `Yaml.stringify` does, once per function. */
const verdicts = new WeakMap<Stringify, boolean>();

/**
 * Whether this writer writes the probe document as `stringify` (cdk8s's `Yaml.stringify`, called on
 * `Yaml`) does.
 * @internal
 */
export function yamlWriterAgrees(stringify: Stringify): boolean {
  let verdict = verdicts.get(stringify);
  if (verdict === undefined) {
    verdict = stringifyYaml(PROBE, (d) => stringify.call(Yaml, d)) === stringify.apply(Yaml, PROBE);
    verdicts.set(stringify, verdict);
  }
  return verdict;
}
