import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { declareAsExtensions, describeCoreBasicsPeers } from './fixtures';
import { build } from '../../examples/core-basics/app';
import { ConnectionCatalog } from '../../src/catalog';
import { main, packageVersion, parseVerifyArgs, USAGE } from '../../src/verify/cli';

function run(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('cdk8s-genesys-cx command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
    build(dir).synth();
    describeCoreBasicsPeers(dir);
    declareAsExtensions(dir, (ref) => ConnectionCatalog.all().some((r) => r.ref === ref));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('verify <dir> prints the lines and the summary, exit 0 when clean', () => {
    const { code, out, err } = run(['verify', dir]);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out[out.length - 1]).toBe('0 passed, 0 failed, 0 skipped');
    expect(out.filter((l) => l.startsWith('EXT '))).toHaveLength(2);
  });

  test('exit 1 on a failure, with the failing line', () => {
    // GIVEN a copy with a privileged container
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-bad-'));
    try {
      fs.cpSync(dir, copy, { recursive: true });
      const file = path.join(copy, fs.readdirSync(copy).find((f) => f.endsWith('.yaml'))!);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('privileged: false', 'privileged: true'));
      const { code, out } = run(['verify', copy]);
      expect(code).toBe(1);
      expect(out.filter((l) => l.startsWith('FAIL'))).toEqual([
        'FAIL pod-security Deployment:demo/demo-api: spec.template.spec.containers[0].securityContext.privileged: container "main" is privileged (remove privileged: true)',
      ]);
      expect(out[out.length - 1]).toBe('0 passed, 1 failed, 0 skipped');
      // the check can be turned off
      expect(run(['verify', copy, '--no-policy']).code).toBe(0);
      expect(run(['verify', copy, '--skip-rule', 'pod-security']).code).toBe(0);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  test('usage on bad arguments, exit 2', () => {
    for (const argv of [[], ['frobnicate'], ['verify'], ['verify', dir, 'other'], ['verify', dir, '--bogus'], ['verify', dir, '--port', 'gws#1'], ['verify', dir, '--skip-rule', 'nope']]) {
      const { code, err } = run(argv);
      expect({ argv, code, usage: err[err.length - 1] }).toEqual({ argv, code: 2, usage: USAGE });
    }
    expect(run(['verify', dir, '--port', 'gws#1']).err[0]).toBe('cdk8s-genesys-cx verify: --port "gws#1" is not <ref>=<port> (e.g. gws#11=8080)');
    expect(run(['frobnicate']).err[0]).toBe('cdk8s-genesys-cx: unknown command "frobnicate" (the commands are verify, diff and probe, e.g. cdk8s-genesys-cx verify dist/)');
    expect(run([]).err[0]).toBe('cdk8s-genesys-cx: a command is missing (the commands are verify, diff and probe, e.g. cdk8s-genesys-cx verify dist/)');
    expect(run(['verify']).err[0]).toBe('cdk8s-genesys-cx verify: the manifest directory is missing (give the folder cdk8s synth wrote, e.g. dist/)');
    expect(run(['verify', dir, '--bogus']).err[0]).toBe('cdk8s-genesys-cx verify: unknown option "--bogus" (the options are listed below)');
    expect(run(['verify', dir, '--peers']).err[0]).toBe('cdk8s-genesys-cx verify: --peers needs a value (e.g. --peers dist/peers.json)');
    expect(run(['verify', dir, '--skip-rule', 'nope']).err[0]).toMatch(/^cdk8s-genesys-cx verify: --skip-rule "nope" is not a policy rule \(use pod-security, .*, ip-block-range, .*\)$/);
  });

  test('unreadable input exits 2 with the reason, named once', () => {
    const { code, err } = run(['verify', path.join(dir, 'missing')]);
    expect(code).toBe(2);
    // GIVEN the library's message starts with "verify: ", WHEN the command prints it, THEN its own prefix is the only one
    expect(err[0]).toMatch(/^cdk8s-genesys-cx verify: manifest directory ".*missing" does not exist or is not a directory \(give the folder cdk8s synth wrote, e\.g\. "dist"\)$/);
    expect(err[0]).not.toMatch(/verify: verify:/);
    const peers = path.join(dir, 'bad-peers.json');
    fs.writeFileSync(peers, '{"kind": "iwd"}');
    try {
      expect(run(['verify', dir, '--peers', peers]).err[0]).toMatch(/^cdk8s-genesys-cx verify: .*bad-peers\.json must be a JSON array of peers, got object/);
    } finally {
      fs.rmSync(peers);
    }
  });

  test('a folder without manifests fails, exit 1, saying so', () => {
    // GIVEN a folder with only a README and an empty peers file
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-empty-'));
    try {
      fs.writeFileSync(path.join(empty, 'README.md'), '# nothing synthesized yet');
      fs.writeFileSync(path.join(empty, 'peers.json'), '[]');
      // WHEN
      const { code, out } = run(['verify', empty]);
      // THEN
      expect(code).toBe(1);
      expect(out).toEqual([
        `FAIL no Kubernetes manifests in ${empty} (no .yaml, .yml or .json document with apiVersion and kind): synthesize first (cdk8s synth, npm run synth) and give the folder it wrote`,
        '0 passed, 1 failed, 0 skipped',
      ]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('--help prints the usage with examples, exit 0', () => {
    expect(run(['--help'])).toEqual({ code: 0, out: [USAGE], err: [] });
    expect(run(['-h'])).toEqual({ code: 0, out: [USAGE], err: [] });
    expect(run(['verify', '--help'])).toEqual({ code: 0, out: [USAGE], err: [] });
    expect(USAGE).toMatch(/\nexamples:\n {2}cdk8s-genesys-cx verify dist\/quickstart\n/);
    expect(USAGE).toContain('--version');
  });

  test('--version prints the version of package.json, exit 0', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json');
    expect(packageVersion()).toBe(pkg.version);
    expect(run(['--version'])).toEqual({ code: 0, out: [pkg.version], err: [] });
    expect(run(['verify', '--version'])).toEqual({ code: 0, out: [pkg.version], err: [] });
  });

  test('options map to verify options', () => {
    const parsed = parseVerifyArgs([dir, '--ingress-namespace', 'edge', '--ingress-label', 'app=traefik', '--prometheus-label', 'app=prom',
      '--port', 'gws#11=8080', '--no-schema', '--no-strangers', '--peers', 'p.json']);
    expect(parsed).toEqual({
      directory: dir,
      peersFile: 'p.json',
      options: {
        ingressController: { namespace: 'edge', labels: { app: 'traefik' } },
        prometheus: { namespace: undefined, labels: { app: 'prom' } },
        portOverrides: { 'gws#11': 8080 },
        skipRules: undefined,
        schema: false,
        policy: true,
        strangers: false,
      },
    });
  });
});

describe('rows left unchecked: --allow-skip', () => {
  test('parses a comma list, repeatable; refuses what is not a row reference', () => {
    expect(parseVerifyArgs(['d', '--allow-skip', 'gws#10,gws#26', '--allow-skip', 'ucsx#13,gws#10']).options.allowSkipped).toEqual(['gws#10', 'gws#26', 'ucsx#13']);
    expect(parseVerifyArgs(['d']).options.allowSkipped).toBeUndefined();
    const bad = run(['verify', 'd', '--allow-skip', 'gws10']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('cdk8s-genesys-cx verify: --allow-skip "gws10": "gws10" is not a row reference (e.g. gws#10,gws#26)');
    expect(USAGE).toContain('--allow-skip <refs>');
    expect(USAGE).toContain('"N passed, M failed, K skipped"');
  });

  test('a row that cannot be checked fails (exit 1) unless named, then SKIP and exit 0', () => {
    // GIVEN the quickstart whose gws peers ConfigMap no longer describes Voicemail: gws#17 cannot be checked
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jsYaml = require('js-yaml');
    const source = path.join(__dirname, '..', '..', 'examples', 'quickstart', 'dist', 'quickstart.k8s.yaml');
    const docs = (jsYaml.loadAll(fs.readFileSync(source, 'utf-8')) as any[]).filter((d) => d);
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'genesys-cx-peers' && d.metadata.namespace === 'gws');
    const voicemail = JSON.parse(cm.data['peers.json']).filter((e: any) => e.kind === 'voicemail');
    cm.data['peers.json'] = JSON.stringify(JSON.parse(cm.data['peers.json']).filter((e: any) => e.kind !== 'voicemail'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-skip-'));
    try {
      fs.writeFileSync(path.join(dir, 'quickstart.k8s.yaml'), docs.map((d) => jsYaml.dump(d, { lineWidth: -1 })).join('---\n'));
      // its peers.json agrees with the ConfigMaps (no Voicemail either)
      const peersFile = path.join(path.dirname(source), 'peers.json');
      const peers = JSON.parse(fs.readFileSync(peersFile, 'utf-8')).filter((e: any) => e.kind !== 'voicemail');
      fs.writeFileSync(path.join(dir, 'peers.json'), JSON.stringify(peers, null, 2));
      expect(voicemail.length).toBeGreaterThan(0);
      // WHEN verified as is
      const strict = run(['verify', dir]);
      const unchecked = strict.out.filter((l) => /^FAIL gws#\d+ .*: not checked: /.test(l));
      const refs = unchecked.map((l) => l.split(' ')[1]);
      // THEN each such row fails, exit 1, and the summary counts no skip
      expect(refs).toEqual(['gws#17']);
      expect(strict.code).toBe(1);
      expect(strict.out[strict.out.length - 1]).toMatch(new RegExp(`^\\d+ passed, ${refs.length} failed, 0 skipped$`));
      // WHEN those rows are allowed by name
      const allowed = run(['verify', dir, '--allow-skip', refs.join(',')]);
      // THEN they print SKIP, exit 0
      expect(allowed.out.filter((l) => l.startsWith('SKIP ')).map((l) => l.split(' ')[1])).toEqual(refs);
      expect(allowed.code).toBe(0);
      expect(allowed.out[allowed.out.length - 1]).toMatch(new RegExp(`^\\d+ passed, 0 failed, ${refs.length} skipped$`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
