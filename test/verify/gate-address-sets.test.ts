// Issue #20 section 2, reach to addresses outside the cluster: every ipBlock is judged as a set of
// addresses (IPv4 and IPv6, IPv4-mapped and NAT64 forms folded onto IPv4). Each test adds one rule
// to a copy of the production output (which reaches Redis and Elasticsearch by ipBlock); the
// untouched copy passes.
import * as fs from 'fs';
import { added, baseline, cleanCopies, copyExample, editDocs, failing } from './gate-helpers';
import { parseCidr, rangeOf } from '../../src/shared/net';
import { Verifier, VerifyOptions } from '../../src/verify';
import { foldEmbedded, reachProblem } from '../../src/verify/address-sets';
import { parseVerifyArgs } from '../../src/verify/cli';

afterAll(cleanCopies);

const NAME = 'production';
const POLICY = 'gws-app-workspace-egress';

/** A copy whose gws-app-workspace egress policy also reaches `cidr` on 443. */
function withEgress(cidr: string, except?: string[], options: VerifyOptions = {}) {
  const dir = copyExample(NAME);
  editDocs(dir, NAME, (docs) => {
    const policy = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === POLICY);
    policy.spec.egress.push({ to: [{ ipBlock: { cidr, ...(except ? { except } : {}) } }], ports: [{ port: 443, protocol: 'TCP' }] });
    return docs;
  });
  const report = Verifier.verify(dir, options);
  return { report, lines: added(NAME, report, options) };
}

const rangeLines = (lines: ReturnType<typeof withEgress>['lines']) => lines.filter((l) => l.check === 'ip-block-range').map((l) => l.text);

describe('ipBlocks judged as sets of addresses', () => {
  test('the untouched production output passes', () => {
    expect(failing(baseline(NAME))).toEqual([]);
  });

  test.each(['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12', '100.64.0.0/10'])('private range %s without a peers entry fails', (cidr) => {
    const { report, lines } = withEgress(cidr);
    expect(report.ok).toBe(false);
    expect(rangeLines(lines)).toEqual([expect.stringContaining(`${cidr} reaches `)]);
    expect(rangeLines(lines)[0]).toMatch(/addresses no peer declares/);
  });

  test.each([
    ['::ffff:169.254.169.254/128', 'IPv4-mapped'],
    ['::ffff:a9fe:a9fe/128', 'IPv4-mapped'],
    ['0:0:0:0:0:ffff:a9fe:a9fe/128', 'IPv4-mapped'],
    ['::FFFF:169.254.169.254/128', 'IPv4-mapped'],
    ['::ffff:0:0/96', 'IPv4-mapped'],
    ['64:ff9b::a9fe:a9fe/128', 'NAT64'],
    ['64:ff9b::169.254.169.254/128', 'NAT64'],
  ])('the metadata address written as %s fails as metadata (%s)', (cidr, via) => {
    const { lines } = withEgress(cidr);
    const texts = rangeLines(lines);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(`cloud metadata addresses (through ${via}`);
    expect(texts[0]).toContain('169.254.169.254');
  });

  test.each(['fd00:ec2::254/128', '100.100.100.200/32', '169.254.169.254/32'])('metadata address %s fails even when peers.json declares it', (cidr) => {
    const dir = copyExample(NAME);
    const peersFile = `${dir}/peers.json`;
    const peers = JSON.parse(fs.readFileSync(peersFile, 'utf-8'));
    peers.push({ kind: 'webhooks', cidrs: [cidr] });
    fs.writeFileSync(peersFile, JSON.stringify(peers));
    editDocs(dir, NAME, (docs) => {
      docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === POLICY).spec.egress.push({ to: [{ ipBlock: { cidr } }], ports: [{ port: 80 }] });
      return docs;
    });
    const texts = added(NAME, Verifier.verify(dir)).filter((l) => l.check === 'ip-block-range').map((l) => l.text);
    expect(texts).toEqual([expect.stringContaining('cloud metadata addresses')]);
    expect(texts[0]).toContain('whatever peers.json declares');
  });

  test('loopback through an IPv4-mapped form fails', () => {
    const { lines } = withEgress('::ffff:127.0.0.0/104');
    expect(rangeLines(lines)[0]).toContain('loopback addresses (127.0.0.0/8)');
  });

  test("the cluster's own networks fail, even when a peer declares them", () => {
    const options = { clusterNetworks: ['10.50.0.0/16'] };
    // the production Redis peer sits at 10.50.0.0/20: declaring the cluster's pod network over it fails the existing rules
    const { lines } = withEgress('10.50.0.0/20', undefined, options);
    const texts = lines.map((l) => l.text);
    expect(texts.some((t) => t.includes("the cluster's own networks (10.50.0.0/20)"))).toBe(true);
  });

  test('an except that removes the undeclared part passes', () => {
    // 10.50.0.0/19 minus its upper half is the declared 10.50.0.0/20
    const { lines } = withEgress('10.50.0.0/19', ['10.50.16.0/20']);
    expect(rangeLines(lines)).toEqual([]);
  });

  test('an undocumented ipBlock flow is OPEN, with no refs or with a ref to a row it does not implement', () => {
    for (const refs of [undefined, 'gws#15']) {
      const dir = copyExample(NAME);
      editDocs(dir, NAME, (docs) => {
        docs.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'extra-egress', namespace: 'gws', ...(refs ? { annotations: { 'genesys.cdk8s.io/implements': refs } } : {}) },
          spec: {
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gws-app-workspace' } },
            policyTypes: ['Egress'],
            egress: [{ to: [{ ipBlock: { cidr: '203.0.113.128/25' } }], ports: [{ port: 8443 }] }],
          },
        });
        return docs;
      });
      const lines = added(NAME, Verifier.verify(dir));
      const open = lines.filter((l) => l.status === 'OPEN').map((l) => l.text);
      expect(open).toEqual(['OPEN gws/Deployment/gws-app-workspace -> external/verify-ip-block-1 8443/TCP']);
    }
  });

  test('folding: mapped and NAT64 forms reach the IPv4 addresses they embed', () => {
    const r = (c: string) => rangeOf(parseCidr(c)!);
    expect(foldEmbedded([r('::ffff:10.0.0.0/120')])).toContainEqual(r('10.0.0.0/24'));
    expect(foldEmbedded([r('64:ff9b::/96')])).toContainEqual(r('0.0.0.0/0'));
    expect(reachProblem([r('::ffff:10.1.0.0/112')], [r('10.1.0.0/16')], [])).toBeUndefined();
    expect(reachProblem([r('::ffff:10.1.0.0/112')], [], [])?.kinds[0]).toMatch(/addresses no peer declares \(through IPv4-mapped/);
  });

  test('--cluster-network is parsed and checked', () => {
    expect(parseVerifyArgs(['dist', '--cluster-network', '10.244.0.0/16']).options.clusterNetworks).toEqual(['10.244.0.0/16']);
    expect(() => parseVerifyArgs(['dist', '--cluster-network', '10.244.0.0'])).toThrow(/is not a CIDR/);
  });
});
