import { Chart } from 'cdk8s';
import { Connection, HardenedWorkload, Annotations, Labels, ManagedNamespace, Peer } from '../../src';
import { find, synthesisError, synthesize } from '../support/synth';

const image = { repository: 'demo/app', tag: '1.0.0' };

function workload(chart: Chart, id: string, namespace: string, port = 80, targetPort = 8080): HardenedWorkload {
  ManagedNamespace.ensure(chart, namespace);
  return new HardenedWorkload(chart, id, { id, component: 'demo', namespace, image, ports: [{ name: 'http', port, targetPort }] });
}

function rules(policy: any): any[] {
  return policy.spec.ingress ?? policy.spec.egress;
}

describe('Connection.declare', () => {
  test('writes the egress rule on the source and the ingress rule on the destination, both on the pod port', () => {
    // GIVEN two workloads in one namespace, the destination's Service on 80 sending to pod port 8080
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const web = workload(chart, 'web', 'demo');
      const api = workload(chart, 'api', 'demo', 80, 8080);
      // WHEN web connects to api
      Connection.declare(chart, { source: web.peer, destination: api.peer, port: 'http', refs: ['demo#1'] });
    });

    // THEN web may send to api's pods on 8080 (not 80), and api accepts web on 8080
    const egress = find(objects, 'NetworkPolicy', 'web-egress', 'demo');
    expect(egress.spec.policyTypes).toEqual(['Egress']);
    expect(egress.spec.podSelector).toEqual({ matchLabels: Labels.selector('web', 'demo') });
    expect(rules(egress)).toEqual([{ to: [{ podSelector: { matchLabels: Labels.selector('api', 'demo') } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(egress.metadata.annotations[Annotations.IMPLEMENTS]).toBe('demo#1');

    const ingress = find(objects, 'NetworkPolicy', 'api-ingress', 'demo');
    expect(ingress.spec.policyTypes).toEqual(['Ingress']);
    expect(rules(ingress)).toEqual([{ from: [{ podSelector: { matchLabels: Labels.selector('web', 'demo') } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);

    // AND the Service keeps the documented port 80 mapped to 8080
    const service = find(objects, 'Service', 'api', 'demo');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(Labels.selector('api', 'demo'));
  });

  test('selects the other namespace on kubernetes.io/metadata.name when the namespaces differ', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const web = workload(chart, 'web', 'front');
      const api = workload(chart, 'api', 'back');
      Connection.declare(chart, { source: web.peer, destination: api.peer, port: 'http' });
    });
    expect(rules(find(objects, 'NetworkPolicy', 'web-egress', 'front'))[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'back' } },
      podSelector: { matchLabels: Labels.selector('api', 'demo') },
    }]);
    expect(rules(find(objects, 'NetworkPolicy', 'api-ingress', 'back'))[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'front' } },
      podSelector: { matchLabels: Labels.selector('web', 'demo') },
    }]);
  });

  test('an external peer gets only our side: an ipBlock egress rule per CIDR, with except inside its CIDR', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const api = workload(chart, 'api', 'demo');
      const db = Peer.external({
        name: 'managed-postgres',
        host: 'db.example.internal',
        cidrGroups: [{ name: 'db', cidrs: ['10.20.0.0/16', '10.30.0.0/24'], except: ['10.20.5.0/24'] }],
        ports: [{ name: 'postgres', port: 5432 }],
      });
      const c = Connection.declare(chart, { source: api.peer, destination: db, port: 'postgres', refs: ['demo#2'] });
      expect(c.endpoint.hostPort).toBe('db.example.internal:5432');
      expect(c.policies).toEqual(['demo/api-egress']);
    });
    expect(rules(find(objects, 'NetworkPolicy', 'api-egress', 'demo'))).toEqual([{
      to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] } }, { ipBlock: { cidr: '10.30.0.0/24' } }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    }]);
    // nothing else in the app mentions the external addresses
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o).includes('10.20.0.0/16'));
    expect(policies.map((p) => p.metadata.name)).toEqual(['api-egress']);
  });

  test('declaring the same connection twice, or two ports to one peer, merges rules without duplicates', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      ManagedNamespace.ensure(chart, 'demo');
      const web = workload(chart, 'web', 'demo');
      const api = new HardenedWorkload(chart, 'api', {
        id: 'api',
        component: 'demo',
        namespace: 'demo',
        image,
        ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 81, targetPort: 8081 }],
      });
      Connection.declare(chart, { source: web.peer, destination: api.peer, port: 'http', refs: ['demo#1'] });
      Connection.declare(chart, { source: web.peer, destination: api.peer, port: 'http', refs: ['demo#1'] });
      Connection.declare(chart, { source: web.peer, destination: api.peer, port: 'admin', refs: ['demo#3'] });
    });
    const egress = find(objects, 'NetworkPolicy', 'web-egress', 'demo');
    expect(rules(egress)).toEqual([{
      to: [{ podSelector: { matchLabels: Labels.selector('api', 'demo') } }],
      ports: [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }],
    }]);
    expect(egress.metadata.annotations[Annotations.IMPLEMENTS]).toBe('demo#1, demo#3');
    expect(rules(find(objects, 'NetworkPolicy', 'api-ingress', 'demo'))).toHaveLength(1);
  });

  test('an in-cluster peer that selects a workload of the app is bound to it, whichever was created first', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const web = workload(chart, 'web', 'front');
      // the peer describes a workload that does not exist yet; its pod port is unknown to the caller
      const apiPeer = Peer.inCluster({ name: 'api', namespace: 'back', labels: { [Labels.NAME]: 'api' }, ports: [{ name: 'http', port: 80 }] });
      Connection.declare(chart, { source: web.peer, destination: apiPeer, port: 'http', refs: ['x#1'] });
      workload(chart, 'api', 'back', 80, 9090);
    });
    // the egress rule uses the real workload's labels and pod port, and the ingress side exists too
    expect(rules(find(objects, 'NetworkPolicy', 'web-egress', 'front'))).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'back' } }, podSelector: { matchLabels: Labels.selector('api', 'demo') } }],
      ports: [{ port: 9090, protocol: 'TCP' }],
    }]);
    expect(rules(find(objects, 'NetworkPolicy', 'api-ingress', 'back'))).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'front' } }, podSelector: { matchLabels: Labels.selector('web', 'demo') } }],
      ports: [{ port: 9090, protocol: 'TCP' }],
    }]);
  });

  test('a workload with no connections still owns an empty ingress and egress policy (deny)', () => {
    const { objects } = synthesize((app) => {
      workload(new Chart(app, 'c'), 'lonely', 'demo');
    });
    expect(find(objects, 'NetworkPolicy', 'lonely-ingress', 'demo').spec).toEqual({
      podSelector: { matchLabels: Labels.selector('lonely', 'demo') }, policyTypes: ['Ingress'],
    });
    expect(find(objects, 'NetworkPolicy', 'lonely-egress', 'demo').spec).toEqual({
      podSelector: { matchLabels: Labels.selector('lonely', 'demo') }, policyTypes: ['Egress'],
    });
  });
});

describe('Connection.declare fails clearly', () => {
  test('fails when the destination does not expose the port', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      const web = workload(chart, 'web', 'demo');
      const api = workload(chart, 'api', 'demo');
      Connection.declare(chart, { source: web.peer, destination: api.peer, port: 'grpc' });
    });
    expect(message).toMatch(/\[c\] connection web -> api: port "grpc" is not exposed by demo\/api \(it exposes "http"; add the port/);
  });

  test('fails when an external peer has no CIDR', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      const api = workload(chart, 'api', 'demo');
      const hooks = Peer.external({ name: 'webhooks', cidrGroups: [], ports: [{ name: 'https', port: 443 }] });
      Connection.declare(chart, { source: api.peer, destination: hooks, port: 'https' });
    });
    expect(message).toMatch(/peer webhooks: cidrGroups has no CIDR \(got \[\]\): give the CIDR groups the endpoint's addresses are in/);
  });

  test('fails when an in-cluster peer has no selector labels', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      const api = workload(chart, 'api', 'demo');
      Connection.declare(chart, { source: Peer.inCluster({ name: 'caller', namespace: 'x', labels: {} }), destination: api.peer, port: 'http' });
    });
    expect(message).toMatch(/peer caller: labels is empty \(give at least one label that selects the pods\)/);
  });

  test('fails on a CIDR that is not one, and an except outside its group', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      const api = workload(chart, 'api', 'demo');
      const store = Peer.external({ name: 'store', cidrGroups: [{ name: 'g', cidrs: ['10.0.0.0/33', '10.1.0.0/16'], except: ['10.2.0.0/24'] }], ports: [{ name: 's', port: 443 }] });
      Connection.declare(chart, { source: api.peer, destination: store, port: 's' });
    });
    expect(message).toMatch(/cidrGroups\[0\]\.cidrs\[0\] "10\.0\.0\.0\/33" is not a CIDR/);
    expect(message).toMatch(/except\[0\] "10\.2\.0\.0\/24" is inside none of the group's CIDRs/);
  });

  test('reports every problem at once, each with its construct path', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      new HardenedWorkload(chart, 'bad', { id: 'Bad_Name', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 70000 }] });
    });
    expect(message).toMatch(/\[c\/bad\] Bad_Name: id "Bad_Name" is not a DNS label/);
    expect(message).toMatch(/\[c\/bad\] Bad_Name: ports\[0\]\.port 70000 is not a TCP port \(1-65535\)/);
  });
});

describe('cidrInside', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cidrInside: cidrContains } = require('../../src/core/checks');
  test.each([
    ['10.0.0.0/16', '10.0.5.0/24', true],
    ['10.0.0.0/16', '10.1.5.0/24', false],
    ['10.0.0.0/16', '10.0.0.0/16', false],
    ['2001:db8::/32', '2001:db8:40::/48', true],
    ['2001:db8::/32', '2001:db9::/48', false],
    ['2001:db8::/32', '10.0.0.0/8', false],
  ])('%s contains %s strictly: %s', (outer, inner, expected) => {
    expect(cidrContains(outer, inner)).toBe(expected);
  });
});
