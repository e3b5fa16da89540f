import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  Connection, GenesysPeers, GenesysPlatform, GenesysPlatformProps, HardenedWorkload, NexusService, PlatformSynth, SynthWarnings,
  TaintEffect, TolerationOperator, WRITTEN_FILES,
} from '../../src';
import { synthesisFailure, synthesize } from '../support/synth';

// What a real cluster and a real platform team need: registry credentials and node pools on every
// pod, stores that are never in-cluster by accident, warnings that say what is left unwired, and a
// synthesis that stays in its folder and leaves no stale files.

const base: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
  ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } },
};

const PODS = ['Deployment', 'StatefulSet'];

describe('pod settings on GenesysPlatform reach every pod of every workload', () => {
  // GIVEN registry credentials, a node pool, a toleration and a priority on the platform
  const { objects } = synthesize((app) => new GenesysPlatform(app, 'p', {
    ...base,
    pods: {
      imagePullSecrets: ['genesys-registry'],
      nodeSelector: { 'node-pool': 'genesys' },
      tolerations: [{ key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'genesys', effect: TaintEffect.NO_SCHEDULE }],
      priorityClassName: 'genesys-high',
      labels: { 'cost-center': 'cx' },
    },
    gws: { services: { voice: { pods: { nodeSelector: { 'node-pool': 'voice' }, imagePullSecrets: ['voice-registry'] } } } },
  }));
  const workloads = objects.filter((o) => PODS.includes(o.kind));

  test('every Deployment and StatefulSet (embedded stores included) carries them', () => {
    expect(workloads.length).toBeGreaterThan(25);
    for (const w of workloads) {
      const spec = w.spec.template.spec;
      const id = `${w.kind} ${w.metadata.namespace}/${w.metadata.name}`;
      expect({ id, secrets: spec.imagePullSecrets.map((s: any) => s.name) }).toEqual({ id, secrets: expect.arrayContaining(['genesys-registry']) });
      expect({ id, tolerations: spec.tolerations }).toEqual({ id, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'genesys', effect: 'NoSchedule' }] });
      expect({ id, priority: spec.priorityClassName }).toEqual({ id, priority: 'genesys-high' });
      expect({ id, label: w.spec.template.metadata.labels['cost-center'] }).toEqual({ id, label: 'cx' });
      expect(spec.nodeSelector['node-pool']).toBe(w.metadata.name === 'gws-platform-voice' ? 'voice' : 'genesys');
    }
  });

  test('a component refines them: its own node pool, its registry credentials added to the platform\'s', () => {
    const voice = workloads.find((w) => w.metadata.name === 'gws-platform-voice');
    expect(voice.spec.template.spec.imagePullSecrets).toEqual([{ name: 'genesys-registry' }, { name: 'voice-registry' }]);
  });
});

describe('development stores are an explicit opt-in', () => {
  test('a platform that names no stores and does not opt in fails with one error listing them, and writes nothing', () => {
    const { message, written } = synthesisFailure((app) => new GenesysPlatform(app, 'p', { ...base, developmentStores: undefined }));
    const lines = message.split('\n').filter((l) => l.includes('no store is configured'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ *\[p\] no store is configured for gws\.postgres, gws\.redis, gws\.elasticsearch, gws\.consul, nexus\.redis, nexus\.postgres, ucsx\.elasticsearch, ucsx\.masterDatabase, ucsx\.tenants\[0\]\.database, ucsx\.udmMasterDatabase/);
    expect(lines[0]).toMatch(/set developmentStores: true/);
    expect(written).toEqual([]);
  });

  test('with the opt-in, each embedded store is a warning at synth', () => {
    let warnings: string[] = [];
    synthesize((app) => {
      const p = new GenesysPlatform(app, 'p', base);
      warnings = SynthWarnings.of(p);
    });
    expect(warnings.filter((w) => /embedded .* \(development only/.test(w))).toHaveLength(10);
    expect(warnings).toContainEqual(expect.stringMatching(/^\[p\/gws\] consul: embedded consul \(development only/));
  });
});

describe('warnings at synth say which rows configuration leaves unwired', () => {
  test('no webhooks, no aggregators, a disabled GWS service: each row named, with the reason', () => {
    let warnings: string[] = [];
    synthesize((app) => {
      const p = new GenesysPlatform(app, 'p', { ...base, gws: { services: { chat: { enabled: false } } } });
      warnings = SynthWarnings.of(p);
    });
    expect(warnings).toContainEqual(expect.stringMatching(/nexus#12 \(Digital Channels -> Interactions Webhooks\) is left unwired: no webhooks are given/));
    expect(warnings).toContainEqual(expect.stringMatching(/nexus#11 .* is left unwired: no messagingAggregators are given/));
    expect(warnings).toContainEqual(expect.stringMatching(/gws#2 .* is left unwired for gws-platform-chat: services\.chat is disabled/));
  });
});

describe('PlatformSynth stays in its folder and removes what it wrote before', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-synth-'));

  test('refuses a platform id that would escape the output folder, writing nothing', async () => {
    const parent = tmp();
    const outdir = path.join(parent, 'out');
    const app = new App({ outdir });
    new GenesysPlatform(app, 'usw1', base);
    new GenesysPlatform(app, '..', base);
    await expect(PlatformSynth.synth(app, { svg: false, helm: false })).rejects.toThrow(/platform id "\.\." cannot name a folder inside/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  test('going from one platform to two removes the single platform\'s files, and keeps files it did not write', async () => {
    const outdir = tmp();
    fs.writeFileSync(path.join(outdir, 'NOTES.md'), 'the team\'s own file\n');
    const one = new App({ outdir });
    new GenesysPlatform(one, 'usw1', base);
    await PlatformSynth.synth(one, { svg: false });
    expect(fs.existsSync(path.join(outdir, 'usw1.k8s.yaml'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, WRITTEN_FILES), 'utf8')).files).toContain('CONNECTIONS.md');

    const two = new App({ outdir });
    new GenesysPlatform(two, 'usw1', { ...base, location: 'usw1' });
    new GenesysPlatform(two, 'euw1', { ...base, location: 'euw1' });
    await PlatformSynth.synth(two, { svg: false });
    const top = fs.readdirSync(outdir).sort();
    expect(top).toEqual([WRITTEN_FILES, 'NOTES.md', 'euw1', 'usw1']);
    expect(fs.readdirSync(path.join(outdir, 'usw1')).sort()).toEqual(['CONNECTIONS.md', 'connections.json', 'helm', 'peers.json', 'usw1.k8s.yaml']);
  });

  test('records every file it wrote by path, whatever the clocks say, and keeps them on the next run', async () => {
    // file systems stamp files with a coarse clock; a record made from modification times against
    // Date.now() missed a YAML file written in the same few milliseconds, and the next run deleted it
    const outdir = tmp();
    const all = ['CONNECTIONS.md', 'connections.json', 'helm/Chart.yaml', 'helm/templates/usw1.k8s.yaml', 'peers.json', 'usw1.k8s.yaml'];
    const now = Date.now();
    const ahead = jest.spyOn(Date, 'now').mockReturnValue(now + 3_600_000);
    try {
      for (let run = 0; run < 2; run++) {
        const app = new App({ outdir });
        new GenesysPlatform(app, 'usw1', base);
        await PlatformSynth.synth(app, { svg: false });
        expect(JSON.parse(fs.readFileSync(path.join(outdir, WRITTEN_FILES), 'utf8')).files).toEqual(all);
        expect(all.every((f) => fs.existsSync(path.join(outdir, f)))).toBe(true);
      }
    } finally {
      ahead.mockRestore();
    }
  });

  test('the record lists construct-metadata.json when cdk8s writes it', async () => {
    const outdir = tmp();
    const app = new App({ outdir, recordConstructMetadata: true });
    new GenesysPlatform(app, 'usw1', base);
    await PlatformSynth.synth(app, { svg: false, helm: false });
    expect(JSON.parse(fs.readFileSync(path.join(outdir, WRITTEN_FILES), 'utf8')).files)
      .toEqual(['CONNECTIONS.md', 'connections.json', 'construct-metadata.json', 'peers.json', 'usw1.k8s.yaml']);
  });
});

describe('found while writing the guide', () => {
  test('a service on its own names its own store fields in the one message', () => {
    const { message, written } = synthesisFailure((app) => new NexusService(new Chart(app, 'c', { disableResourceNameHashes: true }), 'nexus', { domain: 'example.com' }));
    expect(message).toMatch(/\[c\/nexus\] nexus: no store is configured for redis, postgres \(give each an external store, e\.g\. redis\.external/);
    expect(written).toEqual([]);
  });

  test('monitoring on the platform uses the documented default Prometheus', () => {
    const { objects } = synthesize((app) => new GenesysPlatform(app, 'p', { ...base, monitoring: true }));
    expect(objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort())
      .toEqual(['nexus/nexus', 'ucsx/ucsx', 'ucsx/udm', 'ucsx/udm-gateway']);
  });

  test('a connection to a workload of another cluster is refused instead of writing one side only', () => {
    const { message, written } = synthesisFailure((app) => {
      const p = new GenesysPlatform(app, 'p', base);
      const other = new Chart(app, 'tools', { disableResourceNameHashes: true });
      const tool = new HardenedWorkload(other, 'tool', { id: 'tool', component: 'tools', namespace: 'tools', image: { repository: 'tools/tool', tag: '1' }, ports: [{ name: 'http', port: 80 }] });
      Connection.declare(other, { source: tool.peer, destination: p.gws!.serviceProxy!.peer, port: 'http', refs: ['ext:tool'], reason: 'a tool' });
    });
    expect(message).toMatch(/gws\/gws-service-proxy is a workload of another cluster .*declare the connection inside the platform that owns gws-service-proxy/);
    expect(written).toEqual([]);
  });
});
