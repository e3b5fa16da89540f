// The peers read from the YAML: every service namespace carries a ConfigMap genesys-cx-peers, so
// plain `cdk8s synth` output verifies as fully as PlatformSynth's with its peers.json; merged with
// the peers file or options; a ConfigMap that breaks the contract fails and is not used.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build as quickstart } from '../../examples/quickstart/app';
import { PEERS_CONFIG_MAP as KIT_NAME, PEERS_KEY as KIT_KEY } from '../../src/kit/peers-description';
import { PlatformSynth } from '../../src/platform';
import { Verifier, VerifyLine, VerifyReport, VerifyStatus } from '../../src/verify';
import { ManifestSet } from '../../src/verify/manifests';
import { PEERS_CONFIG_MAP, PEERS_CONFIG_MAP_KEY } from '../../src/verify/peer-sources';

const ROOT = path.join(__dirname, '..', '..');
const QUICKSTART = ManifestSet.fromFiles([path.join(ROOT, 'examples', 'quickstart', 'dist', 'quickstart.k8s.yaml')]).objects;

function copy(): any[] {
  return QUICKSTART.map((o) => JSON.parse(JSON.stringify(o)));
}

const rowLines = (r: VerifyReport) => r.lines.filter((l) => l.ref !== undefined && l.status !== VerifyStatus.EXT).map((l) => l.text);
const peerLines = (r: VerifyReport) => r.lines.filter((l) => l.check === 'peers').map((l) => l.text);
const isPeersMap = (ns: string) => (o: any) => o.kind === 'ConfigMap' && o.metadata.name === 'genesys-cx-peers' && o.metadata.namespace === ns;

function entriesOf(objects: any[], ns: string): any[] {
  return JSON.parse(objects.find(isPeersMap(ns)).data['peers.json']);
}

/** Rows of the gws table whose destination is GAuth (a peer the gws ConfigMap describes). */
function gauthRows(r: VerifyReport): VerifyLine[] {
  return r.lines.filter((l) => l.ref?.startsWith('gws#') && l.destination === 'auth-service');
}

test('the verifier reads the ConfigMap the kit writes (same name and key)', () => {
  expect([PEERS_CONFIG_MAP, PEERS_CONFIG_MAP_KEY]).toEqual([KIT_NAME, KIT_KEY]);
});

describe('plain app.synth() output', () => {
  let withFile: string;
  let plain: string;
  beforeAll(async () => {
    withFile = fs.mkdtempSync(path.join(os.tmpdir(), 'peers-cm-file-'));
    plain = fs.mkdtempSync(path.join(os.tmpdir(), 'peers-cm-plain-'));
    await PlatformSynth.synth(quickstart(withFile), { svg: false });
    quickstart(plain).synth();
  });
  afterAll(() => {
    fs.rmSync(withFile, { recursive: true, force: true });
    fs.rmSync(plain, { recursive: true, force: true });
  });

  test('has no peers.json and verifies with the same row lines as PlatformSynth\'s output with its peers.json', () => {
    expect(fs.existsSync(path.join(plain, 'peers.json'))).toBe(false);
    expect(fs.existsSync(path.join(withFile, 'peers.json'))).toBe(true);
    const a = Verifier.verify(withFile);
    const b = Verifier.verify(plain);
    expect(rowLines(b)).toEqual(rowLines(a));
    expect(b.lines.filter((l) => l.status === VerifyStatus.SKIP)).toEqual([]);
    expect(b.failed).toBe(0);
    expect(b.passed).toBe(a.passed);
    expect(b.passed).toBeGreaterThan(60);
  });

  test('without its ConfigMaps the same output leaves rows unchecked', () => {
    const objects = ManifestSet.fromDirectory(plain).objects.filter((o) => !(o.kind === 'ConfigMap' && o.metadata.name === 'genesys-cx-peers'));
    const r = Verifier.verify(objects);
    expect(r.passed).toBeLessThan(Verifier.verify(plain).passed);
  });
});

describe('ConfigMaps that break the contract', () => {
  const base = Verifier.verify(copy());

  test('the real output reads every ConfigMap without a problem', () => {
    expect(peerLines(base)).toEqual([]);
    expect(gauthRows(base).length).toBeGreaterThan(0);
    expect(gauthRows(base).every((l) => l.status === VerifyStatus.PASS)).toBe(true);
  });

  test.each([
    ['a part-of label other than genesys-multicloud-cx', (cm: any) => { cm.metadata.labels['app.kubernetes.io/part-of'] = 'other'; }, 'label app.kubernetes.io/part-of is "other"'],
    ['no peers.json key', (cm: any) => { cm.data = { 'peers.yaml': '[]' }; }, 'data["peers.json"] is missing'],
    ['peers.json that is not JSON', (cm: any) => { cm.data['peers.json'] = '[{'; }, 'data["peers.json"] is not JSON'],
    ['an entry of an unknown kind', (cm: any) => {
      const entries = JSON.parse(cm.data['peers.json']);
      entries[0].kind = 'auth';
      cm.data['peers.json'] = JSON.stringify(entries);
    }, 'data["peers.json"] entry 1 kind "auth" is not a peer kind'],
    ['an entry with both namespace and cidrs', (cm: any) => {
      const entries = JSON.parse(cm.data['peers.json']);
      entries[0].cidrs = ['10.0.0.0/24'];
      cm.data['peers.json'] = JSON.stringify(entries);
    }, 'needs either "namespace" with "labels" (in-cluster) or "cidrs" (external), got both'],
    ['another key beside peers.json', (cm: any) => { cm.data.extra = 'x'; }, 'data holds keys other than peers.json and workloads.json: extra'],
  ])('%s: FAIL peers ConfigMap:gws/genesys-cx-peers, and its entries are not used', (_name, mutate, fragment) => {
    const objects = copy();
    (mutate as any)(objects.find(isPeersMap('gws')));
    const r = Verifier.verify(objects);
    const lines = peerLines(r);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.every((l) => l.startsWith('FAIL peers ConfigMap:gws/genesys-cx-peers: '))).toBe(true);
    expect(lines.join('\n')).toContain(fragment as string);
    // the gws rows to GAuth lose their peer; the other namespaces' ConfigMaps are still read
    expect(gauthRows(r).some((l) => l.status === VerifyStatus.PASS)).toBe(false);
    expect(r.lines.filter((l) => l.ref?.startsWith('ucsx#') && l.status === VerifyStatus.PASS).length)
      .toBe(base.lines.filter((l) => l.ref?.startsWith('ucsx#') && l.status === VerifyStatus.PASS).length);
    expect(r.ok).toBe(false);
  });

  test('a ConfigMap of that name without the managed-by label is not the library\'s: not read, no peers line', () => {
    const objects = copy();
    delete objects.find(isPeersMap('gws')).metadata.labels['app.kubernetes.io/managed-by'];
    const r = Verifier.verify(objects);
    expect(peerLines(r)).toEqual([]);
    expect(gauthRows(r).some((l) => l.status === VerifyStatus.PASS)).toBe(false);
  });
});

describe('merged with options.peers (or a peers file)', () => {
  test('equal entries count once: giving every ConfigMap entry again changes no row', () => {
    const objects = copy();
    const all = ['gws', 'nexus', 'ucsx', 'wwe'].filter((ns) => objects.some(isPeersMap(ns))).flatMap((ns) => entriesOf(objects, ns));
    const r = Verifier.verify(objects, { peers: all });
    expect(peerLines(r)).toEqual([]);
    expect(rowLines(r)).toEqual(rowLines(Verifier.verify(copy())));
  });

  test('the union: an entry only the options give is used beside the ConfigMaps\'', () => {
    const objects = copy();
    const cm = objects.find(isPeersMap('gws'));
    const entries = entriesOf(objects, 'gws');
    const gauth = entries.filter((e: any) => e.kind === 'auth-service');
    cm.data['peers.json'] = JSON.stringify(entries.filter((e: any) => e.kind !== 'auth-service'));
    const without = Verifier.verify(objects);
    expect(gauthRows(without).some((l) => l.status === VerifyStatus.PASS)).toBe(false);
    const r = Verifier.verify(objects, { peers: gauth });
    expect(gauthRows(r).every((l) => l.status === VerifyStatus.PASS)).toBe(true);
    expect(rowLines(r)).toEqual(rowLines(Verifier.verify(copy())));
  });

  test('an entry listing the rows\' documented port says the same as one without ports: no conflict', () => {
    const objects = copy();
    const entry = entriesOf(objects, 'gws').find((e: any) => e.kind === 'auth-service');
    expect(entry.ports).toBeUndefined();
    const r = Verifier.verify(objects, { peers: [{ ...entry, ports: [80] }] });
    expect(peerLines(r)).toEqual([]);
    expect(gauthRows(r).every((l) => l.status === VerifyStatus.PASS && l.port === '80')).toBe(true);
  });

  test('entries for the same peer with other ports conflict: FAIL peers naming both', () => {
    const objects = copy();
    const entry = entriesOf(objects, 'gws').find((e: any) => e.kind === 'auth-service');
    const r = Verifier.verify(objects, { peers: [{ ...entry, ports: [8443] }] });
    const lines = peerLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^FAIL peers auth-service of gws at gauth .*: conflicting entries: the peers ConfigMaps give .*, options\.peers gives \[8443\]/);
    expect(r.ok).toBe(false);
  });
});
