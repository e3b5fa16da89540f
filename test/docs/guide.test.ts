import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { brokenLinks, markdownFiles, Snippet, snippetsOf } from './snippets';
import { PlatformSynth, Verifier } from '../../src';

// The guide's code is part of CI. Every ```ts block of docs/guide/**/*.md is a complete program that
// imports from 'cdk8s-genesys-cx'. Each one is
//   1. type-checked with the TypeScript compiler API, under the library's own compiler options
//      (strict), with the package import pointing at src/;
//   2. run (transpiled to CommonJS, in this process) with CDK8S_OUTDIR set to a fresh folder, so
//      `app.synth()` and `PlatformSynth.synth(app)` write there;
//   3. judged: it wrote Kubernetes manifests, printed the warnings and lines its page promises (see
//      the directives in ./snippets.ts), or failed with the promised message and wrote nothing;
//   4. verified: `Verifier.verify` on what it wrote passes (every row allowed, nothing else open,
//      schema and policy rules; rows the page allows with `allow-skip` may stay unchecked).
// A recipe that no longer compiles or works fails here.

const ROOT = path.resolve(__dirname, '..', '..');
const GUIDE = path.join(ROOT, 'docs', 'guide');
const SRC = path.join(ROOT, 'src');
const PACKAGE_IMPORT = /(\bfrom\s+)(['"])cdk8s-genesys-cx\2/g;

const pages = markdownFiles(GUIDE);
const snippets = pages.flatMap((f) => snippetsOf(f, ROOT));
const label = (s: Snippet) => `${s.file}:${s.line}`;

/** The block with its package import pointing at the library source. */
function toSource(s: Snippet): string {
  return s.code.replace(PACKAGE_IMPORT, (_m, from: string) => `${from}${JSON.stringify(SRC)}`);
}

/** Where the type checker sees each block (never written to disk). */
function virtualPath(s: Snippet): string {
  return path.join(ROOT, 'test', 'docs', '.guide', `${s.file.replace(/[^A-Za-z0-9]+/g, '-')}-${s.line}.ts`);
}

/** Type-checks every block in one program; the messages of each, with the page's line numbers. */
function typeCheck(blocks: Snippet[]): Map<Snippet, string[]> {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    inlineSourceMap: false,
    inlineSources: false,
    rootDir: undefined,
    outDir: undefined,
    types: ['node'],
  };
  const files = new Map(blocks.map((s) => [virtualPath(s), s]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) => {
    const s = files.get(path.resolve(name));
    return s ? ts.createSourceFile(name, toSource(s), language, true) : getSourceFile(name, language, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const out = new Map<Snippet, string[]>();
  for (const [file, s] of files) {
    const sf = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(s, diagnostics.map((d) => {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
      return `${s.file}:${s.line + 1 + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    }));
  }
  return out;
}

/** Every file below `dir`, relative. */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

interface Run {
  readonly error?: Error;
  readonly warnings: string[];
  readonly printed: string[];
}

/** Runs a block as a program whose working directory and CDK8S_OUTDIR are `dir`. */
async function run(s: Snippet, dir: string): Promise<Run> {
  const js = ts.transpileModule(toSource(s), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: virtualPath(s),
  }).outputText;
  const warnings: string[] = [];
  const printed: string[] = [];
  const pending: Array<Promise<unknown>> = [];
  const exits: number[] = [];
  const env = { outdir: process.env.CDK8S_OUTDIR, warnings: process.env.GENESYS_CDK8S_WARNINGS };
  const cwd = process.cwd();
  const synth = PlatformSynth.synth.bind(PlatformSynth);
  const spies = [
    jest.spyOn(PlatformSynth, 'synth').mockImplementation((app, options) => {
      // no SVG: Graphviz is an ES module, which Jest imports only with --experimental-vm-modules
      const p = synth(app, { ...options, svg: false });
      pending.push(p);
      return p;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      warnings.push(...String(chunk).split('\n').filter((l) => l.startsWith('warning: ')));
      return true;
    }),
    jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exits.push(code ?? 0);
    }) as any),
    ...(['log', 'info', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(...args.map((a) => a instanceof Error ? a.message : String(a)).join(' ').split('\n'));
      })),
  ];
  process.env.CDK8S_OUTDIR = dir;
  delete process.env.GENESYS_CDK8S_WARNINGS;
  process.chdir(dir);
  let error: Error | undefined;
  try {
    const module = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('exports', 'require', 'module', '__filename', '__dirname', js)(module.exports, require, module, virtualPath(s), dir);
    const settled = await Promise.allSettled(pending);
    // let the block's own handlers of those promises (then, catch) run before looking
    await new Promise((resolve) => setImmediate(resolve));
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
    if (exits.some((c) => c !== 0)) throw new Error(`the block called process.exit(${exits.join(', ')})`);
  } catch (e) {
    error = e as Error;
  } finally {
    process.chdir(cwd);
    for (const [key, value] of [['CDK8S_OUTDIR', env.outdir], ['GENESYS_CDK8S_WARNINGS', env.warnings]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    for (const spy of spies) spy.mockRestore();
  }
  return { error, warnings, printed };
}

describe('docs/guide', () => {
  let diagnostics: Map<Snippet, string[]>;
  beforeAll(() => {
    diagnostics = typeCheck(snippets);
  });

  test('has pages, each linked from docs/guide/README.md, with no broken relative link', () => {
    expect(pages.length).toBeGreaterThan(1);
    const index = path.join(GUIDE, 'README.md');
    const linked = fs.readFileSync(index, 'utf8');
    const unlinked = pages.filter((p) => p !== index && !linked.includes(`(${path.relative(GUIDE, p)})`));
    expect(unlinked.map((p) => path.relative(ROOT, p))).toEqual([]);
    const broken = pages.flatMap((p) => brokenLinks(p).map((l) => `${path.relative(ROOT, p)}: ${l}`));
    expect(broken).toEqual([]);
  });

  test('its TypeScript blocks import the package, never a path of this repository', () => {
    expect(snippets.length).toBeGreaterThan(10);
    const wrong = snippets.filter((s) => !/from\s+['"]cdk8s-genesys-cx['"]/.test(s.code) || /from\s+['"]\.{1,2}\//.test(s.code));
    expect(wrong.map(label)).toEqual([]);
  });

  describe.each(snippets.map((s) => [label(s), s] as const))('%s', (_name, s) => {
    test(s.fails.length > 0 ? 'compiles, and fails as the page says without writing manifests' : 'compiles, synthesizes and passes the verifier', async () => {
      expect(diagnostics.get(s)).toEqual([]);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-guide-'));
      try {
        const result = await run(s, dir);
        const written = filesBelow(dir);
        if (s.fails.length > 0) {
          if (!result.error) throw new Error(`${label(s)} should fail, but it synthesized`);
          for (const f of s.fails) expect(result.error.message).toMatch(f);
          expect(written.filter((f) => f.endsWith('.yaml'))).toEqual([]);
          return;
        }
        if (result.error) throw result.error;
        expect(written.filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
        for (const w of s.warns) expect(result.warnings).toContainEqual(expect.stringMatching(w));
        for (const p of s.prints) expect(result.printed).toContainEqual(expect.stringMatching(p));
        if (s.verify) {
          const report = Verifier.verify(dir, { allowSkipped: s.allowSkipped });
          if (!report.ok) throw new Error(`the verifier fails on the output of ${label(s)}:\n${report.toText()}`);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
