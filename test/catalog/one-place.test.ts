import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

// A port lives in one place: the catalog row. Each test loads a fresh copy of the library, changes
// one row's effective port in its catalog, and finds every consequence in the synthesized output
// (both NetworkPolicy sides, the Service, the configuration URL) and in CONNECTIONS.md, with no other
// edit. The shared library instance of the other tests is untouched.

type Lib = typeof import('../../src') & { readonly cdk8s: typeof import('cdk8s') };

/** A fresh library (and the cdk8s it loads) whose catalog row `ref` dials `servicePort` → `podPort`. */
function libraryWith(ref: string, servicePort: number, podPort: number): Lib {
  let lib!: Lib;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lib = { ...require('../../src'), cdk8s: require('cdk8s') };
  });
  const row = lib.ConnectionCatalog.get(ref) as { servicePort?: number; podPort?: number };
  row.servicePort = servicePort;
  row.podPort = podPort;
  return lib;
}

function platform(lib: Lib): { objects: any[]; markdown: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-one-place-'));
  const app = new lib.cdk8s.App({ outdir: dir });
  const p = new lib.GenesysPlatform(app, 'p', {
    domain: 'example.com',
    developmentStores: true,
    peers: { tenantService: lib.GenesysPeers.tenantService({ port: 8080 }), iwd: lib.GenesysPeers.iwd({ port: 8080 }) },
    ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } },
  });
  app.synth();
  const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'p.k8s.yaml'), 'utf8')).map((d) => d.toJS()).filter((o) => o);
  return { objects, markdown: lib.ConnectionReport.markdown(p) };
}

function find(objects: any[], kind: string, name: string, namespace: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The pod ports a policy opens to or from pods with the given `app.kubernetes.io/name`. */
function ports(policy: any, name: string): number[] {
  const rules = policy.spec.ingress ?? policy.spec.egress ?? [];
  return rules
    .filter((r: any) => (r.from ?? r.to).some((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name))
    .flatMap((r: any) => r.ports.map((p: any) => p.port)).sort();
}

function env(objects: any[], name: string, namespace: string): { [key: string]: string } {
  const d = find(objects, 'Deployment', name, namespace);
  return Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
}

/** The "Effective port" cell of one row of CONNECTIONS.md. */
function effective(markdown: string, service: string, n: number): string {
  const table = markdown.slice(markdown.indexOf(`## ${service}`));
  const line = table.split('\n').find((l) => l.startsWith(`| ${n} |`))!;
  return line.split(' | ')[5];
}

describe('a port lives in one place: the catalog row', () => {
  test('a workload row (nexus#7, Digital Channels -> GWS service proxy): policies, Service, URL and report follow', () => {
    const { objects, markdown } = platform(libraryWith('nexus#7', 8000, 8090));
    expect(ports(find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus'), 'gws-service-proxy')).toEqual([8090]);
    expect(ports(find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', 'gws'), 'nexus')).toEqual([8090]);
    expect(find(objects, 'Service', 'gws-service-proxy', 'gws').spec.ports).toContainEqual({ name: 'http', port: 8000, targetPort: 8090, protocol: 'TCP' });
    expect(find(objects, 'Deployment', 'gws-service-proxy', 'gws').spec.template.spec.containers[0].ports).toContainEqual({ containerPort: 8090, name: 'http', protocol: 'TCP' });
    expect(env(objects, 'nexus', 'nexus').NEXUS_GWS_URL).toBe('http://gws-service-proxy.gws.svc.cluster.local:8000');
    expect(effective(markdown, 'Digital Channels', 7)).toBe('8000 → 8090');
  });

  test('a store row (gws#13, Data Collector -> Elasticsearch): the embedded store listens on it, both sides and the address follow', () => {
    const { objects, markdown } = platform(libraryWith('gws#13', 9201, 9201));
    expect(ports(find(objects, 'NetworkPolicy', 'gws-platform-datacollector-egress', 'gws'), 'elasticsearch')).toEqual([9201]);
    expect(ports(find(objects, 'NetworkPolicy', 'elasticsearch-gws-ingress', 'gws'), 'gws-platform-datacollector')).toEqual([9201]);
    expect(find(objects, 'Service', 'elasticsearch-gws', 'gws').spec.ports).toEqual([{ name: 'http', port: 9201, targetPort: 9201, protocol: 'TCP' }]);
    const es = find(objects, 'StatefulSet', 'elasticsearch-gws', 'gws').spec.template.spec.containers[0];
    expect(es.ports).toEqual([{ containerPort: 9201, name: 'http', protocol: 'TCP' }]);
    expect(es.env).toContainEqual({ name: 'http.port', value: '9201' });
    expect(env(objects, 'gws-platform-datacollector', 'gws')).toMatchObject({
      GWS_ELASTICSEARCH_PORT: '9201',
      GWS_ELASTICSEARCH_URL: 'http://elasticsearch-gws.gws.svc.cluster.local:9201',
    });
    expect(effective(markdown, 'Genesys Web Services and Applications', 13)).toBe('9201 → 9201');
  });

  test('a peer-service row (gws#17, Workspace -> Voicemail): the typed peer\'s default port, the policy, URL and report follow', () => {
    const lib = libraryWith('gws#17', 8082, 8082);
    expect(lib.GenesysPeers.voicemail().findPort('http')?.port).toBe(8082);
    const { objects, markdown } = platform(lib);
    expect(ports(find(objects, 'NetworkPolicy', 'gws-app-workspace-egress', 'gws'), 'voice-voicemail')).toEqual([8082]);
    expect(env(objects, 'gws-app-workspace', 'gws').GWS_SERVICE_VOICEMAIL_URL).toBe('http://voice-voicemail-service.voice.svc.cluster.local:8082/fs');
    expect(effective(markdown, 'Genesys Web Services and Applications', 17)).toBe('8082 → 8082');
  });

  test('the unchanged library still dials the documented ports (the other tests\' copy is untouched)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib: Lib = require('../../src');
    expect(lib.ConnectionCatalog.get('nexus#7')).toMatchObject({ servicePort: 80, podPort: 8080 });
    expect(lib.GenesysPeers.voicemail().findPort('http')?.port).toBe(8081);
  });
});
