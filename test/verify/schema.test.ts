import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
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

  test('ServiceMonitor is validated against the prometheus-operator models; other custom resources are noted', () => {
    const good = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm', namespace: 'n' }, spec: { selector: { matchLabels: { app: 'a' } }, endpoints: [{ port: 'metrics' }] } };
    const bad = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'b', namespace: 'n' }, spec: { endpoints: [{ path: '/metrics' }] } };
    const other = { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w' } };
    const typed = { ...good, metadata: { name: 't', namespace: 'n' }, spec: { ...good.spec, endpoints: [{ port: 5 }] } };
    const findings = check([good, bad, other, typed]);
    expect(findings.filter((f) => f.severity === FindingSeverity.ERROR).map((f) => `${f.resourceName}: ${f.message}`)).toEqual([
      'b: spec.selector undefined is not a label selector (give { matchLabels: {...} } selecting the Service)',
      'b: spec.endpoints[0] {"path":"/metrics"} names no port (give port: "<service port name>")',
      'b: is not a valid ServiceMonitor for the prometheus-operator models: data/spec must have required property \'selector\'',
      't: spec.endpoints[0] {"port":5} names no port (give port: "<service port name>")',
      't: is not a valid ServiceMonitor for the prometheus-operator models: data/spec/endpoints/0/port must be string',
    ]);
    expect(findings.filter((f) => f.severity === FindingSeverity.NOTE).map((f) => f.resourceName)).toEqual(['w']);
    expect(findings.find((f) => f.resourceName === 'w')?.message).toBe('no Kubernetes 1.27 schema for example.com/v1alpha1 Widget (a custom resource?): not validated; validate it against its CustomResourceDefinition');
  });
});

describe('SchemaCheck agrees with kubernetes-models\' own validation (ajv)', () => {
  /** The errors kubernetes-models' ajv validation reports, worded as SchemaCheck words them. */
  function ajvMessages(object: any): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
    try {
      new model(object).validate();
      return [];
    } catch (e: any) {
      const texts = (e.errors as any[]).map((error) => {
        const at = String(error.instancePath ?? '').replace(/^\//, '').split('/').filter((p) => p !== '')
          .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
          .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
        const extra = error.params?.allowedValues ? ` (allowed: ${error.params.allowedValues.join(', ')})` : '';
        return `${at || '(root)'} ${error.message}${extra}, got ${JSON.stringify(error.data)} (fix the value to match the Kubernetes 1.27 schema)`;
      });
      return [...new Set(texts)].sort();
    }
  }

  function ownMessages(object: any): string[] {
    return SchemaCheck.checkObject(object).filter((f) => !/ is not a field of /.test(f.message)).map((f) => f.message).sort();
  }

  /** Every path of an object (fields and array items), with its parent and key. */
  function paths(value: any, out: Array<{ parent: any; key: string | number }> = []): Array<{ parent: any; key: string | number }> {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        out.push({ parent: value, key: i });
        paths(v, out);
      });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push({ parent: value, key: k });
        paths(v, out);
      }
    }
    return out;
  }

  const samples = (): any[] => {
    const d = deployment('a', 'n', { app: 'a' });
    d.spec.template.spec.containers[0].resources = { limits: { cpu: '500m', memory: '128Mi' } };
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } };
    d.spec.template.spec.containers[0].securityContext = { runAsUser: 500, capabilities: { drop: ['ALL'] } };
    const s = service('a', 'n', { app: 'a' }, [{ port: 80, targetPort: 8080, protocol: 'TCP', name: 'http' }]);
    const np = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'n' },
      spec: {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['b'] }] } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443, endPort: 450 }] }],
      },
    };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'a', namespace: 'n' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'a' } } } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', creationTimestamp: '2024-01-01T00:00:00Z' }, data: { a: 'b' }, binaryData: { x: 'aGVsbG8=' } };
    return [d, s, np, pdb, cm, ...quickstartKinds()];
  };
  /** One object of each kind of the committed quickstart output (pod specs with probes, volumes, security contexts...). */
  let quickstart: string | undefined;
  const quickstartKinds = (): any[] => {
    if (quickstart === undefined) {
      const file = path.join(__dirname, '..', '..', 'examples', 'quickstart', 'dist', 'quickstart.k8s.yaml');
      const byKind = new Map<string, any>();
      // the kinds kubernetes-models has (custom resources are checked against their CRDs elsewhere)
      const builtIn = (o: any) => !String(o.apiVersion).includes('.') || String(o.apiVersion).includes('.k8s.io/') && !String(o.apiVersion).startsWith('gateway.');
      if (fs.existsSync(file)) for (const o of ManifestSet.fromFiles([file]).objects) if (builtIn(o) && !byKind.has(o.kind)) byKind.set(o.kind, o);
      quickstart = JSON.stringify([...byKind.values()]);
    }
    return JSON.parse(quickstart);
  };
  const values = ['x', '25%', '1Gi', 'aGVsbG8=', '2024-01-01T00:00:00Z', 7, -1, 0, 2 ** 40, 1.5, true, null, {}, [], { a: 1 }, ['x'], [1]];

  test('valid samples pass both', () => {
    for (const object of samples()) {
      expect({ kind: object.kind, own: ownMessages(object), ajv: ajvMessages(object) }).toEqual({ kind: object.kind, own: [], ajv: [] });
    }
  });

  test('property: for any one field replaced or removed, both report the same errors', () => {
    let withErrors = 0;
    fc.assert(fc.property(fc.nat(40), fc.nat(10_000), fc.nat(values.length), (which, at, valueIndex) => {
      const all0 = samples();
      const object = all0[which % all0.length];
      const all = paths(object).filter((p) => !(p.parent === object && (p.key === 'apiVersion' || p.key === 'kind')));
      const target = all[at % all.length];
      if (valueIndex === values.length) {
        if (Array.isArray(target.parent)) target.parent.splice(target.key as number, 1);
        else delete target.parent[target.key];
      } else {
        target.parent[target.key] = JSON.parse(JSON.stringify(values[valueIndex]));
      }
      const ajv = ajvMessages(object);
      if (ajv.length > 0) withErrors++;
      expect(ownMessages(object)).toEqual(ajv);
    }), { numRuns: 400 });
    // the property saw invalid objects, not only valid ones
    expect(withErrors).toBeGreaterThan(50);
  });
});
