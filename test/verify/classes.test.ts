// Issue #12: the verifier catches each class of mistake by itself. Each test takes a copy of the
// synthesized quickstart, breaks it once, and shows the verifier failing on exactly that. The
// quickstart keeps changing (the constructs are being reworked), so every test compares the broken
// copy with the untouched one instead of counting today's lines.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import { build as quickstart } from '../../examples/quickstart/app';
import { PlatformSynth } from '../../src/platform';
import { Verifier, VerifyLine, VerifyReport, VerifyStatus } from '../../src/verify';
import { unescapeHelm } from '../../src/verify/manifests';

const MAIN = 'quickstart.k8s.yaml';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let base: string;
let baseReport: VerifyReport;

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-classes-'));
  await PlatformSynth.synth(quickstart(base), { svg: false });
  baseReport = Verifier.verify(base);
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** A copy of the synthesized quickstart (with its Helm chart unless `helm` is false). */
function copy(helm = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-classes-copy-'));
  fs.cpSync(base, dir, { recursive: true });
  if (!helm) fs.rmSync(path.join(dir, 'helm'), { recursive: true, force: true });
  return dir;
}

function read(file: string): any[] {
  // a chart template is read as Helm renders it (its custom resources' guards, its escaped markers)
  return (jsYaml.loadAll(unescapeHelm(fs.readFileSync(file, 'utf-8'))) as any[]).filter((d) => d);
}

function write(file: string, docs: any[]): void {
  fs.writeFileSync(file, docs.map((d) => jsYaml.dump(d, { lineWidth: -1 })).join('---\n'));
}

/** Edits the documents of the main YAML file of a copy. */
function edit(dir: string, change: (docs: any[]) => any[], file = MAIN): void {
  write(path.join(dir, file), change(read(path.join(dir, file))));
}

const failing = (r: VerifyReport) => r.lines.filter((l) => l.status === VerifyStatus.FAIL || l.status === VerifyStatus.OPEN);

/** Failing lines of the broken copy that the untouched quickstart does not have. */
function added(report: VerifyReport): VerifyLine[] {
  const before = new Set(failing(baseReport).map((l) => l.text));
  return failing(report).filter((l) => !before.has(l.text));
}

function peers(dir: string): any[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'peers.json'), 'utf-8'));
}

const selects = (policy: any, name: string) => policy?.kind === 'NetworkPolicy' && policy.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name;

describe('the verifier fails each class of mistake on a broken copy of the quickstart', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an egress ipBlock widened beyond the CIDR its peer declares', () => {
    // GIVEN the webhook peer's CIDR, and the rule that implements it widened by four bits
    dir = copy();
    const webhook: string = peers(dir).find((p) => p.kind === 'webhooks' && p.cidrs).cidrs[0];
    const [address, prefix] = webhook.split('/');
    const wider = `${address.split('.').slice(0, 3).join('.')}.0/${Number(prefix) - 4}`;
    let widened = 0;
    edit(dir, (docs) => {
      for (const d of docs) {
        for (const rule of d.kind === 'NetworkPolicy' ? d.spec.egress ?? [] : []) {
          for (const peer of rule.to ?? []) {
            if (peer.ipBlock?.cidr === webhook) {
              peer.ipBlock.cidr = wider;
              widened++;
            }
          }
        }
      }
      return docs;
    });
    expect(widened).toBeGreaterThan(0);
    // WHEN
    const report = Verifier.verify(dir);
    // THEN one ip-block-range failure per widened rule, naming the range, the addresses beyond and the
    // peer, and the flow to the undeclared part reported as OPEN
    const lines = added(report).filter((l) => l.status === VerifyStatus.FAIL);
    expect(lines).toHaveLength(widened);
    expect(added(report).filter((l) => l.status === VerifyStatus.OPEN).map((l) => l.destination)).toContain('external/verify-ip-block-1');
    for (const l of lines) {
      expect(l.check).toBe('ip-block-range');
      expect(l.text).toMatch(new RegExp(`^FAIL ip-block-range NetworkPolicy:[a-z-]+/[a-z-]+: spec\\.egress\\[\\d+\\]\\.to\\[\\d+\\]\\.ipBlock: ${escape(wider)} reaches addresses .+ beyond the CIDRs the peers file declares for webhooks \\(nexus\\) ${escape(webhook)}: narrow the egress rule`));
    }
    expect(report.ok).toBe(false);
  });

  test('an egress rule to the link-local cloud metadata address', () => {
    // GIVEN the Nexus egress policy also allows 169.254.169.254 on 80
    dir = copy();
    edit(dir, (docs) => {
      const policy = docs.find((d) => selects(d, 'nexus') && d.spec.policyTypes.includes('Egress') && d.spec.egress?.length > 0);
      policy.spec.egress.push({ to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ port: 80, protocol: 'TCP' }] });
      return docs;
    });
    // WHEN
    const lines = added(Verifier.verify(dir));
    // THEN
    expect(lines.map((l) => l.text)).toEqual([
      'OPEN nexus/Deployment/nexus -> external/verify-ip-block-1 80/TCP',
      expect.stringMatching(/^FAIL ip-block-range NetworkPolicy:nexus\/[a-z-]+: spec\.egress\[\d+\]\.to\[0\]\.ipBlock: 169\.254\.169\.254\/32 reaches cloud metadata addresses \(169\.254\.169\.254\/32, where the node's credentials are served\), beyond the CIDRs the peers file declares \(it overlaps none of them\): narrow the egress rule/),
    ]);
  });

  test('objects in kube-system and in the namespace where the ingress controller runs', () => {
    // GIVEN two ConfigMaps outside the platform's namespaces
    dir = copy();
    edit(dir, (docs) => [
      ...docs,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'kube-system' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'envoy-gateway-system' }, data: { a: 'b' } },
    ]);
    // WHEN
    const lines = added(Verifier.verify(dir));
    // THEN
    expect(lines.map((l) => l.text)).toEqual([
      'FAIL reserved-namespace ConfigMap:kube-system/stray: metadata.namespace: is in namespace "kube-system", a namespace of Kubernetes itself: the platform writes only into namespaces it owns (move the object into one of them, or remove it)',
      'FAIL reserved-namespace ConfigMap:envoy-gateway-system/stray: metadata.namespace: is in namespace "envoy-gateway-system", where the ingress controller runs: the platform writes only into namespaces it owns (move the object into one of them, or remove it)',
    ]);
  });

  test('an object written twice with different content in one folder', () => {
    // GIVEN a second file with one NetworkPolicy of the quickstart, one port changed
    dir = copy();
    const policy = read(path.join(dir, MAIN)).find((d) => selects(d, 'nexus') && d.spec.ingress?.length > 0);
    const changed = JSON.parse(JSON.stringify(policy));
    changed.spec.ingress[0].ports = [{ port: 9999, protocol: 'TCP' }];
    write(path.join(dir, 'extra.yaml'), [changed]);
    // WHEN
    const report = Verifier.verify(dir);
    // THEN the conflict fails; the quickstart's copy, read later, is the one verified
    const at = read(path.join(dir, MAIN)).findIndex((d) => d.kind === 'NetworkPolicy' && d.metadata.name === policy.metadata.name) + 1;
    const first = `${path.join(dir, 'extra.yaml')}#1`;
    const second = `${path.join(dir, MAIN)}#${at}`;
    expect(added(report).map((l) => l.text)).toEqual([
      `FAIL duplicate-object NetworkPolicy:nexus/${policy.metadata.name}: spec.ingress[0].ports[0].port: is written twice with different content (${first} and ${second}, `
      + 'first difference at spec.ingress[0].ports[0].port): the later copy is verified, as a kubectl apply of both leaves it (keep one copy)',
    ]);
  });

  test('an identical second copy is a note, and changes nothing else', () => {
    // GIVEN the quickstart (Namespaces first, so that no file applies before them) and a copy of its file
    dir = copy();
    edit(dir, (docs) => [...docs.filter((d) => d.kind === 'Namespace'), ...docs.filter((d) => d.kind !== 'Namespace')]);
    fs.copyFileSync(path.join(dir, MAIN), path.join(dir, 'backup.yaml'));
    // WHEN
    const report = Verifier.verify(dir);
    // THEN nothing fails that the quickstart alone does not fail, and one note says each object is read once
    expect(added(report)).toEqual([]);
    const objects = read(path.join(dir, MAIN)).length;
    const notes = report.withStatus(VerifyStatus.NOTE).filter((l) => l.check === 'duplicate-object').map((l) => l.text);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`: ${objects} objects are written in ${path.join(dir, 'backup.yaml')} and again in ${path.join(dir, MAIN)}, identical (each verified once)`);
    expect(report.passed).toBe(baseReport.passed);
  });

  test('a policy dropped from the Helm chart copy is not masked by the manifests beside it', () => {
    // GIVEN the chart's templates without the Nexus egress policy
    dir = copy(true);
    const template = path.join('helm', 'templates', MAIN);
    let dropped = '';
    edit(dir, (docs) => docs.filter((d) => {
      const drop = selects(d, 'nexus') && d.spec.policyTypes.includes('Egress') && d.spec.egress?.length > 0;
      if (drop) dropped = d.metadata.name;
      return !drop;
    }), template);
    // WHEN
    const report = Verifier.verify(dir);
    // THEN the chart is a set of its own and its Nexus rows fail there
    expect(report.lines.find((l) => l.check === 'set' && l.set === 'helm')?.text)
      .toBe(`NOTE set helm: a Helm chart whose templates differ from the manifests of .: 1 missing (NetworkPolicy nexus/${dropped}) (verified on its own)`);
    const helmFailures = added(report).filter((l) => l.set === 'helm');
    expect(helmFailures.map((l) => l.ref)).toContain('nexus#7');
    expect(helmFailures.find((l) => l.ref === 'nexus#7')?.text).toMatch(/^FAIL nexus#7 nexus -> gws-service-proxy \d+: nexus\/Deployment\/nexus -> gws\/Deployment\/gws-service-proxy TCP\/\d+ denied by egress/);
    // and the manifests beside it still pass as before
    expect(report.lines.filter((l) => l.set === '.' && l.status === VerifyStatus.PASS).length).toBe(baseReport.passed);
  });

  test('an empty folder', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-classes-empty-'));
    const report = Verifier.verify(dir);
    expect(report.lines).toEqual([{
      status: VerifyStatus.FAIL,
      check: 'input',
      reason: `no Kubernetes manifests in ${dir} (no .yaml, .yml or .json document with apiVersion and kind): synthesize first (cdk8s synth, npm run synth) and give the folder it wrote`,
      text: `FAIL no Kubernetes manifests in ${dir} (no .yaml, .yml or .json document with apiVersion and kind): synthesize first (cdk8s synth, npm run synth) and give the folder it wrote`,
    }]);
    expect(report.summary).toBe('0 passed, 1 failed, 0 skipped');
    expect(report.ok).toBe(false);
    // objects from memory too
    expect(Verifier.verify([]).summary).toBe('0 passed, 1 failed, 0 skipped');
  });

  test('a namespaced object before the Namespace object of its namespace', () => {
    // GIVEN the quickstart with its Namespaces first (applies on an empty cluster)...
    dir = copy();
    edit(dir, (docs) => [...docs.filter((d) => d.kind === 'Namespace'), ...docs.filter((d) => d.kind !== 'Namespace')]);
    const ordered = Verifier.verify(dir);
    expect(ordered.lines.filter((l) => l.check === 'apply-order')).toEqual([]);
    // ...WHEN one ConfigMap moves in front of its Namespace
    let moved = '';
    edit(dir, (docs) => {
      const cm = docs.find((d) => d.kind === 'ConfigMap');
      moved = `${cm.metadata.namespace}/${cm.metadata.name}`;
      return [cm, ...docs.filter((d) => d !== cm)];
    });
    const report = Verifier.verify(dir);
    // THEN
    const [ns] = moved.split('/');
    expect(report.lines.filter((l) => l.check === 'apply-order').map((l) => l.text)).toEqual([
      `FAIL apply-order Namespace:${ns}: 1 object of namespace "${ns}" comes before its Namespace object (Namespace ${ns} (${MAIN} document ${read(path.join(dir, MAIN)).findIndex((d) => d.kind === 'Namespace' && d.metadata.name === ns) + 1})), first ConfigMap ${moved} (${MAIN} document 1): a first kubectl apply -f on an empty cluster fails for them (write the Namespace first: before them in the file, or in a file that sorts earlier)`,
    ]);
  });

  test('an ingress-controller rule to a workload the tables do not route, annotated with an unrelated row', () => {
    // GIVEN UDM's ingress policy also admits the ingress controller on 8080 and names ucsx#1 (browser -> controller)
    dir = copy();
    const controller = peers(dir).find((p) => p.kind === 'ingress-controller' && p.namespace) ?? { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } };
    edit(dir, (docs) => {
      const policy = docs.find((d) => selects(d, 'udm') && d.spec.policyTypes.includes('Ingress'));
      policy.spec.ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controller.namespace } }, podSelector: { matchLabels: controller.labels } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      });
      const refs = String(policy.metadata.annotations?.['genesys.cdk8s.io/implements'] ?? '').split(',').map((r) => r.trim()).filter((r) => r);
      policy.metadata.annotations = { ...policy.metadata.annotations, 'genesys.cdk8s.io/implements': [...refs, 'ucsx#1'].join(', ') };
      return docs;
    });
    // WHEN
    const lines = added(Verifier.verify(dir));
    // THEN a row reference does not declare it: the flow is open
    expect(lines.map((l) => l.text)).toEqual(['OPEN virtual/ingress-controller -> ucsx/Deployment/udm 8080/TCP']);
  });

  test('the same rule annotated with an extension is declared: an EXT line lists it, nothing fails', () => {
    dir = copy();
    const controller = peers(dir).find((p) => p.kind === 'ingress-controller' && p.namespace)!;
    edit(dir, (docs) => {
      const policy = docs.find((d) => selects(d, 'udm') && d.spec.policyTypes.includes('Ingress'));
      policy.spec.ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controller.namespace } }, podSelector: { matchLabels: controller.labels } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      });
      const refs = String(policy.metadata.annotations?.['genesys.cdk8s.io/implements'] ?? '').split(',').map((r) => r.trim()).filter((r) => r);
      policy.metadata.annotations = { ...policy.metadata.annotations, 'genesys.cdk8s.io/implements': [...refs, 'ext:udm-public-api'].join(', ') };
      return docs;
    });
    const report = Verifier.verify(dir);
    expect(added(report)).toEqual([]);
    expect(report.withStatus(VerifyStatus.EXT).find((l) => l.ref === 'ext:udm-public-api')?.text)
      .toMatch(/^EXT ext:udm-public-api: implemented by ucsx\/[a-z-]+; allows virtual\/ingress-controller -> ucsx\/Deployment\/udm 8080\/TCP$/);
  });
});
