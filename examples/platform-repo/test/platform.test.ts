import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { PlatformSynth, Verifier } from 'cdk8s-genesys-cx';
import { buildApp, definePlatform } from '../main';

/** A Kubernetes object as the platform writes it. */
interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: any;
}

const manifests: K8sObject[] = Testing.synth(definePlatform(Testing.app()));

function objects(kind: string): K8sObject[] {
  return manifests.filter((o) => o.kind === kind);
}

function object(kind: string, namespace: string, name: string): K8sObject {
  const found = manifests.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${namespace}/${name} in the platform`);
  return found;
}

/** Containers of a workload's pod template. */
function containers(workload: K8sObject): any[] {
  return workload.spec.template.spec.containers;
}

function env(workload: K8sObject, name: string): string | undefined {
  for (const c of containers(workload)) {
    const found = (c.env ?? []).find((e: any) => e.name === name);
    if (found) return found.value;
  }
  return undefined;
}

test('every NetworkPolicy names its namespace', () => {
  const policies = objects('NetworkPolicy');
  expect(policies.length).toBeGreaterThan(20);
  const withoutNamespace = policies.filter((p) => !p.metadata.namespace).map((p) => p.metadata.name);
  expect(withoutNamespace).toEqual([]);
});

test('each of the four namespaces exists and denies all traffic by default', () => {
  const namespaces = objects('Namespace').map((n) => n.metadata.name).sort();
  // the four services', and the one of the two Gateways the platform writes for class "eg"
  expect(namespaces).toEqual(['gateway', 'gws', 'nexus', 'ucsx', 'wwe']);
  expect(objects('Gateway').map((g) => `${g.metadata.namespace}/${g.metadata.name}`).sort()).toEqual(['gateway/genesys-internal', 'gateway/genesys-public']);
  for (const ns of namespaces.filter((n) => n !== 'gateway')) {
    const deny = object('NetworkPolicy', ns, 'default-deny');
    expect(deny.spec.podSelector).toEqual({});
    expect([...deny.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    expect(deny.spec.ingress).toBeUndefined();
    expect(deny.spec.egress).toBeUndefined();
  }
});

test('UCS-X, UDM and the UDM Gateway run in the ucsx namespace', () => {
  for (const name of ['ucsx', 'udm', 'udm-gateway']) {
    const workload = object('Deployment', 'ucsx', name);
    expect(containers(workload).length).toBeGreaterThan(0);
  }
});

test('the file storage is wired into UDM and the UDM Gateway, and their egress reaches it', () => {
  for (const name of ['udm', 'udm-gateway']) {
    expect(env(object('Deployment', 'ucsx', name), 'FILE_STORAGE_URL')).toBe('https://exports.storage.example.com:443');
    const egress = object('NetworkPolicy', 'ucsx', `${name}-egress`);
    const cidrs = egress.spec.egress.flatMap((rule: any) => (rule.to ?? []).map((peer: any) => peer.ipBlock?.cidr));
    expect(cidrs).toContain('198.51.100.0/24');
  }
});

test('GWS dials the Tenant Service and IWD peers on the ports we named', () => {
  const urls = objects('Deployment').filter((d) => d.metadata.namespace === 'gws').map((d) => env(d, 'GWS_IWD_URL'));
  expect(urls).toContain('http://iwd.iwd.svc.cluster.local:8080');
  const toTenant = objects('NetworkPolicy')
    .filter((p) => p.metadata.namespace === 'gws' && p.spec.egress)
    .flatMap((p) => p.spec.egress)
    .filter((rule: any) => (rule.to ?? []).some((peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'tenant'));
  expect(toTenant.length).toBeGreaterThan(0);
  for (const rule of toTenant) expect(rule.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
});

test('every Genesys workload pulls from our registry, and no image is tagged latest', () => {
  const images = (kind: string) => objects(kind).flatMap((w) => containers(w).map((c) => c.image as string));
  const genesys = images('Deployment');
  expect(genesys.length).toBeGreaterThan(10);
  for (const image of genesys) expect(image).toMatch(/^registry\.example\.com\/genesys\/[^:]+:[^:]+$/);
  for (const image of [...genesys, ...images('StatefulSet')]) expect(image).not.toMatch(/:latest$/);
});

test('the public hosts are under our domain', () => {
  const hosts = objects('HTTPRoute').flatMap((r) => (r.spec.hostnames ?? []) as string[]);
  expect(hosts.length).toBeGreaterThan(0);
  for (const host of hosts) expect(host.endsWith('.cx.example.com')).toBe(true);
});

test('the plain cdk8s synth output verifies on its own: every row checked, none skipped', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  try {
    // what `npx cdk8s synth` writes: the YAML alone, which describes the peers itself
    buildApp(outdir).synth();
    const report = Verifier.verify(outdir);
    expect(report.skipped).toBe(0);
    expect(report.failed).toBe(0);
    expect(report.openings).toBe(0);
    expect(report.ok).toBe(true);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('the verifier passes every documented connection and finds nothing else open', async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  try {
    const app = new App({ outdir });
    definePlatform(app);
    const [cluster] = await PlatformSynth.synth(app, { svg: false, helm: false });
    const report = Verifier.verify(cluster.directory);
    expect(report.failed).toBe(0);
    expect(report.openings).toBe(0);
    expect(report.passed).toBeGreaterThan(60);
    expect(report.ok).toBe(true);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
