import { defaultVerifyPeers, envOf, gwsChart, gwsSelector, IWD_PORT, rulesOf, storeSelector, TENANT_PORT } from './fixtures';
import {
  Annotations,
  ComponentIds,
  ConnectionCatalog,
  Direction,
  EndKind,
  EntryPoints,
  GatewayImplementation,
  GenesysPeers,
  GenesysService,
  GwsCluster,
  GwsEnvironment,
  IngressProfile,
  Labels,
  Peer,
  SynthWarnings,
} from '../../src';
import { EmbeddedStores } from '../../src/catalog';
import { ManifestSet, ReachabilityAnalyzer, Verifier, VerifyStatus } from '../../src/verify';
import { find, podSpec, synthesize } from '../support/synth';

const GWS_IDS = ConnectionCatalog.componentsOf(GenesysService.GWS);
const ROWS = ConnectionCatalog.forService(GenesysService.GWS);
const NS = 'gws';
const svc = (id: string, port = 80) => `http://${id}.${NS}.svc.cluster.local:${port}`;

describe('GwsCluster with defaults', () => {
  // GIVEN only the required props (domain, Tenant Service and IWD peers)
  const { objects } = synthesize((app) => gwsChart(app));

  test('writes one hardened Deployment, Service and ServiceAccount per component, and the four embedded stores', () => {
    for (const id of GWS_IDS) {
      expect(find(objects, 'Deployment', id, NS).spec.template.metadata.labels).toMatchObject(gwsSelector(id));
      expect(find(objects, 'ServiceAccount', id, NS).automountServiceAccountToken).toBe(false);
    }
    expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(14);
    expect(objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name).sort())
      .toEqual(['consul-gws', 'elasticsearch-gws', 'postgres-gws', 'redis-gws']);
  });

  test('every Service but the proxy serves `http` on 80 to pod port 8080; the proxy adds `http-internal` 81 to 8081', () => {
    for (const id of GWS_IDS) {
      const ports = find(objects, 'Service', id, NS).spec.ports;
      const expected = [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }];
      if (id === ComponentIds.GWS_SERVICE_PROXY) expected.push({ name: 'http-internal', port: 81, targetPort: 8081, protocol: 'TCP' });
      expect(ports).toEqual(expected);
    }
  });

  test('the verifier finds every row with both ends in the app allowed on its port, and nothing undocumented open', () => {
    // WHEN the synthesized manifests are verified against the catalog, with the default peers
    // (gws#27 and gws#28 lead to Digital Channels and UCS-X, nexus#7 and ucsx#13 come from them: not in this app, allowed unchecked)
    const report = Verifier.verify(objects, { peers: defaultVerifyPeers(), allowSkipped: ['gws#27', 'gws#28', 'nexus#7', 'ucsx#13'] });

    // THEN every GWS row except the two whose ends are other services' workloads passes...
    const byRef = new Map(report.lines.filter((l) => l.ref?.startsWith('gws#')).map((l) => [l.ref!, l]));
    for (const row of ROWS) {
      const line = byRef.get(row.ref);
      if (row.ref === 'gws#27' || row.ref === 'gws#28') {
        expect(line?.status).toBe(VerifyStatus.SKIP); // Digital Channels and UCS-X are not in this app: checked below
      } else {
        expect({ ref: row.ref, status: line?.status, reason: line?.reason }).toEqual({ ref: row.ref, status: VerifyStatus.PASS, reason: undefined });
      }
    }
    // ...and nothing fails: no undocumented opening, no schema or policy error
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
    expect(report.withStatus(VerifyStatus.FAIL)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test('gws#27 and gws#28 leave the workspace for Digital Channels (pod 8080) and UCS-X (pod 8080), and nothing else does', () => {
    const analyzer = new ReachabilityAnalyzer(ManifestSet.fromObjects(objects));
    analyzer.addVirtualEndpoint({ name: 'nexus', namespace: 'nexus', labels: Labels.selector('nexus', 'nexus') });
    analyzer.addVirtualEndpoint({ name: 'ucsx', namespace: 'ucsx', labels: Labels.selector('ucsx', 'ucsx') });
    const workspace = `${NS}/Deployment/${ComponentIds.GWS_APP_WORKSPACE}`;
    expect(analyzer.allowed(workspace, 'virtual/nexus', 8080).egressAllowed).toBe(true);
    expect(analyzer.allowed(workspace, 'virtual/ucsx', 8080).egressAllowed).toBe(true);
    expect(analyzer.allowed(workspace, 'virtual/nexus', 80).egressAllowed).toBe(false); // the Service port is not the pod port
    for (const id of GWS_IDS.filter((i) => i !== ComponentIds.GWS_APP_WORKSPACE)) {
      expect(analyzer.allowed(`${NS}/Deployment/${id}`, 'virtual/nexus', 8080).egressAllowed).toBe(false);
      expect(analyzer.allowed(`${NS}/Deployment/${id}`, 'virtual/ucsx', 8080).egressAllowed).toBe(false);
    }
  });

  test('each workload\'s two policies implement exactly the rows where it is the source or the destination', () => {
    const expected = new Map<string, { egress: Set<string>; ingress: Set<string> }>();
    const entry = (name: string) => {
      if (!expected.has(name)) expected.set(name, { egress: new Set(), ingress: new Set() });
      return expected.get(name)!;
    };
    const storeName = (kind: string) => `${EmbeddedStores.engine(kind)}-gws`;
    for (const row of ROWS) {
      for (const s of row.source.components) entry(s).egress.add(row.ref);
      for (const d of row.destination.components) if (GWS_IDS.includes(d)) entry(d).ingress.add(row.ref);
      if (row.destination.kind === EndKind.PEER && EmbeddedStores.isStore(row.destination.id)) {
        entry(storeName(row.destination.id)).ingress.add(row.ref);
      }
    }
    const refs = (policy: any) => new Set<string>((policy.metadata.annotations?.[Annotations.IMPLEMENTS] ?? '').split(', ').filter((r: string) => r));
    for (const [name, { egress, ingress }] of expected) {
      if (GWS_IDS.includes(name)) expect({ name, refs: refs(find(objects, 'NetworkPolicy', `${name}-egress`, NS)) }).toEqual({ name, refs: egress });
      expect({ name, refs: refs(find(objects, 'NetworkPolicy', `${name}-ingress`, NS)) }).toEqual({ name, refs: ingress });
    }
    // the UIs open nothing: their egress policy has no rule (default-deny plus DNS only)
    for (const id of [ComponentIds.GWS_UI_CRMWORKSPACE, ComponentIds.GWS_UI_PROVISIONING]) {
      expect(rulesOf(find(objects, 'NetworkPolicy', `${id}-egress`, NS))).toEqual([]);
    }
  });

  test('policies name pod ports: the proxy reaches every platform service on 8080, not the Service port 80', () => {
    const egress = rulesOf(find(objects, 'NetworkPolicy', 'gws-service-proxy-egress', NS));
    for (const id of ComponentIds.gwsPlatformServices()) {
      expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: gwsSelector(id) } }], ports: [{ port: 8080, protocol: 'TCP' }] });
      expect(rulesOf(find(objects, 'NetworkPolicy', `${id}-ingress`, NS)))
        .toContainEqual({ from: [{ podSelector: { matchLabels: gwsSelector(ComponentIds.GWS_SERVICE_PROXY) } }], ports: [{ port: 8080, protocol: 'TCP' }] });
    }
  });

  test('the platform services reach the Tenant Service and GAuth in their namespaces (gws#10, gws#11): only our egress side', () => {
    for (const id of ComponentIds.gwsPlatformServices()) {
      const egress = rulesOf(find(objects, 'NetworkPolicy', `${id}-egress`, NS));
      expect(egress).toContainEqual({
        to: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'voice' } }, podSelector: { matchLabels: { [Labels.NAME]: 'tenant' } } }],
        ports: [{ port: TENANT_PORT, protocol: 'TCP' }],
      });
      expect(egress).toContainEqual({
        to: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'gauth' } }, podSelector: { matchLabels: { [Labels.NAME]: 'gauth-auth' } } }],
        ports: [{ port: 80, protocol: 'TCP' }],
      });
    }
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace !== NS)).toEqual([]);
  });

  test('the workspace gets every address from its connections', () => {
    const env = envOf(find(objects, 'Deployment', ComponentIds.GWS_APP_WORKSPACE, NS));
    expect(env).toEqual({
      [GwsEnvironment.AUTH_URL]: 'http://gauth-auth.gauth.svc.cluster.local:80',
      [GwsEnvironment.VOICEMAIL_URL]: 'http://voice-voicemail-service.voice.svc.cluster.local:8081/fs',
      [GwsEnvironment.IWD_URL]: `http://iwd.iwd.svc.cluster.local:${IWD_PORT}`,
      [GwsEnvironment.DIGITAL_CHANNELS_URL]: 'http://nexus.nexus.svc.cluster.local:80',
      [GwsEnvironment.UCS_URL]: 'http://ucsx.ucsx.svc.cluster.local:8080',
      GWS_PLATFORM_DATACOLLECTOR_URL: svc('gws-platform-datacollector'),
      GWS_PLATFORM_CONFIGURATION_URL: svc('gws-platform-configuration'),
      GWS_PLATFORM_VOICE_URL: svc('gws-platform-voice'),
      GWS_PLATFORM_STATISTICS_URL: svc('gws-platform-statistics'),
      GWS_PLATFORM_SETTING_URL: svc('gws-platform-setting'),
      [GwsEnvironment.REDIS_HOST]: 'redis-gws.gws.svc.cluster.local',
      [GwsEnvironment.REDIS_PORT]: '6379',
      [GwsEnvironment.REDIS_TLS]: 'false',
      [GwsEnvironment.REDIS_PASSWORD]: { valueFrom: { secretKeyRef: { name: 'redis-gws-credentials', key: 'password' } } },
      [GwsEnvironment.CONSUL_HOST]: 'consul-gws.gws.svc.cluster.local',
      [GwsEnvironment.CONSUL_PORT]: '8500',
      [GwsEnvironment.CONSUL_TLS]: 'false',
      [GwsEnvironment.PUBLIC_URL]: 'https://gws.example.com',
    });
  });

  test('the proxy gets one URL per routed service, the platform services Tenant Service, GAuth and Consul, the stores\' clients their stores', () => {
    const proxy = envOf(find(objects, 'Deployment', ComponentIds.GWS_SERVICE_PROXY, NS));
    for (const id of GWS_IDS.filter((i) => i !== ComponentIds.GWS_SERVICE_PROXY)) expect(proxy[GwsEnvironment.componentUrl(id)]).toBe(svc(id));
    expect(GwsEnvironment.componentUrl('gws-ui-provisioning')).toBe('GWS_UI_PROVISIONING_URL');

    for (const id of ComponentIds.gwsPlatformServices()) {
      const env = envOf(find(objects, 'Deployment', id, NS));
      expect(env[GwsEnvironment.TENANT_URL]).toBe(`http://tenant.voice.svc.cluster.local:${TENANT_PORT}`);
      expect(env[GwsEnvironment.AUTH_URL]).toBe('http://gauth-auth.gauth.svc.cluster.local:80');
      expect(env[GwsEnvironment.CONSUL_HOST]).toBe('consul-gws.gws.svc.cluster.local');
      expect(env[GwsEnvironment.LOCATION]).toBeUndefined();
    }
    const setting = envOf(find(objects, 'Deployment', ComponentIds.GWS_PLATFORM_SETTING, NS));
    expect(setting).toMatchObject({
      [GwsEnvironment.POSTGRES_HOST]: 'postgres-gws.gws.svc.cluster.local',
      [GwsEnvironment.POSTGRES_PORT]: '5432',
      [GwsEnvironment.POSTGRES_TLS]: 'false',
      [GwsEnvironment.POSTGRES_DATABASE]: 'gws',
      [GwsEnvironment.POSTGRES_USER]: 'postgres',
      [GwsEnvironment.POSTGRES_PASSWORD]: { valueFrom: { secretKeyRef: { name: 'postgres-gws-credentials', key: 'password' } } },
    });
    const collector = envOf(find(objects, 'Deployment', ComponentIds.GWS_PLATFORM_DATACOLLECTOR, NS));
    expect(collector[GwsEnvironment.ELASTICSEARCH_URL]).toBe('http://elasticsearch-gws.gws.svc.cluster.local:9200');
    expect(collector[GwsEnvironment.REDIS_HOST]).toBe('redis-gws.gws.svc.cluster.local');
    // nothing a component does not connect to
    expect(envOf(find(objects, 'Deployment', ComponentIds.GWS_PLATFORM_OCS, NS))[GwsEnvironment.REDIS_HOST]).toBeUndefined();
    expect(envOf(find(objects, 'Deployment', ComponentIds.GWS_UI_CRMWORKSPACE, NS))).toEqual({ [GwsEnvironment.PUBLIC_URL]: 'https://gws.example.com' });
    expect(envOf(find(objects, 'Deployment', ComponentIds.GWS_APP_PROVISIONING, NS))[GwsEnvironment.VOICEMAIL_URL]).toBeUndefined();
  });

  test('the external and internal Ingresses route to the proxy with CometD stickiness (gws#1)', () => {
    const external = find(objects, 'Ingress', 'gws', NS);
    const internal = find(objects, 'Ingress', 'gws-int', NS);
    expect(external.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['gws.example.com'], secretName: 'gws-tls' }],
      rules: [{ host: 'gws.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gws-service-proxy', port: { number: 80 } } } }] } }],
    });
    expect(internal.spec.rules[0].host).toBe('gws-int.example.com');
    expect(internal.spec.rules[0].http.paths[0].backend.service.port.number).toBe(81);
    expect(internal.spec.tls[0].secretName).toBe('gws-int-tls');
    for (const ingress of [external, internal]) {
      expect(ingress.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/affinity': 'cookie',
        'nginx.ingress.kubernetes.io/session-cookie-name': 'gws-route',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '300',
        [Annotations.IMPLEMENTS]: 'gws#1',
      });
    }
    // the controller may reach the proxy's two pod ports, and nothing else in the namespace
    const controller = { namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'ingress-nginx' } }, podSelector: { matchLabels: { [Labels.COMPONENT]: 'controller', [Labels.NAME]: 'ingress-nginx' } } };
    expect(rulesOf(find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', NS))).toEqual([
      { from: [controller], ports: [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }] },
    ]);
    const others = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name !== 'gws-service-proxy-ingress');
    expect(JSON.stringify(others)).not.toContain('ingress-nginx');
  });

  test('hardened defaults: restricted pods, pinned images, resources, probes; restricted namespace with default-deny', () => {
    for (const id of GWS_IDS) {
      const deployment = find(objects, 'Deployment', id, NS);
      const pod = podSpec(deployment);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 500, runAsGroup: 500, seccompProfile: { type: 'RuntimeDefault' } });
      const [main] = pod.containers;
      expect(main.image).toBe(`gws/${id}:${GwsCluster.DEFAULT_IMAGE_TAG}`);
      expect(main.securityContext).toMatchObject({
        allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
      });
      expect(main.resources.limits).toBeDefined();
      expect(main.resources.requests).toBeDefined();
      expect(main.readinessProbe.tcpSocket.port).toBe(8080);
      expect(main.ports).toContainEqual({ containerPort: 8080, name: 'http', protocol: 'TCP' });
      expect(deployment.spec.replicas).toBe(1);
    }
    expect(podSpec(find(objects, 'Deployment', 'gws-platform-voice', NS)).containers[0].resources)
      .toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    const namespace = find(objects, 'Namespace', NS);
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(objects, 'NetworkPolicy', 'default-deny', NS).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(objects, 'NetworkPolicy', 'allow-dns', NS)).toBeDefined();
  });

  test('embedded stores are single-replica StatefulSets marked development-only; PostgreSQL is persistent', () => {
    for (const engine of ['postgres', 'redis', 'elasticsearch', 'consul']) {
      const store = find(objects, 'StatefulSet', `${engine}-gws`, NS);
      expect(store.metadata.annotations[Annotations.DEVELOPMENT_ONLY]).toBe('true');
      expect(store.spec.template.metadata.annotations[Annotations.DEVELOPMENT_ONLY]).toBe('true');
      expect(store.spec.replicas).toBe(1);
      expect(store.spec.template.metadata.labels).toMatchObject(storeSelector(engine));
      expect(podSpec(store).containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    }
    expect(find(objects, 'StatefulSet', 'postgres-gws', NS).spec.volumeClaimTemplates).toHaveLength(1);
    expect(find(objects, 'StatefulSet', 'redis-gws', NS).spec.volumeClaimTemplates).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]); // passwords are referenced, never written
  });
});

describe('GwsCluster with every prop set', () => {
  const redisCidr = '10.40.0.0/24';
  const postgresCidr = '10.41.0.0/24';
  const esCidr = '10.42.0.0/24';
  const nodeCidr = '10.0.0.0/16';
  let cluster: GwsCluster | undefined;
  // GIVEN external stores, a node-local Consul agent, a location, custom ports, sizes, classes and peers
  const { objects } = synthesize((app) => {
    const { gws } = gwsChart(app, {
      namespace: 'gws-eu',
      manageNamespace: true,
      dns: { namespace: 'kube-system', labels: { 'k8s-app': 'coredns' } },
      domain: 'cx.example.org',
      location: 'euw1',
      imageRegistry: 'registry.example.org/genesys',
      entryPoints: EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX, className: 'public-nginx' }),
      image: { repositoryPrefix: 'pe/gws', tag: '100.0.100.0160' },
      services: {
        serviceProxy: { port: 8000, internalPort: 8001, replicas: 3 },
        workspace: { port: 8100, autoscaling: { minReplicas: 2, maxReplicas: 6 }, env: { JAVA_OPTS: '-Xmx1g' } },
        provisioning: { port: 8200 },
        crmWorkspace: { enabled: false },
        agentSetup: { port: 8300, image: { repository: 'custom/agent-setup', digest: 'sha256:' + 'b'.repeat(64) } },
        ocs: { enabled: false },
        chat: { enabled: false, port: 9999 },
        voice: { resources: { memoryLimitMebibytes: 4096 }, secretEnv: [{ name: 'SIP_SECRET', secret: { name: 'voice', key: 'sip' } }] },
      },
      postgres: { external: { host: 'pg.db.example.org', port: 6432, tls: true, username: 'gws', credentials: { name: 'gws-pg', key: 'password' }, cidrGroups: [{ name: 'pg', cidrs: [postgresCidr] }] } },
      databases: { gws: 'gws_config', agentSetup: 'gws_agent_setup' },
      redis: { external: { host: 'redis.cache.example.org', tls: true, credentials: { name: 'gws-redis', key: 'token' }, cidrGroups: [{ name: 'redis', cidrs: [redisCidr] }] } },
      elasticsearch: { external: { host: 'es.example.org', port: 9243, tls: true, username: 'gws', credentials: { name: 'gws-es', key: 'password' }, cidrGroups: [{ name: 'es', cidrs: [esCidr] }] } },
      consul: { nodeAgent: { nodeCidrGroups: [{ name: 'nodes', cidrs: [nodeCidr] }], port: 8501, tls: true, token: { name: 'consul-acl', key: 'token' } } },
      authService: GenesysPeers.authService({ namespace: 'auth', port: 8080 }),
      authClient: { clientId: 'gws-client', clientSecret: { name: 'gws-auth', key: 'client-secret' } },
      voicemail: GenesysPeers.voicemail({ namespace: 'vm' }),
      ingress: {
        external: { tlsSecretName: 'wildcard-tls' },
        internal: {
          host: 'gws.internal.example.org',
          locationTlsSecretName: 'internal-euw1-tls',
          entryPoints: EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX, internalClassName: 'internal-nginx' }),
        },
        behaviour: { cookieAffinity: { cookieName: 'GWSSTICKY', maxAgeSeconds: 3600 }, readTimeoutSeconds: 900 },
      },
    });
    cluster = gws;
  });
  const ns = 'gws-eu';

  test('disabled services have no objects and no route from the proxy', () => {
    for (const id of ['gws-ui-crmworkspace', 'gws-platform-ocs', 'gws-platform-chat']) {
      expect(objects.filter((o) => o.metadata?.name === id)).toEqual([]);
      expect(cluster!.workload(id)).toBeUndefined();
    }
    const proxyEnv = envOf(find(objects, 'Deployment', 'gws-service-proxy', ns));
    expect(proxyEnv.GWS_PLATFORM_OCS_URL).toBeUndefined();
    expect(proxyEnv.GWS_UI_PROVISIONING_URL).toBe(`http://gws-ui-provisioning.${ns}.svc.cluster.local:8300`);
    expect(cluster!.enabledComponents).toHaveLength(11);
    expect(cluster!.connectionsOf('gws#2')).toHaveLength(7);
  });

  test('configured Service ports, pod ports unchanged; the URLs follow the ports', () => {
    expect(find(objects, 'Service', 'gws-service-proxy', ns).spec.ports).toEqual([
      { name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' },
      { name: 'http-internal', port: 8001, targetPort: 8081, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'gws-app-workspace', ns).spec.ports[0]).toMatchObject({ port: 8100, targetPort: 8080 });
    const proxyEnv = envOf(find(objects, 'Deployment', 'gws-service-proxy', ns));
    expect(proxyEnv.GWS_APP_WORKSPACE_URL).toBe(`http://gws-app-workspace.${ns}.svc.cluster.local:8100`);
    expect(proxyEnv.GWS_APP_PROVISIONING_URL).toBe(`http://gws-app-provisioning.${ns}.svc.cluster.local:8200`);
  });

  test('external stores get only our egress rule to their CIDRs, and their address, TLS and Secret references in the environment', () => {
    expect(objects.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    const setting = envOf(find(objects, 'Deployment', 'gws-platform-setting', ns));
    expect(setting).toMatchObject({
      [GwsEnvironment.POSTGRES_HOST]: 'pg.db.example.org',
      [GwsEnvironment.POSTGRES_PORT]: '6432',
      [GwsEnvironment.POSTGRES_TLS]: 'true',
      [GwsEnvironment.POSTGRES_DATABASE]: 'gws_config',
      [GwsEnvironment.POSTGRES_USER]: 'gws',
      [GwsEnvironment.POSTGRES_PASSWORD]: { valueFrom: { secretKeyRef: { name: 'gws-pg', key: 'password' } } },
    });
    expect(envOf(find(objects, 'Deployment', 'gws-app-provisioning', ns))[GwsEnvironment.POSTGRES_DATABASE]).toBe('gws_agent_setup');
    expect(rulesOf(find(objects, 'NetworkPolicy', 'gws-platform-setting-egress', ns)))
      .toContainEqual({ to: [{ ipBlock: { cidr: postgresCidr } }], ports: [{ port: 6432, protocol: 'TCP' }] });
    const collector = envOf(find(objects, 'Deployment', 'gws-platform-datacollector', ns));
    expect(collector).toMatchObject({
      [GwsEnvironment.ELASTICSEARCH_URL]: 'https://es.example.org:9243',
      [GwsEnvironment.ELASTICSEARCH_USER]: 'gws',
      [GwsEnvironment.ELASTICSEARCH_PASSWORD]: { valueFrom: { secretKeyRef: { name: 'gws-es', key: 'password' } } },
      [GwsEnvironment.REDIS_HOST]: 'redis.cache.example.org',
      [GwsEnvironment.REDIS_TLS]: 'true',
      [GwsEnvironment.REDIS_PASSWORD]: { valueFrom: { secretKeyRef: { name: 'gws-redis', key: 'token' } } },
    });
    const collectorEgress = rulesOf(find(objects, 'NetworkPolicy', 'gws-platform-datacollector-egress', ns));
    expect(collectorEgress).toContainEqual({ to: [{ ipBlock: { cidr: esCidr } }], ports: [{ port: 9243, protocol: 'TCP' }] });
    expect(collectorEgress).toContainEqual({ to: [{ ipBlock: { cidr: redisCidr } }], ports: [{ port: 6379, protocol: 'TCP' }] });
  });

  test('the node-local Consul agent is dialled on the node\'s IP, with egress to the node CIDRs only', () => {
    const consulClients = ['gws-service-proxy', 'gws-app-workspace', 'gws-app-provisioning', ...ComponentIds.gwsPlatformServices().filter((i) => !['gws-platform-ocs', 'gws-platform-chat'].includes(i))];
    for (const id of consulClients) {
      const env = envOf(find(objects, 'Deployment', id, ns));
      expect(env[GwsEnvironment.CONSUL_HOST]).toEqual({ valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } });
      expect(env[GwsEnvironment.CONSUL_PORT]).toBe('8501');
      expect(env[GwsEnvironment.CONSUL_TLS]).toBe('true');
      expect(env[GwsEnvironment.CONSUL_TOKEN]).toEqual({ valueFrom: { secretKeyRef: { name: 'consul-acl', key: 'token' } } });
      expect(rulesOf(find(objects, 'NetworkPolicy', `${id}-egress`, ns))).toContainEqual({ to: [{ ipBlock: { cidr: nodeCidr } }], ports: [{ port: 8501, protocol: 'TCP' }] });
    }
    expect(cluster!.consul).toBeUndefined();
    expect(rulesOf(find(objects, 'NetworkPolicy', 'gws-ui-provisioning-egress', ns))).toEqual([]);
  });

  test('peers, the auth client and the location are in the environment', () => {
    const workspace = envOf(find(objects, 'Deployment', 'gws-app-workspace', ns));
    expect(workspace).toMatchObject({
      [GwsEnvironment.AUTH_URL]: 'http://gauth-auth.auth.svc.cluster.local:8080',
      [GwsEnvironment.AUTH_CLIENT_ID]: 'gws-client',
      [GwsEnvironment.AUTH_CLIENT_SECRET]: { valueFrom: { secretKeyRef: { name: 'gws-auth', key: 'client-secret' } } },
      [GwsEnvironment.VOICEMAIL_URL]: 'http://voice-voicemail-service.vm.svc.cluster.local:8081/fs',
      [GwsEnvironment.LOCATION]: 'euw1',
      [GwsEnvironment.PUBLIC_URL]: 'https://gws.cx.example.org',
      JAVA_OPTS: '-Xmx1g',
    });
    for (const id of cluster!.enabledComponents) expect(envOf(find(objects, 'Deployment', id, ns))[GwsEnvironment.LOCATION]).toBe('euw1');
    expect(envOf(find(objects, 'Deployment', 'gws-platform-voice', ns)).SIP_SECRET).toEqual({ valueFrom: { secretKeyRef: { name: 'voice', key: 'sip' } } });
    expect(envOf(find(objects, 'Deployment', 'gws-service-proxy', ns))[GwsEnvironment.AUTH_CLIENT_ID]).toBeUndefined(); // the proxy does not call GAuth
  });

  test('the namespace\'s DNS policy uses the given cluster DNS', () => {
    expect(find(objects, 'NetworkPolicy', 'allow-dns', ns).spec.egress[0].to[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'coredns' } });
  });

  test('images, sizes and autoscaling as configured', () => {
    expect(podSpec(find(objects, 'Deployment', 'gws-platform-voice', ns)).containers[0].image).toBe('registry.example.org/genesys/pe/gws/gws-platform-voice:100.0.100.0160');
    // an image that names no registry is pulled from imageRegistry, like every component's
    expect(podSpec(find(objects, 'Deployment', 'gws-ui-provisioning', ns)).containers[0].image).toBe(`registry.example.org/genesys/custom/agent-setup@sha256:${'b'.repeat(64)}`);
    expect(podSpec(find(objects, 'Deployment', 'gws-platform-voice', ns)).containers[0].resources.limits.memory).toBe('4Gi');
    expect(find(objects, 'Deployment', 'gws-service-proxy', ns).spec.replicas).toBe(3);
    expect(find(objects, 'PodDisruptionBudget', 'gws-service-proxy', ns)).toBeDefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'gws-app-workspace', ns).spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
  });

  test('multi data center: location hosts beside the global ones, the given classes, TLS secrets and behaviour', () => {
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    expect(ingresses.map((i) => [i.metadata.name, i.spec.rules[0].host, i.spec.tls[0].secretName, i.spec.ingressClassName])).toEqual([
      ['gws', 'gws.cx.example.org', 'wildcard-tls', 'public-nginx'],
      ['gws-euw1', 'gws-euw1.cx.example.org', 'gws-euw1-tls', 'public-nginx'],
      ['gws-int', 'gws.internal.example.org', 'gws-int-tls', 'internal-nginx'],
      ['gws-int-euw1', 'gws-euw1.internal.example.org', 'internal-euw1-tls', 'internal-nginx'],
    ]);
    for (const ingress of ingresses) {
      expect(ingress.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/affinity': 'cookie',
        'nginx.ingress.kubernetes.io/session-cookie-name': 'GWSSTICKY',
        'nginx.ingress.kubernetes.io/session-cookie-max-age': '3600',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '900',
      });
    }
    expect(cluster!.entryPoints.map((e) => e.url)).toEqual([
      'https://gws.cx.example.org', 'https://gws-euw1.cx.example.org', 'https://gws.internal.example.org', 'https://gws-euw1.internal.example.org',
    ]);
  });

  test('the verifier passes every row with its configured ports, nothing undocumented open', () => {
    const report = Verifier.verify(objects, {
      peers: [
        { kind: 'auth-service', namespace: 'auth', labels: { [Labels.NAME]: 'gauth-auth' }, ports: [8080] },
        { kind: 'tenant-service', namespace: 'voice', labels: { [Labels.NAME]: 'tenant' }, ports: [TENANT_PORT] },
        { kind: 'voicemail', namespace: 'vm', labels: { [Labels.NAME]: 'voice-voicemail' }, ports: [8081] },
        { kind: 'iwd', namespace: 'iwd', labels: { [Labels.NAME]: 'iwd' }, ports: [IWD_PORT] },
        { kind: 'postgresql', service: 'gws', cidrs: [postgresCidr], ports: [6432] },
        { kind: 'redis', service: 'gws', cidrs: [redisCidr], ports: [6379] },
        { kind: 'elasticsearch', service: 'gws', cidrs: [esCidr], ports: [9243] },
        { kind: 'consul', service: 'gws', cidrs: [nodeCidr], ports: [8501] },
      ],
      ingressController: undefined,
      allowSkipped: ['gws#4', 'gws#27', 'gws#28', 'nexus#7', 'ucsx#13'],
      portOverrides: { 'gws#6': 8100, 'gws#7': 8200, 'gws#5': 8300, 'gws#3': 8501, 'gws#8': 8501, 'gws#19': 8501, 'gws#22': 8501, 'gws#13': 9243 },
    });
    const gwsLines = report.lines.filter((l) => l.ref?.startsWith('gws#'));
    const notPassing = gwsLines.filter((l) => l.status !== VerifyStatus.PASS && !['gws#4', 'gws#27', 'gws#28'].includes(l.ref!));
    expect(notPassing).toEqual([]);
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
    expect(report.withStatus(VerifyStatus.FAIL)).toEqual([]);
  });
});

describe('GwsCluster enablement', () => {
  test('without Setting and Provisioning no PostgreSQL is embedded; without the proxy no Ingress is written', () => {
    const { objects } = synthesize((app) => gwsChart(app, {
      services: { setting: { enabled: false }, provisioning: { enabled: false }, workspace: { enabled: false }, serviceProxy: { enabled: false } },
    }));
    expect(objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name).sort()).toEqual(['consul-gws', 'elasticsearch-gws', 'redis-gws']);
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
    expect(envOf(find(objects, 'Deployment', 'gws-ui-provisioning', NS))).toEqual({});
  });

  test('an unmanaged namespace gets no Namespace or namespace-wide policies; a shared ingress controller serves both entry points', () => {
    const controller = Peer.inCluster({ name: 'traefik', namespace: 'traefik', labels: { [Labels.NAME]: 'traefik' } });
    const { objects } = synthesize((app) => gwsChart(app, {
      manageNamespace: false, entryPoints: EntryPoints.ingress({ controller, className: 'traefik', internalClassName: 'traefik-internal' }),
    }));
    expect(objects.filter((o) => o.kind === 'Namespace' || ['default-deny', 'allow-dns'].includes(o.metadata.name))).toEqual([]);
    // the internal entry point uses the internal class; without an internal controller, the shared one serves both
    expect(objects.filter((o) => o.kind === 'Ingress').map((i) => i.spec.ingressClassName)).toEqual(['traefik', 'traefik-internal']);
    expect(rulesOf(find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', NS))).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'traefik' } }, podSelector: { matchLabels: { [Labels.NAME]: 'traefik' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }],
    }]);
  });

  test('only internal rows whose source is not the proxy make a dependency (the catalog says which)', () => {
    const dependencies = ROWS
      .filter((r) => r.direction === Direction.INTERNAL && r.source.id !== ComponentIds.GWS_SERVICE_PROXY)
      .map((r) => `${r.source.id}->${r.destination.id}`);
    expect(dependencies).toEqual([
      'gws-app-workspace->gws-platform-datacollector',
      'gws-app-workspace->gws-platform-configuration',
      'gws-app-provisioning->gws-platform-configuration',
      'gws-app-workspace->gws-platform-voice',
      'gws-app-workspace->gws-platform-statistics',
      'gws-app-workspace->gws-platform-setting',
    ]);
  });
});

describe('GwsCluster on the Gateway API', () => {
  let warnings: string[] = [];
  const { objects } = synthesize((app) => {
    const { chart } = gwsChart(app, { location: 'usw1', entryPoints: EntryPoints.gatewayApi({ implementation: GatewayImplementation.ENVOY_GATEWAY, gatewayClassName: 'eg' }) });
    warnings = SynthWarnings.of(chart);
  });

  test('four HTTPRoutes (global and location hosts, external and internal) to the proxy\'s two listeners, on the public and internal Gateways', () => {
    const routes = objects.filter((o) => o.kind === 'HTTPRoute');
    expect(routes.map((r) => [r.metadata.name, r.spec.hostnames[0], r.spec.parentRefs[0].name, r.spec.rules[0].backendRefs[0].port])).toEqual([
      ['gws', 'gws.example.com', 'genesys-public', 80],
      ['gws-usw1', 'gws-usw1.example.com', 'genesys-public', 80],
      ['gws-int', 'gws-int.example.com', 'genesys-internal', 81],
      ['gws-int-usw1', 'gws-int-usw1.example.com', 'genesys-internal', 81],
    ]);
    expect(routes.every((r) => r.spec.rules[0].timeouts.request === '300s')).toBe(true);
    expect(find(objects, 'Gateway', 'genesys-internal', 'gateway').spec.listeners.map((l: any) => l.hostname)).toEqual(['gws-int-usw1.example.com', 'gws-int.example.com']);
  });

  test('CometD stickiness through Envoy Gateway\'s BackendTrafficPolicy, with the location\'s cookie', () => {
    const policy = find(objects, 'BackendTrafficPolicy', 'gws-affinity', NS);
    expect(policy.spec.loadBalancer.consistentHash).toEqual({ type: 'Cookie', cookie: { name: 'gws-route-usw1', ttl: '172800s' } });
    expect(warnings.filter((w) => w.includes('cannot express'))).toEqual([]);
  });

  test('the public data plane reaches only the external listener 8080, the internal one only 8081', () => {
    const plane = (gateway: string) => ({ 'gateway.envoyproxy.io/owning-gateway-name': gateway, 'gateway.envoyproxy.io/owning-gateway-namespace': 'gateway' });
    expect(rulesOf(find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', NS))).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'envoy-gateway-system' } }, podSelector: { matchLabels: plane('genesys-internal') } }], ports: [{ port: 8081, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'envoy-gateway-system' } }, podSelector: { matchLabels: plane('genesys-public') } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  });
});
