// Issue #20 section 2: identity theft, exposure outside the entry points, privilege outside the pod
// spec, secrets in disguise, API versions the gate cannot judge. Each test breaks a copy of the
// quickstart's committed output once and expects exactly the new failures; the untouched copy passes.
import * as fs from 'fs';
import * as path from 'path';
import { added, baseline, cleanCopies, copyExample, editDocs, failing } from './gate-helpers';
import { PolicyRule, Verifier } from '../../src/verify';
import { disguisedSecret } from '../../src/verify/gate-rules';

afterAll(cleanCopies);

const NAME = 'quickstart';

/** The failing lines a change to the quickstart's documents adds. */
function mutate(change: (docs: any[]) => any[] | void): string[] {
  const dir = copyExample(NAME);
  editDocs(dir, NAME, (docs) => change(docs) ?? docs);
  return added(NAME, Verifier.verify(dir)).map((l) => l.text);
}

const find = (docs: any[], kind: string, name: string, namespace?: string) =>
  docs.find((d) => d.kind === kind && d.metadata.name === name && (namespace === undefined || d.metadata.namespace === namespace));
const clone = (o: any) => JSON.parse(JSON.stringify(o));

test('the untouched quickstart passes every gate rule', () => {
  expect(failing(baseline(NAME))).toEqual([]);
});

describe('workload identity', () => {
  test("a second Deployment with another workload's labels fails", () => {
    const lines = mutate((docs) => {
      const rogue = clone(find(docs, 'Deployment', 'gws-app-workspace'));
      rogue.metadata.name = 'workspace-helper';
      docs.push(rogue);
    });
    const identity = lines.filter((l) => l.startsWith('FAIL workload-identity'));
    expect(identity).toEqual([
      expect.stringMatching(/^FAIL workload-identity Deployment:gws\/workspace-helper: spec\.template\.metadata\.labels: its pods \(labels .*\) match the selector of Deployment gws\/gws-app-workspace, spec\.podSelector of NetworkPolicy gws\/gws-app-workspace-ingress, .*spec\.selector of Service gws\/gws-app-workspace, written for Deployment gws\/gws-app-workspace: they take its identity/),
    ]);
  });

  test("a canary with another registry's image is named with the image", () => {
    const lines = mutate((docs) => {
      const canary = clone(find(docs, 'Deployment', 'gws-app-workspace'));
      canary.metadata.name = 'gws-app-workspace-canary';
      canary.spec.selector.matchLabels = { ...canary.spec.selector.matchLabels, track: 'canary' };
      canary.spec.template.metadata.labels.track = 'canary';
      canary.spec.template.spec.containers[0].image = 'registry.attacker.example/gws-app-workspace:1.0.0';
      docs.push(canary);
    });
    const identity = lines.filter((l) => l.startsWith('FAIL workload-identity'));
    expect(identity).toHaveLength(1);
    expect(identity[0]).toMatch(/^FAIL workload-identity Deployment:gws\/gws-app-workspace-canary: .*, with images \["registry\.attacker\.example\/gws-app-workspace:1\.0\.0"\] that Deployment gws\/gws-app-workspace does not run\) match the selector of Deployment gws\/gws-app-workspace/);
  });

  test('a bare Pod that a Service and a policy written for another workload select fails', () => {
    const lines = mutate((docs) => {
      const template = find(docs, 'Deployment', 'gws-app-workspace').spec.template;
      docs.push({ apiVersion: 'v1', kind: 'Pod', metadata: { ...clone(template.metadata), name: 'debug', namespace: 'gws' }, spec: clone(template.spec) });
    });
    const identity = lines.filter((l) => l.startsWith('FAIL workload-identity'));
    expect(identity).toHaveLength(1);
    expect(identity[0]).toMatch(/^FAIL workload-identity Pod:gws\/debug: metadata\.labels: /);
    for (const by of ['the selector of Deployment gws/gws-app-workspace', 'spec.selector of Service gws/gws-app-workspace', 'spec.podSelector of NetworkPolicy gws/gws-app-workspace-egress']) {
      expect(identity[0]).toContain(by);
    }
  });
});

describe('exposure', () => {
  test.each(['LoadBalancer', 'NodePort'])('a Service of type %s fails', (type) => {
    const lines = mutate((docs) => {
      find(docs, 'Service', 'redis-gws', 'gws').spec.type = type;
    });
    expect(lines.filter((l) => l.includes('exposure'))).toEqual([expect.stringMatching(new RegExp(`^FAIL exposure Service:gws/redis-gws: spec.type: type is ${type}`))]);
  });

  test('a Service with externalIPs fails', () => {
    const lines = mutate((docs) => {
      find(docs, 'Service', 'redis-gws', 'gws').spec.externalIPs = ['203.0.113.7'];
    });
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL exposure Service:gws\/redis-gws: spec.externalIPs: externalIPs \["203.0.113.7"\]/));
  });

  test('a route to a Service no entry-point row names fails', () => {
    const lines = mutate((docs) => {
      const route = find(docs, 'HTTPRoute', 'gws', 'gws');
      route.spec.rules[0].backendRefs[0].name = 'redis-gws';
    });
    expect(lines.filter((l) => l.startsWith('FAIL exposure'))).toEqual([
      expect.stringMatching(/^FAIL exposure HTTPRoute:gws\/gws: spec\.rules\[0\]\.backendRefs\[0\]: routes to Service gws\/redis-gws \(pods \["redis"\]\), but its references \(gws#1\) document entry points to gws-service-proxy/),
    ]);
  });

  test('a namespaceSelector admitting every namespace or kube-system into a store fails', () => {
    for (const namespaceSelector of [{}, { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['default'] }] }]) {
      const lines = mutate((docs) => {
        const policy = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.namespace === 'gws' && JSON.stringify(d.spec.podSelector).includes('"redis"') && d.spec.policyTypes.includes('Ingress'));
        policy.spec.ingress.push({ from: [{ namespaceSelector }], ports: [{ port: 6379 }] });
      });
      expect(lines.filter((l) => l.startsWith('FAIL exposure'))).toEqual([expect.stringMatching(/^FAIL exposure NetworkPolicy:gws\/.*namespaceSelector .* admits (every namespace|kube-system) into StatefulSet gws\/redis-gws/)]);
    }
  });
});

describe('privilege outside the pod spec', () => {
  test.each([
    ['enforce', 'baseline'],
    ['audit', 'privileged'],
    ['warn', undefined],
  ])('a Namespace whose %s level is lowered fails', (mode, level) => {
    const lines = mutate((docs) => {
      const labels = find(docs, 'Namespace', 'gws').metadata.labels;
      if (level === undefined) delete labels[`pod-security.kubernetes.io/${mode}`];
      else labels[`pod-security.kubernetes.io/${mode}`] = level;
    });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^FAIL privilege Namespace:gws: metadata.labels.pod-security.kubernetes.io/${mode}: label pod-security.kubernetes.io/${mode} is ${level ? `"${level}"` : 'null'}`))]);
  });

  test('a Pod Security version pinned old fails', () => {
    const lines = mutate((docs) => {
      find(docs, 'Namespace', 'gws').metadata.labels['pod-security.kubernetes.io/enforce-version'] = 'v1.22';
    });
    expect(lines).toEqual([expect.stringMatching(/^FAIL privilege Namespace:gws: .*enforce-version is "v1.22": an older profile checks less/)]);
  });

  test('RBAC grants, aggregated ClusterRoles and token Secrets fail', () => {
    const lines = mutate((docs) => {
      docs.push(
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'gws-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'gws-app-workspace', namespace: 'gws' }] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'sneaky', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ws-token', namespace: 'gws', annotations: { 'kubernetes.io/service-account.name': 'gws-app-workspace' } }, type: 'kubernetes.io/service-account-token' },
      );
    });
    const privilege = lines.filter((l) => l.startsWith('FAIL privilege'));
    expect(privilege).toEqual([
      expect.stringMatching(/^FAIL privilege ClusterRoleBinding:gws-admin: roleRef: grants ClusterRole "cluster-admin" to ServiceAccount gws\/gws-app-workspace/),
      expect.stringMatching(/^FAIL privilege ClusterRole:sneaky: metadata.labels: labels rbac.authorization.k8s.io\/aggregate-to-edit/),
      expect.stringMatching(/^FAIL privilege Secret:gws\/ws-token: type: type kubernetes.io\/service-account-token/),
    ]);
  });

  test('AppArmor and seccomp annotations or fields that unconfine a container fail', () => {
    const lines = mutate((docs) => {
      const d = find(docs, 'Deployment', 'gws-app-workspace');
      const c = d.spec.template.spec.containers[0].name;
      d.spec.template.metadata.annotations = {
        ...(d.spec.template.metadata.annotations ?? {}),
        [`container.apparmor.security.beta.kubernetes.io/${c}`]: 'unconfined',
        'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      };
      d.spec.template.spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' };
    });
    const privilege = lines.filter((l) => l.startsWith('FAIL privilege'));
    expect(privilege).toHaveLength(3);
    expect(privilege[0]).toMatch(/container\.apparmor\.security\.beta\.kubernetes\.io\/.* is "unconfined": it turns AppArmor off/);
    expect(privilege[1]).toMatch(/seccomp\.security\.alpha\.kubernetes\.io\/pod is "unconfined": it turns seccomp off/);
    expect(privilege[2]).toMatch(/appArmorProfile\.type is Unconfined/);
  });
});

describe('secrets in disguise', () => {
  const SECRET = 'hunter2-Secret-Value';
  test.each([
    ['a password in a URL', `postgresql://gws:${SECRET}@postgres-gws.gws:5432/gws`, 'a password inside a URL'],
    ['a bearer token', `Bearer ${SECRET}abcdefghijkl`, 'a bearer token'],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----', 'a private key'],
  ])('%s in an env value fails without printing the value', (_what, value, words) => {
    const lines = mutate((docs) => {
      const c = find(docs, 'Deployment', 'gws-app-workspace').spec.template.spec.containers[0];
      c.env = [...(c.env ?? []), { name: 'UPSTREAM', value }];
    });
    const secret = lines.filter((l) => l.startsWith('FAIL plaintext-secret'));
    expect(secret).toEqual([expect.stringContaining(`env UPSTREAM holds ${words}`)]);
    expect(secret[0]).not.toContain(SECRET);
  });

  test('a password in a URL inside ConfigMap data fails, naming key and line', () => {
    const lines = mutate((docs) => {
      const cm = find(docs, 'ConfigMap', 'ucsx-config', 'ucsx');
      const key = Object.keys(cm.data)[0];
      cm.data[key] = `{\n  "db": "postgres://ucsx:${SECRET}@db.example.com/ucsx"\n}`;
    });
    const secret = lines.filter((l) => l.startsWith('FAIL plaintext-secret'));
    expect(secret).toEqual([expect.stringMatching(/ConfigMap key "file-0-tenants.json" line 2 holds a password inside a URL \(scheme:\/\/user:password@host\) \(value not shown\)/)]);
    expect(secret[0]).not.toContain(SECRET);
  });

  test.each(['DB_PASS', 'REDIS_PWD', 'SIGNING_KEY'])('a literal value under %s fails', (name) => {
    const lines = mutate((docs) => {
      const c = find(docs, 'Deployment', 'gws-app-workspace').spec.template.spec.containers[0];
      c.env = [...(c.env ?? []), { name, value: SECRET }];
    });
    expect(lines).toEqual([expect.stringContaining(`env ${name} holds a literal value`)]);
    expect(lines[0]).not.toContain(SECRET);
  });

  test('placeholders and URLs without a password pass', () => {
    expect(disguisedSecret('postgresql://gws:$(DB_PASSWORD)@db:5432/gws')).toBeUndefined();
    expect(disguisedSecret('postgresql://gws@db:5432/gws')).toBeUndefined();
    expect(disguisedSecret('http://gws-service-proxy.gws:80/')).toBeUndefined();
    expect(disguisedSecret('https://user:${PASSWORD}@example.com')).toBeUndefined();
  });
});

describe('API versions the gate cannot judge', () => {
  test('a NetworkPolicy in extensions/v1beta1 fails, not a NOTE', () => {
    const lines = mutate((docs) => {
      const policy = clone(find(docs, 'NetworkPolicy', 'default-deny', 'gws'));
      policy.apiVersion = 'extensions/v1beta1';
      policy.metadata.name = 'legacy';
      docs.push(policy);
    });
    expect(lines).toEqual([expect.stringMatching(/^FAIL api-version NetworkPolicy:gws\/legacy: apiVersion: apiVersion extensions\/v1beta1 of NetworkPolicy was removed in Kubernetes 1\.16 .* Write apiVersion networking\.k8s\.io\/v1/)]);
  });

  test('a network policy of another API fails', () => {
    const lines = mutate((docs) => {
      docs.push({ apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'allow-all' }, spec: { selector: 'all()', types: ['Ingress'], ingress: [{ action: 'Allow' }] } });
    });
    expect(lines).toEqual([expect.stringMatching(/^FAIL api-version GlobalNetworkPolicy:allow-all: apiVersion: crd\.projectcalico\.org\/v1 GlobalNetworkPolicy is not a networking\.k8s\.io\/v1 NetworkPolicy/)]);
  });

  test('every new rule can be skipped by name', () => {
    const dir = copyExample(NAME);
    editDocs(dir, NAME, (docs) => {
      find(docs, 'Service', 'redis-gws', 'gws').spec.type = 'NodePort';
      return docs;
    });
    expect(Verifier.verify(dir, { skipRules: [PolicyRule.EXPOSURE] }).ok).toBe(true);
  });
});

describe('least privilege per side', () => {
  /** The quickstart's ingress policy of gws-app-workspace. */
  const workspaceIngress = (docs: any[]) => find(docs, 'NetworkPolicy', 'gws-app-workspace-ingress', 'gws');

  test.each([
    ['any port', (rule: any) => { delete rule.ports; }, /the ingress rule names no port: it admits every port/],
    ['an endPort range', (rule: any) => { rule.ports = [{ port: 8000, endPort: 9000, protocol: 'TCP' }]; }, /port 8000 with endPort 9000 admits a range of ports/],
    ['every pod of its namespace', (rule: any) => { rule.from = [{ podSelector: {} }]; }, /admits every pod of namespace gws/],
    ['every pod of a namespace', (rule: any) => { rule.from = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ucsx' } } }]; }, /admits every pod of the namespaces it selects/],
  ])('an ingress side admitting %s is reported, even while the other side blocks', (_what, change, message) => {
    const lines = mutate((docs) => {
      change(workspaceIngress(docs).spec.ingress[0]);
    });
    const side = lines.filter((l) => l.startsWith('FAIL policy-side'));
    expect(side).toEqual([expect.stringMatching(message)]);
    expect(side[0]).toMatch(/^FAIL policy-side NetworkPolicy:gws\/gws-app-workspace-ingress: spec\.ingress\[0\]/);
  });

  test('an egress side reaching pods of every namespace is reported', () => {
    const lines = mutate((docs) => {
      const egress = find(docs, 'NetworkPolicy', 'gws-app-workspace-egress', 'gws');
      egress.spec.egress.push({ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } }], ports: [{ port: 6379 }] });
    });
    expect(lines.filter((l) => l.startsWith('FAIL policy-side'))).toEqual([expect.stringMatching(/reaches matching pods in every namespace/)]);
  });

  test("a namespace's default-deny removed is reported", () => {
    const lines = mutate((docs) => docs.filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'default-deny' && d.metadata.namespace === 'wwe')));
    expect(lines.filter((l) => l.startsWith('FAIL default-deny'))).toEqual([
      'FAIL default-deny Namespace:wwe: metadata.name: namespace wwe has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules): every pod no other policy selects is open both ways. Restore the default-deny policy the library writes',
    ]);
  });

  test('a default-deny that lost its Egress type is no default-deny', () => {
    const lines = mutate((docs) => {
      find(docs, 'NetworkPolicy', 'default-deny', 'wwe').spec.policyTypes = ['Ingress'];
    });
    expect(lines.filter((l) => l.startsWith('FAIL default-deny'))).toHaveLength(1);
  });
});

test('docs/VERIFY.md lists every policy rule in its rule table, and the threat model', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'VERIFY.md'), 'utf-8');
  const table = text.slice(text.indexOf('## Policy rules'), text.indexOf('## Input bounds'));
  for (const rule of Object.values(PolicyRule)) expect(table).toContain(`| \`${rule}\``);
  for (const heading of ['### Who may change what', '### What the gate reads, and in which order', '### What it reports as FAIL', '### What it leaves to admission control, and why']) {
    expect(text).toContain(heading);
  }
});
