// Puts the Genesys constructs and their props first in API.md.
//
// jsii-docgen lists every type of a section (Constructs, Structs, Classes, Enums) by name and has no
// option to order them, so the building blocks (DataStore, EntryPoint, HardenedWorkload...) come
// before the constructs most users start from. This step, run by the `docgen` task right after
// jsii-docgen, moves the types named below to the top of their section, in the order given, and
// leaves every other type where jsii-docgen put it. It only reorders whole `### <Type>` blocks and
// adds a short note under the title, so the output depends on jsii-docgen's alone: the same input
// gives the same file, and running it twice changes nothing.

import * as fs from 'fs';

/** The types moved to the top of each section of API.md, in this order. */
export const API_ORDER: { readonly [section: string]: readonly string[] } = {
  Constructs: ['GenesysPlatform', 'WwNginxStatic', 'GwsCluster', 'NexusService', 'UcsxStack'],
  Structs: [
    'GenesysPlatformProps', 'PlatformPeers', 'PlatformServices', 'PlatformNamespaces', 'PlatformPublicUrls',
    'GenesysServiceProps', 'ComponentOptions',
    'WwNginxStaticProps', 'WwNginxStaticOptions',
    'GwsClusterProps', 'GwsClusterOptions',
    'NexusServiceProps', 'NexusServiceOptions',
    'UcsxStackProps', 'UcsxStackOptions',
  ],
  Classes: ['GenesysPeers', 'PlatformSynth'],
};

/** The note written under the title; its first line marks a file already ordered. */
export const API_ORDER_NOTE = [
  '> The Genesys constructs come first: [`GenesysPlatform`](#cdk8s-genesys-cx.GenesysPlatform),',
  '> [`WwNginxStatic`](#cdk8s-genesys-cx.WwNginxStatic), [`GwsCluster`](#cdk8s-genesys-cx.GwsCluster),',
  '> [`NexusService`](#cdk8s-genesys-cx.NexusService) and [`UcsxStack`](#cdk8s-genesys-cx.UcsxStack), then',
  '> their props and the typed peers; the building blocks follow in alphabetical order. The guide is',
  '> [docs/guide](docs/guide/README.md).',
];

interface Section {
  /** The `## ` line and what follows it up to the first `### `. */
  readonly head: string[];
  /** Each `### <Type>` block: its name and lines. */
  readonly blocks: Array<{ readonly name: string; readonly lines: string[] }>;
}

const SECTION = /^## (\S+) <a /;
const TYPE = /^### (\S+) <a /;

/**
 * Returns API.md with the types of `order` first in their sections. Throws when a section or type
 * of `order` is missing (a renamed type must be renamed here too, not silently left in place).
 */
export function orderApiReference(text: string, order: { readonly [section: string]: readonly string[] } = API_ORDER): string {
  const lines = text.split('\n');
  const preamble: string[] = [];
  const sections: Section[] = [];
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const section = fence ? null : SECTION.exec(line);
    const type = fence ? null : TYPE.exec(line);
    const current = sections[sections.length - 1];
    if (section) {
      sections.push({ head: [line], blocks: [] });
    } else if (type && current) {
      current.blocks.push({ name: type[1], lines: [line] });
    } else if (!current) {
      preamble.push(line);
    } else if (current.blocks.length > 0) {
      current.blocks[current.blocks.length - 1].lines.push(line);
    } else {
      current.head.push(line);
    }
  }
  const problems: string[] = [];
  for (const [name, types] of Object.entries(order)) {
    const section = sections.find((s) => SECTION.exec(s.head[0])![1] === name);
    if (!section) {
      problems.push(`section "${name}" is not in API.md`);
      continue;
    }
    const first = types.map((t) => {
      const block = section.blocks.find((b) => b.name === t);
      if (!block) problems.push(`${name}: type "${t}" is not in API.md`);
      return block;
    }).filter((b): b is Section['blocks'][number] => b !== undefined);
    const rest = section.blocks.filter((b) => !first.includes(b));
    section.blocks.splice(0, section.blocks.length, ...first, ...rest);
  }
  if (problems.length > 0) {
    throw new Error(`api-order: ${problems.join('; ')} (update API_ORDER in projenrc/api-order.ts)`);
  }
  const withNote = preamble.some((l) => l === API_ORDER_NOTE[0]) ? preamble : withOrderNote(preamble);
  return [...withNote, ...sections.flatMap((s) => [...s.head, ...s.blocks.flatMap((b) => b.lines)])].join('\n');
}

/** The preamble (the title line and blank lines) with the note after the title. */
function withOrderNote(preamble: string[]): string[] {
  const title = preamble.findIndex((l) => l.startsWith('# '));
  if (title < 0) return preamble;
  return [...preamble.slice(0, title + 1), '', ...API_ORDER_NOTE, ...preamble.slice(title + 1)];
}

if (require.main === module) {
  const file = process.argv[2] ?? 'API.md';
  const before = fs.readFileSync(file, 'utf8');
  const after = orderApiReference(before);
  if (after !== before) fs.writeFileSync(file, after);
}
