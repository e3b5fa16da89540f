// The comparison as text for a terminal, Markdown for a pull-request comment, or JSON. Nothing
// rendered holds a value of an object's data or environment: object changes are paths only.
import { ChangeLevel, DiffResult, ItemChange, RefChange, SetDiff } from './diff';

/** Markdown comments are capped near this many characters (GitHub refuses comments over 65,536). */
export const MARKDOWN_LIMIT = 60000;
/** Lists longer than this are folded in `<details>` in Markdown. */
const FOLD_AFTER = 10;

const LEVEL_WORDS: { [level: number]: string } = {
  [ChangeLevel.NONE]: 'no change',
  [ChangeLevel.CHANGE]: 'changed, no new reach',
  [ChangeLevel.WIDENED]: 'new opening or widened reach: ask for a second review',
};

interface Section {
  readonly title: string;
  readonly items: string[];
}

function refLines(refs: RefChange[]): string[] {
  return refs.flatMap((r) => [
    `${r.widened ? '[wider] ' : ''}${r.text}`,
    ...r.added.map((f) => `  + ${f}`),
    ...r.removed.map((f) => `  - ${f}`),
  ]);
}

function itemLines(items: ItemChange[], prefix = ''): string[] {
  return items.map((i) => `${prefix}${i.widened ? '[wider] ' : ''}${i.text}`);
}

function sectionsOf(d: SetDiff): Section[] {
  const objects = Object.keys(d.objects).sort().flatMap((kind) => {
    const o = d.objects[kind];
    return [
      ...o.added.map((n) => `+ ${kind} ${n}`),
      ...o.removed.map((n) => `- ${kind} ${n}`),
      ...o.changed.map((n) => `~ ${kind} ${n}`),
    ];
  });
  return [
    { title: 'Catalog rows and extensions', items: refLines(d.refs) },
    { title: 'Allowed flows added', items: itemLines(d.flowsAdded, '+ ') },
    { title: 'Allowed flows removed', items: itemLines(d.flowsRemoved, '- ') },
    { title: 'Flows declared differently', items: itemLines(d.flowsReclassified) },
    { title: 'External address ranges (ipBlocks)', items: itemLines(d.ranges) },
    { title: 'Entry points', items: itemLines(d.entryPoints) },
    { title: 'Stores', items: itemLines(d.stores) },
    { title: 'Security fields', items: itemLines(d.security) },
    { title: 'Objects', items: objects },
  ].filter((s) => s.items.length > 0);
}

function summaryOf(result: DiffResult): string {
  return `${result.sets.length === 0 ? 'no change' : `${result.sets.length} set(s) changed`}: ${LEVEL_WORDS[result.level]} (exit ${result.level})`;
}

/** Plain text for a terminal. */
export function renderText(result: DiffResult): string {
  const out: string[] = [`diff ${result.base} → ${result.head}`];
  for (const note of result.notes) out.push(`NOTE ${note}`);
  for (const d of result.sets) {
    out.push('', `== set ${d.set} (${d.state})`);
    for (const s of sectionsOf(d)) {
      out.push(`-- ${s.title}`);
      out.push(...s.items.map((i) => `  ${i}`));
    }
  }
  out.push('', summaryOf(result));
  return out.join('\n');
}

/** Markdown for a pull-request comment: long lists folded, the whole capped at `limit` characters. */
export function renderMarkdown(result: DiffResult, limit = MARKDOWN_LIMIT): string {
  const head = [`### Connection changes: ${LEVEL_WORDS[result.level]}`, '', `\`${result.base}\` → \`${result.head}\`, exit ${result.level}`];
  for (const note of result.notes) head.push('', `> ${note}`);
  const tail = '\n\n_…cut to fit a comment: run `cdk8s-genesys-cx diff` for the whole list._';
  const parts: string[] = [head.join('\n')];
  if (result.sets.length === 0) parts.push('\n\nNo change in the connections or objects.');
  for (const d of result.sets) {
    parts.push(`\n\n#### Set \`${d.set}\` (${d.state})`);
    for (const s of sectionsOf(d)) {
      const body = ['```', ...s.items.map((i) => i.replace(/```/g, '`​``')), '```'].join('\n');
      if (s.items.length > FOLD_AFTER) {
        parts.push(`\n\n<details><summary>${s.title} (${s.items.length} lines)</summary>\n\n${body}\n\n</details>`);
      } else {
        parts.push(`\n\n**${s.title}**\n\n${body}`);
      }
    }
  }
  let text = '';
  for (const p of parts) {
    if (text.length + p.length + tail.length > limit) {
      const room = limit - text.length - tail.length;
      // cut on a line, and close an open code block and <details>
      if (room > 200) {
        let cut = p.slice(0, room - 40);
        cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
        const fences = (cut.match(/^```/gm) ?? []).length;
        if (fences % 2 === 1) cut += '\n```';
        if (cut.includes('<details>') && !cut.includes('</details>')) cut += '\n</details>';
        text += cut;
      }
      return text + tail;
    }
    text += p;
  }
  return text;
}

/** JSON: the comparison as data. */
export function renderJson(result: DiffResult): string {
  const { base, head, level, notes, sets } = result;
  return JSON.stringify({ base, head, level, summary: LEVEL_WORDS[level], notes, sets }, null, 2);
}
