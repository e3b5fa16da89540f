import { Chart } from 'cdk8s';
import { allowed, component, End, endKey, envOf, find, mainContainer, ofKind, refsOf, synth } from './support';
import { ComponentIds, ConnectionCatalog, EntryPoints, GenesysPeers, IngressProfile, Labels, Peer, SynthWarnings, UcsxStack, UcsxStackProps } from '../../src';

// Shared fixtures ------------------------------------------------------------------------------

const FILES_CIDR = '20.60.0.0/16';
const fileStorage = { host: 'exports.blob.core.windows.net', cidrGroups: [{ name: 'blob', cidrs: [FILES_CIDR] }] };
const NS = 'ucsx';
const NGINX = EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX });

const CONTROLLER: End = { namespace: 'ingress-nginx', labels: { [Labels.NAME]: 'ingress-nginx', [Labels.COMPONENT]: 'controller' } };
const PROMETHEUS: End = { namespace: 'monitoring', labels: { [Labels.NAME]: 'prometheus' } };
const IWD: End = { namespace: 'iwd', labels: { [Labels.NAME]: 'iwd' } };
const GAUTH: End = { namespace: 'gauth', labels: { [Labels.NAME]: 'gauth-auth' } };
const NEXUS = component('nexus', 'nexus', 'nexus');
const GWS_WORKSPACE = component('gws-app-workspace', 'gws', 'gws');
const FILES: End = { cidr: FILES_CIDR };

function defaults(chart: Chart, extra: Partial<UcsxStackProps> = {}): UcsxStack {
  // entry points as Ingress objects of ingress-nginx: the Gateway API rendering is tested apart below
  return new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage, entryPoints: NGINX, ...extra });
}

/** One documented row as NetworkPolicy rules: who may open what, on which pod port. */
interface RuleCase {
  readonly ref: string;
  readonly source: End;
  /** Name of our workload at the source (its egress policy carries the rule). */
  readonly sourceWorkload?: string;
  readonly destination: End;
  /** Name of our workload at the destination (its ingress policy carries the rule). */
  readonly destinationWorkload?: string;
  /** Destination pod port. */
  readonly port: number;
}

/** The whole expected rule set of a synthesized stack, and a check that it is exactly what was written. */
function expectExactly(objects: any[], namespace: string, cases: RuleCase[], workloads: string[]): void {
  for (const name of workloads) {
    const ingress = cases.filter((c) => c.destinationWorkload === name).map((c) => `${endKey(c.source)}:${c.port}/TCP`);
    const egress = cases.filter((c) => c.sourceWorkload === name).map((c) => `${endKey(c.destination)}:${c.port}/TCP`);
    expect({ name, ingress: allowed(objects, name, namespace, 'ingress') }).toEqual({ name, ingress: [...new Set(ingress)].sort() });
    expect({ name, egress: allowed(objects, name, namespace, 'egress') }).toEqual({ name, egress: [...new Set(egress)].sort() });
  }
}

// Defaults: embedded stores, one tenant, default peers --------------------------------------------

const UCSX = component('ucsx', 'ucsx', NS);
const UDM = component('udm', 'ucsx', NS);
const GATEWAY = component('udm-gateway', 'ucsx', NS);
const MASTER_DB = component('postgres', 'ucsx', NS, 'ucsx-master');
const UDM_DB = component('postgres', 'ucsx', NS, 'udm-master');
const TENANT_DB = component('postgres', 'ucsx', NS, 'ucsx-tenant-t100');
const ELASTIC = component('elasticsearch', 'ucsx', NS, 'ucsx');

const DEFAULT_RULES: RuleCase[] = [
  // row 2: the ingress controller routes udm.<domain> to the gateway pod 8080 (row 1, the browser at
  // the inbound gateway, is the Ingress itself); nothing public routes to UCS-X by default
  { ref: 'ucsx#2', source: CONTROLLER, destination: GATEWAY, destinationWorkload: 'udm-gateway', port: 8080 },
  { ref: 'ucsx#3', source: GATEWAY, sourceWorkload: 'udm-gateway', destination: UDM_DB, destinationWorkload: 'postgres-udm-master', port: 5432 },
  { ref: 'ucsx#4', source: UDM, sourceWorkload: 'udm', destination: UDM_DB, destinationWorkload: 'postgres-udm-master', port: 5432 },
  { ref: 'ucsx#5', source: GATEWAY, sourceWorkload: 'udm-gateway', destination: FILES, port: 443 },
  { ref: 'ucsx#6', source: UDM, sourceWorkload: 'udm', destination: FILES, port: 443 },
  { ref: 'ucsx#7', source: PROMETHEUS, destination: GATEWAY, destinationWorkload: 'udm-gateway', port: 10052 },
  { ref: 'ucsx#8', source: IWD, destination: UDM, destinationWorkload: 'udm', port: 8080 },
  { ref: 'ucsx#9', source: UDM, sourceWorkload: 'udm', destination: GAUTH, port: 80 },
  { ref: 'ucsx#10', source: GATEWAY, sourceWorkload: 'udm-gateway', destination: GAUTH, port: 80 },
  { ref: 'ucsx#11', source: PROMETHEUS, destination: UDM, destinationWorkload: 'udm', port: 10052 },
  { ref: 'ucsx#12', source: UCSX, sourceWorkload: 'ucsx', destination: GAUTH, port: 80 },
  // row 13 on the GWS pod port
  { ref: 'ucsx#13', source: UCSX, sourceWorkload: 'ucsx', destination: GWS_WORKSPACE, port: 8080 },
  // row 14 dials Service port 80, row 15 Service port 8080: both reach pod port 8080
  { ref: 'ucsx#14', source: IWD, destination: UCSX, destinationWorkload: 'ucsx', port: 8080 },
  { ref: 'ucsx#15', source: NEXUS, destination: UCSX, destinationWorkload: 'ucsx', port: 8080 },
  { ref: 'ucsx#16', source: PROMETHEUS, destination: UCSX, destinationWorkload: 'ucsx', port: 10052 },
  { ref: 'ucsx#17', source: UCSX, sourceWorkload: 'ucsx', destination: ELASTIC, destinationWorkload: 'elasticsearch-ucsx', port: 9200 },
  { ref: 'ucsx#18', source: UCSX, sourceWorkload: 'ucsx', destination: TENANT_DB, destinationWorkload: 'postgres-ucsx-tenant-t100', port: 5432 },
  // row 19: UCS-X dials the pooler Service port 6432, which the embedded store maps to PostgreSQL's 5432
  { ref: 'ucsx#19', source: UCSX, sourceWorkload: 'ucsx', destination: MASTER_DB, destinationWorkload: 'postgres-ucsx-master', port: 5432 },
  { ref: 'ucsx#20', source: UDM, sourceWorkload: 'udm', destination: MASTER_DB, destinationWorkload: 'postgres-ucsx-master', port: 5432 },
  { ref: 'ucsx#21', source: GATEWAY, sourceWorkload: 'udm-gateway', destination: UCSX, destinationWorkload: 'ucsx', port: 8080 },
];

const DEFAULT_WORKLOADS = ['ucsx', 'udm', 'udm-gateway', 'postgres-ucsx-master', 'postgres-udm-master', 'postgres-ucsx-tenant-t100', 'elasticsearch-ucsx'];

describe('UcsxStack with defaults', () => {
  const { objects } = synth((chart) => defaults(chart));

  test('writes the three workloads, four embedded stores, Services, the UDM Gateway Ingress and the managed namespace', () => {
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(['ucsx', 'udm', 'udm-gateway']);
    expect(ofKind(objects, 'StatefulSet').map((d) => d.metadata.name).sort()).toEqual(['elasticsearch-ucsx', 'postgres-ucsx-master', 'postgres-ucsx-tenant-t100', 'postgres-udm-master']);
    // no public or internal Ingress to UCS-X unless asked for (extensions)
    expect(ofKind(objects, 'Ingress').map((d) => d.metadata.name).sort()).toEqual(['udm-gateway']);
    const stores = DEFAULT_WORKLOADS.filter((w) => w.startsWith('postgres') || w.startsWith('elastic'));
    expect(ofKind(objects, 'Service').map((d) => d.metadata.name).sort()).toEqual([...DEFAULT_WORKLOADS, ...stores.map((s) => `${s}-headless`)].sort());
    expect(find(objects, 'Namespace', NS).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(objects, 'NetworkPolicy', 'default-deny', NS).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // monitoring is off: no ServiceMonitor, but the Prometheus rules are written (rows 7, 11, 16)
    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
    // every object lives in the namespace (or is the namespace)
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== NS)).toEqual([]);
  });

  test('selects the pods by the canonical labels only', () => {
    for (const [name, end] of [['ucsx', UCSX], ['udm', UDM], ['udm-gateway', GATEWAY]] as const) {
      const deployment = find(objects, 'Deployment', name, NS);
      expect(deployment.spec.selector).toEqual({ matchLabels: end.labels });
      expect(find(objects, 'Service', name, NS).spec.selector).toEqual(end.labels);
      expect(deployment.spec.template.metadata.labels).toEqual({ ...end.labels, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE });
    }
  });

  test('the ucsx Service exposes 8080 and 80 (both to pod 8080) and metrics 10052; no configuration API port', () => {
    expect(find(objects, 'Service', 'ucsx', NS).spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' },
      { name: 'http-80', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 10052, targetPort: 10052, protocol: 'TCP' },
    ]);
    expect(mainContainer(find(objects, 'Deployment', 'ucsx', NS)).ports).toEqual([
      { containerPort: 8080, name: 'http', protocol: 'TCP' },
      { containerPort: 10052, name: 'metrics', protocol: 'TCP' },
    ]);
  });

  test('UDM serves 8080 (row 8) and UDM Gateway 80 to pod 8080 (row 2), both metrics on 10052', () => {
    expect(find(objects, 'Service', 'udm', NS).spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 10052, targetPort: 10052, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'udm-gateway', NS).spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 10052, targetPort: 10052, protocol: 'TCP' },
    ]);
  });

  test('the embedded Master Database Service exposes 5432 and the pooler port 6432, both to PostgreSQL 5432', () => {
    const service = find(objects, 'Service', 'postgres-ucsx-master', NS);
    expect(service.spec.ports).toEqual([
      { name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' },
      { name: 'pgbouncer', port: 6432, targetPort: 5432, protocol: 'TCP' },
    ]);
    expect(service.spec.selector).toEqual(MASTER_DB.labels);
    // every embedded store's Service selects its pods by the canonical labels
    for (const store of ofKind(objects, 'StatefulSet')) {
      expect(find(objects, 'Service', store.metadata.name, NS).spec.selector).toEqual(store.spec.selector.matchLabels);
      expect(store.spec.template.metadata.labels).toMatchObject(store.spec.selector.matchLabels);
    }
    expect(find(objects, 'StatefulSet', 'postgres-ucsx-master', NS).metadata.annotations['genesys.cdk8s.io/development-only']).toBe('true');
  });

  test('runs every workload hardened: non-root 500, seccomp, no privilege escalation, read-only root, no capabilities, no token', () => {
    for (const name of ['ucsx', 'udm', 'udm-gateway']) {
      const pod = find(objects, 'Deployment', name, NS).spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 500, runAsGroup: 500, fsGroup: 500, seccompProfile: { type: 'RuntimeDefault' } });
      expect(mainContainer(find(objects, 'Deployment', name, NS)).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsGroup: 500,
        runAsNonRoot: true,
        runAsUser: 500,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(find(objects, 'ServiceAccount', name, NS).automountServiceAccountToken).toBe(false);
    }
  });

  test('probes the health endpoint on the API pod port, with sizing, pinned images and a PDB for the two UCS-X replicas', () => {
    for (const name of ['ucsx', 'udm', 'udm-gateway']) {
      const c = mainContainer(find(objects, 'Deployment', name, NS));
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 8080, scheme: 'HTTP' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080, scheme: 'HTTP' });
      expect(c.image).not.toMatch(/:latest$/);
    }
    expect(mainContainer(find(objects, 'Deployment', 'ucsx', NS)).image).toBe('ucsx/ucsx:100.0.100.0045');
    expect(mainContainer(find(objects, 'Deployment', 'udm', NS)).image).toBe('ucsx/udm:100.0.100.0021');
    expect(mainContainer(find(objects, 'Deployment', 'udm-gateway', NS)).image).toBe('ucsx/udm-gateway:100.0.100.0021');
    expect(mainContainer(find(objects, 'Deployment', 'ucsx', NS)).resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(find(objects, 'Deployment', 'ucsx', NS).spec.replicas).toBe(2);
    expect(find(objects, 'Deployment', 'udm', NS).spec.replicas).toBe(1);
    expect(find(objects, 'PodDisruptionBudget', 'ucsx', NS).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: UCSX.labels } });
    expect(ofKind(objects, 'PodDisruptionBudget')).toHaveLength(1);
  });

  describe.each(DEFAULT_RULES.map((c) => [`${c.ref} pod port ${c.port}`, c] as const))('row %s', (_, c) => {
    test('is allowed at our end(s) on the destination pod port and annotated with its reference', () => {
      if (c.sourceWorkload) {
        expect(allowed(objects, c.sourceWorkload, NS, 'egress')).toContain(`${endKey(c.destination)}:${c.port}/TCP`);
        expect(refsOf(objects, `${c.sourceWorkload}-egress`, NS)).toContain(c.ref);
      }
      if (c.destinationWorkload) {
        expect(allowed(objects, c.destinationWorkload, NS, 'ingress')).toContain(`${endKey(c.source)}:${c.port}/TCP`);
        expect(refsOf(objects, `${c.destinationWorkload}-ingress`, NS)).toContain(c.ref);
      }
    });
  });

  test('every one of the 21 rows is implemented (row 1, the browser at the inbound gateway, by the UDM Gateway Ingress)', () => {
    const ingressRefs = find(objects, 'Ingress', 'udm-gateway', NS).metadata.annotations['genesys.cdk8s.io/implements'].split(', ');
    const refs = new Set([...DEFAULT_RULES.map((c) => c.ref), ...ingressRefs]);
    expect([...refs].sort()).toEqual(ConnectionCatalog.forService(ConnectionCatalog.get('ucsx#1').service).map((r) => r.ref).sort());
  });

  test('nothing undocumented is open: each policy holds exactly the rules of the rows', () => {
    expectExactly(objects, NS, DEFAULT_RULES, DEFAULT_WORKLOADS);
  });

  test('the policy annotations list exactly the rows each workload takes part in', () => {
    for (const name of ['ucsx', 'udm', 'udm-gateway']) {
      const ingress = [...new Set(DEFAULT_RULES.filter((c) => c.destinationWorkload === name).map((c) => c.ref))];
      const egress = [...new Set(DEFAULT_RULES.filter((c) => c.sourceWorkload === name).map((c) => c.ref))];
      const byNumber = (a: string, b: string) => Number(a.split('#')[1]) - Number(b.split('#')[1]);
      expect(refsOf(objects, `${name}-ingress`, NS).sort(byNumber)).toEqual(ingress.sort(byNumber));
      expect(refsOf(objects, `${name}-egress`, NS).sort(byNumber)).toEqual(egress.sort(byNumber));
    }
  });

  test('wires UCS-X configuration from the connections: GAuth, GWS Workspace, Elasticsearch, Master Database on the pooler port, tenants', () => {
    expect(envOf(find(objects, 'Deployment', 'ucsx', NS))).toEqual({
      GAUTH_URL: 'http://gauth-auth.gauth.svc.cluster.local:80',
      GWS_WORKSPACE_URL: 'http://gws-app-workspace.gws.svc.cluster.local:80',
      ELASTICSEARCH_URL: 'http://elasticsearch-ucsx.ucsx.svc.cluster.local:9200',
      UCSX_MASTER_DB_HOST: 'postgres-ucsx-master.ucsx.svc.cluster.local',
      UCSX_MASTER_DB_PORT: '6432',
      UCSX_MASTER_DB_NAME: 'ucsx_master',
      UCSX_MASTER_DB_USER: 'postgres',
      UCSX_MASTER_DB_SSL: 'false',
      UCSX_MASTER_DB_PASSWORD: 'secret:postgres-ucsx-master-credentials/password',
      UCSX_TENANT_IDS: 't100',
      UCSX_TENANTS_FILE: '/etc/ucsx/tenants.json',
      UCSX_TENANT_T100_DB_PASSWORD: 'secret:postgres-ucsx-tenant-t100-credentials/password',
    });
    const configMap = find(objects, 'ConfigMap', 'ucsx-config', NS);
    expect(JSON.parse(configMap.data['file-0-tenants.json'])).toEqual({
      tenants: [{
        id: 't100',
        database: {
          host: 'postgres-ucsx-tenant-t100.ucsx.svc.cluster.local',
          port: 5432,
          name: 'ucsx_tenant_t100',
          user: 'postgres',
          ssl: false,
          passwordEnvName: 'UCSX_TENANT_T100_DB_PASSWORD',
        },
      }],
    });
    expect(mainContainer(find(objects, 'Deployment', 'ucsx', NS)).volumeMounts).toContainEqual({ mountPath: '/etc/ucsx/tenants.json', name: 'config', readOnly: true, subPath: 'file-0-tenants.json' });
  });

  test('wires UDM to GAuth, the UDM Master DB, the Master Database directly on 5432 (row 20) and the file storage', () => {
    expect(envOf(find(objects, 'Deployment', 'udm', NS))).toEqual({
      GAUTH_URL: 'http://gauth-auth.gauth.svc.cluster.local:80',
      UDM_MASTER_DB_HOST: 'postgres-udm-master.ucsx.svc.cluster.local',
      UDM_MASTER_DB_PORT: '5432',
      UDM_MASTER_DB_NAME: 'udm_master',
      UDM_MASTER_DB_USER: 'postgres',
      UDM_MASTER_DB_SSL: 'false',
      UDM_MASTER_DB_PASSWORD: 'secret:postgres-udm-master-credentials/password',
      UCSX_MASTER_DB_HOST: 'postgres-ucsx-master.ucsx.svc.cluster.local',
      UCSX_MASTER_DB_PORT: '5432',
      UCSX_MASTER_DB_NAME: 'ucsx_master',
      UCSX_MASTER_DB_USER: 'postgres',
      UCSX_MASTER_DB_SSL: 'false',
      UCSX_MASTER_DB_PASSWORD: 'secret:postgres-ucsx-master-credentials/password',
      FILE_STORAGE_URL: 'https://exports.blob.core.windows.net:443',
    });
  });

  test('wires UDM Gateway to GAuth, UCS-X on 8080 (row 21), the UDM Master DB and the file storage', () => {
    expect(envOf(find(objects, 'Deployment', 'udm-gateway', NS))).toEqual({
      GAUTH_URL: 'http://gauth-auth.gauth.svc.cluster.local:80',
      UCSX_URL: 'http://ucsx.ucsx.svc.cluster.local:8080',
      UDM_MASTER_DB_HOST: 'postgres-udm-master.ucsx.svc.cluster.local',
      UDM_MASTER_DB_PORT: '5432',
      UDM_MASTER_DB_NAME: 'udm_master',
      UDM_MASTER_DB_USER: 'postgres',
      UDM_MASTER_DB_SSL: 'false',
      UDM_MASTER_DB_PASSWORD: 'secret:postgres-udm-master-credentials/password',
      FILE_STORAGE_URL: 'https://exports.blob.core.windows.net:443',
      PUBLIC_URL: 'https://udm.example.com',
    });
  });

  test('no plaintext secret: every password comes from a Secret reference', () => {
    for (const o of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')]) {
      for (const e of mainContainer(o).env ?? []) {
        if (/PASSWORD|KEY|TOKEN/.test(e.name)) expect({ name: e.name, valueFrom: e.valueFrom?.secretKeyRef !== undefined, value: e.value }).toEqual({ name: e.name, valueFrom: true, value: undefined });
      }
    }
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('udm.<domain> routes to UDM Gateway on its Service port 80 (rows 1, 2), with TLS', () => {
    const ingress = find(objects, 'Ingress', 'udm-gateway', NS);
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['udm.example.com'], secretName: 'udm-gateway-tls' }],
      rules: [{ host: 'udm.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'udm-gateway', port: { number: 80 } } } }] } }],
    });
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toBe('ucsx#1, ucsx#2');
  });

  test('matches the snapshot (guard against unnoticed change)', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('UcsxStack public entry points are declared extensions, off by default', () => {
  test('publicApi routes the API paths to 8080 on the public class, annotated ext:ucsx-public-api; no configuration API', () => {
    const { objects } = synth((chart) => defaults(chart, { publicApi: {} }));
    const ingress = find(objects, 'Ingress', 'ucsx', NS);
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['ucsx.example.com'], secretName: 'ucsx-tls' }],
      rules: [{
        host: 'ucsx.example.com',
        http: {
          paths: [
            { path: '/ucs/v3/', pathType: 'Prefix', backend: { service: { name: 'ucsx', port: { number: 8080 } } } },
            { path: '/ucs/v10/', pathType: 'Prefix', backend: { service: { name: 'ucsx', port: { number: 8080 } } } },
          ],
        },
      }],
    });
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toBe('ext:ucsx-public-api');
    // the controller's rule on the API pod port names the extension, never a row
    expect(refsOf(objects, 'ucsx-ingress', NS)).toContain('ext:ucsx-public-api');
    expect(refsOf(objects, 'ucsx-ingress', NS)).not.toContain('ucsx#1');
    expect(find(objects, 'Service', 'ucsx', NS).spec.ports.map((p: any) => p.name)).not.toContain('config');
    expect(ofKind(objects, 'Ingress').map((i) => i.metadata.name).sort()).toEqual(['ucsx', 'udm-gateway']);
  });

  test('the configuration API is a second opt-in: its own Ingress to 8500, annotated ext:ucsx-config-api', () => {
    const { objects } = synth((chart) => defaults(chart, { publicApi: { configurationApi: true } }));
    const ingress = find(objects, 'Ingress', 'ucsx-config', NS);
    expect(ingress.spec.rules[0].http.paths).toEqual([{ path: '/ucs/v3/config', pathType: 'Prefix', backend: { service: { name: 'ucsx', port: { number: 8500 } } } }]);
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toBe('ext:ucsx-config-api');
    expect(find(objects, 'Service', 'ucsx', NS).spec.ports).toContainEqual({ name: 'config', port: 8500, targetPort: 8500, protocol: 'TCP' });
    expect(allowed(objects, 'ucsx', NS, 'ingress')).toContain(`${endKey(CONTROLLER)}:8500/TCP`);
  });

  test('internalApi keeps CometD sessions sticky by cookie on the internal class, annotated ext:ucsx-internal-api', () => {
    const { objects } = synth((chart) => defaults(chart, { internalApi: {} }));
    const ingress = find(objects, 'Ingress', 'ucsx-internal', NS);
    expect(ingress.spec.ingressClassName).toBe('nginx-internal');
    expect(ingress.spec.tls).toEqual([{ hosts: ['ucsx-internal.example.com'], secretName: 'ucsx-internal-tls' }]);
    expect(ingress.spec.rules[0].http.paths).toEqual([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'ucsx', port: { number: 8080 } } } }]);
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
      'nginx.ingress.kubernetes.io/session-cookie-name': 'UCSX_AFFINITY',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '120',
      'genesys.cdk8s.io/implements': 'ext:ucsx-internal-api',
    });
  });
});

describe('UcsxStack public members', () => {
  test('the workloads, stores and entry points are reachable; tenantDatabase finds a tenant store', () => {
    let stack!: UcsxStack;
    synth((chart) => {
      stack = defaults(chart, { tenants: [{ id: 't100' }, { id: 't200' }] });
    });
    expect(stack.ucsx.peer.namespace).toBe(NS);
    expect(stack.udm!.name).toBe(ComponentIds.UDM);
    expect(stack.udmGateway!.name).toBe(ComponentIds.UDM_GATEWAY);
    expect(stack.tenantIds).toEqual(['t100', 't200']);
    expect(stack.tenantDatabase('t200').host).toBe('postgres-ucsx-tenant-t200.ucsx.svc.cluster.local');
    expect(() => stack.tenantDatabase('t300')).toThrow(/no tenant "t300"/);
    expect(stack.apiEntryPoint).toBeUndefined();
    expect(stack.internalEntryPoint).toBeUndefined();
    expect(stack.udmGatewayEntryPoint!.host).toBe('udm.example.com');
    expect(stack.masterDatabase.embedded).toBe(true);
    expect(stack.connections.flatMap((c) => c.refs)).toEqual(expect.arrayContaining(DEFAULT_RULES.map((c) => c.ref)));
  });
});

describe('UcsxStack with monitoring on', () => {
  test('writes one ServiceMonitor per workload on the metrics port, and the rule from the given Prometheus', () => {
    const { objects } = synth((chart) => defaults(chart, { monitoring: true, prometheus: Peer.prometheus({ namespace: 'observability' }) }));
    expect(ofKind(objects, 'ServiceMonitor').map((m) => m.metadata.name).sort()).toEqual(['ucsx', 'udm', 'udm-gateway']);
    for (const [name, end] of [['ucsx', UCSX], ['udm', UDM], ['udm-gateway', GATEWAY]] as const) {
      const monitor = find(objects, 'ServiceMonitor', name, NS);
      expect(monitor.spec).toEqual({
        selector: { matchLabels: end.labels },
        namespaceSelector: { matchNames: [NS] },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      });
      expect(allowed(objects, name, NS, 'ingress')).toContain(`${endKey({ namespace: 'observability', labels: { [Labels.NAME]: 'prometheus' } })}:10052/TCP`);
      expect(allowed(objects, name, NS, 'ingress')).not.toContain(`${endKey(PROMETHEUS)}:10052/TCP`);
    }
  });
});

describe('UcsxStack with UDM disabled', () => {
  test('writes UCS-X alone: no UDM, UDM Gateway, UDM Master DB, file storage or gateway entry point', () => {
    let stack!: UcsxStack;
    const { objects } = synth((chart) => {
      stack = new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, udmEnabled: false });
    });
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(['ucsx']);
    expect(ofKind(objects, 'StatefulSet').map((d) => d.metadata.name).sort()).toEqual(['elasticsearch-ucsx', 'postgres-ucsx-master', 'postgres-ucsx-tenant-t100']);
    expect(ofKind(objects, 'Ingress')).toEqual([]);
    const rules = DEFAULT_RULES.filter((c) => ![c.sourceWorkload, c.destinationWorkload].some((w) => w === 'udm' || w === 'udm-gateway' || w === 'postgres-udm-master'));
    expectExactly(objects, NS, rules, ['ucsx', 'postgres-ucsx-master', 'postgres-ucsx-tenant-t100', 'elasticsearch-ucsx']);
    expect(stack.udm).toBeUndefined();
    expect(stack.udmGateway).toBeUndefined();
  });
});

// Every prop set: external stores, custom peers, namespace, hosts, images ----------------------------

const FULL_NS = 'contact';
const TLS_SECRET = (name: string) => ({ name, key: 'password' });

function fullProps(): UcsxStackProps {
  return {
    domain: 'cx.example.org',
    developmentStores: true,
    namespace: FULL_NS,
    manageNamespace: true,
    dns: { namespace: 'dns-system', labels: { 'k8s-app': 'coredns' }, port: 5353 },
    location: 'westeurope',
    imageRegistry: 'registry.example.org/genesys',
    ucsx: { image: { repository: 'ucsx/ucsx', tag: '100.0.100.0050' }, replicas: 3, resources: { cpuRequestMillis: 1000 }, autoscaling: { maxReplicas: 6 }, healthPath: '/ucs/health' },
    udm: { image: { registry: 'mirror.example.org', repository: 'ucsx/udm', digest: `sha256:${'b'.repeat(64)}` }, replicas: 2, resources: { memoryLimitMebibytes: 3072 } },
    udmGateway: { replicas: 2, healthPath: '/gw/health', autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilizationPercent: 60 } },
    udmEnabled: true,
    tenants: [
      {
        id: 't100',
        database: {
          external: { host: 'tenant-100.pg.example.org', port: 5433, cidrGroups: [{ name: 'tenant-db', cidrs: ['10.30.1.0/24'] }], tls: true, credentials: TLS_SECRET('tenant-100-db'), username: 'ucsx_t100' },
          databaseName: 'contacts_t100',
        },
      },
      { id: 't200', database: { embedded: { storageGibibytes: 20, credentials: TLS_SECRET('tenant-200-db') } } },
    ],
    masterDatabase: {
      external: { host: 'ucsx-master.pg.example.org', cidrGroups: [{ name: 'master-db', cidrs: ['10.30.0.0/24'] }], tls: true, credentials: TLS_SECRET('ucsx-master-db'), username: 'ucsx' },
      poolerPort: 6433,
      databaseName: 'ucsx',
    },
    udmMasterDatabase: {
      external: { host: 'udm.pg.example.org', port: 5432, cidrGroups: [{ name: 'udm-db', cidrs: ['10.30.2.0/24'] }], credentials: TLS_SECRET('udm-db'), username: 'udm' },
      databaseName: 'udm',
    },
    elasticsearch: { external: { host: 'logs.es.example.org', port: 9243, cidrGroups: [{ name: 'es', cidrs: ['10.40.0.0/24'] }], tls: true, credentials: TLS_SECRET('es'), username: 'ucsx' } },
    fileStorage: {
      host: 'exports.blob.core.windows.net',
      port: 443,
      cidrGroups: [{ name: 'blob', cidrs: [FILES_CIDR], except: ['20.60.1.0/24'] }],
      container: 'udm-exports',
      credentials: { name: 'udm-storage', key: 'sas-token' },
    },
    authService: GenesysPeers.authService({ namespace: 'auth', labels: { app: 'gauth' }, port: 8081, serviceName: 'gauth' }),
    iwd: GenesysPeers.iwdCaller({ namespace: 'workload', labels: { app: 'iwd' } }),
    digitalChannels: GenesysPeers.digitalChannels({ namespace: 'digital' }),
    gwsWorkspace: GenesysPeers.gwsWorkspace({ namespace: 'web', targetPort: 9090 }),
    prometheus: Peer.prometheus({ namespace: 'observability' }),
    monitoring: true,
    entryPoints: EntryPoints.ingress({
      profile: IngressProfile.INGRESS_NGINX,
      className: 'public',
      controller: Peer.ingressController({ namespace: 'edge' }),
      internalClassName: 'private',
      internalController: Peer.ingressController({ namespace: 'edge-internal' }),
    }),
    publicApi: { host: 'contacts.cx.example.org', tlsSecretName: 'contacts-cert', paths: ['/ucs', '/api'], configurationApi: true, configurationPath: '/ucs-config' },
    udmGatewayHost: 'exports.cx.example.org',
    udmGatewayTlsSecretName: 'exports-cert',
    internalApi: { host: 'ucsx.internal.example.org', tlsSecretName: 'internal-cert', paths: ['/ucs', '/api'] },
  };
}

describe('UcsxStack with every prop set', () => {
  const { objects } = synth((chart) => new UcsxStack(chart, 'ucsx', fullProps()));

  const F_UCSX = component('ucsx', 'ucsx', FULL_NS);
  const F_UDM = component('udm', 'ucsx', FULL_NS);
  const F_GATEWAY = component('udm-gateway', 'ucsx', FULL_NS);
  const EDGE: End = { ...CONTROLLER, namespace: 'edge' };
  const EDGE_INTERNAL: End = { ...CONTROLLER, namespace: 'edge-internal' };
  const OBSERVABILITY: End = { ...PROMETHEUS, namespace: 'observability' };
  const F_IWD: End = { namespace: 'workload', labels: { app: 'iwd' } };
  const F_GAUTH: End = { namespace: 'auth', labels: { app: 'gauth' } };
  const F_NEXUS = component('nexus', 'nexus', 'digital');
  const F_GWS = component('gws-app-workspace', 'gws', 'web');
  const MASTER: End = { cidr: '10.30.0.0/24' };
  const F_FILES: End = { cidr: `${FILES_CIDR} except 20.60.1.0/24` };
  const T200 = component('postgres', 'ucsx', FULL_NS, 'ucsx-tenant-t200');

  const rules: RuleCase[] = [
    { ref: 'ext:ucsx-public-api', source: EDGE, destination: F_UCSX, destinationWorkload: 'ucsx', port: 8080 },
    { ref: 'ext:ucsx-config-api', source: EDGE, destination: F_UCSX, destinationWorkload: 'ucsx', port: 8500 },
    { ref: 'ucsx#2', source: EDGE, destination: F_GATEWAY, destinationWorkload: 'udm-gateway', port: 8080 },
    { ref: 'ucsx#3', source: F_GATEWAY, sourceWorkload: 'udm-gateway', destination: { cidr: '10.30.2.0/24' }, port: 5432 },
    { ref: 'ucsx#4', source: F_UDM, sourceWorkload: 'udm', destination: { cidr: '10.30.2.0/24' }, port: 5432 },
    { ref: 'ucsx#5', source: F_GATEWAY, sourceWorkload: 'udm-gateway', destination: F_FILES, port: 443 },
    { ref: 'ucsx#6', source: F_UDM, sourceWorkload: 'udm', destination: F_FILES, port: 443 },
    { ref: 'ucsx#7', source: OBSERVABILITY, destination: F_GATEWAY, destinationWorkload: 'udm-gateway', port: 10052 },
    { ref: 'ucsx#8', source: F_IWD, destination: F_UDM, destinationWorkload: 'udm', port: 8080 },
    { ref: 'ucsx#9', source: F_UDM, sourceWorkload: 'udm', destination: F_GAUTH, port: 8081 },
    { ref: 'ucsx#10', source: F_GATEWAY, sourceWorkload: 'udm-gateway', destination: F_GAUTH, port: 8081 },
    { ref: 'ucsx#11', source: OBSERVABILITY, destination: F_UDM, destinationWorkload: 'udm', port: 10052 },
    { ref: 'ucsx#12', source: F_UCSX, sourceWorkload: 'ucsx', destination: F_GAUTH, port: 8081 },
    { ref: 'ucsx#13', source: F_UCSX, sourceWorkload: 'ucsx', destination: F_GWS, port: 9090 },
    { ref: 'ext:ucsx-internal-api', source: EDGE_INTERNAL, destination: F_UCSX, destinationWorkload: 'ucsx', port: 8080 },
    { ref: 'ucsx#14', source: F_IWD, destination: F_UCSX, destinationWorkload: 'ucsx', port: 8080 },
    { ref: 'ucsx#15', source: F_NEXUS, destination: F_UCSX, destinationWorkload: 'ucsx', port: 8080 },
    { ref: 'ucsx#16', source: OBSERVABILITY, destination: F_UCSX, destinationWorkload: 'ucsx', port: 10052 },
    { ref: 'ucsx#17', source: F_UCSX, sourceWorkload: 'ucsx', destination: { cidr: '10.40.0.0/24' }, port: 9243 },
    { ref: 'ucsx#18', source: F_UCSX, sourceWorkload: 'ucsx', destination: { cidr: '10.30.1.0/24' }, port: 5433 },
    { ref: 'ucsx#18', source: F_UCSX, sourceWorkload: 'ucsx', destination: T200, destinationWorkload: 'postgres-ucsx-tenant-t200', port: 5432 },
    // external Master Database: UCS-X on the pooler port, UDM on the direct port, same CIDR group
    { ref: 'ucsx#19', source: F_UCSX, sourceWorkload: 'ucsx', destination: MASTER, port: 6433 },
    { ref: 'ucsx#20', source: F_UDM, sourceWorkload: 'udm', destination: MASTER, port: 5432 },
    { ref: 'ucsx#21', source: F_GATEWAY, sourceWorkload: 'udm-gateway', destination: F_UCSX, destinationWorkload: 'ucsx', port: 8080 },
  ];

  test('embeds only the stores left embedded', () => {
    expect(ofKind(objects, 'StatefulSet').map((s) => s.metadata.name)).toEqual(['postgres-ucsx-tenant-t200']);
    expect(find(objects, 'StatefulSet', 'postgres-ucsx-tenant-t200', FULL_NS).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
  });

  test('implements all 21 rows (row 1 by the UDM Gateway Ingress) and the asked-for extensions, and nothing else', () => {
    expect([...new Set(rules.map((r) => r.ref).filter((r) => r.startsWith('ucsx#')))]).toHaveLength(20);
    expect(find(objects, 'Ingress', 'udm-gateway', FULL_NS).metadata.annotations['genesys.cdk8s.io/implements']).toBe('ucsx#1, ucsx#2');
    expectExactly(objects, FULL_NS, rules, ['ucsx', 'udm', 'udm-gateway', 'postgres-ucsx-tenant-t200']);
  });

  test('manages the namespace with the given DNS', () => {
    expect(find(objects, 'Namespace', FULL_NS).metadata.name).toBe(FULL_NS);
    expect(find(objects, 'NetworkPolicy', 'allow-dns', FULL_NS).spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns-system' } }, podSelector: { matchLabels: { 'k8s-app': 'coredns' } } }],
      ports: [{ port: 5353, protocol: 'UDP' }, { port: 5353, protocol: 'TCP' }],
    }]);
  });

  test('applies images, registry, sizing, autoscaling and health paths', () => {
    const ucsx = find(objects, 'Deployment', 'ucsx', FULL_NS);
    expect(mainContainer(ucsx).image).toBe('registry.example.org/genesys/ucsx/ucsx:100.0.100.0050');
    expect(mainContainer(find(objects, 'Deployment', 'udm', FULL_NS)).image).toBe(`mirror.example.org/ucsx/udm@sha256:${'b'.repeat(64)}`);
    expect(mainContainer(find(objects, 'Deployment', 'udm-gateway', FULL_NS)).image).toBe('registry.example.org/genesys/ucsx/udm-gateway:100.0.100.0021');
    // autoscaling: the HorizontalPodAutoscaler owns the replica count, starting from replicas
    expect(ucsx.spec.replicas).toBeUndefined();
    expect(mainContainer(ucsx).resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(mainContainer(find(objects, 'Deployment', 'udm', FULL_NS)).resources.limits.memory).toBe('3Gi');
    expect(find(objects, 'HorizontalPodAutoscaler', 'ucsx', FULL_NS).spec).toMatchObject({ minReplicas: 3, maxReplicas: 6 });
    expect(find(objects, 'HorizontalPodAutoscaler', 'udm-gateway', FULL_NS).spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(mainContainer(ucsx).livenessProbe.httpGet.path).toBe('/ucs/health');
    expect(mainContainer(find(objects, 'Deployment', 'udm-gateway', FULL_NS)).readinessProbe.httpGet.path).toBe('/gw/health');
    expect(mainContainer(find(objects, 'Deployment', 'udm', FULL_NS)).readinessProbe.httpGet.path).toBe('/health');
  });

  test('wires UCS-X to the external stores: TLS Elasticsearch, the Master Database pooler port, both tenant databases', () => {
    const env = envOf(find(objects, 'Deployment', 'ucsx', FULL_NS));
    expect(env).toEqual({
      GAUTH_URL: 'http://gauth.auth.svc.cluster.local:8081',
      GWS_WORKSPACE_URL: 'http://gws-app-workspace.web.svc.cluster.local:80',
      ELASTICSEARCH_URL: 'https://logs.es.example.org:9243',
      ELASTICSEARCH_USERNAME: 'ucsx',
      ELASTICSEARCH_PASSWORD: 'secret:es/password',
      UCSX_MASTER_DB_HOST: 'ucsx-master.pg.example.org',
      UCSX_MASTER_DB_PORT: '6433',
      UCSX_MASTER_DB_NAME: 'ucsx',
      UCSX_MASTER_DB_USER: 'ucsx',
      UCSX_MASTER_DB_SSL: 'true',
      UCSX_MASTER_DB_PASSWORD: 'secret:ucsx-master-db/password',
      UCSX_TENANT_IDS: 't100,t200',
      UCSX_TENANTS_FILE: '/etc/ucsx/tenants.json',
      UCSX_TENANT_T100_DB_PASSWORD: 'secret:tenant-100-db/password',
      UCSX_TENANT_T200_DB_PASSWORD: 'secret:tenant-200-db/password',
      LOCATION: 'westeurope',
    });
    expect(JSON.parse(find(objects, 'ConfigMap', 'ucsx-config', FULL_NS).data['file-0-tenants.json']).tenants).toEqual([
      { id: 't100', database: { host: 'tenant-100.pg.example.org', port: 5433, name: 'contacts_t100', user: 'ucsx_t100', ssl: true, passwordEnvName: 'UCSX_TENANT_T100_DB_PASSWORD' } },
      { id: 't200', database: { host: 'postgres-ucsx-tenant-t200.contact.svc.cluster.local', port: 5432, name: 'ucsx_tenant_t200', user: 'postgres', ssl: false, passwordEnvName: 'UCSX_TENANT_T200_DB_PASSWORD' } },
    ]);
  });

  test('wires UDM and UDM Gateway to the external databases, the file storage container and key, and the location', () => {
    const udm = envOf(find(objects, 'Deployment', 'udm', FULL_NS));
    expect(udm).toMatchObject({
      GAUTH_URL: 'http://gauth.auth.svc.cluster.local:8081',
      UDM_MASTER_DB_HOST: 'udm.pg.example.org',
      UDM_MASTER_DB_PORT: '5432',
      UDM_MASTER_DB_NAME: 'udm',
      UDM_MASTER_DB_USER: 'udm',
      UDM_MASTER_DB_PASSWORD: 'secret:udm-db/password',
      UCSX_MASTER_DB_HOST: 'ucsx-master.pg.example.org',
      UCSX_MASTER_DB_PORT: '5432',
      UCSX_MASTER_DB_SSL: 'true',
      FILE_STORAGE_URL: 'https://exports.blob.core.windows.net:443',
      FILE_STORAGE_CONTAINER: 'udm-exports',
      FILE_STORAGE_KEY: 'secret:udm-storage/sas-token',
      LOCATION: 'westeurope',
    });
    const gateway = envOf(find(objects, 'Deployment', 'udm-gateway', FULL_NS));
    expect(gateway).toMatchObject({
      UCSX_URL: 'http://ucsx.contact.svc.cluster.local:8080',
      UDM_MASTER_DB_HOST: 'udm.pg.example.org',
      FILE_STORAGE_KEY: 'secret:udm-storage/sas-token',
      PUBLIC_URL: 'https://exports.cx.example.org',
      LOCATION: 'westeurope',
    });
  });

  test('uses the given hosts, classes, TLS secrets and paths', () => {
    const api = find(objects, 'Ingress', 'ucsx', FULL_NS);
    expect(api.spec.ingressClassName).toBe('public');
    expect(api.spec.tls).toEqual([{ hosts: ['contacts.cx.example.org'], secretName: 'contacts-cert' }]);
    expect(api.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.port.number])).toEqual([['/ucs', 8080], ['/api', 8080]]);
    // the configuration API has its own Ingress on the same host, so its annotation names its own extension
    const config = find(objects, 'Ingress', 'ucsx-config', FULL_NS);
    expect(config.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.port.number])).toEqual([['/ucs-config', 8500]]);
    expect(config.spec.tls).toEqual([{ hosts: ['contacts.cx.example.org'], secretName: 'contacts-cert' }]);
    const gateway = find(objects, 'Ingress', 'udm-gateway', FULL_NS);
    expect(gateway.spec.tls).toEqual([{ hosts: ['exports.cx.example.org'], secretName: 'exports-cert' }]);
    const internal = find(objects, 'Ingress', 'ucsx-internal', FULL_NS);
    expect(internal.spec.ingressClassName).toBe('private');
    expect(internal.spec.tls).toEqual([{ hosts: ['ucsx.internal.example.org'], secretName: 'internal-cert' }]);
    expect(internal.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual(['/ucs', '/api']);
  });

  test('writes the ServiceMonitors for the given Prometheus', () => {
    expect(ofKind(objects, 'ServiceMonitor').map((m) => m.metadata.namespace)).toEqual([FULL_NS, FULL_NS, FULL_NS]);
  });
});

describe('the decided UCS rows in the catalog', () => {
  test.each([
    // ref, documented port, effective Service port, effective pod port
    ['ucsx#4', 443, 5432, 5432],
    ['ucsx#14', 80, 80, 8080],
    ['ucsx#15', 8080, 8080, 8080],
    ['ucsx#19', 6432, 6432, 6432],
    ['ucsx#20', 5432, 5432, 5432],
    ['ucsx#21', 443, 8080, 8080],
  ])('%s keeps its documented port %d and the effective %d (pod %d), with the decision', (ref, documented, service, pod) => {
    const row = ConnectionCatalog.get(ref);
    expect([row.documentedPort, row.servicePort, row.podPort]).toEqual([documented, service, pod]);
    expect(row.decision).toBeDefined();
  });

  test('ucsx#13 is implemented in its documented direction, UCS-X to GWS Workspace', () => {
    const row = ConnectionCatalog.get('ucsx#13');
    expect([row.source.id, row.destination.id, row.decision]).toEqual(['ucsx', 'gws-app-workspace', expect.stringMatching(/as documented/)]);
  });
});

describe('UcsxStack in a namespace managed elsewhere', () => {
  test('writes no Namespace, default-deny or DNS policy when manageNamespace is false', () => {
    const { objects } = synth((chart) => defaults(chart, { manageNamespace: false }));
    expect(ofKind(objects, 'Namespace')).toEqual([]);
    expect(ofKind(objects, 'NetworkPolicy').map((p) => p.metadata.name)).not.toContain('default-deny');
    expect(ofKind(objects, 'NetworkPolicy').map((p) => p.metadata.name)).not.toContain('allow-dns');
    expectExactly(objects, NS, DEFAULT_RULES, DEFAULT_WORKLOADS);
  });
});

describe('UcsxStack with the Master Database pooler port set to the direct port (no PgBouncer)', () => {
  test('UCS-X dials 5432 and the embedded Service keeps its one port', () => {
    const { objects } = synth((chart) => defaults(chart, { masterDatabase: { poolerPort: 5432 } }));
    expect(find(objects, 'Service', 'postgres-ucsx-master', NS).spec.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }]);
    expect(envOf(find(objects, 'Deployment', 'ucsx', NS)).UCSX_MASTER_DB_PORT).toBe('5432');
    expectExactly(objects, NS, DEFAULT_RULES, DEFAULT_WORKLOADS);
  });
});

describe('UcsxStack on the Gateway API (the default)', () => {
  let warnings: string[] = [];
  const { objects } = synth((chart) => {
    new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage, internalApi: {}, publicApi: {} });
    warnings = SynthWarnings.of(chart);
  });

  test('one HTTPRoute per entry point: UDM Gateway and the public API on the public Gateway, the internal API on the internal one', () => {
    const parent = (name: string) => find(objects, 'HTTPRoute', name, NS).spec.parentRefs[0].name;
    expect(ofKind(objects, 'HTTPRoute').map((r) => r.metadata.name).sort()).toEqual(['ucsx', 'ucsx-internal', 'udm-gateway']);
    expect([parent('udm-gateway'), parent('ucsx'), parent('ucsx-internal')]).toEqual(['genesys-public', 'genesys-public', 'genesys-internal']);
    expect(find(objects, 'HTTPRoute', 'udm-gateway', NS).metadata.annotations['genesys.cdk8s.io/implements']).toBe('ucsx#1, ucsx#2');
    expect(ofKind(objects, 'Ingress')).toEqual([]);
  });

  test('the generic implementation cannot express CometD affinity: synthesis warns, naming the extension', () => {
    expect(warnings.filter((w) => w.includes('cannot express'))).toEqual([
      expect.stringMatching(/ext:ucsx-internal-api: Gateway gateway\/genesys-internal \(generic\) cannot express cookie affinity for ucsx-internal\.example\.com/),
    ]);
  });

  test('the data planes of the two Gateways reach only the pod ports their routes name', () => {
    expect(allowed(objects, 'udm-gateway', NS, 'ingress')).toContain(`${endKey({ namespace: 'gateway', labels: { 'gateway.networking.k8s.io/gateway-name': 'genesys-public' } })}:8080/TCP`);
    expect(allowed(objects, 'ucsx', NS, 'ingress')).toContain(`${endKey({ namespace: 'gateway', labels: { 'gateway.networking.k8s.io/gateway-name': 'genesys-internal' } })}:8080/TCP`);
  });
});
