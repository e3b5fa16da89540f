import * as fs from 'fs';
import * as path from 'path';

/**
 * A ```ts block of a Markdown page: a complete program that imports from 'cdk8s-genesys-cx'.
 *
 * An HTML comment right above the block (invisible on the rendered page) says what the block
 * must do besides compiling and synthesizing cleanly:
 *
 * - `<!-- test: fails /regex/ -->`: running it throws an error matching the regex and writes no
 *   manifest (repeatable: the error matches each);
 * - `<!-- test: warns /regex/ -->`: synthesis prints a warning matching the regex (repeatable);
 * - `<!-- test: prints /regex/ -->`: the block writes a line matching the regex to the console;
 * - `<!-- test: no-verify (why) -->`: the verifier is not run on its output;
 * - `<!-- test: allow-skip gws#27,gws#28 (why) -->`: those catalog rows may stay unchecked (their
 *   other end is not in the block's app), as `--allow-skip` allows them.
 */
export interface Snippet {
  /** Page, relative to the repository. */
  readonly file: string;
  /** Line of the opening fence (1-based). */
  readonly line: number;
  /** The code. */
  readonly code: string;
  /** What the error the block must throw says (empty: it must not throw). */
  readonly fails: RegExp[];
  /** Warnings synthesis must print. */
  readonly warns: RegExp[];
  /** Lines the block must print. */
  readonly prints: RegExp[];
  /** Run the verifier on the output. */
  readonly verify: boolean;
  /** Catalog rows that may stay unchecked (`VerifyOptions.allowSkipped`). */
  readonly allowSkipped: string[];
}

const FENCE = /^(\s*)(```+|~~~+)\s*([\w-]*)/;
const DIRECTIVE = /^\s*<!--\s*test:\s*(fails|warns|prints|no-verify|allow-skip)\b\s*(.*?)\s*-->\s*$/;

/** Every Markdown file below `dir`, sorted. */
export function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? markdownFiles(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : [])
    .sort();
}

function regex(text: string, where: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(text);
  if (!m) throw new Error(`${where}: a test directive needs a /regex/, got ${JSON.stringify(text)}`);
  return new RegExp(m[1], m[2]);
}

function refs(text: string, where: string): string[] {
  const list = text.replace(/\s*\(.*\)\s*$/, '').split(',').map((r) => r.trim());
  if (list.length === 0 || list.some((r) => !/^[a-z]+#\d+$/.test(r))) throw new Error(`${where}: allow-skip needs catalog rows such as gws#27,gws#28, got ${JSON.stringify(text)}`);
  return list;
}

/** The TypeScript blocks of one page, with the directives above each. */
export function snippetsOf(file: string, root: string): Snippet[] {
  const rel = path.relative(root, file);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, marker, lang] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end].trim().startsWith(marker) && lines[end].trim().replace(/[`~]/g, '') === '')) end++;
    if (lang === 'ts' || lang === 'typescript') {
      const where = `${rel}:${i + 1}`;
      const directives: Array<[string, string]> = [];
      for (let j = i - 1; j >= 0 && DIRECTIVE.test(lines[j]); j--) {
        const d = DIRECTIVE.exec(lines[j])!;
        directives.unshift([d[1], d[2]]);
      }
      const code = lines.slice(i + 1, end).map((l) => l.startsWith(indent) ? l.slice(indent.length) : l).join('\n');
      out.push({
        file: rel,
        line: i + 1,
        code,
        fails: directives.filter(([k]) => k === 'fails').map(([, v]) => regex(v, where)),
        warns: directives.filter(([k]) => k === 'warns').map(([, v]) => regex(v, where)),
        prints: directives.filter(([k]) => k === 'prints').map(([, v]) => regex(v, where)),
        verify: !directives.some(([k]) => k === 'no-verify'),
        allowSkipped: directives.filter(([k]) => k === 'allow-skip').flatMap(([, v]) => refs(v, where)),
      });
    }
    i = end;
  }
  return out;
}

/** Relative links of a page (`[text](target)`, outside code) that do not resolve to a file. */
export function brokenLinks(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const broken: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
    const [filePart, anchor] = target.split('#');
    const resolved = path.resolve(path.dirname(file), decodeURIComponent(filePart));
    if (!fs.existsSync(resolved)) {
      broken.push(target);
    } else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).includes(anchor)) {
      broken.push(target);
    }
  }
  return broken;
}

/** The anchors GitHub gives the headings of a Markdown file. */
export function anchorsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const m of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.push(n === 0 ? base : `${base}-${n}`);
  }
  // explicit anchors, as jsii-docgen writes them in API.md
  for (const m of text.matchAll(/<a [^>]*\bid="([^"]+)"/g)) out.push(m[1]);
  return out;
}
