import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { crdProblems, loadCrdSchemas } from '../support/crd-schema';

/**
 * Every Gateway API object and ServiceMonitor of every example is accepted by the upstream CRDs of the
 * standard channel (v1.6.1) and prometheus-operator, with strict field validation: no unknown field,
 * every required one, patterns, bounds, list-map keys. Runs where the CRDs are on the machine.
 */
const schemas = loadCrdSchemas();
const examples = path.resolve(__dirname, '..', '..', 'examples');

function customResources(): any[] {
  const out: any[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'helm' && e.name !== 'node_modules') {walk(full);} else if (e.name.endsWith('.k8s.yaml')) {
        for (const d of YAML.parseAllDocuments(fs.readFileSync(full, 'utf8'))) {
          const o = d.toJS();
          if (o && (String(o.apiVersion).startsWith('gateway.networking.k8s.io/') || String(o.apiVersion).startsWith('monitoring.coreos.com/'))) out.push({ file: path.relative(examples, full), o });
        }
      }
    }
  };
  walk(examples);
  return out;
}

(schemas.size > 0 ? describe : describe.skip)('the examples\' custom resources against the upstream CRDs', () => {
  const found = customResources();

  test('the examples write HTTPRoutes, Gateways, ReferenceGrants and ServiceMonitors', () => {
    expect(new Set(found.map((f) => f.o.kind))).toEqual(new Set(['HTTPRoute', 'Gateway', 'ReferenceGrant', 'ServiceMonitor']));
  });

  test('each is valid for its CRD', () => {
    const problems = found.flatMap(({ file, o }) => {
      const [group, version] = String(o.apiVersion).split('/');
      const schema = schemas.get(`${group}/${version}/${o.kind}`);
      if (!schema) return [`${file} ${o.kind} ${o.metadata?.name}: no served CRD version ${o.apiVersion}`];
      return crdProblems(schema, o).map((p) => `${file} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name} ${p}`);
    });
    expect(problems).toEqual([]);
  });

  test('a route with a duplicated hostname or an unknown field is refused (the check can fail)', () => {
    const route = found.find((f) => f.o.kind === 'HTTPRoute')!.o;
    const schema = schemas.get('gateway.networking.k8s.io/v1/HTTPRoute');
    const broken = { ...route, spec: { ...route.spec, sessionPersistence: {}, rules: [{ ...route.spec.rules[0], timeouts: { request: 'forever' } }] } };
    expect(crdProblems(schema, broken)).toEqual(expect.arrayContaining([expect.stringMatching(/spec\.sessionPersistence: unknown field/), expect.stringMatching(/timeouts\.request: "forever" does not match/)]));
  });
});
