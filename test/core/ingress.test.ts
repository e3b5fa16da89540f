import { Chart } from 'cdk8s';
import { EntryPoint, HardenedWorkload, Labels, MetricsScrape, Peer } from '../../src';
import { find, synthesisError, synthesize } from '../support/synth';

const image = { repository: 'demo/app', tag: '1.0.0' };

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
        controller: Peer.ingressController(),
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
        controller: Peer.ingressController(),
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
        controller: Peer.ingressController(),
        labels: {},
      });
    });
    expect(message).toMatch(/\[c\/entry\] ingress web: host "https:\/\/web\.example\.com\/" is not a DNS name/);
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
        controller: Peer.ingressController(),
        labels: {},
        refs: ['demo#9', 'demo#1'],
        ingressRefs: ['demo#7'],
      });
    });
    expect(find(objects, 'Ingress', 'web', 'demo').metadata.annotations['genesys.cdk8s.io/implements']).toBe('demo#1, demo#7, demo#9');
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'demo').metadata.annotations['genesys.cdk8s.io/implements']).toBe('demo#1, demo#9');
  });
});
