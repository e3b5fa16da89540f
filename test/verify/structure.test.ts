import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { namespace } from './fixtures';
import { ManifestSet, PolicyCheck, PolicyRule, Verifier, VerifyPeer } from '../../src/verify';

const cm = (name: string, ns?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(ns ? { namespace: ns } : {}) }, data: { a: 'b' } });
const reservedLines = (objects: any[], peers: VerifyPeer[] = []) =>
  Verifier.verify(objects, { peers, schema: false }).lines.filter((l) => l.check === 'reserved-namespace').map((l) => l.text);

describe('reserved namespaces', () => {
  test('an object without a namespace is in default, which the platform does not own', () => {
    expect(reservedLines([namespace('app'), cm('x')])).toEqual([
      'FAIL reserved-namespace ConfigMap:x: metadata.namespace: is in namespace "default" (no metadata.namespace: kubectl puts it there), the default namespace: '
      + 'the platform writes only into namespaces it owns (move the object into one of them, or remove it)',
    ]);
  });

  test('declaring a namespace of Kubernetes itself fails', () => {
    expect(reservedLines([namespace('kube-public')])).toEqual([
      'FAIL reserved-namespace Namespace:kube-public: metadata.name: declares namespace "kube-public", a namespace of Kubernetes itself: the platform does not own it (remove the Namespace object)',
    ]);
  });

  test('a peer\'s namespace is reserved unless the set declares it', () => {
    const peers: VerifyPeer[] = [{ kind: 'auth-service', namespace: 'gauth', labels: { app: 'gauth' } }];
    // GIVEN an object in the peer's namespace, WHEN the set does not declare that namespace, THEN it fails
    expect(reservedLines([cm('x', 'gauth')], peers)).toEqual([
      'FAIL reserved-namespace ConfigMap:gauth/x: metadata.namespace: is in namespace "gauth", where the peer "auth-service" runs (peers file): '
      + 'the platform writes only into namespaces it owns (move the object into one of them, or remove it)',
    ]);
    // WHEN the set declares it, the platform owns it and shares it with the peer
    expect(reservedLines([namespace('gauth'), cm('x', 'gauth')], peers)).toEqual([]);
    // Prometheus' namespace, from the options
    expect(Verifier.verify([cm('x', 'observability')], { prometheus: { namespace: 'observability' }, schema: false }).lines
      .filter((l) => l.check === 'reserved-namespace').map((l) => l.reason)).toEqual([
      'is in namespace "observability", where Prometheus runs: the platform writes only into namespaces it owns (move the object into one of them, or remove it)',
    ]);
  });

  test('cluster-scoped kinds and custom resources without a namespace are not placed in default', () => {
    const objects = [
      namespace('app'),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [] },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    ];
    expect(reservedLines(objects)).toEqual([]);
    expect(Verifier.verify(objects, { skipRules: [PolicyRule.RESERVED_NAMESPACE] }).lines.filter((l) => l.check === 'reserved-namespace')).toEqual([]);
  });
});

describe('apply order', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-order-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const yaml = (...docs: any[]) => docs.map((d) => JSON.stringify(d)).join('\n---\n');
  const orderFindings = (d: string) => PolicyCheck.check(ManifestSet.fromDirectory(d)).filter((f) => f.check === 'apply-order');

  test('across files, in the order kubectl reads them: a file sorting before the Namespace\'s fails', () => {
    // GIVEN the Namespace in b.yaml and its ConfigMap in a.yaml
    fs.writeFileSync(path.join(dir, 'a.yaml'), yaml(cm('early', 'app')));
    fs.writeFileSync(path.join(dir, 'b.yaml'), yaml(namespace('app'), cm('late', 'app')));
    // WHEN
    const findings = orderFindings(dir);
    // THEN
    expect(findings.map((f) => ({ object: f.object, message: f.message }))).toEqual([{
      object: 'Namespace app',
      message: '1 object of namespace "app" comes before its Namespace object (Namespace app (b.yaml document 1)), first ConfigMap app/early (a.yaml document 1): '
        + 'a first kubectl apply -f on an empty cluster fails for them (write the Namespace first: before them in the file, or in a file that sorts earlier)',
    }]);
  });

  test('in order, or for a namespace not in the set, nothing is reported; a Helm chart is not checked', () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), yaml(namespace('app'), cm('x', 'app'), cm('y', 'elsewhere')));
    expect(orderFindings(dir)).toEqual([]);
    const chart = path.join(dir, 'chart');
    fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(chart, 'templates', 'all.yaml'), yaml(cm('x', 'app'), namespace('app')));
    expect(orderFindings(chart)).toEqual([]);
    expect(PolicyCheck.check(ManifestSet.fromDirectory(chart), { skip: [] }).length).toBe(0);
  });
});
