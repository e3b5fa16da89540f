import { Chart } from 'cdk8s';
import { EntryPoint, EntryPoints, GatewayImplementation, HardenedWorkload, IngressProfile, Labels, MetricsScrape, Peer, SynthWarnings } from '../../src';
import { find, synthesisError, synthesize } from '../support/synth';

const image = { repository: 'demo/app', tag: '1.0.0' };
const NGINX = EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX });

function web(chart: Chart): HardenedWorkload {
  return new HardenedWorkload(chart, 'web', {
    id: 'web',
    component: 'demo',
    namespace: 'demo',
    image,
    ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9100 }],
  });
}

describe('EntryPoint', () => {
  test('writes a TLS Ingress to the Service port and lets only the ingress controller reach the pod port', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const w = web(chart);
      const entry = new EntryPoint(chart, 'entry', {
        name: 'web',
        namespace: 'demo',
        host: 'web.example.com',
        routes: [{ path: '/', workload: w, port: 'http' }],
        entryPoints: NGINX,
        labels: Labels.selector('web', 'demo'),
        refs: ['demo#9'],
        behaviour: { cookieAffinity: { cookieName: 'STICKY' }, readTimeoutSeconds: 600 },
      });
      expect(entry.url).toBe('https://web.example.com');
    });
    const ingress = find(objects, 'Ingress', 'web', 'demo');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
      'nginx.ingress.kubernetes.io/session-cookie-name': 'STICKY',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '600',
    });
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'demo').spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('websocket turns on hour-long timeouts', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      new EntryPoint(chart, 'entry', {
        name: 'web',
        namespace: 'demo',
        host: 'web.example.com',
        routes: [{ path: '/', workload: web(chart), port: 'http' }],
        entryPoints: NGINX,
        labels: {},
        behaviour: { websocket: true },
      });
    });
    const annotations = find(objects, 'Ingress', 'web', 'demo').metadata.annotations;
    expect(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']).toBe('3600');
    expect(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout']).toBe('3600');
  });

  test('fails when the host is not a DNS name', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      new EntryPoint(chart, 'entry', {
        name: 'web',
        namespace: 'demo',
        host: 'https://web.example.com/',
        routes: [{ path: '/', workload: web(chart), port: 'http' }],
        entryPoints: NGINX,
        labels: {},
      });
    });
    expect(message).toMatch(/\[c\/entry\] entry point web: host "https:\/\/web\.example\.com\/" is not a DNS name/);
  });
});

describe('MetricsScrape', () => {
  test('opens the metrics pod port to Prometheus only and writes a ServiceMonitor', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      new MetricsScrape(chart, 'metrics', { workload: web(chart), port: 'metrics', prometheus: Peer.prometheus(), refs: ['demo#7'] });
    });
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'demo').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ port: 9100, protocol: 'TCP' }],
    }]);
    const monitor = find(objects, 'ServiceMonitor', 'web', 'demo');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: Labels.selector('web', 'demo') },
      namespaceSelector: { matchNames: ['demo'] },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
    });
  });
});

describe('EntryPoint references', () => {
  test('ingressRefs annotate the Ingress object only, not the controller rule', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      new EntryPoint(chart, 'entry', {
        name: 'web',
        namespace: 'demo',
        host: 'web.example.com',
        routes: [{ path: '/', workload: web(chart), port: 'http' }],
        entryPoints: NGINX,
        labels: {},
        refs: ['demo#9', 'demo#1'],
        ingressRefs: ['demo#7'],
      });
    });
    expect(find(objects, 'Ingress', 'web', 'demo').metadata.annotations['genesys.cdk8s.io/implements']).toBe('demo#1, demo#7, demo#9');
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'demo').metadata.annotations['genesys.cdk8s.io/implements']).toBe('demo#1, demo#9');
  });
});

describe('EntryPoint on the Gateway API', () => {
  const route = (chart: Chart, entryPoints: EntryPoints, behaviour: any = {}, internal = false) => new EntryPoint(chart, 'entry', {
    name: 'web',
    namespace: 'demo',
    host: 'web.example.com',
    routes: [{ path: '/api', workload: web(chart), port: 'http' }],
    labels: Labels.selector('web', 'demo'),
    refs: ['demo#9'],
    behaviour,
    entryPoints,
    internal,
  });
  const policySources = (objects: any[]) => find(objects, 'NetworkPolicy', 'web-ingress', 'demo').spec.ingress.map((r: any) => r.from);

  test('an HTTPRoute on a team-owned Gateway, the data plane of the implementation admitted on the pod port only', () => {
    const { objects } = synthesize((app) => route(new Chart(app, 'c'), EntryPoints.gatewayApi({
      implementation: GatewayImplementation.ENVOY_GATEWAY, publicGateway: { name: 'edge', namespace: 'gateway-system', sectionName: 'https' },
    }), { readTimeoutSeconds: 120 }));
    const httpRoute = find(objects, 'HTTPRoute', 'web', 'demo');
    expect(httpRoute.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(httpRoute.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway-system', name: 'edge', sectionName: 'https' }],
      hostnames: ['web.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'web', port: 80 }], timeouts: { request: '120s' } }],
    });
    expect(objects.filter((o) => o.kind === 'Gateway')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const plane = { 'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': 'gateway-system' };
    expect(policySources(objects)).toEqual([[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } }, podSelector: { matchLabels: plane } }]]);
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'demo').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(JSON.parse(httpRoute.metadata.annotations['genesys.cdk8s.io/data-plane'])).toEqual({ namespace: 'envoy-gateway-system', labels: plane });
  });

  test('with a GatewayClass the library writes the Gateway: an HTTPS listener per host, the TLS Secret granted across namespaces, routes only from the entry point\'s namespace', () => {
    const { objects } = synthesize((app) => route(new Chart(app, 'c'), EntryPoints.gatewayApi({ gatewayClassName: 'eg' })));
    const gateway = find(objects, 'Gateway', 'genesys-public', 'gateway');
    expect(gateway.spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [{
        name: 'web.example.com',
        hostname: 'web.example.com',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'web-tls', namespace: 'demo' }] },
        allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }], namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['demo'] }] } } },
      }],
    });
    expect(find(objects, 'HTTPRoute', 'web', 'demo').spec.parentRefs[0]).toMatchObject({ name: 'genesys-public', namespace: 'gateway', sectionName: 'web.example.com' });
    expect(find(objects, 'ReferenceGrant', 'gateways-gateway', 'demo').spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway' }],
      to: [{ group: '', kind: 'Secret', name: 'web-tls' }],
    });
    expect(find(objects, 'Namespace', 'gateway').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // the generic profile: the pods GEP-1762 labels with the Gateway's name, in its namespace
    expect(policySources(objects)).toEqual([[{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } },
      podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'genesys-public' } },
    }]]);
  });

  test('internal entry points attach to the internal Gateway', () => {
    const { objects } = synthesize((app) => route(new Chart(app, 'c'), EntryPoints.gatewayApi({
      publicGateway: { name: 'pub', namespace: 'gw' }, internalGateway: { name: 'priv', namespace: 'gw-int' },
    }), {}, true));
    expect(find(objects, 'HTTPRoute', 'web', 'demo').spec.parentRefs[0]).toMatchObject({ name: 'priv', namespace: 'gw-int' });
  });

  test('WebSocket: the Service port says kubernetes.io/ws and the route waits an hour', () => {
    const { objects } = synthesize((app) => route(new Chart(app, 'c'), EntryPoints.gatewayApi(), { websocket: true }));
    const service = find(objects, 'Service', 'web', 'demo');
    expect(service.spec.ports.find((p: any) => p.name === 'http').appProtocol).toBe('kubernetes.io/ws');
    expect(service.spec.ports.find((p: any) => p.name === 'metrics').appProtocol).toBeUndefined();
    expect(find(objects, 'HTTPRoute', 'web', 'demo').spec.rules[0].timeouts).toEqual({ request: '3600s' });
  });

  describe('each implementation profile: affinity, timeouts and body size, or a warning naming the row', () => {
    const behaviour = { cookieAffinity: { cookieName: 'STICKY', maxAgeSeconds: 600 }, readTimeoutSeconds: 300, maxBodyMebibytes: 10 };
    const build = (implementation: GatewayImplementation, extra: any = {}) => {
      let warnings: string[] = [];
      const { objects } = synthesize((app) => {
        const chart = new Chart(app, 'c');
        route(chart, EntryPoints.gatewayApi({ implementation, ...extra }), behaviour);
        warnings = SynthWarnings.of(chart);
      });
      return { objects, warnings, rule: find(objects, 'HTTPRoute', 'web', 'demo').spec.rules[0] };
    };

    test('Envoy Gateway: a BackendTrafficPolicy with a cookie hash, route timeouts; no body limit (warned)', () => {
      const { objects, warnings, rule } = build(GatewayImplementation.ENVOY_GATEWAY);
      expect(find(objects, 'BackendTrafficPolicy', 'web-affinity', 'demo').spec).toEqual({
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }],
        loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'Cookie', cookie: { name: 'STICKY', ttl: '600s' } } },
      });
      expect(rule.timeouts).toEqual({ request: '300s' });
      expect(warnings).toEqual([expect.stringMatching(/demo#9: Gateway gateway\/genesys-public \(envoy-gateway\) cannot express the request body limit for web\.example\.com/)]);
    });

    test('NGINX Gateway Fabric: a ClientSettingsPolicy for the body; no affinity or timeouts (warned)', () => {
      const { objects, warnings, rule } = build(GatewayImplementation.NGINX_GATEWAY_FABRIC);
      expect(find(objects, 'ClientSettingsPolicy', 'web-client-settings', 'demo').spec).toEqual({
        targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }, body: { maxSize: '10m' },
      });
      expect(rule.timeouts).toBeUndefined();
      expect(warnings).toEqual([expect.stringMatching(/demo#9: .*\(nginx-gateway-fabric\) cannot express a 300 s timeout, cookie affinity for web\.example\.com/)]);
    });

    test('Istio: a DestinationRule per Service with a cookie hash, route timeouts; no body limit (warned)', () => {
      const { objects, warnings, rule } = build(GatewayImplementation.ISTIO);
      expect(find(objects, 'DestinationRule', 'web-affinity', 'demo').spec).toEqual({
        host: 'web.demo.svc.cluster.local', trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'STICKY', ttl: '600s' } } } },
      });
      expect(rule.timeouts).toEqual({ request: '300s' });
      expect(warnings).toEqual([expect.stringMatching(/\(istio\) cannot express the request body limit/)]);
    });

    test('Cilium: needs the data plane\'s place; route timeouts, no affinity or body limit (warned)', () => {
      expect(synthesisError((app) => route(new Chart(app, 'c'), EntryPoints.gatewayApi({ implementation: GatewayImplementation.CILIUM }))))
        .toMatch(/entryPoints\.dataPlane is missing: Cilium runs the gateway's Envoy inside its node agent/);
      const { warnings, rule } = build(GatewayImplementation.CILIUM, { dataPlane: { namespace: 'kube-system', labels: { 'k8s-app': 'cilium-envoy' } } });
      expect(rule.timeouts).toEqual({ request: '300s' });
      expect(warnings).toEqual([expect.stringMatching(/\(cilium\) cannot express cookie affinity, the request body limit/)]);
    });

    test('generic: route timeouts only; affinity and body limit warned', () => {
      const { objects, warnings, rule } = build(GatewayImplementation.GENERIC);
      expect(rule.timeouts).toEqual({ request: '300s' });
      expect(objects.filter((o) => !['gateway.networking.k8s.io', 'networking.k8s.io', 'apps', '', 'policy'].includes(o.apiVersion.split('/').length > 1 ? o.apiVersion.split('/')[0] : ''))).toEqual([]);
      expect(warnings).toEqual([expect.stringMatching(/\(generic\) cannot express cookie affinity, the request body limit/)]);
    });
  });
});

describe('EntryPoint on an Ingress controller', () => {
  const entry = (chart: Chart, entryPoints: EntryPoints, behaviour: any = {}) => new EntryPoint(chart, 'entry', {
    name: 'web',
    namespace: 'demo',
    host: 'web.example.com',
    routes: [{ path: '/', workload: web(chart), port: 'http' }],
    labels: {},
    refs: ['demo#9'],
    behaviour,
    entryPoints,
  });
  const traefik = Peer.inCluster({ name: 'traefik', namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' } });

  test('another controller: no ingress-nginx annotation, the user\'s annotations reach the Ingress, what needs annotations is warned', () => {
    let warnings: string[] = [];
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      entry(chart, EntryPoints.ingress({ className: 'traefik', controller: traefik, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }), { cookieAffinity: { cookieName: 'S' } });
      warnings = SynthWarnings.of(chart);
    });
    const ingress = find(objects, 'Ingress', 'web', 'demo');
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(Object.keys(ingress.metadata.annotations).filter((k) => k.startsWith('nginx.ingress.kubernetes.io/'))).toEqual([]);
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'demo').spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'traefik' });
    expect(warnings).toEqual([expect.stringMatching(/demo#9: ingress class "traefik" \(generic\) cannot express cookie affinity/)]);
  });

  test('ingress-nginx is kept as a retired, warned profile; a user annotation that contradicts the library\'s is refused', () => {
    let warnings: string[] = [];
    synthesize((app) => {
      const chart = new Chart(app, 'c');
      entry(chart, NGINX);
      warnings = SynthWarnings.of(chart);
    });
    expect(warnings).toEqual([expect.stringMatching(/ingress-nginx was retired in March 2026/)]);
    const message = synthesisError((app) => entry(new Chart(app, 'c'),
      EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX, annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } })));
    expect(message).toMatch(/entryPoints\.annotations sets "nginx\.ingress\.kubernetes\.io\/ssl-redirect" to "false", which the library writes as "true"/);
  });

  test('the generic profile needs a class and a controller', () => {
    const message = synthesisError((app) => entry(new Chart(app, 'c'), EntryPoints.ingress()));
    expect(message).toMatch(/entryPoints\.className is missing \(the generic profile has no default ingress class/);
    expect(message).toMatch(/entryPoints\.controller is missing/);
  });
});
