// The gate cannot be stopped by its input (issue #20, section 3): `verify` on inputs of up to 50 MB
// ends with a verdict within 60 s and 1 GiB. Generates hostile and merely large inputs, runs the
// command line on each in a fresh node process (`--max-old-space-size=1024`), and prints a report:
// input size, wall time, peak memory, exit status and the verdict's first line.
//
//   npx ts-node --transpile-only bench/verify-limits.ts [--keep] [--only=<case>]
//
// Not part of `npm run bench` (the cases take minutes together); nothing here asserts a time: the
// report is read by people, the bounds are tested in test/verify/gate-limits.test.ts.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsYaml from 'js-yaml';

const ROOT = path.join(__dirname, '..');
const QUICKSTART = path.join(ROOT, 'examples', 'quickstart', 'dist');
const MB = 1024 * 1024;
const TARGET = 50 * MB;

interface Case {
  readonly name: string;
  readonly description: string;
  /** Writes the input into `dir`. */
  readonly make: (dir: string) => void;
}

function docs(file: string): any[] {
  return (jsYaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]).filter((d) => d);
}

/** The quickstart's objects with every namespace renamed `<ns>-<n>`, as YAML. */
function renamedCopy(objects: any[], n: number): string {
  const text = objects.map((o) => jsYaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n');
  return text.replace(/\b(gws|nexus|ucsx|wwe|gateway)\b(?=[\s/"'.,}\]]|$)/gm, `$1-${n}`);
}

/** Copies of the quickstart, each in its own namespaces, until the folder holds about `bytes` or `most` copies. */
function copies(dir: string, bytes: number, perFile: boolean, most = Infinity): number {
  const objects = docs(path.join(QUICKSTART, 'quickstart.k8s.yaml'));
  fs.copyFileSync(path.join(QUICKSTART, 'peers.json'), path.join(dir, 'peers.json'));
  let size = 0;
  let n = 0;
  const parts: string[] = [];
  while (size < bytes && n < most) {
    const text = renamedCopy(objects, ++n);
    size += text.length + 4;
    if (perFile) fs.writeFileSync(path.join(dir, `copy-${String(n).padStart(4, '0')}.yaml`), text);
    else parts.push(text);
  }
  if (!perFile) fs.writeFileSync(path.join(dir, 'all.yaml'), parts.join('---\n'));
  return n;
}

function bomb(depth: number, width: number, kind: 'ConfigMap' | 'Widget'): string {
  const head = kind === 'ConfigMap'
    ? ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', '  namespace: gws', 'data:']
    : ['apiVersion: example.com/v1', 'kind: Widget', 'metadata:', '  name: tower', '  namespace: gws', 'spec:'];
  const lines = [...head, `  a0: &a0 [${new Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++) lines.push(`  a${i}: &a${i} [${new Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const CASES: Case[] = [
  {
    name: 'quickstart',
    description: 'the committed quickstart output (baseline)',
    make: (dir) => fs.cpSync(QUICKSTART, dir, { recursive: true }),
  },
  {
    name: 'alias-tower',
    description: 'two copies of a custom resource with aliases nested nine deep (1.3 KB)',
    make: (dir) => {
      fs.cpSync(QUICKSTART, dir, { recursive: true });
      const text = bomb(9, 10, 'Widget');
      fs.writeFileSync(path.join(dir, 'widgets.yaml'), `${text}---\n${text}`);
    },
  },
  {
    name: 'configmap-bomb',
    description: 'a 9x10 alias bomb in a ConfigMap',
    make: (dir) => {
      fs.cpSync(QUICKSTART, dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'bomb.yaml'), bomb(9, 10, 'ConfigMap'));
    },
  },
  {
    name: 'big-document',
    description: 'one ConfigMap of 50 MB in one document',
    make: (dir) => {
      fs.cpSync(QUICKSTART, dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'big.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: gws\ndata:\n  blob: ${'x'.repeat(TARGET - 200)}\n`);
    },
  },
  {
    name: 'many-copies-one-file',
    description: '50 MB of quickstart copies (each in its own namespaces) in one file',
    make: (dir) => { copies(dir, TARGET - MB, false); },
  },
  {
    name: 'many-copies-files',
    description: '50 MB of quickstart copies, one file each',
    make: (dir) => { copies(dir, TARGET - MB, true); },
  },
  {
    name: 'copies-under-object-bound',
    description: 'quickstart copies just under the object bound of a set (the most work the gate accepts)',
    // 10000 objects at most, the quickstart's 188 objects a copy
    make: (dir) => { copies(dir, TARGET, true, Math.floor(10000 / 188)); },
  },
  {
    name: 'many-small-documents',
    description: '50 MB of small ConfigMaps (one namespace)',
    make: (dir) => {
      const one = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c-${i}\n  namespace: gws\ndata:\n  k: v\n`;
      const parts: string[] = [];
      let size = 0;
      for (let i = 0; size < TARGET - MB; i++) {
        const t = one(i);
        parts.push(t);
        size += t.length + 4;
      }
      fs.writeFileSync(path.join(dir, 'small.yaml'), parts.join('---\n'));
    },
  },
];

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(full) : fs.statSync(full).size;
  }
  return total;
}

/** Runs `verify` on a folder in a fresh node process and measures it. */
function measure(dir: string): { seconds: number; maxRssMiB: number; status: number | null; first: string; summary: string } {
  const script = [
    "require('ts-node').register({ transpileOnly: true });",
    `const { main } = require(${JSON.stringify(path.join(ROOT, 'src', 'verify', 'cli.ts'))});`,
    'const lines = [];',
    `const code = main(['verify', ${JSON.stringify(dir)}], { out: (l) => lines.push(l), err: (l) => lines.push(l) });`,
    "const first = lines.find((l) => l.startsWith('FAIL') || l.startsWith('OPEN')) || '';",
    'process.stdout.write(JSON.stringify({ code, first, summary: lines[lines.length - 1], maxRss: process.resourceUsage().maxRSS }));',
  ].join('\n');
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--max-old-space-size=1024', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * MB });
  const seconds = (Date.now() - started) / 1000;
  try {
    const result = JSON.parse(child.stdout);
    return { seconds, maxRssMiB: result.maxRss / 1024, status: result.code, first: result.first, summary: result.summary };
  } catch {
    return { seconds, maxRssMiB: NaN, status: child.status, first: (child.stderr || String(child.error ?? '')).split('\n').slice(-3).join(' '), summary: child.signal ? `killed (${child.signal})` : 'no verdict' };
  }
}

function run(): void {
  const keep = process.argv.includes('--keep');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-limits-'));
  const rows: string[] = [];
  console.log(`verify on hostile and large inputs (node ${process.version}, ${os.cpus().length} cores, --max-old-space-size=1024)`);
  console.log('bound: a verdict within 60 s and 1 GiB for any input up to 50 MB\n');
  for (const c of CASES.filter((x) => ONLY === undefined || x.name === ONLY)) {
    const dir = path.join(base, c.name);
    fs.mkdirSync(dir);
    c.make(dir);
    const size = folderSize(dir);
    const m = measure(dir);
    const within = m.seconds <= 60 && m.maxRssMiB <= 1024 && (m.status === 0 || m.status === 1);
    rows.push(`| ${c.name} | ${(size / MB).toFixed(1)} MB | ${m.seconds.toFixed(1)} s | ${m.maxRssMiB.toFixed(0)} MiB | ${m.status} | ${within ? 'yes' : 'NO'} | ${m.summary} | ${m.first.slice(0, 140).replace(/\|/g, '\\|')} |`);
    console.log(`${c.name}: ${c.description}: ${(size / MB).toFixed(1)} MB, ${m.seconds.toFixed(1)} s, ${m.maxRssMiB.toFixed(0)} MiB, exit ${m.status}, ${m.summary}`);
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n| input | size | wall time | peak memory | exit | within bounds | summary | first failing line |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  if (!keep) fs.rmSync(base, { recursive: true, force: true });
  else console.log(`\ninputs kept in ${base}`);
}

run();
