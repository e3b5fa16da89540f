import { Chart } from 'cdk8s';
import {
  Connection, ConnectionCatalog, EntryPoints, GenesysPeers, GenesysService, HardenedWorkload, IngressProfile, ManagedNamespace,
  NexusEnvironment, NexusService, NexusServiceProps, Peer,
} from '../../src';
import { verifyManifests, VerifyPeer, VerifyStatus } from '../../src/verify';
import {
  allowed, canonical, envOf, find, INGRESS_CONTROLLER, inventory, mainContainer, ofKind, podsHere, podsIn, refsOf, synth, synthFailure,
} from '../wwe/helpers';

const NEXUS = canonical('nexus', 'nexus');
const REDIS = canonical('redis', 'nexus', 'nexus');
const POSTGRES = canonical('postgres', 'nexus', 'nexus');
const GWS_PROXY = canonical('gws-service-proxy', 'gws');
const UCSX = canonical('ucsx', 'ucsx');
const DIGEST = `sha256:${'fedcba9876543210'.repeat(4)}`;

function nexus(props: Partial<NexusServiceProps> = {}): any[] {
  return synth((chart) => {
    new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, ...props });
  });
}

/** Stand-ins for the GWS service proxy and UCS-X, as `GwsCluster` and `UcsxStack` label them. */
function standIns(chart: Chart): void {
  // their namespaces as GwsCluster and UcsxStack manage them (default-deny, DNS)
  for (const ns of ['gws', 'ucsx']) ManagedNamespace.ensure(chart, ns);
  new HardenedWorkload(chart, 'gws-proxy', {
    id: 'gws-service-proxy',
    component: 'gws',
    namespace: 'gws',
    image: { repository: 'gws/gws-service-proxy', tag: '1.0.0' },
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  });
  new HardenedWorkload(chart, 'ucsx', {
    id: 'ucsx',
    component: 'ucsx',
    namespace: 'ucsx',
    image: { repository: 'ucsx/ucsx', tag: '1.0.0' },
    ports: [{ name: 'http', port: 8080 }, { name: 'http-80', port: 80, targetPort: 8080 }],
  });
}

/** The peers outside the manifests, for the verifier. */
const PEERS: VerifyPeer[] = [
  { kind: 'designer', namespace: 'designer', labels: { 'app.kubernetes.io/name': 'designer' } },
  { kind: 'tenant-service', namespace: 'voice', labels: { 'app.kubernetes.io/name': 'tenant' } },
  { kind: 'cx-contact', namespace: 'cxc', labels: { 'app.kubernetes.io/name': 'cxc' } },
  { kind: 'webhooks', cidrs: ['203.0.113.0/28'] },
  // every range the aggregators below are reached at: a range no peer declares is an opening
  { kind: 'messaging-aggregators', cidrs: ['198.51.100.0/28', '198.51.100.32/28'] },
  { kind: 'messaging-aggregators', cidrs: ['192.0.2.128/25'], ports: [8443] },
  { kind: 'async-api-client', cidrs: ['198.51.100.64/28'] },
];

const WEBHOOKS = [{ name: 'crm-webhooks', host: 'hooks.crm.example.net', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.0/28'] }] }];
const AGGREGATORS = [
  { name: 'sms-aggregator', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.0/28', '198.51.100.32/28'] }] },
  { name: 'email-aggregator', port: 8443, cidrGroups: [{ name: 'mail', cidrs: ['192.0.2.128/25'], except: ['192.0.2.200/32'] }] },
];
const ASYNC_CLIENTS = [{ name: 'bot-platform', cidrGroups: [{ name: 'bots', cidrs: ['198.51.100.64/28'] }] }];

/** Every prop set. */
const FULL: NexusServiceProps = {
  domain: 'cx.example.org',
  developmentStores: true,
  namespace: 'digital',
  manageNamespace: true,
  dns: { namespace: 'dns-system', labels: { 'k8s-app': 'coredns' } },
  host: 'chat.cx.example.org',
  tlsSecretName: 'chat-certificate',
  entryPoints: EntryPoints.ingress({
    profile: IngressProfile.INGRESS_NGINX,
    className: 'nginx-public',
    controller: Peer.ingressController({ namespace: 'edge', labels: { 'app.kubernetes.io/name': 'edge-nginx' } }),
  }),
  ingressPaths: ['/nexus', '/chat'],
  ingressTimeoutSeconds: 7200,
  maxRequestBodyMebibytes: 25,
  prometheus: Peer.prometheus({ namespace: 'observability', labels: { 'app.kubernetes.io/name': 'prom' } }),
  monitoring: true,
  location: '/USW1',
  imageRegistry: 'registry.example.org/genesys',
  podPort: 9000,
  metricsPort: 9464,
  healthPath: '/nexus/v3/health',
  nexus: {
    image: { repository: 'nexus/nexus', digest: DIGEST },
    env: { NEXUS_LOG_LEVEL: 'info' },
    secretEnv: [{ name: 'NEXUS_CRYPTO_KEY', secret: { name: 'nexus-keys', key: 'crypto' } }],
    replicas: 3,
    resources: { cpuRequestMillis: 500, cpuLimitMillis: 2000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 2048 },
    autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilizationPercent: 60, memoryUtilizationPercent: 80 },
    podDisruptionBudget: true,
  },
  designer: GenesysPeers.designer({ namespace: 'des', labels: { 'app.kubernetes.io/name': 'designer-app' } }),
  tenantService: GenesysPeers.tenantServiceCaller({ namespace: 'tenants' }),
  cxContact: GenesysPeers.cxContact({ namespace: 'outbound' }),
  gws: GenesysPeers.gwsServiceProxy({ namespace: 'web-services' }),
  universalContactService: GenesysPeers.universalContactService({ namespace: 'contacts' }),
  redis: {
    clusterMode: true,
    external: {
      host: 'redis.cache.example.internal',
      port: 6380,
      tls: true,
      cidrGroups: [{ name: 'redis-subnet', cidrs: ['10.40.1.0/24'] }],
      credentials: { name: 'nexus-redis', key: 'password' },
    },
  },
  postgres: {
    database: 'nexus_prod',
    external: {
      host: 'nexus-db.example.internal',
      tls: true,
      username: 'nexus',
      cidrGroups: [{ name: 'db-subnet', cidrs: ['10.40.2.0/24'] }],
      credentials: { name: 'nexus-db', key: 'db-password' },
    },
  },
  webhooks: WEBHOOKS,
  messagingAggregators: AGGREGATORS,
  asyncApiClients: ASYNC_CLIENTS,
};

describe('NexusService with defaults', () => {
  // GIVEN only the domain, WHEN synthesized
  const objects = nexus();

  test('writes the namespace, the Digital Channels workload, its Ingress and embedded development stores, nothing else', () => {
    expect(inventory(objects)).toEqual([
      'ConfigMap nexus/genesys-cx-peers',
      'Deployment nexus/nexus',
      'HTTPRoute nexus/nexus',
      'Namespace /nexus',
      'NetworkPolicy nexus/allow-dns',
      'NetworkPolicy nexus/default-deny',
      'NetworkPolicy nexus/nexus-egress',
      'NetworkPolicy nexus/nexus-ingress',
      'NetworkPolicy nexus/postgres-nexus-egress',
      'NetworkPolicy nexus/postgres-nexus-ingress',
      'NetworkPolicy nexus/redis-nexus-egress',
      'NetworkPolicy nexus/redis-nexus-ingress',
      'Service nexus/nexus',
      'Service nexus/postgres-nexus',
      'Service nexus/postgres-nexus-headless',
      'Service nexus/redis-nexus',
      'Service nexus/redis-nexus-headless',
      'ServiceAccount nexus/nexus',
      'ServiceAccount nexus/postgres-nexus',
      'ServiceAccount nexus/redis-nexus',
      'StatefulSet nexus/postgres-nexus',
      'StatefulSet nexus/redis-nexus',
    ]);
    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
  });

  test('the Service exposes http 80 to pod 8080 (rows nexus#4-6); without monitoring no metrics port', () => {
    const service = find(objects, 'Service', 'nexus', 'nexus');
    const row = ConnectionCatalog.get('nexus#4');
    expect(service.spec.ports).toEqual([
      // WebSocket through the Gateway: the port says so
      { name: 'http', port: row.servicePort, targetPort: row.podPort, protocol: 'TCP', appProtocol: 'kubernetes.io/ws' },
    ]);
    expect(service.spec.selector).toEqual(NEXUS);
  });

  test('the pod is hardened and runs the pinned image', () => {
    const deployment = find(objects, 'Deployment', 'nexus', 'nexus');
    const spec = deployment.spec.template.spec;
    const container = mainContainer(deployment);
    expect(deployment.spec.selector.matchLabels).toEqual(NEXUS);
    expect(container.image).toBe(`nexus/nexus:${NexusService.DEFAULT_IMAGE_TAG}`);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 500, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsNonRoot: true,
    });
    expect(container.ports).toEqual([
      { containerPort: 8080, name: 'http', protocol: 'TCP' },
    ]);
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 8080 });
  });

  test('ingress: the controller (nexus#1-3, #11 callbacks), Designer, Tenant Service and CX Contact, all on pod port 8080, nothing else', () => {
    const policy = find(objects, 'NetworkPolicy', 'nexus-ingress', 'nexus');
    expect(policy.spec.podSelector.matchLabels).toEqual(NEXUS);
    expect(allowed(policy)).toEqual(new Set([
      `${INGRESS_CONTROLLER} TCP/8080`,
      `${podsIn('designer', { 'app.kubernetes.io/name': 'designer' })} TCP/8080`,
      `${podsIn('voice', { 'app.kubernetes.io/name': 'tenant' })} TCP/8080`,
      `${podsIn('cxc', { 'app.kubernetes.io/name': 'cxc' })} TCP/8080`,
    ]));
    expect(refsOf(policy)).toEqual(['nexus#1', 'nexus#2', 'nexus#3', 'nexus#4', 'nexus#5', 'nexus#6', 'nexus#11']);
  });

  test('egress: GWS proxy and UCS-X on their pod port 8080, the embedded Redis and PostgreSQL, nothing else', () => {
    const policy = find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus');
    expect(allowed(policy)).toEqual(new Set([
      `${podsIn('gws', GWS_PROXY)} TCP/8080`,
      `${podsIn('ucsx', UCSX)} TCP/8080`,
      `${podsHere(REDIS)} TCP/6379`,
      `${podsHere(POSTGRES)} TCP/5432`,
    ]));
    expect(refsOf(policy)).toEqual(['nexus#7', 'nexus#8', 'nexus#9', 'nexus#10']);
  });

  test('the embedded stores accept Digital Channels only and reach nothing', () => {
    expect(allowed(find(objects, 'NetworkPolicy', 'redis-nexus-ingress', 'nexus'))).toEqual(new Set([`${podsHere(NEXUS)} TCP/6379`]));
    expect(allowed(find(objects, 'NetworkPolicy', 'postgres-nexus-ingress', 'nexus'))).toEqual(new Set([`${podsHere(NEXUS)} TCP/5432`]));
    expect(find(objects, 'NetworkPolicy', 'redis-nexus-egress', 'nexus').spec.egress).toBeUndefined(); // no rule: no list (policyTypes keeps egress denied)
    expect(find(objects, 'NetworkPolicy', 'postgres-nexus-egress', 'nexus').spec.egress).toBeUndefined(); // no rule: no list (policyTypes keeps egress denied)
    expect(find(objects, 'StatefulSet', 'redis-nexus', 'nexus').metadata.annotations['genesys.cdk8s.io/development-only']).toBe('true');
  });

  test('the environment carries the GWS, UCS-X and store addresses from the connections, passwords by Secret reference', () => {
    expect(envOf(mainContainer(find(objects, 'Deployment', 'nexus', 'nexus')))).toEqual({
      [NexusEnvironment.HTTP_PORT]: '8080',
      [NexusEnvironment.PUBLIC_URL]: 'https://digital.example.com',
      [NexusEnvironment.GWS_URL]: 'http://gws-service-proxy.gws.svc.cluster.local:80',
      [NexusEnvironment.UCS_URL]: 'http://ucsx.ucsx.svc.cluster.local:80',
      [NexusEnvironment.REDIS_HOST]: 'redis-nexus.nexus.svc.cluster.local',
      [NexusEnvironment.REDIS_PORT]: '6379',
      [NexusEnvironment.REDIS_URL]: 'redis://redis-nexus.nexus.svc.cluster.local:6379',
      [NexusEnvironment.REDIS_TLS]: 'false',
      [NexusEnvironment.REDIS_CLUSTER]: 'false',
      [NexusEnvironment.REDIS_PASSWORD]: 'secret:redis-nexus-credentials/password',
      [NexusEnvironment.DB_HOST]: 'postgres-nexus.nexus.svc.cluster.local',
      [NexusEnvironment.DB_PORT]: '5432',
      [NexusEnvironment.DB_NAME]: 'nexus',
      [NexusEnvironment.DB_USER]: 'postgres',
      [NexusEnvironment.DB_SSL]: 'false',
      [NexusEnvironment.DB_PASSWORD]: 'secret:postgres-nexus-credentials/password',
    });
  });

  test('an HTTPRoute serves digital.<domain> on the public Gateway, the Digital Channels paths, WebSocket on the Service port, an hour-long timeout', () => {
    const route = find(objects, 'HTTPRoute', 'nexus', 'nexus');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway', name: 'genesys-public' }]);
    expect(route.spec.hostnames).toEqual(['digital.example.com']);
    expect(route.spec.rules).toEqual(['/nexus', '/chat', '/ux', '/admin', '/auth'].map((value) => ({
      matches: [{ path: { type: 'PathPrefix', value } }], backendRefs: [{ name: 'nexus', port: 80 }], timeouts: { request: '3600s' },
    })));
    expect(refsOf(route)).toEqual(['nexus#1', 'nexus#2', 'nexus#3', 'nexus#11']);
    expect(find(objects, 'Service', 'nexus', 'nexus').spec.ports.find((p: any) => p.name === 'http').appProtocol).toBe('kubernetes.io/ws');
  });

  test('exposes host, URL, peers and connections', () => {
    synth((chart) => {
      const n = new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true });
      expect(n.host).toBe('digital.example.com');
      expect(n.url).toBe('https://digital.example.com');
      expect(n.peer).toBe(n.nexus.peer);
      expect(n.redis.embedded).toBe(true);
      expect(n.postgres.embedded).toBe(true);
      expect(n.gwsConnection.refs).toEqual(['nexus#7']);
      expect(n.universalContactServiceConnection.podPort).toBe(8080);
      expect(n.metrics).toBeUndefined();
    });
  });
});

describe('NexusService with every prop set', () => {
  // GIVEN every prop, WHEN synthesized
  const objects = nexus(FULL);
  const ns = 'digital';
  const deployment = find(objects, 'Deployment', 'nexus', ns);

  test('no embedded store when both are external; a ServiceMonitor for the metrics port', () => {
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
    const monitor = find(objects, 'ServiceMonitor', 'nexus', ns);
    expect(monitor.spec).toEqual({
      selector: { matchLabels: NEXUS },
      namespaceSelector: { matchNames: [ns] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
    });
  });

  test('the Service keeps port 80 for the configurable pod port, and the given metrics port', () => {
    expect(find(objects, 'Service', 'nexus', ns).spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 9000, protocol: 'TCP' },
      { name: 'metrics', port: 9464, targetPort: 9464, protocol: 'TCP' },
    ]);
    expect(mainContainer(deployment).readinessProbe.httpGet).toEqual({ path: '/nexus/v3/health', port: 9000, scheme: 'HTTP' });
  });

  test('image by digest from the registry, sizing, autoscaling and PodDisruptionBudget', () => {
    const container = mainContainer(deployment);
    expect(container.image).toBe(`registry.example.org/genesys/nexus/nexus@${DIGEST}`);
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(find(objects, 'HorizontalPodAutoscaler', 'nexus', ns).spec.metrics.map((m: any) => `${m.resource.name}=${m.resource.target.averageUtilization}`))
      .toEqual(['cpu=60', 'memory=80']);
    expect(find(objects, 'PodDisruptionBudget', 'nexus', ns).spec.selector.matchLabels).toEqual(NEXUS);
  });

  test('ingress: the given controller, callers and Prometheus, on the configured pod ports only', () => {
    const policy = find(objects, 'NetworkPolicy', 'nexus-ingress', ns);
    expect(allowed(policy)).toEqual(new Set([
      `${podsIn('edge', { 'app.kubernetes.io/name': 'edge-nginx' })} TCP/9000`,
      `${podsIn('des', { 'app.kubernetes.io/name': 'designer-app' })} TCP/9000`,
      `${podsIn('tenants', { 'app.kubernetes.io/name': 'tenant' })} TCP/9000`,
      `${podsIn('outbound', { 'app.kubernetes.io/name': 'cxc' })} TCP/9000`,
      `${podsIn('observability', { 'app.kubernetes.io/name': 'prom' })} TCP/9464`,
    ]));
  });

  test('egress: the given GWS and UCS-X namespaces, the external stores and HTTPS endpoints by CIDR, nothing else', () => {
    const policy = find(objects, 'NetworkPolicy', 'nexus-egress', ns);
    expect(allowed(policy)).toEqual(new Set([
      `${podsIn('web-services', GWS_PROXY)} TCP/8080`,
      `${podsIn('contacts', UCSX)} TCP/8080`,
      'cidr 10.40.1.0/24 TCP/6380',
      'cidr 10.40.2.0/24 TCP/5432',
      'cidr 203.0.113.0/28 TCP/443',
      'cidr 198.51.100.0/28 TCP/443',
      'cidr 198.51.100.32/28 TCP/443',
      'cidr 192.0.2.128/25 except 192.0.2.200/32 TCP/8443',
      'cidr 198.51.100.64/28 TCP/443',
    ]));
    expect(refsOf(policy)).toEqual(['nexus#1', 'nexus#7', 'nexus#8', 'nexus#9', 'nexus#10', 'nexus#11', 'nexus#12']);
  });

  test('the environment carries the external stores with TLS, cluster mode, Secret references and the extra values', () => {
    expect(envOf(mainContainer(deployment))).toEqual({
      NEXUS_LOG_LEVEL: 'info',
      NEXUS_CRYPTO_KEY: 'secret:nexus-keys/crypto',
      [NexusEnvironment.HTTP_PORT]: '9000',
      [NexusEnvironment.METRICS_PORT]: '9464',
      [NexusEnvironment.PUBLIC_URL]: 'https://chat.cx.example.org',
      [NexusEnvironment.LOCATION]: '/USW1',
      [NexusEnvironment.GWS_URL]: 'http://gws-service-proxy.web-services.svc.cluster.local:80',
      [NexusEnvironment.UCS_URL]: 'http://ucsx.contacts.svc.cluster.local:80',
      [NexusEnvironment.REDIS_HOST]: 'redis.cache.example.internal',
      [NexusEnvironment.REDIS_PORT]: '6380',
      [NexusEnvironment.REDIS_URL]: 'rediss://redis.cache.example.internal:6380',
      [NexusEnvironment.REDIS_TLS]: 'true',
      [NexusEnvironment.REDIS_CLUSTER]: 'true',
      [NexusEnvironment.REDIS_PASSWORD]: 'secret:nexus-redis/password',
      [NexusEnvironment.DB_HOST]: 'nexus-db.example.internal',
      [NexusEnvironment.DB_PORT]: '5432',
      [NexusEnvironment.DB_NAME]: 'nexus_prod',
      [NexusEnvironment.DB_USER]: 'nexus',
      [NexusEnvironment.DB_SSL]: 'true',
      [NexusEnvironment.DB_PASSWORD]: 'secret:nexus-db/db-password',
    });
  });

  test('the Ingress uses the given host, TLS secret, class, paths, timeouts and body size', () => {
    const ingress = find(objects, 'Ingress', 'nexus', ns);
    expect(ingress.spec.ingressClassName).toBe('nginx-public');
    expect(ingress.spec.tls).toEqual([{ hosts: ['chat.cx.example.org'], secretName: 'chat-certificate' }]);
    expect(ingress.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual(['/nexus', '/chat']);
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '7200',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '7200',
      'nginx.ingress.kubernetes.io/proxy-body-size': '25m',
    });
  });
});

describe('NexusService rows, proven by the verifier', () => {
  test('all 12 rows pass at both ends with GWS and UCS-X in the app, nothing undocumented is open', () => {
    // GIVEN Digital Channels with its external endpoints, composed with stand-ins for the GWS proxy and UCS-X
    const objects = synth((chart) => {
      standIns(chart);
      new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, webhooks: WEBHOOKS, messagingAggregators: AGGREGATORS, asyncApiClients: ASYNC_CLIENTS });
    });
    // WHEN verified against the catalog
    const report = verifyManifests(objects, { peers: PEERS });
    // THEN every Digital Channels row passes, and no undocumented opening or schema/policy error shows
    const rows = report.lines.filter((l) => l.ref?.startsWith('nexus#'));
    expect(rows.map((l) => `${l.status} ${l.ref}`)).toEqual(ConnectionCatalog.forService(GenesysService.NEXUS).map((r) => `PASS ${r.ref}`));
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
    expect(report.lines.filter((l) => l.check !== undefined && l.status === VerifyStatus.FAIL)).toEqual([]);
  });

  test('late binding: the GWS proxy and UCS-X workloads get the ingress rule from Digital Channels on pod port 8080', () => {
    // GIVEN the stand-ins created after Digital Channels (order must not matter)
    const objects = synth((chart) => {
      new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true });
      standIns(chart);
    });
    // THEN both destinations admit Digital Channels on their pod port, with the row references
    const proxy = find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', 'gws');
    expect(allowed(proxy)).toEqual(new Set([`${podsIn('nexus', NEXUS)} TCP/8080`]));
    expect(refsOf(proxy)).toEqual(['nexus#7']);
    const ucsx = find(objects, 'NetworkPolicy', 'ucsx-ingress', 'ucsx');
    expect(allowed(ucsx)).toEqual(new Set([`${podsIn('nexus', NEXUS)} TCP/8080`]));
    expect(refsOf(ucsx)).toEqual(['nexus#8']);
  });

  test('late binding the other way: a GWS workload calling GenesysPeers.digitalChannels() reaches the real pod port', () => {
    // GIVEN Digital Channels on pod port 9000 and a GWS workload declaring gws#27 towards the typed peer
    const objects = synth((chart) => {
      const workspace = new HardenedWorkload(chart, 'workspace', {
        id: 'gws-app-workspace',
        component: 'gws',
        namespace: 'gws',
        image: { repository: 'gws/gws-app-workspace', tag: '1.0.0' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      });
      Connection.declare(chart, { source: workspace.peer, destination: GenesysPeers.digitalChannels(), port: 'http', refs: ['gws#27'] });
      new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, podPort: 9000 });
    });
    // THEN Digital Channels admits the workspace on 9000 and the workspace's egress names 9000
    expect(allowed(find(objects, 'NetworkPolicy', 'nexus-ingress', 'nexus'))).toContain(`${podsIn('gws', canonical('gws-app-workspace', 'gws'))} TCP/9000`);
    expect(allowed(find(objects, 'NetworkPolicy', 'gws-app-workspace-egress', 'gws'))).toEqual(new Set([`${podsIn('nexus', NEXUS)} TCP/9000`]));
  });

  test('the verifier with every prop set passes every row it can see and finds nothing open', () => {
    const objects = nexus(FULL);
    const report = verifyManifests(objects, {
      allowSkipped: ['nexus#7', 'nexus#8'], // GWS and UCS-X are not in this app
      ingressController: { namespace: 'edge', labels: { 'app.kubernetes.io/name': 'edge-nginx' } },
      prometheus: { namespace: 'observability', labels: { 'app.kubernetes.io/name': 'prom' } },
      peers: [
        { kind: 'designer', namespace: 'des', labels: { 'app.kubernetes.io/name': 'designer-app' } },
        { kind: 'tenant-service', namespace: 'tenants', labels: { 'app.kubernetes.io/name': 'tenant' } },
        { kind: 'cx-contact', namespace: 'outbound', labels: { 'app.kubernetes.io/name': 'cxc' } },
        { kind: 'redis', service: 'nexus', cidrs: ['10.40.1.0/24'], ports: [6380] },
        { kind: 'postgresql', service: 'nexus', cidrs: ['10.40.2.0/24'] },
        { kind: 'webhooks', cidrs: ['203.0.113.0/28'] },
        { kind: 'messaging-aggregators', cidrs: ['198.51.100.0/28', '198.51.100.32/28'] },
        { kind: 'messaging-aggregators', cidrs: ['192.0.2.128/25'], ports: [8443] },
        { kind: 'async-api-client', cidrs: ['198.51.100.64/28'] },
      ],
    });
    const rows = report.lines.filter((l) => l.ref?.startsWith('nexus#'));
    const byStatus = (s: VerifyStatus) => rows.filter((l) => l.status === s).map((l) => l.ref);
    expect(byStatus(VerifyStatus.PASS)).toEqual(['nexus#1', 'nexus#2', 'nexus#3', 'nexus#4', 'nexus#5', 'nexus#6', 'nexus#9', 'nexus#10', 'nexus#11', 'nexus#12']);
    // GWS and UCS-X are not in this app: the verifier cannot see their pods (their rules are asserted field by field above)
    expect(byStatus(VerifyStatus.SKIP)).toEqual(['nexus#7', 'nexus#8']);
    expect(byStatus(VerifyStatus.FAIL)).toEqual([]);
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
  });
});

describe('NexusService options', () => {
  test('monitoring off writes no Prometheus rule even with a custom Prometheus', () => {
    const objects = nexus({ prometheus: Peer.prometheus({ namespace: 'observability' }) });
    const ingress = allowed(find(objects, 'NetworkPolicy', 'nexus-ingress', 'nexus'));
    expect([...ingress].filter((r) => r.includes('observability') || r.endsWith('/4004'))).toEqual([]);
  });

  test('monitoring on with defaults lets Prometheus in on 4004', () => {
    const objects = nexus({ monitoring: true });
    expect(allowed(find(objects, 'NetworkPolicy', 'nexus-ingress', 'nexus'))).toContain(`${podsIn('monitoring', { 'app.kubernetes.io/name': 'prometheus' })} TCP/4004`);
    expect(find(objects, 'ServiceMonitor', 'nexus', 'nexus').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '15s' }]);
  });

  test('an external Redis without a password and an embedded PostgreSQL mix', () => {
    const objects = nexus({ redis: { external: { host: 'redis.example.internal', cidrGroups: [{ name: 'r', cidrs: ['10.1.0.0/24'] }] } } });
    const env = envOf(mainContainer(find(objects, 'Deployment', 'nexus', 'nexus')));
    expect(env[NexusEnvironment.REDIS_URL]).toBe('redis://redis.example.internal:6379');
    expect(env[NexusEnvironment.REDIS_PASSWORD]).toBeUndefined();
    expect(ofKind(objects, 'StatefulSet').map((s) => s.metadata.name)).toEqual(['postgres-nexus']);
    expect(allowed(find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus'))).toContain('cidr 10.1.0.0/24 TCP/6379');
  });

  test('two replicas give a PodDisruptionBudget; podDisruptionBudget false removes it', () => {
    expect(ofKind(nexus({ nexus: { replicas: 2 } }), 'PodDisruptionBudget')).toHaveLength(1);
    expect(ofKind(nexus({ nexus: { replicas: 2, podDisruptionBudget: false } }), 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('NexusService fails clearly and writes nothing', () => {
  const cidr = [{ name: 'x', cidrs: ['10.9.0.0/24'] }];
  const cases: Array<[string, Partial<NexusServiceProps>, RegExp]> = [
    ['the host is not a DNS name', { host: 'digital example.com' }, /host "digital example\.com" is not a DNS name/],
    ['the domain is missing', { domain: '' }, /nexus: domain is missing/],
    ['a webhook has no CIDR', { webhooks: [{ name: 'crm', cidrGroups: [] }] }, /nexus: webhooks\[0\]\.cidrGroups has no CIDR/],
    ['a webhook group has an empty CIDR list', { webhooks: [{ name: 'crm', cidrGroups: [{ name: 'crm', cidrs: [] }] }] }, /webhooks\[0\]\.cidrGroups has no CIDR/],
    ['an aggregator has no CIDR', { messagingAggregators: [{ name: 'sms', cidrGroups: [] }] }, /nexus: messagingAggregators\[0\]\.cidrGroups has no CIDR/],
    ['an async API client has no CIDR', { asyncApiClients: [{ name: 'bot', cidrGroups: [] }] }, /nexus: asyncApiClients\[0\]\.cidrGroups has no CIDR/],
    ['a webhook CIDR is not a CIDR', { webhooks: [{ name: 'crm', cidrGroups: [{ name: 'crm', cidrs: ['10.0.0.300/24'] }] }] }, /"10\.0\.0\.300\/24" is not a CIDR/],
    ['two external endpoints share a name', { webhooks: [{ name: 'a', cidrGroups: cidr }], messagingAggregators: [{ name: 'a', cidrGroups: cidr }] }, /messagingAggregators\[0\]\.name "a" is used twice \(also webhooks\[0\]/],
    ['an external endpoint port is out of range', { webhooks: [{ name: 'crm', port: 70000, cidrGroups: cidr }] }, /webhooks\[0\]\.port 70000 is not a TCP port/],
    ['the digest is not sha256 + 64 hex', { nexus: { image: { repository: 'nexus/nexus', digest: `sha256:${'G'.repeat(64)}` } } }, /image\.digest "sha256:G+" is not a digest/],
    ['Redis cluster mode has no external Redis', { redis: { clusterMode: true } }, /nexus: redis\.clusterMode is true, but no redis\.external is given/],
    ['the external PostgreSQL has no credentials', { postgres: { external: { host: 'db.example.internal', username: 'nexus', cidrGroups: cidr } } }, /nexus: postgres\.external\.credentials is missing/],
    ['the external PostgreSQL has no user', { postgres: { external: { host: 'db.example.internal', credentials: { name: 'db', key: 'p' }, cidrGroups: cidr } } }, /nexus: postgres\.external\.username is missing/],
    ['the external Redis has no CIDR', { redis: { external: { host: 'redis.example.internal', cidrGroups: [] } } }, /external\.cidrGroups has no CIDR \(got \[\]\)/],
    ['the database name is not a name', { postgres: { database: 'nexus-db' } }, /nexus: postgres\.database "nexus-db" is not a database name/],
    ['the metrics port is the HTTP pod port', { monitoring: true, metricsPort: 8080 }, /nexus: metricsPort 8080 is also the HTTP port/],
    ['the pod port is out of range', { podPort: 0 }, /nexus: podPort 0 is not a TCP port/],
    ['an env name is the construct\'s', { nexus: { env: { NEXUS_GWS_URL: 'http://elsewhere' } } }, /nexus: nexus\.env sets NEXUS_GWS_URL, which the service wires/],
    ['a secretEnv name is the construct\'s', { nexus: { secretEnv: [{ name: 'NEXUS_DB_PASSWORD', secret: { name: 's', key: 'k' } }] } }, /nexus: nexus\.secretEnv sets NEXUS_DB_PASSWORD, which the service wires/],
    ['an ingress path is relative', { ingressPaths: ['nexus'] }, /ingressPaths\[0\] "nexus" is not a URL path/],
    ['the ingress timeout is out of range', { ingressTimeoutSeconds: 0 }, /ingressTimeoutSeconds 0 is out of range/],
    ['the health path is relative', { healthPath: 'health' }, /nexus: healthPath "health" is not a URL path/],
    ['a PodDisruptionBudget is asked for one replica', { nexus: { podDisruptionBudget: true } }, /nexus: nexus\.podDisruptionBudget is true, but only 1 replica/],
    ['the GWS peer has no http port', { gws: GenesysPeers.designer() }, /port "http" is not exposed by designer\/designer/],
  ];
  test.each(cases)('fails when %s', (_name, props, message) => {
    const result = synthFailure((chart) => {
      new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, ...props });
    });
    expect(result.message).toMatch(message);
    expect(result.files).toEqual([]);
  });
});

describe('NexusService snapshot', () => {
  test('defaults and every prop set (guard against unnoticed change)', () => {
    expect(nexus()).toMatchSnapshot();
    expect(nexus(FULL)).toMatchSnapshot();
  });
});
