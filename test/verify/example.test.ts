import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { declareAsExtensions, describeCoreBasicsPeers } from './fixtures';
import { build } from '../../examples/core-basics/app';
import { ConnectionCatalog } from '../../src/catalog';
import { ManifestSet, PolicyCheck, ReachabilityAnalyzer, SchemaCheck, Verifier, VerifyStatus } from '../../src/verify';

const isRow = (ref: string) => ConnectionCatalog.all().some((r) => r.ref === ref);

describe('the core-basics example', () => {
  let outdir: string;
  let extensions: string[];
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-core-basics-'));
    build(outdir).synth();
    describeCoreBasicsPeers(outdir);
    // its own connections, declared as extensions (a no-op once the example writes them so)
    declareAsExtensions(outdir, isRow);
    extensions = [...new Set(fs.readFileSync(path.join(outdir, 'core-basics.k8s.yaml'), 'utf-8').match(/ext:[a-z0-9-]+/g) ?? [])].sort();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('verifies clean: no catalog row applies, its own connections are extensions, nothing is open', () => {
    // WHEN
    const report = Verifier.verify(outdir);
    // THEN
    expect(report.failed).toBe(0);
    expect(report.openings).toBe(0);
    expect(report.passed).toBe(0);
    expect(extensions.length).toBe(2);
    expect(report.withStatus(VerifyStatus.EXT).map((l) => l.ref)).toEqual(extensions);
    expect(report.extensions).toBe(2);
    // the extension of demo-web -> demo-api lists that flow
    expect(report.withStatus(VerifyStatus.EXT).map((l) => l.text)).toContainEqual(expect.stringMatching(
      /^EXT ext:[a-z0-9-]+: implemented by demo\/demo-api-ingress, demo\/demo-web-egress; allows demo\/Deployment\/demo-web -> demo\/Deployment\/demo-api 8080\/TCP$/));
    expect(report.toText().trim().split('\n').pop()).toBe('0 passed, 0 failed, 0 skipped');
  });

  test('passes the schema and policy checks', () => {
    const manifests = ManifestSet.fromDirectory(outdir);
    expect(SchemaCheck.check(manifests)).toEqual([]);
    expect(PolicyCheck.check(manifests)).toEqual([]);
  });

  test('its connections are what the analyzer finds open, and the database is reachable', () => {
    const report = Verifier.verify(outdir);
    expect(report.ok).toBe(true);
    const az = new ReachabilityAnalyzer(ManifestSet.fromDirectory(outdir));
    expect(az.truthTable({ onlyAllowed: true })).toEqual([
      { source: 'demo/Deployment/demo-web', destination: 'demo/Deployment/demo-api', port: 8080, protocol: 'TCP', allowed: true },
    ]);
    az.addVirtualEndpoint({ name: 'db', ip: '10.20.30.1' });
    expect(az.allowed('demo-api', 'external/db', 5432).allowed).toBe(true);
    expect(az.allowed('demo-web', 'external/db', 5432).allowed).toBe(false);
    expect(az.allowedViaService('demo-web', 'demo-api', 80)).toMatchObject({ allowed: true, port: 8080 });
  });

  describe('with one rule broken in a copy of the output', () => {
    let copy: string;
    beforeEach(() => {
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-core-basics-broken-'));
      fs.cpSync(outdir, copy, { recursive: true });
    });
    afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

    function edit(change: (docs: any[]) => any[]): void {
      const file = fs.readdirSync(copy).find((f) => f.endsWith('.yaml'))!;
      const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(copy, file), 'utf-8')).map((d) => d.toJS());
      fs.writeFileSync(path.join(copy, file), change(docs).map((d) => YAML.stringify(d)).join('---\n'));
    }
    const named = (docs: any[], name: string) => docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === name);

    test('deleting the ingress rule of demo-api closes exactly demo-web -> demo-api', () => {
      edit((docs) => {
        named(docs, 'demo-api-ingress').spec.ingress = [];
        return docs;
      });
      const az = new ReachabilityAnalyzer(ManifestSet.fromDirectory(copy));
      expect(az.truthTable({ onlyAllowed: true })).toEqual([]);
      const verdict = az.allowedViaService('demo-web', 'demo-api', 80);
      expect(verdict).toMatchObject({ allowed: false, egressAllowed: true, ingressAllowed: false });
      // the verifier has no row to fail for an app reference, and nothing new is open
      expect(Verifier.verify(copy).openings).toBe(0);
    });

    test('widening the ingress rule of demo-api to every pod opens exactly demo-api <- (namespace peers and strangers)', () => {
      edit((docs) => {
        const policy = named(docs, 'demo-api-ingress');
        policy.spec.ingress[0].from = [{ namespaceSelector: {} }];
        delete policy.metadata.annotations;
        return docs;
      });
      const report = Verifier.verify(copy);
      // every pod in every namespace: our other workload, the ingress controller, Prometheus, a stranger
      expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text)).toEqual([
        'OPEN demo/Deployment/demo-web -> demo/Deployment/demo-api 8080/TCP',
        'OPEN virtual/ingress-controller -> demo/Deployment/demo-api 8080/TCP',
        'OPEN virtual/prometheus -> demo/Deployment/demo-api 8080/TCP',
        'OPEN virtual/verify-stranger -> demo/Deployment/demo-api 8080/TCP',
      ]);
      // and the rule itself fails the exposure rule: it admits every namespace
      expect(report.lines.filter((l) => l.check === 'exposure').map((l) => l.text)).toEqual([
        expect.stringMatching(/^FAIL exposure NetworkPolicy:demo\/demo-api-ingress: spec\.ingress\[0\]\.from\[0\]\.namespaceSelector: namespaceSelector \{\} admits every namespace into Deployment demo\/demo-api/),
      ]);
      expect(report.failed).toBe(5);
    });

    test('dropping every egress policy of demo-web lets it reach strangers, but not what others still deny', () => {
      edit((docs) => docs.filter((d) => !(d.kind === 'NetworkPolicy' && ['default-deny', 'allow-dns', 'demo-web-egress'].includes(d.metadata.name))));
      const report = Verifier.verify(copy);
      // demo-web -> demo-api stays covered by demo#1 on the side still isolated (demo-api's ingress);
      // demo-web now reaches every pod and address on every port tested (policy ports, DNS aside)
      expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text).sort()).toEqual([
        'OPEN demo/Deployment/demo-web -> external/peer-ext:demo-database-1-1 5432/TCP',
        'OPEN demo/Deployment/demo-web -> external/peer-ext:demo-database-1-1 8080/TCP',
        'OPEN demo/Deployment/demo-web -> external/verify-stranger-v4 5432/TCP',
        'OPEN demo/Deployment/demo-web -> external/verify-stranger-v4 8080/TCP',
        'OPEN demo/Deployment/demo-web -> external/verify-stranger-v6 5432/TCP',
        'OPEN demo/Deployment/demo-web -> external/verify-stranger-v6 8080/TCP',
        'OPEN demo/Deployment/demo-web -> virtual/ingress-controller 5432/TCP',
        'OPEN demo/Deployment/demo-web -> virtual/ingress-controller 8080/TCP',
        'OPEN demo/Deployment/demo-web -> virtual/prometheus 5432/TCP',
        'OPEN demo/Deployment/demo-web -> virtual/prometheus 8080/TCP',
        'OPEN demo/Deployment/demo-web -> virtual/verify-stranger 5432/TCP',
        'OPEN demo/Deployment/demo-web -> virtual/verify-stranger 8080/TCP',
      ]);
    });
  });
});
