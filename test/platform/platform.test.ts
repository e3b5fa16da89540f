import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { Connection, GenesysPeers, GenesysPlatform, GenesysPlatformProps, Labels, PlatformSynth, Verifier } from '../../src';
import { find, podSpec, synthesisError, synthesize } from '../support/synth';

const base: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
  ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } },
  nexus: {
    webhooks: [{ name: 'hooks', host: 'hooks.example.com', cidrGroups: [{ name: 'hooks', cidrs: ['203.0.113.64/28'] }] }],
    messagingAggregators: [{ name: 'sms', host: 'sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
  },
};

function ingressFrom(policy: any, namespace: string, name: string): number[] {
  return policy.spec.ingress
    .filter((r: any) => r.from.some((p: any) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === namespace && p.podSelector?.matchLabels?.[Labels.NAME] === name))
    .flatMap((r: any) => r.ports.map((p: any) => p.port));
}

function egressTo(policy: any, namespace: string, name: string): number[] {
  return policy.spec.egress
    .filter((r: any) => r.to.some((p: any) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === namespace && p.podSelector?.matchLabels?.[Labels.NAME] === name))
    .flatMap((r: any) => r.ports.map((p: any) => p.port));
}

describe('GenesysPlatform', () => {
  test('wires the cross-service rows to the real workloads at both ends', () => {
    const { objects } = synthesize((app) => new GenesysPlatform(app, 'p', base));
    const egress = (ns: string, name: string) => find(objects, 'NetworkPolicy', `${name}-egress`, ns);
    const ingress = (ns: string, name: string) => find(objects, 'NetworkPolicy', `${name}-ingress`, ns);
    // gws#27: GWS Workspace -> Digital Channels, pod port 8080 at both ends
    expect(egressTo(egress('gws', 'gws-app-workspace'), 'nexus', 'nexus')).toEqual([8080]);
    expect(ingressFrom(ingress('nexus', 'nexus'), 'gws', 'gws-app-workspace')).toEqual([8080]);
    // gws#28 and ucsx#13: GWS Workspace <-> UCS-X, both directions
    expect(egressTo(egress('gws', 'gws-app-workspace'), 'ucsx', 'ucsx')).toEqual([8080]);
    expect(ingressFrom(ingress('ucsx', 'ucsx'), 'gws', 'gws-app-workspace')).toEqual([8080]);
    expect(egressTo(egress('ucsx', 'ucsx'), 'gws', 'gws-app-workspace')).toEqual([8080]);
    expect(ingressFrom(ingress('gws', 'gws-app-workspace'), 'ucsx', 'ucsx')).toEqual([8080]);
    // nexus#7: Digital Channels -> GWS service proxy
    expect(egressTo(egress('nexus', 'nexus'), 'gws', 'gws-service-proxy')).toEqual([8080]);
    expect(ingressFrom(ingress('gws', 'gws-service-proxy'), 'nexus', 'nexus')).toEqual([8080]);
    // nexus#8 (Service 80) and ucsx#15 (Service 8080) both reach UCS-X pod port 8080
    expect(egressTo(egress('nexus', 'nexus'), 'ucsx', 'ucsx')).toEqual([8080]);
    expect(ingressFrom(ingress('ucsx', 'ucsx'), 'nexus', 'nexus')).toEqual([8080]);
    expect(find(objects, 'Service', 'ucsx', 'ucsx').spec.ports.filter((p: any) => p.targetPort === 8080).map((p: any) => p.port).sort()).toEqual([80, 8080]);
  });

  test('gives each service its peers\' addresses and WWE the other services\' public URLs', () => {
    const { objects } = synthesize((app) => new GenesysPlatform(app, 'p', { ...base, location: 'usw1' }));
    const env = (ns: string, name: string) => Object.fromEntries(podSpec(find(objects, 'Deployment', name, ns)).containers[0].env
      .filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    expect(env('gws', 'gws-app-workspace').GWS_DIGITAL_CHANNELS_URL).toBe('http://nexus.nexus.svc.cluster.local:80');
    expect(env('gws', 'gws-app-workspace').GWS_UCS_URL).toBe('http://ucsx.ucsx.svc.cluster.local:8080');
    expect(env('gws', 'gws-app-workspace').GWS_LOCATION).toBe('usw1');
    const runtime = JSON.parse(Object.values(find(objects, 'ConfigMap', 'wwe-nginx-config', 'wwe').data)[0] as string);
    expect(JSON.stringify(runtime)).toContain('https://gws.cx.example.com');
    expect(JSON.stringify(runtime)).toContain('https://digital.cx.example.com');
    expect(JSON.stringify(runtime)).toContain('https://gauth.cx.example.com');
  });

  test('a service turned off is reached through its typed peer', () => {
    const { objects } = synthesize((app) => new GenesysPlatform(app, 'p', { ...base, services: { nexus: false } }));
    expect(objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'nexus')).toHaveLength(0);
    expect(egressTo(find(objects, 'NetworkPolicy', 'gws-app-workspace-egress', 'gws'), 'nexus', 'nexus')).toEqual([8080]);
  });

  test('the synthesized platform passes the verifier: every present row passes, no undocumented opening', () => {
    const { dir } = synthesize((app) => new GenesysPlatform(app, 'p', base));
    // no peers file or options: the peers outside the platform come from the manifests' genesys-cx-peers ConfigMaps
    const report = Verifier.verify(dir, { peers: [] });
    expect(report.failed).toBe(0);
    expect(report.skipped).toBe(0);
    expect(report.openings).toBe(0);
    expect(report.passed).toBeGreaterThan(40);
  });

  test('fails clearly, writing nothing, when GWS runs without the Tenant Service and IWD peers', () => {
    const message = synthesisError((app) => new GenesysPlatform(app, 'p', { ...base, peers: {} }));
    expect(message).toMatch(/tenantService is missing/);
    expect(message).toMatch(/iwd is missing/);
  });

  test('fails on a domain that is not a DNS name', () => {
    expect(synthesisError((app) => new GenesysPlatform(app, 'p', { ...base, domain: 'CX Example' }))).toMatch(/\[p\] domain "CX Example" is not a DNS name/);
  });
});

describe('regions', () => {
  test('two platforms in one app are two clusters: connections never bind across, each writes its own folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-regions-'));
    const app = new App({ outdir: dir });
    const a = new GenesysPlatform(app, 'usw1', { ...base, location: 'usw1' });
    const b = new GenesysPlatform(app, 'euw1', { ...base, location: 'euw1' });
    for (const [platform, other] of [[a, b], [b, a]]) {
      for (const c of Connection.all(platform)) {
        for (const w of [...c.sourceWorkloads, ...c.destinationWorkloads]) {
          expect(platform.node.findAll().some((x: any) => x.peer === w)).toBe(true);
          expect(other.node.findAll().some((x: any) => x.peer === w)).toBe(false);
        }
      }
    }
    const clusters = await PlatformSynth.synth(app, { svg: false });
    expect(clusters.map((c) => c.name)).toEqual(['usw1', 'euw1']);
    for (const region of ['usw1', 'euw1']) {
      const files = fs.readdirSync(path.join(dir, region)).sort();
      expect(files).toEqual(['CONNECTIONS.md', 'connections.json', 'helm', 'peers.json', `${region}.k8s.yaml`].sort());
      const yaml = fs.readFileSync(path.join(dir, region, `${region}.k8s.yaml`), 'utf8');
      expect(yaml).toContain(`value: ${region}`);
      expect(yaml).not.toContain(`value: ${region === 'usw1' ? 'euw1' : 'usw1'}`);
      const report = Verifier.verify(path.join(dir, region));
      expect(report.failed).toBe(0);
      expect(report.openings).toBe(0);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))).toEqual([]);
  });
});
