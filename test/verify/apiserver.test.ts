// The api-server rule: each rule the API server applies beyond the JSON schema fails on a mutated
// copy of real example output (or, for kinds no example writes, an object built here), and the
// custom resources' list-map key table matches the upstream CRDs where they are on the machine.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { checkApiServer } from '../../src/verify/api-server';
import { CUSTOM_RESOURCE_LIST_KEYS } from '../../src/verify/api-server-lists';
import { CheckFinding } from '../../src/verify/findings';
import { ManifestSet } from '../../src/verify/manifests';
import { PolicyCheck, PolicyRule } from '../../src/verify/rules';
import { CRD_DIR } from '../support/crd-schema';

const ROOT = path.join(__dirname, '..', '..');
const CRDS = CRD_DIR;

function load(file: string): any[] {
  return ManifestSet.fromFiles([path.join(ROOT, 'examples', file)]).objects;
}

const QUICKSTART = load('quickstart/dist/quickstart.k8s.yaml');
const PRODUCTION = load('production/dist/production.k8s.yaml');

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function check(objects: any[]): CheckFinding[] {
  return checkApiServer(ManifestSet.fromObjects(objects), PolicyRule.API_SERVER);
}

/** The findings of a copy of an example where `mutate` changed the first object `pick` selects. */
function mutated(base: any[], pick: (o: any) => boolean, mutate: (o: any, all: any[]) => void): CheckFinding[] {
  const objects = base.map(copy);
  const target = objects.find(pick);
  expect(target).toBeDefined();
  mutate(target, objects);
  return check(objects);
}

const isKind = (kind: string, name?: string) => (o: any) => o.kind === kind && (name === undefined || o.metadata?.name === name);
const container = (o: any) => o.spec.template.spec.containers[0];

/** Expects exactly one finding, on the object and path, with the message fragment. */
function expectOne(found: CheckFinding[], at: string | undefined, fragment: string): void {
  expect(found.map((f) => `${f.path}: ${f.message}`)).toHaveLength(1);
  expect(found[0].check).toBe('api-server');
  if (at !== undefined) expect(found[0].path).toBe(at);
  expect(found[0].message).toContain(fragment);
}

describe('the examples pass', () => {
  test.each([
    'quickstart/dist/quickstart.k8s.yaml',
    'production/dist/production.k8s.yaml',
    'core-basics/dist/core-basics.k8s.yaml',
    'multi-region/dist/euw1/euw1.k8s.yaml',
    'multi-region/dist/usw1/usw1.k8s.yaml',
  ])('%s has no api-server finding', (file) => {
    expect(check(load(file))).toEqual([]);
  });

  test('the rule runs with the policy rules and can be skipped', () => {
    const objects = QUICKSTART.map(copy);
    const svc = objects.find(isKind('Service'));
    svc.spec.ports.push({ ...svc.spec.ports[0], name: 'copy' });
    expect(PolicyCheck.check(ManifestSet.fromObjects(objects)).filter((f) => f.check === 'api-server')).toHaveLength(1);
    expect(PolicyCheck.check(ManifestSet.fromObjects(objects), { skip: [PolicyRule.API_SERVER] }).filter((f) => f.check === 'api-server')).toEqual([]);
  });
});

describe('list-map keys (duplicate entries the API server refuses)', () => {
  test('Service ports by port and protocol: the duplicate 5432/TCP of the embedded stores\' headless Service', () => {
    let index = -1;
    const found = mutated(QUICKSTART, (o) => o.kind === 'Service' && o.spec.ports.some((p: any) => p.port === 5432), (svc) => {
      const port = svc.spec.ports.find((p: any) => p.port === 5432);
      const { protocol: _ignored, ...withoutProtocol } = port;
      index = svc.spec.ports.push({ ...withoutProtocol, name: 'pgbouncer' }) - 1; // protocol defaults to TCP
    });
    expectOne(found, `spec.ports[${index}]`, 'spec.ports: duplicate entries for key [port=5432,protocol="TCP"]');
  });

  test('Service ports by name', () => {
    const found = mutated(QUICKSTART, isKind('Service'), (svc) => svc.spec.ports.push({ ...svc.spec.ports[0], port: 9999, targetPort: 9999 }));
    expectOne(found, undefined, 'duplicate entries for key [name=');
  });

  test('a UDP port beside a TCP port of the same number is no duplicate', () => {
    const found = mutated(QUICKSTART, isKind('Service'), (svc) => svc.spec.ports.push({ ...svc.spec.ports[0], name: 'udp', protocol: 'UDP' }));
    expect(found).toEqual([]);
  });

  test('container ports by containerPort and protocol, and by name', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => container(d).ports.push({ ...container(d).ports[0], name: 'other' })),
      undefined, 'duplicate entries for key [containerPort=8080,protocol="TCP"]');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => container(d).ports.push({ ...container(d).ports[0], containerPort: 9000 })),
      undefined, 'duplicate entries for key [name="http"]');
  });

  test('env by name', () => {
    const found = mutated(QUICKSTART, isKind('Deployment', 'gws-app-workspace'), (d) => container(d).env.push({ ...container(d).env[0] }));
    expectOne(found, 'spec.template.spec.containers[0].env[18]', 'spec.template.spec.containers[0].env: duplicate entries for key [name=');
  });

  test('volumeMounts by mountPath, volumeDevices by devicePath', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => container(d).volumeMounts.push({ ...container(d).volumeMounts[0] })),
      undefined, 'volumeMounts: duplicate entries for key [mountPath=');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => {
      const volume = d.spec.template.spec.volumes[0].name;
      container(d).volumeDevices = [{ name: volume, devicePath: '/dev/x' }, { name: volume, devicePath: '/dev/x' }];
    }), undefined, 'volumeDevices: duplicate entries for key [devicePath="/dev/x"]');
  });

  test('containers, init containers and ephemeral containers share one name space', () => {
    const found = mutated(QUICKSTART, isKind('Deployment'), (d) => {
      d.spec.template.spec.initContainers = [{ ...copy(container(d)), ports: undefined }];
    });
    expectOne(found, 'spec.template.spec.containers[0].name', 'duplicate container name "main"');
    const ephemeral = mutated(QUICKSTART, isKind('StatefulSet'), (s) => {
      s.spec.template.spec.ephemeralContainers = [{ name: 'main', image: 'busybox:1.36' }];
    });
    expectOne(ephemeral, 'spec.template.spec.ephemeralContainers[0].name', 'duplicate container name "main"');
  });

  test.each([
    ['volumes', (spec: any) => spec.volumes.push({ ...spec.volumes[0] }), 'volumes: duplicate entries for key [name='],
    ['imagePullSecrets', (spec: any) => { spec.imagePullSecrets = [{ name: 'registry' }, { name: 'registry' }]; }, 'imagePullSecrets: duplicate entries for key [name="registry"]'],
    ['resourceClaims', (spec: any) => { spec.resourceClaims = [{ name: 'gpu', source: {} }, { name: 'gpu', source: {} }]; }, 'resourceClaims: duplicate entries for key [name="gpu"]'],
    ['schedulingGates', (spec: any) => { spec.schedulingGates = [{ name: 'wait' }, { name: 'wait' }]; }, 'schedulingGates: duplicate entries for key [name="wait"]'],
    ['hostAliases', (spec: any) => { spec.hostAliases = [{ ip: '10.0.0.1', hostnames: ['a'] }, { ip: '10.0.0.1', hostnames: ['b'] }]; }, 'hostAliases: duplicate entries for key [ip="10.0.0.1"]'],
    ['topologySpreadConstraints', (spec: any) => {
      const c = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' };
      spec.topologySpreadConstraints = [c, { ...c, maxSkew: 2 }];
    }, 'topologySpreadConstraints: duplicate entries for key [topologyKey="topology.kubernetes.io/zone",whenUnsatisfiable="ScheduleAnyway"]'],
  ])('pod spec %s', (_name, mutate, fragment) => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => (mutate as any)(d.spec.template.spec)), undefined, fragment as string);
  });

  test('ServiceAccount secrets by name', () => {
    const found = mutated(QUICKSTART, isKind('ServiceAccount'), (sa) => { sa.secrets = [{ name: 'token' }, { name: 'token' }]; });
    expectOne(found, 'secrets[1]', 'secrets: duplicate entries for key [name="token"]');
  });

  test('Gateway listeners by name', () => {
    const found = mutated(QUICKSTART, isKind('Gateway'), (g) => g.spec.listeners.push({ ...g.spec.listeners[0], port: 8443 }));
    expectOne(found, undefined, 'spec.listeners: duplicate entries for key [name=');
  });

  test('HTTPRoute header matches, query matches and header modifiers by name', () => {
    const headers = mutated(QUICKSTART, isKind('HTTPRoute'), (r) => {
      r.spec.rules[0].matches[0].headers = [{ name: 'x-tenant', value: 'a' }, { name: 'x-tenant', value: 'b' }];
    });
    expectOne(headers, 'spec.rules[0].matches[0].headers[1]', 'duplicate entries for key [name="x-tenant"]');
    const query = mutated(QUICKSTART, isKind('HTTPRoute'), (r) => {
      r.spec.rules[0].matches[0].queryParams = [{ name: 'q', value: 'a' }, { name: 'q', value: 'b' }];
    });
    expectOne(query, 'spec.rules[0].matches[0].queryParams[1]', 'duplicate entries for key [name="q"]');
    const modifier = mutated(QUICKSTART, isKind('HTTPRoute'), (r) => {
      r.spec.rules[0].filters = [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'h', value: '1' }, { name: 'h', value: '2' }] } }];
    });
    expectOne(modifier, 'spec.rules[0].filters[0].requestHeaderModifier.set[1]', 'duplicate entries for key [name="h"]');
  });
});

describe('custom resources\' list-map keys against the upstream CRDs', () => {
  const present = fs.existsSync(CRDS);
  const run = present ? test : test.skip;

  /** `group/kind` → the spec paths of keyed lists, per served version, from the CRDs. */
  function crdKeyedLists(): Map<string, Map<string, string[]>> {
    const out = new Map<string, Map<string, string[]>>();
    for (const file of fs.readdirSync(CRDS).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(CRDS, file), 'utf8'))) {
        const crd: any = doc.toJSON();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const groupKind = `${crd.spec.group}/${crd.spec.names.kind}`;
        for (const version of crd.spec.versions) {
          const lists = new Map<string, string[]>();
          const walk = (schema: any, at: string) => {
            if (!schema || typeof schema !== 'object') return;
            if (schema['x-kubernetes-list-type'] === 'map') lists.set(at, schema['x-kubernetes-list-map-keys']);
            for (const [k, child] of Object.entries(schema.properties ?? {})) walk(child, at === '' ? k : `${at}.${k}`);
            if (schema.items) {
              const parts = at.split('.');
              parts[parts.length - 1] += '[]';
              walk(schema.items, parts.join('.'));
            }
          };
          walk(version.schema.openAPIV3Schema.properties?.spec, 'spec');
          out.set(`${groupKind}@${version.name}`, lists);
        }
      }
    }
    return out;
  }

  run('every CRD version\'s keyed lists in spec are exactly the table\'s', () => {
    const crds = crdKeyedLists();
    expect(crds.size).toBeGreaterThan(0);
    for (const [key, lists] of crds) {
      const groupKind = key.split('@')[0];
      expect([groupKind, CUSTOM_RESOURCE_LIST_KEYS[groupKind]]).toEqual([groupKind, expect.any(Array)]);
      const table = Object.fromEntries(CUSTOM_RESOURCE_LIST_KEYS[groupKind].map((l) => [l.path.replace(/\[\]$/, ''), l.keys]));
      // a keyed list's own path ends without [] in the table, as in the CRD walk
      const fromCrd = Object.fromEntries([...lists].map(([p, keys]) => [p.replace(/\[\]$/, ''), keys]));
      expect([key, fromCrd]).toEqual([key, table]);
    }
  });

  /** An object of a kind holding two entries with the same key at a keyed list's path. */
  function withDuplicate(groupKind: string, listPath: string, keys: string[]): any {
    const [group, kind] = groupKind.split('/');
    const entry = Object.fromEntries(keys.map((k) => [k, k === 'port' ? 443 : 'x']));
    const root: any = { apiVersion: `${group}/v1`, kind, metadata: { name: 'dup', namespace: 'demo' } };
    let current = root;
    const steps = listPath.split('.');
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      if (last) {
        current[step] = [{ ...entry }, { ...entry }];
      } else if (step.endsWith('[]')) {
        const item = {};
        current[step.slice(0, -2)] = [item];
        current = item;
      } else {
        current[step] = current[step] ?? {};
        current = current[step];
      }
    });
    return root;
  }

  const cases = Object.entries(CUSTOM_RESOURCE_LIST_KEYS).flatMap(([groupKind, lists]) => lists.map((l) => [groupKind, l.path, l.keys] as const));
  test.each(cases)('%s %s: a generated duplicate fails', (groupKind, listPath, keys) => {
    const found = check([withDuplicate(groupKind, listPath, keys)]);
    expect(found).toHaveLength(1);
    const concrete = listPath.replace(/\[\]/g, '[0]');
    expect(found[0].path).toBe(`${concrete}[1]`);
    expect(found[0].message).toContain(`${concrete}: duplicate entries for key [${keys.map((k) => `${k}=${k === 'port' ? 443 : '"x"'}`).join(',')}]`);
  });

  test('the table covers the kinds the library writes', () => {
    for (const kind of ['monitoring.coreos.com/ServiceMonitor', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/HTTPRoute', 'gateway.networking.k8s.io/ReferenceGrant']) {
      expect(CUSTOM_RESOURCE_LIST_KEYS[kind]).toBeDefined();
    }
  });
});

describe('names per kind ("Object Names and IDs")', () => {
  test('a Namespace name is a DNS-1123 label (no dots)', () => {
    expectOne(mutated(QUICKSTART, isKind('Namespace'), (n) => { n.metadata.name = 'gws.prod'; }), 'metadata.name', 'is not a DNS-1123 label');
  });

  test('a Service name is a DNS-1035 label (starts with a letter)', () => {
    expectOne(mutated(QUICKSTART, isKind('Service'), (s) => { s.metadata.name = '1gws'; }), 'metadata.name', 'is not a DNS-1035 label');
  });

  test('other built-in kinds and custom resources are DNS-1123 subdomains', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { d.metadata.name = 'GWS_App'; }), 'metadata.name', 'is not a DNS-1123 subdomain');
    expectOne(mutated(QUICKSTART, isKind('HTTPRoute'), (r) => { r.metadata.name = 'a'.repeat(254); }), 'metadata.name', 'is 254 characters long');
    expect(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.metadata.name = 'gws.settings'; })).toEqual([]);
  });

  test('a CronJob name has at most 52 characters', () => {
    const deployment = copy(QUICKSTART.find(isKind('Deployment')));
    const cron = (name: string) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: deployment.metadata.namespace },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...deployment.spec.template, spec: { ...deployment.spec.template.spec, restartPolicy: 'Never' } } } } },
    });
    expect(check([cron('c'.repeat(52))])).toEqual([]);
    expectOne(check([cron('c'.repeat(53))]), 'metadata.name', 'a CronJob name has at most 52');
  });

  test('metadata.namespace is a DNS-1123 label', () => {
    expectOne(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.metadata.namespace = 'Gws'; }), 'metadata.namespace', 'is not a DNS-1123 label');
  });
});

describe('labels, selectors and annotations ("Labels and Selectors", "Annotations")', () => {
  test('label keys: one prefix, a DNS subdomain prefix, a name of at most 63', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { d.metadata.labels['a/b/c'] = 'x'; }), 'metadata.labels.a/b/c', 'more than one');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { d.metadata.labels['Example.com/x'] = 'x'; }), undefined, 'has a prefix that is not a DNS-1123 subdomain');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { d.metadata.labels[`example.com/${'n'.repeat(64)}`] = 'x'; }), undefined, 'name part of 64 characters');
  });

  test('label values: at most 63, alphanumerics at both ends; template labels too', () => {
    expectOne(mutated(QUICKSTART, isKind('Service'), (s) => { s.metadata.labels['app.kubernetes.io/name'] = 'v'.repeat(64); }), undefined, 'is 64 characters long');
    const found = mutated(QUICKSTART, isKind('Deployment'), (d) => { d.spec.template.metadata.labels.extra = '-edge'; });
    expectOne(found, 'spec.template.metadata.labels.extra', 'is not alphanumerics');
  });

  test('selectors: matchLabels as labels, operators, values per operator', () => {
    expectOne(mutated(QUICKSTART, isKind('NetworkPolicy'), (p) => {
      p.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['a'] }] };
    }), 'spec.podSelector.matchExpressions[0].operator', 'is not one of In, NotIn, Exists, DoesNotExist');
    expectOne(mutated(QUICKSTART, isKind('NetworkPolicy'), (p) => {
      p.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] };
    }), 'spec.podSelector.matchExpressions[0].values', 'needs at least one value');
    expectOne(mutated(QUICKSTART, isKind('NetworkPolicy'), (p) => {
      p.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }] };
    }), 'spec.podSelector.matchExpressions[0].values', 'takes no values');
    expectOne(mutated(QUICKSTART, isKind('PodDisruptionBudget'), (b) => { b.spec.selector.matchLabels['bad key'] = 'x'; }), undefined, 'label key "bad key"');
    expectOne(mutated(QUICKSTART, isKind('Service'), (s) => { s.spec.selector = { ...s.spec.selector, app: 'a b' }; }), 'spec.selector.app', 'is not alphanumerics');
  });

  test('annotations: key syntax, and at most 256 KiB per object', () => {
    expectOne(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.metadata.annotations = { 'note/': 'x' }; }), undefined, 'annotation key "note/"');
    const big = mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.metadata.annotations = { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(60 * 1024) }; });
    expectOne(big, 'metadata.annotations', 'annotations total 266242 bytes (at most 262144');
    expect(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.metadata.annotations = { a: 'x'.repeat(256 * 1024 - 1) }; })).toEqual([]);
  });
});

describe('field rules', () => {
  test('container port names are IANA service names of at most 15 characters', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).ports[0].name = 'http-management'.padEnd(16, 'x'); }),
      'spec.template.spec.containers[0].ports[0].name', 'is 16 characters long');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).ports[0].name = '8080'; }), undefined, 'has no letter');
  });

  test('named targetPort, probe and policy ports are IANA service names', () => {
    expectOne(mutated(QUICKSTART, isKind('Service'), (s) => { s.spec.ports[0].targetPort = 'HTTP'; }), 'spec.ports[0].targetPort', 'targetPort "HTTP"');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).readinessProbe.tcpSocket.port = 'http--x'; }),
      'spec.template.spec.containers[0].readinessProbe.tcpSocket.port', 'holds \'--\'');
    expectOne(mutated(QUICKSTART, (o) => o.kind === 'NetworkPolicy' && o.spec.ingress?.[0]?.ports?.length > 0, (p) => { p.spec.ingress[0].ports[0].port = 'a-very-long-port-name'; }),
      'spec.ingress[0].ports[0].port', 'at most 15');
  });

  test('port numbers are 1-65535', () => {
    expectOne(mutated(QUICKSTART, isKind('Service'), (s) => { s.spec.ports[0].port = 70000; }), 'spec.ports[0].port', '70000 is not a port number');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).ports[0].containerPort = 0; }), undefined, 'containerPort 0 is not a port number');
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).livenessProbe.tcpSocket.port = 65536; }), undefined, 'probe port 65536');
  });

  test('a Service with several ports names each', () => {
    expectOne(mutated(QUICKSTART, (o) => o.kind === 'Service' && o.spec.ports.length > 1, (s) => { delete s.spec.ports[1].name; }),
      'spec.ports[1].name', 'has no name although the Service has several ports');
  });

  test('env var names', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment', 'gws-app-workspace'), (d) => { container(d).env[0].name = '1ST_VALUE'; }),
      'spec.template.spec.containers[0].env[0].name', 'is not a variable name');
  });

  test('ConfigMap and Secret keys', () => {
    expectOne(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.data['conf/app.yaml'] = 'x'; }), 'data.conf/app.yaml', 'is not a valid ConfigMap key');
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'gws' }, stringData: { '..hidden': 'x' } };
    expectOne(check([secret]), 'stringData...hidden', 'is not a valid Secret key');
  });

  test('a volume mount names a pod volume; a StatefulSet claim template counts', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).volumeMounts[0].name = 'missing'; }),
      'spec.template.spec.containers[0].volumeMounts[0].name', 'names volume "missing", which the pod does not declare');
    const stateful = QUICKSTART.find((o) => o.kind === 'StatefulSet' && (o.spec.volumeClaimTemplates ?? []).length > 0);
    const claim = stateful.spec.volumeClaimTemplates[0].metadata.name;
    expect(stateful.spec.template.spec.containers[0].volumeMounts.map((m: any) => m.name)).toContain(claim);
    expect((stateful.spec.template.spec.volumes ?? []).map((v: any) => v.name)).not.toContain(claim);
    expectOne(mutated(QUICKSTART, isKind('StatefulSet', stateful.metadata.name), (s) => { s.spec.volumeClaimTemplates[0].metadata.name = 'other'; }),
      undefined, `names volume "${claim}"`);
  });

  test('a workload\'s selector matches its template labels', () => {
    expectOne(mutated(QUICKSTART, isKind('Deployment'), (d) => { d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'other'; }),
      'spec.selector', 'does not match the template labels');
    expectOne(mutated(QUICKSTART, isKind('StatefulSet'), (s) => { s.spec.selector = {}; }), 'spec.selector', 'spec.selector is empty');
  });

  test('a ConfigMap holds at most 1 MiB, and no key in both data and binaryData', () => {
    expectOne(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.data.big = 'x'.repeat(1024 * 1024); }), 'data', 'a ConfigMap holds at most 1 MiB');
    expectOne(mutated(QUICKSTART, isKind('ConfigMap'), (c) => { c.binaryData = { [Object.keys(c.data)[0]]: 'eA==' }; }), undefined, 'is in both data and binaryData');
  });

  test('NetworkPolicy policyTypes and endPort', () => {
    expectOne(mutated(QUICKSTART, isKind('NetworkPolicy'), (p) => { p.spec.policyTypes = ['Ingress', 'Ingress']; }), 'spec.policyTypes[1]', 'lists Ingress twice');
    expectOne(mutated(QUICKSTART, isKind('NetworkPolicy'), (p) => { p.spec.policyTypes = ['Inbound']; }), 'spec.policyTypes[0]', 'is not Ingress or Egress');
    expectOne(mutated(QUICKSTART, (o) => o.kind === 'NetworkPolicy' && typeof o.spec.ingress?.[0]?.ports?.[0]?.port === 'number', (p) => {
      p.spec.ingress[0].ports[0].endPort = p.spec.ingress[0].ports[0].port - 1;
    }), 'spec.ingress[0].ports[0].endPort', 'is below port');
  });

  test('Ingress paths are absolute', () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'gws' },
      spec: { rules: [{ host: 'gws.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gws', port: { number: 80 } } } }] } }] },
    };
    expect(check([ingress])).toEqual([]);
    const relative = copy(ingress);
    relative.spec.rules[0].http.paths[0].path = 'api';
    expectOne(check([relative]), 'spec.rules[0].http.paths[0].path', 'is not absolute');
  });

  test('HPA minReplicas at most maxReplicas; PDB not both minAvailable and maxUnavailable', () => {
    expectOne(mutated(PRODUCTION, isKind('HorizontalPodAutoscaler'), (h) => { h.spec.minReplicas = h.spec.maxReplicas + 1; }), 'spec.minReplicas', 'is above maxReplicas');
    expectOne(mutated(PRODUCTION, isKind('PodDisruptionBudget'), (b) => { b.spec.minAvailable = 1; }), 'spec', 'both minAvailable and maxUnavailable');
  });
});

describe('quantities the API server cannot parse', () => {
  test.each(['1h', '1K', '2 Gi', '1.5.0'])('%s in a resource limit fails', (value) => {
    const found = mutated(QUICKSTART, isKind('Deployment'), (d) => { container(d).resources.limits.memory = value; });
    expectOne(found, 'spec.template.spec.containers[0].resources.limits.memory', `${JSON.stringify(value)} is not a quantity the API server parses`);
  });

  test('an emptyDir size limit is a quantity too', () => {
    const found = mutated(QUICKSTART, isKind('Deployment'), (d) => { d.spec.template.spec.volumes[0].emptyDir = { sizeLimit: '64MB' }; });
    expectOne(found, 'spec.template.spec.volumes[0].emptyDir.sizeLimit', 'is not a quantity');
  });
});
