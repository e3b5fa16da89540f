import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { EXAMPLES } from '../../examples/registry';
import { GenesysPeers, GenesysPlatform, GenesysPlatformProps, PlatformSynth, WRITTEN_FILES } from '../../src';
import { writeFileNoFollow } from '../../src/platform/fast-synth';

// Synthesis writes only its own files, only inside its folder: what it refuses (before anything is
// written or deleted), and what it leaves alone. Every folder is made under os.tmpdir().

const base: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
  ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } },
};

/** A fresh folder under os.tmpdir() holding `dist/` (the output folder, not yet made) and `outside/`. */
function sandbox(): { dist: string; outside: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-folder-'));
  const outside = path.join(root, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'precious.txt'), 'not the library\'s\n');
  return { dist: path.join(root, 'dist'), outside };
}

/** Every entry under `dir`, links not followed: a file's text, a link's target, `<dir>` for a folder. */
function snapshot(dir: string): { [rel: string]: string } {
  const out: { [rel: string]: string } = {};
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = `${prefix}${e.name}`;
      if (e.isSymbolicLink()) {
        out[rel] = `-> ${fs.readlinkSync(full)}`;
      } else if (e.isDirectory()) {
        out[rel] = '<dir>';
        walk(full, `${rel}/`);
      } else {
        out[rel] = fs.readFileSync(full, 'utf8');
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out;
}

function onePlatform(outdir: string, id = 'p'): App {
  const app = new App({ outdir });
  new GenesysPlatform(app, id, base);
  return app;
}

function regions(outdir: string, ids = ['usw1', 'euw1']): App {
  const app = new App({ outdir });
  for (const id of ids) new GenesysPlatform(app, id, { ...base, location: id });
  return app;
}

const synth = (app: App) => PlatformSynth.synth(app, { svg: false });

/** Synthesis must be refused with `message`, leaving `dist` and `outside` as they were. */
async function refused(app: App, dist: string, outside: string, message: RegExp): Promise<void> {
  const before = { dist: snapshot(dist), outside: snapshot(outside) };
  await expect(synth(app)).rejects.toThrow(message);
  expect({ dist: snapshot(dist), outside: snapshot(outside) }).toEqual(before);
}

function record(dist: string): string[] {
  return JSON.parse(fs.readFileSync(path.join(dist, WRITTEN_FILES), 'utf8')).files;
}

function tamper(dist: string, files: unknown): void {
  fs.writeFileSync(path.join(dist, WRITTEN_FILES), JSON.stringify({ generatedBy: 'cdk8s-genesys-cx', files }, null, 2));
}

describe('symbolic links where synthesis writes are refused, nothing written through them', () => {
  test('a committed link dist/p.k8s.yaml to a file outside: refused, naming the link, the target unchanged', async () => {
    const { dist, outside } = sandbox();
    fs.mkdirSync(dist);
    fs.symlinkSync(path.join(outside, 'precious.txt'), path.join(dist, 'p.k8s.yaml'));
    await refused(onePlatform(dist), dist, outside, new RegExp(`${path.join(dist, 'p.k8s.yaml')} is a symbolic link where synthesis writes a file: .*remove the link`));
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('not the library\'s\n');
  });

  test('a link in place of a review file, of helm/ or of a file in helm/templates/', async () => {
    for (const [link, target] of [['connections.json', 'precious.txt'], ['helm', '.'], ['helm/templates/p.k8s.yaml', 'precious.txt']] as const) {
      const { dist, outside } = sandbox();
      fs.mkdirSync(path.join(dist, 'helm', 'templates'), { recursive: true });
      if (link === 'helm') fs.rmSync(path.join(dist, 'helm'), { recursive: true });
      fs.symlinkSync(path.join(outside, target), path.join(dist, link));
      await refused(onePlatform(dist), dist, outside, new RegExp(`${path.join(dist, link)} is a symbolic link`));
    }
  });

  test('a region folder that is a link to a folder outside: refused, nothing written there', async () => {
    const { dist, outside } = sandbox();
    fs.mkdirSync(dist);
    fs.symlinkSync(outside, path.join(dist, 'euw1'));
    await refused(regions(dist), dist, outside, new RegExp(`${path.join(dist, 'euw1')} is a symbolic link, and synthesis writes into`));
  });

  test('the last guard: the writer never opens a link', () => {
    const { dist, outside } = sandbox();
    fs.mkdirSync(dist);
    fs.symlinkSync(path.join(outside, 'precious.txt'), path.join(dist, 'x.k8s.yaml'));
    expect(() => writeFileNoFollow(path.join(dist, 'x.k8s.yaml'), 'overwritten')).toThrow(/is a symbolic link; synthesis does not write through links/);
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('not the library\'s\n');
    writeFileNoFollow(path.join(dist, 'y.k8s.yaml'), 'written');
    expect(fs.readFileSync(path.join(dist, 'y.k8s.yaml'), 'utf8')).toBe('written');
  });
});

describe('a tampered record of written files never makes synthesis delete what it did not write', () => {
  let written: { [rel: string]: string };
  let template: { dist: string; outside: string };
  beforeAll(async () => {
    template = sandbox();
    await synth(onePlatform(template.dist));
    written = snapshot(template.dist);
  });

  /** A copy of the synthesized folder, with the team's own files, and its record replaced by `files`. */
  function tampered(files: unknown): { dist: string; outside: string } {
    const box = sandbox();
    fs.cpSync(template.dist, box.dist, { recursive: true });
    fs.writeFileSync(path.join(box.dist, 'NOTES.md'), 'the team\'s notes\n');
    fs.writeFileSync(path.join(box.dist, 'helm', 'custom.txt'), 'the team\'s file\n');
    tamper(box.dist, files);
    return box;
  }

  test.each([
    ['a path out of the folder', '../outside/precious.txt', /lists "\.\.\/outside\/precious\.txt", which is not a plain relative path inside/],
    ['an absolute path', '/etc/hostname', /lists "\/etc\/hostname", which is not a plain relative path inside/],
    ['a path with a "." part', './p.k8s.yaml', /lists "\.\/p\.k8s\.yaml", which is not a plain relative path/],
    ['a backslash', 'x\\..\\..\\p.k8s.yaml', /which is not a plain relative path/],
    ['the team\'s own file at the top', 'NOTES.md', /lists "NOTES\.md", which is not a file PlatformSynth writes/],
    ['the team\'s own file in helm/', 'helm/custom.txt', /lists "helm\/custom\.txt", which is not a file PlatformSynth writes/],
    ['a folder', 'helm', /lists "helm", which is not a file PlatformSynth writes/],
    ['a file in chart-values/ that is not chart values', 'chart-values/notes.txt', /lists "chart-values\/notes\.txt", which is not a file PlatformSynth writes/],
    ['a number', 7, /lists 7, which is not a file name/],
  ])('%s is refused, naming the entry and the fix; nothing written or deleted', async (_what, entry, message) => {
    const { dist, outside } = tampered(['p.k8s.yaml', entry]);
    await refused(onePlatform(dist), dist, outside, message);
    await expect(synth(onePlatform(dist))).rejects.toThrow(/restore .*\.cdk8s-genesys-cx-files\.json from version control, or delete it/);
  });

  test('an entry through a symbolically linked folder is refused: nothing deleted outside', async () => {
    const { dist, outside } = tampered(['p.k8s.yaml', 'linked/x.k8s.yaml']);
    fs.writeFileSync(path.join(outside, 'x.k8s.yaml'), 'a manifest outside\n');
    fs.symlinkSync(outside, path.join(dist, 'linked'));
    await refused(onePlatform(dist), dist, outside, new RegExp(`lists "linked/x\\.k8s\\.yaml", and ${path.join(dist, 'linked')} is a symbolic link: synthesis deletes nothing through a link`));
    expect(fs.readFileSync(path.join(outside, 'x.k8s.yaml'), 'utf8')).toBe('a manifest outside\n');
  });

  test('a record that is not JSON, has no list, or is a link is refused', async () => {
    for (const text of ['{ "files": [', '{ "generatedBy": "cdk8s-genesys-cx" }']) {
      const { dist, outside } = tampered([]);
      fs.writeFileSync(path.join(dist, WRITTEN_FILES), text);
      await refused(onePlatform(dist), dist, outside, /\.cdk8s-genesys-cx-files\.json (is not JSON|has no "files" list)/);
    }
    const { dist, outside } = tampered([]);
    fs.rmSync(path.join(dist, WRITTEN_FILES));
    fs.writeFileSync(path.join(outside, 'record.json'), JSON.stringify({ files: ['NOTES.md'] }));
    fs.symlinkSync(path.join(outside, 'record.json'), path.join(dist, WRITTEN_FILES));
    await refused(onePlatform(dist), dist, outside, /\.cdk8s-genesys-cx-files\.json is not a regular file/);
  });

  test('the untampered record still works: a stale manifest it lists is deleted, the team\'s files stay', async () => {
    const { dist } = tampered([...record(template.dist), 'old.k8s.yaml', 'helm/templates/old.k8s.yaml']);
    fs.writeFileSync(path.join(dist, 'old.k8s.yaml'), 'kind: ConfigMap\n');
    fs.writeFileSync(path.join(dist, 'helm', 'templates', 'old.k8s.yaml'), 'kind: ConfigMap\n');
    await synth(onePlatform(dist));
    const after = snapshot(dist);
    expect(after['old.k8s.yaml']).toBeUndefined();
    expect(after['helm/templates/old.k8s.yaml']).toBeUndefined();
    expect(after['NOTES.md']).toBe('the team\'s notes\n');
    expect(after['helm/custom.txt']).toBe('the team\'s file\n');
    expect(after['p.k8s.yaml']).toBe(written['p.k8s.yaml']);
  });
});

describe('the team\'s own files in the folder are never deleted or copied', () => {
  test('helm/custom.txt, a file in helm/templates/ and a YAML file of the team survive two syntheses; the chart holds only the manifests', async () => {
    const { dist } = sandbox();
    fs.mkdirSync(path.join(dist, 'helm', 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'helm', 'custom.txt'), 'the team\'s file\n');
    fs.writeFileSync(path.join(dist, 'helm', 'templates', 'extra.yaml'), 'kind: ConfigMap\n');
    fs.writeFileSync(path.join(dist, 'kustomization.yaml'), 'resources: []\n');
    for (let run = 0; run < 2; run++) await synth(onePlatform(dist));
    const after = snapshot(dist);
    expect(after['helm/custom.txt']).toBe('the team\'s file\n');
    expect(after['helm/templates/extra.yaml']).toBe('kind: ConfigMap\n');
    expect(after['kustomization.yaml']).toBe('resources: []\n');
    expect(after['helm/templates/kustomization.yaml']).toBeUndefined();
    expect(after['helm/templates/p.k8s.yaml']).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
    expect(record(dist)).toEqual(['CONNECTIONS.md', 'connections.json', 'helm/Chart.yaml', 'helm/templates/p.k8s.yaml', 'p.k8s.yaml', 'peers.json']);
  });
});

describe('the record synthesis writes is one it accepts', () => {
  test.each(['official-charts', 'multi-region'])('example %s synthesized twice into one folder writes the same files', async (name) => {
    const example = EXAMPLES.find((e) => e.name === name)!;
    const { dist } = sandbox();
    await synth(example.build(dist));
    const first = snapshot(dist);
    await synth(example.build(dist));
    expect(snapshot(dist)).toEqual(first);
  });
});

describe('two apps, one folder', () => {
  test('a second app writing into the folder of another is refused, naming both, and deletes nothing', async () => {
    const { dist, outside } = sandbox();
    await synth(regions(dist, ['usw1', 'euw1']));
    await refused(onePlatform(dist, 'lab'), dist, outside,
      /holds the output of another app \(its \.cdk8s-genesys-cx-files\.json names the charts euw1, usw1; this app's are lab\).*give each app its own outdir/);
    // the first app synthesizes again without a word
    await synth(regions(dist, ['usw1', 'euw1']));
    expect(fs.existsSync(path.join(dist, 'usw1', 'usw1.k8s.yaml'))).toBe(true);
  });

  test('the same app with a region added or removed is not another app', async () => {
    const { dist } = sandbox();
    await synth(regions(dist, ['usw1', 'euw1']));
    await synth(regions(dist, ['usw1', 'euw1', 'apse1']));
    await synth(regions(dist, ['apse1', 'usw1']));
    expect(fs.readdirSync(dist).sort()).toEqual([WRITTEN_FILES, 'apse1', 'usw1']);
  });
});

describe('two platforms with the same id', () => {
  test('under different parents: refused before anything is written, naming both paths', async () => {
    const { dist, outside } = sandbox();
    const app = new App({ outdir: dist });
    new GenesysPlatform(new Construct(app, 'eu'), 'main', { ...base, location: 'euw1' });
    new GenesysPlatform(new Construct(app, 'us'), 'main', { ...base, location: 'usw1' });
    await refused(app, dist, outside, /platforms "eu\/main" and "us\/main" share the id "main", which names the region's folder .*Give each platform its own id/);
    expect(fs.existsSync(dist)).toBe(false);
  });
});
