import { App, Chart } from 'cdk8s';
import { officialChartsProps } from '../../examples/official-charts/app';
import { ChartValues, GenesysPeers, GenesysPlatform, GenesysPlatformProps, NexusService, Verifier } from '../../src';

// Components whose pods Genesys' own Helm charts create: the library writes the wiring around them
// and none of their workload objects, describes them for the verifier, and writes chart values.

const FILE_STORAGE = { host: 'exports.storage.example.com', cidrGroups: [{ name: 'object-storage', cidrs: ['198.51.100.0/24'] }] };
const base: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
  ucsx: { fileStorage: FILE_STORAGE },
};

function synth(props: GenesysPlatformProps): { app: App; objects: any[]; platform: GenesysPlatform } {
  const app = new App();
  const platform = new GenesysPlatform(app, 'p', props);
  app.synth();
  return { app, platform, objects: app.charts.flatMap((c) => c.toJson()) };
}

function errorOf(props: unknown): string {
  const app = new App();
  new GenesysPlatform(app, 'p', props as GenesysPlatformProps);
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis did not fail');
}

const named = (objects: any[], kind: string, namespace: string) =>
  objects.filter((o) => o.kind === kind && o.metadata?.namespace === namespace).map((o) => o.metadata.name);

describe('a component deployed by its chart', () => {
  const { objects, platform } = synth({ ...base, nexus: { deployedElsewhere: {} } });

  test('gets no Deployment, Service, ServiceAccount, autoscaler or disruption budget', () => {
    for (const kind of ['Deployment', 'StatefulSet', 'ServiceAccount', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']) {
      expect(named(objects, kind, 'nexus').filter((n: string) => n === 'nexus')).toEqual([]);
    }
    // the library's own workloads of the same namespace are still written (its embedded stores)
    expect(named(objects, 'StatefulSet', 'nexus')).toEqual(['redis-nexus', 'postgres-nexus']);
  });

  test('both policy sides select the pods by the labels Genesys\' chart puts on them', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && ['nexus-ingress', 'nexus-egress'].includes(o.metadata.name));
    expect(policies.map((p) => p.spec.podSelector)).toEqual([{ matchLabels: { servicename: 'nexus' } }, { matchLabels: { servicename: 'nexus' } }]);
    // and GWS's egress to Digital Channels selects them too
    const gwsEgress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'gws-app-workspace-egress');
    expect(JSON.stringify(gwsEgress.spec.egress)).toContain('"servicename":"nexus"');
  });

  test('its entry point routes to the chart\'s Service', () => {
    const route = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.namespace === 'nexus');
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'nexus', port: 80 }]);
  });

  test('the peers ConfigMap describes it for the verifier', () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'genesys-cx-peers' && o.metadata.namespace === 'nexus');
    expect(JSON.parse(cm.data['workloads.json'])).toEqual([{
      component: 'nexus',
      namespace: 'nexus',
      podSelector: { servicename: 'nexus' },
      serviceName: 'nexus',
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    }]);
  });

  test('the chart values carry what the library wired, published keys only, the rest as comments', () => {
    const [values] = ChartValues.of(platform);
    expect(values.fileName).toBe('chart-values/nexus.yaml');
    // no key is published for Digital Channels: everything is a comment
    expect(values.text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([]);
    expect(values.text).toContain('#   NEXUS_GWS_URL = "http://gws-service-proxy.gws.svc.cluster.local:80"');
    expect(values.text).toContain('#   NEXUS_DB_PASSWORD from Secret postgres-nexus-credentials key password');
  });

  test('the standalone construct takes it too', () => {
    const app = new App();
    const nexus = new NexusService(new Chart(app, 'c'), 'nexus', {
      domain: 'cx.example.com', developmentStores: true, deployedElsewhere: { podSelector: { app: 'chat' }, serviceName: 'chat', servicePorts: { http: 8080 } },
    });
    app.synth();
    expect(nexus.nexus.deployedElsewhere).toBe(true);
    expect(nexus.nexus.workload).toBeUndefined();
    const route = app.charts.flatMap((c) => c.toJson()).find((o) => o.kind === 'HTTPRoute');
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'chat', port: 8080 }]);
  });
});

describe('selectors of pods deployed elsewhere', () => {
  test('a GWS component without one is refused, with how to find it', () => {
    expect(errorOf({ ...base, gws: { services: { workspace: { deployedElsewhere: {} } } } })).toContain(
      '[p] gws.services.workspace.deployedElsewhere.podSelector is missing: Genesys publishes no pod labels for gws-app-workspace (run kubectl get pods -n gws --show-labels and give labels that select only its pods)');
  });

  test('one that would also select another component\'s pods is refused', () => {
    const wide = errorOf({ ...base, ucsx: { fileStorage: FILE_STORAGE, udm: { deployedElsewhere: { podSelector: { 'app.kubernetes.io/part-of': 'genesys-multicloud-cx' } } } } });
    expect(wide).toMatch(/deployedElsewhere\.podSelector \{"app\.kubernetes\.io\/part-of":"genesys-multicloud-cx"\} of udm also selects the pods of /);
    expect(wide.match(/also selects/g)).toHaveLength(1);
    const nested = errorOf({
      ...base,
      gws: { services: { workspace: { deployedElsewhere: { podSelector: { app: 'gws' } } }, voice: { deployedElsewhere: { podSelector: { app: 'gws', tier: 'voice' } } } } },
    });
    expect(nested).toMatch(/\{"app":"gws"\} of gws-app-workspace also selects the pods of gws-platform-voice/);
  });

  test('an empty one, a bad label and a port the component does not have are refused', () => {
    const message = errorOf({ ...base, nexus: { deployedElsewhere: { podSelector: {}, servicePorts: { https: 443 } } }, wwe: { nginx: { deployedElsewhere: { podSelector: { 'bad key!': 'x' } } } } });
    expect(message).toContain('nexus.deployedElsewhere.podSelector is empty');
    expect(message).toContain('[p] nexus.deployedElsewhere.servicePorts[https] names no port of nexus');
    expect(message).toContain('[p] wwe.nginx.deployedElsewhere.podSelector key "bad key!" is not a label key');
    // one message per cause
    expect(message.split('\n').filter((l) => l.includes('[p')).length).toBe(3);
  });

  test('a misspelt field is refused with the nearest one', () => {
    expect(errorOf({ ...base, nexus: { deployedElsewhere: { selector: { servicename: 'nexus' } } } })).toMatch(/selector is not a prop of deployedElsewhere.*podSelector/);
  });
});

describe('the verifier on output with components deployed elsewhere', () => {
  const { objects } = synth(officialChartsProps());
  const verify = (objs: any[]) => Verifier.verify(objs);
  const failures = (objs: any[]) => verify(objs).lines.filter((l) => l.status === 'FAIL' || l.status === 'OPEN').map((l) => l.text);

  test('rows through the chart\'s pods are judged against their selectors', () => {
    const report = verify(objects);
    const line = (ref: string) => report.lines.find((l) => l.ref === ref)?.text;
    expect(line('gws#6')).toBe('PASS gws#6 gws-service-proxy -> gws-app-workspace 80');
    expect(line('gws#27')).toBe('PASS gws#27 gws-app-workspace -> nexus 80');
    expect(line('nexus#9')).toMatch(/^PASS nexus#9/);
  });

  test('a row policy widened beyond the given selector fails', () => {
    const widened = structuredClone(objects);
    const policy = widened.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'nexus-ingress');
    policy.spec.podSelector = {};
    expect(failures(widened)).toContainEqual(expect.stringMatching(/^FAIL deployed-elsewhere NetworkPolicy:nexus\/nexus-ingress: spec\.podSelector: selects more than the pods of nexus/));
  });

  test('a description that breaks the format is reported and not used', () => {
    const tampered = structuredClone(objects);
    const cm = tampered.find((o: any) => o.kind === 'ConfigMap' && o.metadata.name === 'genesys-cx-peers' && o.metadata.namespace === 'nexus');
    const entries = JSON.parse(cm.data['workloads.json']);
    entries[0].namespace = 'kube-system';
    cm.data['workloads.json'] = JSON.stringify(entries);
    const lines = failures(tampered);
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL deployed-elsewhere ConfigMap:nexus\/genesys-cx-peers: data\["workloads\.json"\]\[0\]: namespace "kube-system" is not the ConfigMap's/));
    // without it the rows to Digital Channels have no destination pods
    expect(verify(tampered).lines.find((l) => l.ref === 'gws#27')?.status).not.toBe('PASS');
  });
});
