import { Chart } from 'cdk8s';
import { ManagedNamespace } from '../../src';
import { find, synthesisError, synthesize } from '../support/synth';

describe('ManagedNamespace', () => {
  test('writes the namespace with Pod Security "restricted", default-deny both ways and DNS egress, once per name', () => {
    const { objects } = synthesize((app) => {
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      const first = ManagedNamespace.ensure(a, 'gws');
      expect(ManagedNamespace.ensure(b, 'gws')).toBe(first);
    });
    expect(objects.filter((o) => o.kind === 'Namespace')).toHaveLength(1);
    const ns = find(objects, 'Namespace', 'gws');
    expect(ns.metadata.labels).toMatchObject({
      'kubernetes.io/metadata.name': 'gws',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(find(objects, 'NetworkPolicy', 'default-deny', 'gws').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find(objects, 'NetworkPolicy', 'allow-dns', 'gws').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });

  test('DNS is configurable, and the Namespace object can be left to someone else', () => {
    const { objects } = synthesize((app) => {
      ManagedNamespace.ensure(new Chart(app, 'a'), 'nexus', { create: false, dns: { namespace: 'dns', labels: { app: 'coredns' }, port: 5353 } });
    });
    expect(objects.filter((o) => o.kind === 'Namespace')).toHaveLength(0);
    const dns = find(objects, 'NetworkPolicy', 'allow-dns', 'nexus');
    expect(dns.spec.egress[0].to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('dns');
    expect(dns.spec.egress[0].ports).toEqual([{ port: 5353, protocol: 'UDP' }, { port: 5353, protocol: 'TCP' }]);
    expect(find(objects, 'NetworkPolicy', 'default-deny', 'nexus')).toBeDefined();
  });

  test('fails on a namespace name that is not a DNS label', () => {
    expect(synthesisError((app) => ManagedNamespace.ensure(new Chart(app, 'a'), 'Not_Valid'))).toMatch(/namespace Not_Valid: name "Not_Valid" is not a DNS label/);
  });
});
