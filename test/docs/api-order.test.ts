import * as fs from 'fs';
import * as path from 'path';
import { API_ORDER, API_ORDER_NOTE, orderApiReference } from '../../projenrc/api-order';

// API.md is jsii-docgen's output reordered by projenrc/api-order.ts (the `docgen` task runs both):
// the Genesys constructs and their props first, the building blocks after, nothing lost.

const ROOT = path.resolve(__dirname, '..', '..');

function block(name: string): string[] {
  return [`### ${name} <a name="${name}" id="pkg.${name}"></a>`, '', `About ${name}.`, '', '```ts', '### not a heading', '```', '', '---', ''];
}

const SAMPLE = [
  '# API Reference <a name="API Reference" id="api-reference"></a>',
  '',
  '## Constructs <a name="Constructs" id="Constructs"></a>',
  '',
  ...block('Alpha'), ...block('Beta'), ...block('Gamma'),
  '## Structs <a name="Structs" id="Structs"></a>',
  '',
  ...block('AProps'), ...block('GammaProps'),
  '',
].join('\n');

const ORDER = { Constructs: ['Gamma', 'Beta'], Structs: ['GammaProps'] };

function headings(text: string): string[] {
  return text.split('\n').filter((l) => /^#{2,3} \S+ <a /.test(l)).map((l) => l.replace(/ <a .*/, ''));
}

describe('API.md ordering', () => {
  test('moves the named types to the top of their section in the given order and keeps the others in place', () => {
    const out = orderApiReference(SAMPLE, ORDER);
    expect(headings(out)).toEqual(['## Constructs', '### Gamma', '### Beta', '### Alpha', '## Structs', '### GammaProps', '### AProps']);
  });

  test('loses no line: the output is the input plus the note under the title', () => {
    const out = orderApiReference(SAMPLE, ORDER);
    const added = [...out.split('\n')];
    for (const line of SAMPLE.split('\n')) added.splice(added.indexOf(line), 1);
    expect(added.sort()).toEqual(['', ...API_ORDER_NOTE].sort());
    expect(out.split('\n').slice(0, 3)).toEqual([SAMPLE.split('\n')[0], '', API_ORDER_NOTE[0]]);
  });

  test('running it twice changes nothing (check-generated regenerates and diffs API.md)', () => {
    const once = orderApiReference(SAMPLE, ORDER);
    expect(orderApiReference(once, ORDER)).toBe(once);
  });

  test('fails when a named type or section is missing, instead of leaving it where it was', () => {
    expect(() => orderApiReference(SAMPLE, { Constructs: ['Delta'] })).toThrow(/Constructs: type "Delta" is not in API.md/);
    expect(() => orderApiReference(SAMPLE, { Enums: ['Alpha'] })).toThrow(/section "Enums" is not in API.md/);
  });

  test('the committed API.md lists GenesysPlatform, WwNginxStatic, GwsCluster, NexusService, UcsxStack first, then their props', () => {
    const api = fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8');
    expect(orderApiReference(api)).toBe(api);
    const h = headings(api);
    const section = (name: string) => h.slice(h.indexOf(`## ${name}`) + 1).findIndex((l) => l.startsWith('## '));
    for (const [name, types] of Object.entries(API_ORDER)) {
      const start = h.indexOf(`## ${name}`);
      const end = section(name);
      const listed = h.slice(start + 1, end < 0 ? undefined : start + 1 + end).map((l) => l.slice(4));
      expect(listed.slice(0, types.length)).toEqual(types);
    }
    expect(API_ORDER.Constructs).toEqual(['GenesysPlatform', 'WwNginxStatic', 'GwsCluster', 'NexusService', 'UcsxStack']);
  });
});
