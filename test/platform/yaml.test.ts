import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { stringifyYaml, yamlWriterAgrees } from '../../src/platform/yaml';

/** cdk8s's own writer: what `cdk8s synth` and `app.synth()` write. */
const cdk8s = (...docs: any[]) => Yaml.stringify(...docs);

/** The writer alone: a document it would hand to cdk8s fails the test instead. */
function ours(...docs: unknown[]): string {
  return stringifyYaml(docs, (d) => {
    throw new Error(`fell back to cdk8s for ${JSON.stringify(d)}`);
  });
}

/** The strings that decide between plain, single-quoted, double-quoted and block scalars. */
const HARD = [
  '', ' ', '  ', '\t', '\n', '\n\n', ' \n', '\n ', 'a', 'A', '_', '/', '.', '..', '...', '---', '--- a', '...a', '%', '%a', '@a', '`a',
  // YAML 1.1 keywords and numbers, and near misses
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'yEs', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'oN',
  'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', 'nULL', '~', '~a', 'nil', 'none',
  '0', '-0', '+0', '00', '07', '08', '0_7', '1', '-1', '+1', '1_000', '_1', '1_', '12345678901234567890', '0b101', '0b2', '-0b1',
  '0x1F', '0xg', '0o17', '1.5', '-1.5', '.5', '5.', '.', '-.', '+.', '1.2.3', '1e3', '1E3', '1e+3', '1.5e-3', 'e3', 'E3', 'e-9', 'e_3', 'e3a', '1e', '.e1', '.5e1', '_e1',
  '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', '-.nan', 'inf', 'NaN', 'Infinity',
  '1:30', '1:60', '-1:30:59', '190:20:30.15', '1:3', '1:30.', '12:', ':30',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43 Z', '2001-1-1', '2001-12-14x', '01-12-14',
  '<<', '=', '!', '!!str', '&anchor', '*alias', '|', '>', '|-', "'", '"', "''", '""', '#', '# c', 'a#b', 'a #b', 'a\t#b',
  '-', '- a', '-a', '--', '?', '? a', '?a', ':', 'a:', 'a: b', 'a:b', ':a', 'a :', 'http://x:80/p?q=1#f', 'a,b', '[a]', '{a}', ',a',
  ' a', 'a ', ' a ', 'a\tb', '\ta', 'a\t', 'say "hi"', "it's", 'both \' and "', '"quoted"', "'single'",
  // line breaks: literal blocks and their chomping and indentation indicators, or double quotes
  'a\nb', 'a\nb\n', 'a\nb\n\n', 'a\n\n\nb', '\na', '\n\na\n', ' a\nb', '\n a', 'a\n b', 'a \nb', 'a\nb ', 'a\n ', 'a\n\t', 'a\n\n ',
  '#\n#', '- a\n- b', 'a: b\nc', '--- x\n... y\n%z', 'x\n---\ny', "it's\nx", 'say "hi"\nx', '"\n \'',
  'a line of more than forty characters, with\na break', 'a line of more than forty characters\n\n\nwith breaks\n\n',
  'more than forty characters, a blank before \n the break and after', 'more than forty characters with\n\\n a backslash',
  // control characters, escapes and unicode
  '\r', 'a\r\nb', '\u0000', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\u2028',
  '\ud800', 'a\udc00b', '😀', 'é', '日本語', 'back\\slash', 'a\\nb', 'tab\there and a long line of more than forty\ncharacters',
];

const CHARS = [
  'a', 'b', 'y', 'n', 'e', 'x', 'Z', '0', '1', '9', '.', '_', '-', '+', ' ', '\t', '\n', '\r', ':', '#', '?', '*', '&', '!', '|',
  '>', "'", '"', '%', '@', '`', ',', '[', ']', '{', '}', '~', '<', '=', '/', '\\', '\u0000', '\u0085', 'é', '😀', '\ud800',
];

const hard = fc.constantFrom(...HARD);
const text = fc.oneof(
  { weight: 4, arbitrary: hard },
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.array(hard, { minLength: 2, maxLength: 4 }).chain((parts) => fc.constantFrom(' ', '\n', '', ': ', '\n\n', ' #').map((sep) => parts.join(sep))) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), minLength: 35, maxLength: 80 }) },
  // the writer's shortcut for plain words: letters, digits, `_`, `.`, `/`, `-`
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('e', 'E', 'y', 'n', 'o', 'N', 'O', 'a', 'x', 'b', '_', '.', '/', '-', '0', '1', '9'), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer()).map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

/** JSON values (and the non-JSON numbers -0, NaN and ±Infinity, which the writer handles too). */
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    text,
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 6 }),
}));

/** Runs of each property (YAML_PROPERTY_RUNS=100000 for a longer search). */
const RUNS = Number(process.env.YAML_PROPERTY_RUNS ?? 3000);

const documents = fc.array(fc.oneof(fc.dictionary(text, value, { maxKeys: 8 }), fc.array(value, { maxLength: 6 })), { minLength: 1, maxLength: 3 });

describe('YAML writer', () => {
  test('writes what cdk8s (the yaml package, YAML 1.1, lineWidth 0) writes, for every hard string as a value and as a key', () => {
    for (const s of HARD) {
      const docs = [{ [s]: s, nested: { [s]: [s, { [s]: s }], list: [[s]] } }, [s, [s]]];
      expect({ s, yaml: ours(...docs) }).toEqual({ s, yaml: cdk8s(...docs) });
    }
  });

  test('writes what cdk8s writes, on generated JSON values', () => {
    fc.assert(fc.property(documents, (docs) => {
      expect(ours(...docs)).toEqual(cdk8s(...docs));
    }), { numRuns: RUNS });
  });

  test('writes what cdk8s writes, on generated strings at every depth', () => {
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (strings) => {
      const deep = strings.reduceRight<unknown>((inner, s) => ({ [s]: [s, inner] }), strings[0]);
      const docs = [{ top: deep }, strings, { [strings[0]!]: strings.join('\n') }];
      expect(ours(...docs)).toEqual(cdk8s(...docs));
    }), { numRuns: RUNS });
  });

  test('numbers, booleans, null and empty collections', () => {
    const docs = [
      { a: 0, b: -0, c: 1.5, d: -2, e: 1e21, f: 1e-7, g: Number.MAX_VALUE, h: Infinity, i: -Infinity, j: NaN, k: true, l: false, m: null },
      { empty: {}, list: [], nested: [[], {}, [[]], [{}], { x: [] }] },
      {}, [], [null, [null]],
    ];
    expect(ours(...docs)).toEqual(cdk8s(...docs));
  });

  test('hands to cdk8s the documents only yaml writes: undefined, non-JSON values, repeated objects, long keys, scalars', () => {
    const shared = { x: 1 };
    const cycle: any = { a: 1 };
    cycle.self = cycle;
    class Thing {
      public readonly a = 1;
    }
    const docs = [
      { a: undefined }, [1, undefined], { a: [, 1] }, { a: BigInt(1) }, { a: new Date(0) }, { a: new Thing() }, { a: { toJSON: () => 'x' } },
      { a: shared, b: shared }, [shared, [shared]], cycle, { ['k'.repeat(1100)]: 1 }, 'top', 42, null,
    ];
    const fellBack: unknown[] = [];
    for (const doc of docs) {
      const written = stringifyYaml([doc], (d) => {
        fellBack.push(d);
        return cdk8s(d);
      });
      expect(written).toEqual(cdk8s(doc));
    }
    expect(fellBack).toEqual(docs);
    // an undefined document is an empty line, as in cdk8s
    expect(stringifyYaml([{ a: 1 }, undefined, { b: 2 }], cdk8s)).toEqual(cdk8s({ a: 1 }, undefined, { b: 2 }));
  });

  test('the probe: agrees with the installed cdk8s, and not with a yaml that writes otherwise', () => {
    const original = Yaml.stringify;
    expect(yamlWriterAgrees(original)).toBe(true);
    expect(Yaml.stringify).toBe(original);
    // another yaml version that quotes otherwise keeps cdk8s's writer
    expect(yamlWriterAgrees((...docs: any[]) => original.apply(Yaml, docs).replace(/'/g, '"'))).toBe(false);
    expect(yamlWriterAgrees((...docs: any[]) => original.apply(Yaml, docs).replace('|-', '|'))).toBe(false);
  });
});
