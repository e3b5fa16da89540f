import { deployment, service } from './fixtures';
import { FindingSeverity, ManifestSet, SchemaCheck } from '../../src/verify';

function check(objects: any[]) {
  return SchemaCheck.check(ManifestSet.fromObjects(objects));
}

describe('SchemaCheck', () => {
  test('valid objects pass', () => {
    expect(check([deployment('a', 'n', { app: 'a' }), service('a', 'n', { app: 'a' }, [{ port: 80, targetPort: 8080 }])])).toEqual([]);
  });

  test('a wrong type is reported with its path and value', () => {
    const d = deployment('a', 'n', { app: 'a' });
    d.spec.replicas = 'two';
    const findings = check([d]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      check: 'schema',
      severity: FindingSeverity.ERROR,
      object: 'Deployment n/a',
      resourceName: 'a',
      origin: 'object #1',
      path: 'spec.replicas',
      message: 'spec.replicas must be integer, got "two" (fix the value to match the Kubernetes 1.27 schema)',
    });
  });

  test('a missing required field and a bad enum are reported', () => {
    const s = service('a', 'n', { app: 'a' }, [{ port: 80, protocol: 'HTTP' }]);
    const d = deployment('a', 'n', { app: 'a' });
    delete d.spec.selector;
    const messages = check([s, d]).map((f) => `${f.object}: ${f.message}`);
    expect(messages).toContain('Service n/a: spec.ports[0].protocol must be equal to one of the allowed values (allowed: SCTP, TCP, UDP), got "HTTP" (fix the value to match the Kubernetes 1.27 schema)');
    expect(messages).toContain('Deployment n/a: spec must have required property \'selector\', got {"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"main","image":"example/app:1.0","ports":[{"name":"http","containerPort":8080}]}]}}} (fix the value to match the Kubernetes 1.27 schema)');
  });

  test('unknown fields are errors although the published schemas allow them', () => {
    // GIVEN a typo deep in a container and an unknown top-level spec field
    const d = deployment('a', 'n', { app: 'a' });
    d.spec.template.spec.containers[0].readinessprobe = { tcpSocket: { port: 8080 } };
    d.spec.replica = 2;
    d.metadata.label = { x: 'y' };
    // WHEN
    const findings = check([d]);
    // THEN
    expect(findings.map((f) => f.path)).toEqual(['metadata.label', 'spec.template.spec.containers[0].readinessprobe', 'spec.replica']);
    expect(findings[1].message).toBe('spec.template.spec.containers[0].readinessprobe is not a field of apps/v1 Deployment in Kubernetes 1.27 (did you mean "readinessProbe"?)');
    expect(findings[0].message).toMatch(/^metadata\.label is not a field of apps\/v1 Deployment in Kubernetes 1\.27 \(known fields there: annotations, creationTimestamp, /);
  });

  test('maps (labels, annotations, selectors) accept any key; int-or-string accepts both', () => {
    const d = deployment('a', 'n', { 'app': 'a', 'any.key/here': 'v' });
    d.metadata.annotations = { 'whatever.example.com/x': 'y' };
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } };
    expect(check([d])).toEqual([]);
  });

  test('fields of Kubernetes 1.28 and later are unknown in 1.27', () => {
    // sidecar containers' restartPolicy on init containers arrived in 1.28
    const d = deployment('a', 'n', { app: 'a' });
    d.spec.template.spec.initContainers = [{ name: 'init', image: 'i:1', restartPolicy: 'Always' }];
    expect(check([d]).map((f) => f.path)).toEqual(['spec.template.spec.initContainers[0].restartPolicy']);
  });

  test('a misspelled kind of a Kubernetes API group is an error', () => {
    const findings = check([{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }]);
    expect(findings[0]).toMatchObject({ severity: FindingSeverity.ERROR, message: 'kind "Deploymnet" does not exist in apps/v1 of Kubernetes 1.27 (check the kind\'s spelling and API version)' });
  });

  test('ServiceMonitor is checked for its minimal shape; other custom resources are noted', () => {
    const good = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm', namespace: 'n' }, spec: { selector: { matchLabels: { app: 'a' } }, endpoints: [{ port: 'metrics' }] } };
    const bad = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'b', namespace: 'n' }, spec: { endpoints: [{ path: '/metrics' }] } };
    const other = { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w' } };
    const findings = check([good, bad, other]);
    expect(findings.filter((f) => f.severity === FindingSeverity.ERROR).map((f) => `${f.resourceName}: ${f.message}`)).toEqual([
      'b: spec.selector undefined is not a label selector (give { matchLabels: {...} } selecting the Service)',
      'b: spec.endpoints[0] {"path":"/metrics"} names no port (give port: "<service port name>")',
    ]);
    expect(findings.filter((f) => f.severity === FindingSeverity.NOTE).map((f) => f.resourceName)).toEqual(['m', 'b', 'w']);
    expect(findings.find((f) => f.resourceName === 'w')?.message).toBe('no Kubernetes 1.27 schema for example.com/v1alpha1 Widget (a custom resource?): not validated; validate it against its CustomResourceDefinition');
  });
});
