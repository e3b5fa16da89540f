// The canonical form: the model of what the API server stores (quantities, empty optional lists and
// maps), the rule that fails on what differs, and every committed example round-tripping unchanged.
import * as fs from 'fs';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import { checkCanonicalForm, normalise } from '../../src/verify/canonical';
import { ManifestSet, unescapeHelm } from '../../src/verify/manifests';
import { canonicalQuantity, parseQuantity } from '../../src/verify/quantity';
import { PolicyCheck, PolicyRule } from '../../src/verify/rules';

const ROOT = path.join(__dirname, '..', '..');

/** Every manifest file under the examples' dist folders, Helm copies included (not the values for Genesys' charts). */
function exampleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'chart-values') walk(full);
      } else if (/\.ya?ml$/.test(entry.name) && entry.name !== 'Chart.yaml') {
        out.push(full);
      }
    }
  };
  for (const example of fs.readdirSync(path.join(ROOT, 'examples'))) {
    const dist = path.join(ROOT, 'examples', example, 'dist');
    if (fs.existsSync(dist)) walk(dist);
  }
  return out;
}

function quickstartObjects(): any[] {
  return ManifestSet.fromFiles([path.join(ROOT, 'examples', 'quickstart', 'dist', 'quickstart.k8s.yaml')]).objects;
}

function copy(object: any): any {
  return JSON.parse(JSON.stringify(object));
}

describe('quantities as the API server parses and stores them', () => {
  // the cases the Quantity documentation and the issue give, and the suffix families' boundaries
  test.each([
    ['1000m', '1'],
    ['2000m', '2'],
    ['1024Mi', '1Gi'],
    ['2048Mi', '2Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1.5', '1500m'],
    ['0.1', '100m'],
    ['500m', '500m'],
    ['100Mi', '100Mi'],
    ['1Ki', '1Ki'],
    ['1023.5Ki', '1048064'],
    ['2000', '2k'],
    ['1e3', '1e3'],
    ['1000e0', '1e3'],
    ['129M', '129M'],
    ['+1', '1'],
    ['0', '0'],
    ['0Mi', '0'],
    ['.5', '500m'],
    ['1.', '1'],
    ['0.0000000001', '1n'],
    ['-1500m', '-1500m'],
  ])('%s is stored as %s', (written, stored) => {
    expect(canonicalQuantity(written)).toBe(stored);
  });

  test('a JSON number is stored as its canonical text', () => {
    expect(canonicalQuantity(1)).toBe('1');
    expect(canonicalQuantity(0.25)).toBe('250m');
  });

  test.each(['1h', '1K', '1 Gi', 'Mi', '.', '1.2.3', '1e', '1Mb', '', 'one'])('%s is not a quantity the server parses', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('normalise', () => {
  test('drops empty optional lists and maps, keeps required fields and structs', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'a', labels: {}, annotations: {} },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] },
    };
    expect(normalise(policy)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'a' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  });

  test('keeps empty structs (emptyDir: {}, securityContext: {}) and canonicalises resource quantities', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'a' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: {
            securityContext: {},
            volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cache', emptyDir: { sizeLimit: '1024Mi' } }],
            containers: [{
              name: 'main',
              image: 'example/app:1.0',
              env: [],
              resources: { requests: { cpu: '1000m', memory: '1.5Gi' }, limits: { cpu: '2', memory: '2048Mi' } },
            }],
          },
        },
      },
    };
    const stored = normalise(deployment);
    const spec = stored.spec.template.spec;
    expect(spec.securityContext).toEqual({});
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'cache', emptyDir: { sizeLimit: '1Gi' } }]);
    expect(spec.containers[0].env).toBeUndefined();
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '1536Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(stored.spec.selector).toEqual({ matchLabels: { app: 'd' } });
  });

  test('a Service selector {} and ConfigMap data {} are optional maps (dropped); a PVC storage request is a quantity', () => {
    expect(normalise({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: {}, ports: [{ port: 80 }] } }).spec)
      .toEqual({ ports: [{ port: 80 }] });
    expect(normalise({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} })).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { resources: { requests: { storage: '10240Mi' } } } };
    expect(normalise(claim).spec.resources.requests.storage).toBe('10Gi');
  });

  test('custom resources are stored as written', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm', labels: {} }, spec: { endpoints: [], selector: {} } };
    expect(normalise(monitor)).toEqual(monitor);
  });

  test('fields the schema does not know and quantities the server cannot parse are left as written', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '' }, extra: [] };
    expect(normalise(config)).toEqual(config);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1h' } } }] } };
    expect(normalise(pod)).toEqual(pod);
  });
});

describe('every committed example is in canonical form', () => {
  const files = exampleFiles();

  test('the examples have output to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  test.each(files.map((f) => [path.relative(ROOT, f), f]))('%s round-trips through normalise() unchanged', (_name, file) => {
    // a Helm copy as Helm renders it for a cluster that serves every kind
    const set = file.includes(`${path.sep}templates${path.sep}`)
      ? ManifestSet.fromObjects((jsYaml.loadAll(unescapeHelm(fs.readFileSync(file, 'utf8'))) as any[]).filter((d) => d))
      : ManifestSet.fromFiles([file]);
    expect(set.objects.length).toBeGreaterThan(0);
    const changed = set.objects.filter((o) => JSON.stringify(normalise(o)) !== JSON.stringify(o));
    expect(changed.map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual([]);
    expect(checkCanonicalForm(set, PolicyRule.CANONICAL_FORM)).toEqual([]);
  });
});

describe('the canonical-form rule on mutated copies of the quickstart', () => {
  function findingsFor(mutate: (objects: any[]) => void): ReturnType<typeof PolicyCheck.check> {
    const objects = quickstartObjects().map(copy);
    mutate(objects);
    return PolicyCheck.check(ManifestSet.fromObjects(objects)).filter((f) => f.check === PolicyRule.CANONICAL_FORM);
  }

  test('the real output passes', () => {
    expect(findingsFor(() => undefined)).toEqual([]);
  });

  test('a CPU limit of 1000m fails, naming the path and the stored value', () => {
    const found = findingsFor((objects) => {
      const d = objects.find((o) => o.kind === 'Deployment');
      d.spec.template.spec.containers[0].resources.limits.cpu = '1000m';
    });
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('spec.template.spec.containers[0].resources.limits.cpu: "1000m" is stored as "1"');
  });

  test('an empty egress list fails; several paths of one object give one finding', () => {
    const found = findingsFor((objects) => {
      const p = objects.find((o) => o.kind === 'NetworkPolicy');
      p.spec.egress = [];
      p.metadata.annotations = {};
    });
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('spec.egress: [] is stored as (dropped)');
    expect(found[0].message).toContain('metadata.annotations: {} is stored as (dropped)');
  });

  test('a memory request of 2048Mi fails', () => {
    const found = findingsFor((objects) => {
      const s = objects.find((o) => o.kind === 'StatefulSet');
      s.spec.template.spec.containers[0].resources.requests.memory = '2048Mi';
    });
    expect(found.map((f) => f.object)).toHaveLength(1);
    expect(found[0].message).toContain('is stored as "2Gi"');
  });

  test('the rule can be skipped', () => {
    const objects = quickstartObjects().map(copy);
    objects.find((o) => o.kind === 'NetworkPolicy').spec.egress = [];
    const all = PolicyCheck.check(ManifestSet.fromObjects(objects), { skip: [PolicyRule.CANONICAL_FORM] });
    expect(all.filter((f) => f.check === PolicyRule.CANONICAL_FORM)).toEqual([]);
  });
});
