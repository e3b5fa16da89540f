import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { GenesysPeers, GenesysPlatform, GenesysPlatformProps, PlatformSynth } from '../../src';

// The speed machinery (src/platform/fast-synth.ts) changes how fast the YAML is written, never what
// is written, and leaves cdk8s as it found it.

const base: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
  ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } },
};
const REGIONS = ['usw1', 'euw1', 'apse1'];

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `gcx-fast-${name}-`));

/** An app of three platforms (one per region) and a plain chart, each counting how often it is validated. */
function regions(outdir: string, extra = true): { app: App; validations: Map<string, number> } {
  const app = new App({ outdir });
  const validations = new Map<string, number>();
  const count = (chart: Chart) => chart.node.addValidation({
    validate: () => {
      validations.set(chart.node.id, (validations.get(chart.node.id) ?? 0) + 1);
      return [];
    },
  });
  for (const region of REGIONS) count(new GenesysPlatform(app, region, { ...base, location: region }));
  if (extra) count(new Chart(app, 'extra'));
  return { app, validations };
}

function yamlFiles(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'helm') walk(path.join(d, e.name));
      else if (e.name.endsWith('.k8s.yaml')) found.set(e.name, fs.readFileSync(path.join(d, e.name), 'utf8'));
    }
  };
  walk(dir);
  return found;
}

describe('the synth window: the app is validated once per synthesis', () => {
  test('plain app.synth() (and so cdk8s synth) validates every chart once, not once per chart', () => {
    const { app, validations } = regions(tmp('plain'), false);
    app.synth();
    expect(Object.fromEntries(validations)).toEqual({ usw1: 1, euw1: 1, apse1: 1 });
  });

  test('a chart that is not a platform keeps cdk8s\'s toJson(): one more validation of the app, not one per chart', () => {
    const { app, validations } = regions(tmp('extra'));
    app.synth();
    expect(Object.fromEntries(validations)).toEqual({ usw1: 2, euw1: 2, apse1: 2, extra: 2 });
  });

  test('PlatformSynth validates every chart once', async () => {
    const { app, validations } = regions(tmp('platform'), false);
    await PlatformSynth.synth(app, { svg: false, helm: false });
    expect(Object.fromEntries(validations)).toEqual({ usw1: 1, euw1: 1, apse1: 1 });
  });

  test('outside synthesis a platform\'s toJson() is cdk8s\'s own: it validates the app', () => {
    const { app, validations } = regions(tmp('tojson'));
    const platform = app.charts.find((c) => c.node.id === 'euw1')!;
    const objects = platform.toJson();
    expect(objects.length).toBeGreaterThan(100);
    expect(validations.get('usw1')).toBe(1);
    // and the objects are those the chart writes inside the window
    const dir = tmp('tojson-synth');
    const again = regions(dir).app;
    again.synth();
    expect(Yaml.stringify(...objects)).toEqual(yamlFiles(dir).get('euw1.k8s.yaml'));
  });
});

describe('PlatformSynth writes the YAML plain app.synth() writes', () => {
  test('byte for byte, every chart of an app of three regions and a plain chart', async () => {
    const plain = tmp('plain-bytes');
    regions(plain).app.synth();
    const ours = tmp('ours-bytes');
    await PlatformSynth.synth(regions(ours).app, { svg: false, helm: false });
    const want = yamlFiles(plain);
    expect([...want.keys()].sort()).toEqual(['apse1.k8s.yaml', 'euw1.k8s.yaml', 'extra.k8s.yaml', 'usw1.k8s.yaml']);
    expect(Object.fromEntries(yamlFiles(ours))).toEqual(Object.fromEntries(want));
  });

  test('cdk8s\'s writer is called at most once (the probe), and Yaml.save is restored', async () => {
    const save = Yaml.save;
    const stringify = jest.spyOn(Yaml, 'stringify');
    try {
      await PlatformSynth.synth(regions(tmp('writer')).app, { svg: false, helm: false });
      expect(stringify.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      stringify.mockRestore();
    }
    expect(Yaml.save).toBe(save);
  });

  test('a writer that disagrees with cdk8s on the probe leaves the writing to cdk8s', async () => {
    const original = Yaml.stringify;
    const seen: number[] = [];
    // another yaml version, say, that writes single quotes as double ones
    const other = jest.spyOn(Yaml, 'stringify').mockImplementation((...docs: any[]) => {
      seen.push(docs.length);
      return original.apply(Yaml, docs).replace(/'/g, '"');
    });
    const dir = tmp('disagree');
    try {
      await PlatformSynth.synth(regions(dir).app, { svg: false, helm: false });
    } finally {
      other.mockRestore();
    }
    // the probe, then one call per file
    expect(seen.length).toBe(1 + 4);
    const plain = tmp('disagree-plain');
    regions(plain).app.synth();
    for (const [file, text] of yamlFiles(plain)) expect({ file, text: yamlFiles(dir).get(file) }).toEqual({ file, text: text.replace(/'/g, '"') });
  });
});

describe('Yaml.save is restored afterwards, even when synthesis fails', () => {
  test('a validation error', async () => {
    const save = Yaml.save;
    const { app } = regions(tmp('invalid'));
    app.charts[1]!.node.addValidation({ validate: () => ['broken on purpose'] });
    await expect(PlatformSynth.synth(app, { svg: false, helm: false })).rejects.toThrow(/broken on purpose/);
    expect(Yaml.save).toBe(save);
  });

  test('an error after the first file is written', async () => {
    const save = Yaml.save;
    const dir = tmp('midway');
    const { app } = regions(dir);
    const second = app.charts[1]!;
    second.toJson = () => {
      throw new Error('second chart fails');
    };
    await expect(PlatformSynth.synth(app, { svg: false, helm: false })).rejects.toThrow(/second chart fails/);
    expect(Yaml.save).toBe(save);
    // and plain app.synth() writes through cdk8s's own Yaml.save again
    const calls = jest.spyOn(Yaml, 'save');
    try {
      const again = regions(tmp('after'));
      again.app.synth();
      expect(calls).toHaveBeenCalledTimes(4);
    } finally {
      calls.mockRestore();
    }
  });
});
