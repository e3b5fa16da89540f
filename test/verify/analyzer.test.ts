import * as fc from 'fast-check';
import { denyAll, deployment, ingress, namespace, policy, service } from './fixtures';
import { ManifestSet, ReachabilityAnalyzer } from '../../src/verify';

function analyzer(objects: any[], options = {}): ReachabilityAnalyzer {
  return new ReachabilityAnalyzer(ManifestSet.fromObjects(objects), options);
}

const A = { app: 'a' };
const B = { app: 'b' };

describe('ReachabilityAnalyzer: isolation', () => {
  test('a pod no policy selects is open in both directions', () => {
    // GIVEN two workloads and no NetworkPolicy
    const az = analyzer([deployment('a', 'ns1', A), deployment('b', 'ns1', B)]);
    // WHEN
    const verdict = az.allowed('a', 'b', 8080);
    // THEN
    expect(verdict.allowed).toBe(true);
    expect(verdict.egressIsolated).toBe(false);
    expect(verdict.ingressIsolated).toBe(false);
    expect(verdict.source).toBe('ns1/Deployment/a');
    expect(verdict.destination).toBe('ns1/Deployment/b');
    expect(verdict.protocol).toBe('TCP');
  });

  test('ingress allowed but egress not: denied, and the reason names the egress side', () => {
    // GIVEN b admits a on 8080, but a is isolated for egress with no rule
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B),
      policy('b-in', 'ns1', { podSelector: { matchLabels: B }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: A } }], ports: [{ port: 8080 }] }] }),
      policy('a-out', 'ns1', { podSelector: { matchLabels: A }, policyTypes: ['Egress'] }),
    ]);
    // WHEN
    const verdict = az.allowed('a', 'b', 8080);
    // THEN
    expect(verdict.allowed).toBe(false);
    expect(verdict.ingressAllowed).toBe(true);
    expect(verdict.egressAllowed).toBe(false);
    expect(verdict.ingressPolicies).toEqual(['ns1/b-in']);
    expect(verdict.reason).toMatch(/^denied by egress \(egress: ns1\/Deployment\/a is isolated for egress by ns1\/a-out/);
  });

  test('egress allowed but ingress not: denied by ingress', () => {
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B), denyAll('ns1'),
      policy('a-out', 'ns1', { podSelector: { matchLabels: A }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: B } }], ports: [{ port: 8080 }] }] }),
    ]);
    const verdict = az.allowed('a', 'b', 8080);
    expect(verdict.allowed).toBe(false);
    expect(verdict.egressAllowed).toBe(true);
    expect(verdict.egressPolicies).toEqual(['ns1/a-out']);
    expect(verdict.ingressAllowed).toBe(false);
    expect(verdict.reason).toMatch(/^denied by ingress/);
  });

  test('policies add up: a rule of any selecting policy suffices', () => {
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B, [{ name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 9090 }]),
      policy('one', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ podSelector: { matchLabels: A } }], ports: [{ port: 8080 }] }] }),
      policy('two', 'ns1', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: A } }], ports: [{ port: 9090 }] }] }),
    ]);
    expect(az.allowed('a', 'b', 8080).ingressPolicies).toEqual(['ns1/one']);
    expect(az.allowed('a', 'b', 9090).ingressPolicies).toEqual(['ns1/two']);
    expect(az.allowed('a', 'b', 7070).allowed).toBe(false);
  });

  test('policyTypes default: Ingress only, unless the policy has egress rules', () => {
    // GIVEN three policies without policyTypes
    const objects = [
      deployment('a', 'ns1', A), deployment('b', 'ns1', B), deployment('c', 'ns1', { app: 'c' }),
      // ingress rules only: isolates ingress, not egress
      policy('a-only-ingress', 'ns1', { podSelector: { matchLabels: A }, ingress: [] }),
      // egress rules: isolates egress too (and ingress, with no ingress rule)
      policy('b-with-egress', 'ns1', { podSelector: { matchLabels: B }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'c' } } }] }] }),
    ];
    const az = analyzer(objects);
    // THEN a may still send anywhere (egress not isolated) but receives nothing
    expect(az.allowed('a', 'c', 8080)).toMatchObject({ allowed: true, egressIsolated: false });
    expect(az.allowed('c', 'a', 8080)).toMatchObject({ allowed: false, ingressIsolated: true });
    // b is isolated both ways: egress only to c, and no ingress at all
    expect(az.allowed('b', 'c', 8080)).toMatchObject({ allowed: true, egressIsolated: true });
    expect(az.allowed('b', 'a', 8080)).toMatchObject({ egressAllowed: false });
    expect(az.allowed('c', 'b', 8080)).toMatchObject({ allowed: false, ingressIsolated: true });
  });

  test('an empty egress list without policyTypes does not isolate egress (API server defaulting)', () => {
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B),
      policy('a', 'ns1', { podSelector: { matchLabels: A }, egress: [] }),
    ]);
    expect(az.allowed('a', 'b', 8080)).toMatchObject({ allowed: true, egressIsolated: false });
    expect(az.allowed('b', 'a', 8080)).toMatchObject({ allowed: false, ingressIsolated: true });
  });

  test('explicit policyTypes [Egress] with no rules denies all egress but leaves ingress open', () => {
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B),
      policy('a', 'ns1', { podSelector: { matchLabels: A }, policyTypes: ['Egress'], ingress: [] }),
    ]);
    expect(az.allowed('a', 'b', 8080)).toMatchObject({ allowed: false, egressIsolated: true });
    expect(az.allowed('b', 'a', 8080)).toMatchObject({ allowed: true, ingressIsolated: false });
  });
});

describe('ReachabilityAnalyzer: peers', () => {
  const base = [
    namespace('ns1'), namespace('ns2', { team: 'blue' }),
    deployment('a', 'ns1', A), deployment('b', 'ns1', B),
    deployment('a2', 'ns2', A), deployment('other2', 'ns2', { app: 'other' }),
  ];

  test('empty or absent from and ports match every source and port', () => {
    const az = analyzer([...base, policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{}] })]);
    expect(az.allowed('a2', 'b', 1234).allowed).toBe(true);
    expect(az.allowed('a', 'b', 1, 'UDP').allowed).toBe(true);
    const az2 = analyzer([...base, policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [], ports: [] }] })]);
    expect(az2.allowed('other2', 'b', 9).allowed).toBe(true);
  });

  test('a peer with only podSelector means the policy\'s own namespace', () => {
    const az = analyzer([...base, policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ podSelector: { matchLabels: A } }] }] })]);
    expect(az.allowed('a', 'b', 8080).allowed).toBe(true);
    // same labels, other namespace
    expect(az.allowed('a2', 'b', 8080).allowed).toBe(false);
  });

  test('namespaceSelector alone selects every pod of the matching namespaces', () => {
    const az = analyzer([...base, policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }] })]);
    expect(az.allowed('a2', 'b', 8080).allowed).toBe(true);
    expect(az.allowed('other2', 'b', 8080).allowed).toBe(true);
    expect(az.allowed('a', 'b', 8080).allowed).toBe(false);
  });

  test('namespaceSelector and podSelector in one peer are ANDed; in two peers ORed', () => {
    const and = analyzer([...base, policy('b', 'ns1', {
      podSelector: { matchLabels: B },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: A } }] }],
    })]);
    expect(and.allowed('a2', 'b', 8080).allowed).toBe(true);
    expect(and.allowed('other2', 'b', 8080).allowed).toBe(false); // right namespace, wrong pod
    expect(and.allowed('a', 'b', 8080).allowed).toBe(false); // right pod, wrong namespace

    const or = analyzer([...base, policy('b', 'ns1', {
      podSelector: { matchLabels: B },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }, { podSelector: { matchLabels: A } }] }],
    })]);
    expect(or.allowed('other2', 'b', 8080).allowed).toBe(true); // any pod of ns2
    expect(or.allowed('a', 'b', 8080).allowed).toBe(true); // A pods of ns1
  });

  test('every namespace carries kubernetes.io/metadata.name, declared or not', () => {
    // GIVEN ns3 is used but not declared
    const az = analyzer([...base, deployment('c', 'ns3', { app: 'c' }), policy('b', 'ns1', {
      podSelector: { matchLabels: B },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ns3' } } }] }],
    })]);
    expect(az.allowed('c', 'b', 8080).allowed).toBe(true);
    expect(az.labelsOfNamespace('ns3')).toEqual({ 'kubernetes.io/metadata.name': 'ns3' });
    expect(az.labelsOfNamespace('ns2')).toEqual({ 'team': 'blue', 'kubernetes.io/metadata.name': 'ns2' });
  });

  test('matchExpressions: In, NotIn, Exists, DoesNotExist', () => {
    const objects = [
      deployment('b', 'ns1', B),
      deployment('red', 'ns1', { app: 'x', color: 'red' }),
      deployment('green', 'ns1', { app: 'x', color: 'green' }),
      deployment('plain', 'ns1', { app: 'x' }),
    ];
    const withExpression = (expression: any) => analyzer([...objects, policy('b', 'ns1', {
      podSelector: { matchLabels: B },
      ingress: [{ from: [{ podSelector: { matchExpressions: [expression] } }] }],
    })]);
    const who = (az: ReachabilityAnalyzer) => ['red', 'green', 'plain'].filter((n) => az.allowed(n, 'b', 8080).allowed);
    expect(who(withExpression({ key: 'color', operator: 'In', values: ['red'] }))).toEqual(['red']);
    expect(who(withExpression({ key: 'color', operator: 'NotIn', values: ['red'] }))).toEqual(['green', 'plain']);
    expect(who(withExpression({ key: 'color', operator: 'Exists' }))).toEqual(['red', 'green']);
    expect(who(withExpression({ key: 'color', operator: 'DoesNotExist' }))).toEqual(['plain']);
  });

  test('matchLabels and matchExpressions of one selector are ANDed', () => {
    const az = analyzer([
      deployment('b', 'ns1', B), deployment('red', 'ns1', { app: 'x', color: 'red' }), deployment('red-y', 'ns1', { app: 'y', color: 'red' }),
      policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'color', operator: 'In', values: ['red'] }] } }] }] }),
    ]);
    expect(az.allowed('red', 'b', 8080).allowed).toBe(true);
    expect(az.allowed('red-y', 'b', 8080).allowed).toBe(false);
  });
});

describe('ReachabilityAnalyzer: ipBlock and external endpoints', () => {
  const objects = [
    deployment('a', 'ns1', A),
    policy('a', 'ns1', {
      podSelector: { matchLabels: A },
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] } }], ports: [{ port: 5432 }] },
        { to: [{ ipBlock: { cidr: 'fd00:10::/64', except: ['fd00:10::/120'] } }], ports: [{ port: 443 }] },
      ],
      ingress: [{ from: [{ ipBlock: { cidr: '198.51.100.0/24' } }] }],
    }),
  ];

  test('an ipBlock matches external addresses inside the CIDR and outside its except ranges (IPv4)', () => {
    const az = analyzer(objects);
    az.addVirtualEndpoint({ name: 'db', ip: '10.20.1.7' });
    az.addVirtualEndpoint({ name: 'excluded', ip: '10.20.5.9' });
    az.addVirtualEndpoint({ name: 'outside', ip: '10.21.0.1' });
    expect(az.allowed('a', 'external/db', 5432).allowed).toBe(true);
    expect(az.allowed('a', 'external/db', 5433).allowed).toBe(false);
    expect(az.allowed('a', 'external/excluded', 5432).allowed).toBe(false);
    expect(az.allowed('a', 'external/outside', 5432).allowed).toBe(false);
  });

  test('an ipBlock with except works for IPv6', () => {
    const az = analyzer(objects);
    az.addVirtualEndpoint({ name: 'v6-in', ip: 'fd00:10::1:1' });
    az.addVirtualEndpoint({ name: 'v6-except', ip: 'fd00:10::42' });
    az.addVirtualEndpoint({ name: 'v6-out', ip: 'fd00:11::1' });
    expect(az.allowed('a', 'external/v6-in', 443).allowed).toBe(true);
    expect(az.allowed('a', 'external/v6-except', 443).allowed).toBe(false);
    expect(az.allowed('a', 'external/v6-out', 443).allowed).toBe(false);
  });

  test('external sources are checked against the destination\'s ingress only', () => {
    const az = analyzer(objects);
    az.addVirtualEndpoint({ name: 'client', ip: '198.51.100.20' });
    az.addVirtualEndpoint({ name: 'stranger', ip: '203.0.113.1' });
    expect(az.allowed('external/client', 'a', 8080)).toMatchObject({ allowed: true, egressIsolated: false, ingressIsolated: true });
    expect(az.allowed('external/stranger', 'a', 8080).allowed).toBe(false);
  });

  test('ipBlock rules never match in-cluster pods (pods have no address in manifests)', () => {
    const az = analyzer([
      ...objects, deployment('b', 'ns1', B),
      policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
    ]);
    expect(az.allowed('a', 'b', 8080).ingressAllowed).toBe(false);
  });

  test('virtual endpoints need a namespace or an address, not both', () => {
    const az = analyzer([]);
    expect(() => az.addVirtualEndpoint({ name: 'x' })).toThrow(/needs either a namespace .* or an ip .*got neither/);
    expect(() => az.addVirtualEndpoint({ name: 'x', ip: '10.0.0.1', namespace: 'n' })).toThrow(/got both/);
    expect(() => az.addVirtualEndpoint({ name: 'x', ip: '10.0.0.300' })).toThrow(/ip "10.0.0.300" is not an IPv4 or IPv6 address/);
  });
});

describe('ReachabilityAnalyzer: ports', () => {
  test('protocol defaults to TCP', () => {
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B),
      policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ ports: [{ port: 53 }] }] }),
    ]);
    expect(az.allowed('a', 'b', 53, 'TCP').allowed).toBe(true);
    expect(az.allowed('a', 'b', 53, 'UDP').allowed).toBe(false);
  });

  test('endPort makes an inclusive range', () => {
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B),
      policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ ports: [{ port: 8000, endPort: 8100, protocol: 'TCP' }] }] }),
    ]);
    expect([7999, 8000, 8050, 8100, 8101].map((p) => az.allowed('a', 'b', p).allowed)).toEqual([false, true, true, true, false]);
  });

  test('a named port resolves on the destination pod\'s containers (name and protocol)', () => {
    const az = analyzer([
      deployment('a', 'ns1', A),
      deployment('b', 'ns1', B, [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090, protocol: 'UDP' }]),
      deployment('c', 'ns1', { app: 'c' }, [{ name: 'http', containerPort: 7070 }]),
      policy('in', 'ns1', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }, { port: 'metrics' }] }] }),
    ]);
    expect(az.allowed('a', 'b', 8080).allowed).toBe(true);
    expect(az.allowed('a', 'b', 80).allowed).toBe(false);
    expect(az.allowed('a', 'c', 7070).allowed).toBe(true);
    expect(az.allowed('a', 'c', 8080).allowed).toBe(false);
    // "metrics" is UDP on b; the rule's protocol is TCP by default
    expect(az.allowed('a', 'b', 9090, 'TCP').allowed).toBe(false);
  });

  test('a named port in an egress rule resolves on the destination, not the source', () => {
    const az = analyzer([
      deployment('a', 'ns1', A, [{ name: 'http', containerPort: 1111 }]),
      deployment('b', 'ns1', B, [{ name: 'http', containerPort: 8080 }]),
      policy('a', 'ns1', { podSelector: { matchLabels: A }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }),
    ]);
    expect(az.allowed('a', 'b', 8080).allowed).toBe(true);
    expect(az.allowed('a', 'b', 1111).allowed).toBe(false);
  });

  test('Service port 80 to pod port 8080: policies name 8080, clients dial 80', () => {
    // GIVEN a Service on 80 targeting 8080, and a policy admitting a on 8080
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B),
      service('b', 'ns1', B, [{ name: 'http', port: 80, targetPort: 8080 }]),
      policy('b', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ podSelector: { matchLabels: A } }], ports: [{ port: 8080 }] }] }),
    ]);
    // THEN the Service port reaches the pod port
    expect(az.resolveServicePort('b', 80)).toEqual({ podPort: 8080, service: 'ns1/b', note: 'Service ns1/b port 80 targets pod port 8080' });
    expect(az.allowedViaService('a', 'b', 80)).toMatchObject({ allowed: true, port: 8080 });
    // and the pod port 80 itself is not open
    expect(az.allowed('a', 'b', 80).allowed).toBe(false);
  });

  test('a Service targetPort by name resolves on the pod; an absent targetPort is the port itself', () => {
    const az = analyzer([
      deployment('b', 'ns1', B, [{ name: 'web', containerPort: 9000 }]),
      service('b', 'ns1', B, [{ port: 80, targetPort: 'web' }, { port: 9000 }, { port: 81, targetPort: 'nope' }]),
    ]);
    expect(az.resolveServicePort('b', 80).podPort).toBe(9000);
    expect(az.resolveServicePort('b', 9000).podPort).toBe(9000);
    expect(az.resolveServicePort('b', 81)).toEqual({ service: 'ns1/b', note: 'Service ns1/b port 81 targets the port named "nope", which no container of ns1/Deployment/b declares' });
    // no Service exposes 5000: taken as a pod port
    const taken = az.resolveServicePort('b', 5000);
    expect(taken.podPort).toBe(5000);
    expect(taken.service).toBeUndefined();
    expect(az.allowedViaService('b', 'b', 81)).toMatchObject({ allowed: false, reason: expect.stringMatching(/^denied: Service ns1\/b port 81 targets the port named "nope"/) });
  });

  test('a Service of another namespace or without a selector maps nothing', () => {
    const az = analyzer([
      deployment('b', 'ns1', B),
      service('b', 'ns2', B, [{ port: 80, targetPort: 8080 }]),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'ns1' }, spec: { ports: [{ port: 80, targetPort: 9999 }] } },
    ]);
    const resolution = az.resolveServicePort('b', 80);
    expect(resolution.podPort).toBe(80);
    expect(resolution.service).toBeUndefined();
  });
});

describe('ReachabilityAnalyzer: endpoints and truth table', () => {
  test('every pod template kind becomes an endpoint with its template labels', () => {
    const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 1 }] }] } };
    const az = analyzer([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss', namespace: 'n' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'n' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'n' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job', namespace: 'n' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace: 'n' }, spec: { jobTemplate: { spec: { template } } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', labels: { app: 'x' } }, spec: template.spec },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'n' } },
    ]);
    expect(az.workloads.map((w) => w.key)).toEqual(['n/StatefulSet/ss', 'n/DaemonSet/ds', 'n/ReplicaSet/rs', 'n/Job/job', 'n/CronJob/cron', 'default/Pod/pod']);
    expect(az.workloads.every((w) => w.labels.app === 'x' && w.ports[0].port === 1 && w.ports[0].protocol === 'TCP')).toBe(true);
    expect(az.endpoints.map((e) => e.key)).toContain(ReachabilityAnalyzer.INGRESS_CONTROLLER);
  });

  test('the truth table lists each pair and destination port once, with the verdict', () => {
    // GIVEN a -> b on 8080 only, c isolated
    const az = analyzer([
      deployment('a', 'ns1', A), deployment('b', 'ns1', B), deployment('c', 'ns1', { app: 'c' }, [{ name: 'http', containerPort: 7000 }]),
      denyAll('ns1'),
      policy('a-out', 'ns1', { podSelector: { matchLabels: A }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: B } }], ports: [{ port: 8080 }] }] }),
      policy('b-in', 'ns1', { podSelector: { matchLabels: B }, ingress: [{ from: [{ podSelector: { matchLabels: A } }], ports: [{ port: 8080 }] }] }),
    ]);
    // WHEN
    const table = az.truthTable();
    // THEN each destination is tested on its container ports plus the ports policies name (8080):
    // a and b on 8080, c on 7000 and 8080; two sources each
    expect(table).toHaveLength(2 + 2 + 4);
    expect(table.filter((e) => e.allowed)).toEqual([{ source: 'ns1/Deployment/a', destination: 'ns1/Deployment/b', port: 8080, protocol: 'TCP', allowed: true }]);
    expect(az.truthTable({ onlyAllowed: true })).toHaveLength(1);
  });

  test('endpoint lookup by key, namespace/name or name, with clear errors', () => {
    const az = analyzer([deployment('a', 'ns1', A), deployment('a', 'ns2', A)]);
    expect(az.endpoint('ns1/a').key).toBe('ns1/Deployment/a');
    expect(() => az.endpoint('a')).toThrow(/endpoint "a" is ambiguous \(ns1\/Deployment\/a, ns2\/Deployment\/a\)/);
    expect(() => az.endpoint('zzz')).toThrow(/no endpoint "zzz" \(known: /);
  });
});

describe('ReachabilityAnalyzer: Ingress routes', () => {
  const objects = [
    deployment('web', 'app', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
    service('web', 'app', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
    ingress('web', 'app', 'web.example.com', '/', 'web', 80),
    denyAll('app'),
  ];
  const fromController = policy('web-in', 'app', {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } } }],
      ports: [{ port: 8080 }],
    }],
  });

  test('a route holds when the controller may reach the pod port behind the Service', () => {
    const az = analyzer([...objects, fromController]);
    const routes = az.ingressRoutesTo('web');
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({
      ingress: 'app/web',
      host: 'web.example.com',
      path: '/',
      service: 'app/web',
      servicePort: '80',
      destination: 'app/Deployment/web',
      podPort: 8080,
      allowed: true,
    });
  });

  test('a route fails when the pod does not admit the controller', () => {
    const az = analyzer(objects);
    expect(az.ingressRoutesTo('web')[0]).toMatchObject({ allowed: false, podPort: 8080, reason: expect.stringMatching(/denied by ingress/) });
  });

  test('the controller\'s namespace and labels are configurable', () => {
    const az = analyzer([...objects, fromController], { ingressController: { namespace: 'edge', labels: { app: 'traefik' } } });
    expect(az.ingressRoutesTo('web')[0].allowed).toBe(false);
    expect(az.endpoint(ReachabilityAnalyzer.INGRESS_CONTROLLER)).toMatchObject({ namespace: 'edge', labels: { app: 'traefik' } });
  });

  test('a backend naming a missing Service or port is reported', () => {
    const az = analyzer([
      ...objects,
      ingress('ghost', 'app', 'g.example.com', '/', 'nothing', 80),
      ingress('wrong-port', 'app', 'w.example.com', '/', 'web', 'grpc'),
    ]);
    const reasons = az.ingressRoutes().map((r) => r.reason);
    expect(reasons).toContain('app/ghost: backend Service app/nothing is not in the manifests');
    expect(reasons).toContain('app/wrong-port: Service app/web has no port grpc');
  });
});

describe('ReachabilityAnalyzer: enumerating allowed flows', () => {
  // random namespaces, pods, policies (selectors, namespace selectors, ipBlocks with excepts, ports,
  // ranges, named ports, policy types) and external addresses
  const labelArb = fc.constantFrom({ app: 'a' }, { app: 'b' }, { app: 'c', tier: 'x' }, { tier: 'x' });
  const selectorArb = fc.oneof(
    fc.constant({}),
    labelArb.map((l) => ({ matchLabels: l })),
    fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist')
      .map((operator) => ({ matchExpressions: [{ key: 'app', operator, values: operator.endsWith('In') ? ['a', 'c'] : undefined }] })),
  );
  const peerArb = fc.oneof(
    fc.record({ podSelector: selectorArb }),
    fc.record({ namespaceSelector: selectorArb }),
    fc.record({ namespaceSelector: fc.constantFrom({ matchLabels: { team: 'red' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'ns2' } }), podSelector: selectorArb }),
    fc.constantFrom({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '10.1.0.0/16' } }, { ipBlock: { cidr: 'fd00::/8' } }, { ipBlock: { cidr: '0.0.0.0/0' } }),
  );
  const portArb = fc.oneof(
    fc.constantFrom({ port: 8080 }, { port: 9090, protocol: 'UDP' }, { port: 'http' }, { port: 8000, endPort: 8100 }, { protocol: 'TCP' }),
  );
  const ruleArb = fc.record({
    peers: fc.option(fc.array(peerArb, { maxLength: 2 }), { nil: undefined }),
    ports: fc.option(fc.array(portArb, { maxLength: 2 }), { nil: undefined }),
  });
  const policyArb = fc.record({
    namespace: fc.constantFrom('ns1', 'ns2'),
    podSelector: selectorArb,
    types: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(ruleArb, { maxLength: 2 }), { nil: undefined }),
  });
  const configArb = fc.record({
    pods: fc.array(fc.record({ namespace: fc.constantFrom('ns1', 'ns2'), labels: labelArb }), { minLength: 1, maxLength: 4 }),
    policies: fc.array(policyArb, { maxLength: 4 }),
  });

  function objects(config: any): any[] {
    const out: any[] = [namespace('ns1', { team: 'red' }), namespace('ns2')];
    config.pods.forEach((p: any, i: number) => out.push(deployment(`p${i}`, p.namespace, p.labels, [{ name: 'http', containerPort: 8080 }, { containerPort: 9090, protocol: 'UDP' }])));
    config.policies.forEach((p: any, i: number) => {
      const spec: any = { podSelector: p.podSelector };
      if (p.types) spec.policyTypes = p.types;
      if (p.ingress) spec.ingress = p.ingress.map((r: any) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
      if (p.egress) spec.egress = p.egress.map((r: any) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
      out.push(policy(`pol${i}`, p.namespace, spec));
    });
    return out;
  }

  test('property: the flows found from the rules are exactly the allowed cells of the full truth table', () => {
    fc.assert(fc.property(configArb, (config) => {
      const az = analyzer(objects(config));
      az.addVirtualEndpoint({ name: 'outside', namespace: 'ns3', labels: { app: 'a' } });
      az.addVirtualEndpoint({ name: 'db', ip: '10.2.3.4' });
      az.addVirtualEndpoint({ name: 'excepted', ip: '10.1.2.3' });
      az.addVirtualEndpoint({ name: 'v6', ip: 'fd00::5' });
      for (const includeVirtual of [false, true]) {
        const key = (e: any) => `${e.source} -> ${e.destination} ${e.port}/${e.protocol}`;
        const brute = az.truthTable({ includeVirtual }).filter((e) => e.allowed).map(key).sort();
        const enumerated = az.truthTable({ includeVirtual, onlyAllowed: true }).map(key).sort();
        expect(enumerated).toEqual(brute);
      }
    }), { numRuns: 300 });
  });
});
