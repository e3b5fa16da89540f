// Valid setups must not fail: each is built with the constructs, and verified against the same
// platform without the change (so that problems of today's constructs elsewhere do not blur it).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { build as multiRegion } from '../../examples/multi-region/app';
import { quickstartProps } from '../../examples/quickstart/app';
import { GenesysPlatform, GenesysPlatformProps, PlatformSynth } from '../../src/platform';
import { Verifier, VerifyReport, VerifyStatus } from '../../src/verify';

/** The quickstart example's props, changed by `change`. */
function props(change: (p: any) => any = (p) => p): GenesysPlatformProps {
  return change(quickstartProps());
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function verified(p: GenesysPlatformProps): Promise<VerifyReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-valid-'));
  dirs.push(dir);
  const app = new App({ outdir: dir });
  new GenesysPlatform(app, 'valid', p);
  await PlatformSynth.synth(app, { svg: false });
  return Verifier.verify(dir);
}

const failing = (r: VerifyReport) => r.lines.filter((l) => l.status === VerifyStatus.FAIL || l.status === VerifyStatus.OPEN).map((l) => l.text);

describe('valid setups pass', () => {
  let baseline: VerifyReport;
  beforeAll(async () => {
    baseline = await verified(props());
  });

  test('the GWS service proxy on Service port 65535: rows to it are tested on that port', async () => {
    // GIVEN
    const report = await verified(props((p) => ({ ...p, gws: { services: { serviceProxy: { port: 65535 } } } })));
    // THEN nothing fails that the default platform does not fail
    expect(failing(report)).toEqual(failing(baseline));
    // and Nexus reaches the proxy through the Service port the cluster exposes
    expect(report.lines.find((l) => l.ref === 'nexus#7')?.text).toBe('PASS nexus#7 nexus -> gws-service-proxy 65535');
    expect(baseline.lines.find((l) => l.ref === 'nexus#7')?.text).toBe('PASS nexus#7 nexus -> gws-service-proxy 80');
  });

  test('Digital Channels webhooks in an IPv6 CIDR', async () => {
    // GIVEN
    const report = await verified(props((p) => ({
      ...p,
      nexus: { ...p.nexus, webhooks: [{ name: 'v6-hooks', host: 'hooks.example.com', cidrGroups: [{ name: 'v6', cidrs: ['2001:db8:1::/64'] }] }] },
    })));
    // THEN
    expect(failing(report)).toEqual(failing(baseline));
    expect(report.lines.find((l) => l.ref === 'nexus#12')?.text).toBe('PASS nexus#12 nexus -> webhooks 443');
    expect(report.lines.filter((l) => l.check === 'ip-block-range')).toEqual([]);
  });
});

describe('a folder of several clusters', () => {
  test('each region is its own set, with its own peers, under a header line', async () => {
    // GIVEN the multi-region example: one folder per region, each with peers.json and a Helm chart
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-regions-'));
    dirs.push(dir);
    await PlatformSynth.synth(multiRegion(dir), { svg: false });
    const regions = fs.readdirSync(dir).filter((f) => fs.existsSync(path.join(dir, f, 'peers.json'))).sort();
    expect(regions.length).toBe(2);
    // WHEN
    const report = Verifier.verify(dir);
    // THEN one header per region, then its lines; each chart is a copy verified once
    const headers = report.lines.filter((l) => l.check === 'set' && l.text.includes(' objects, '));
    expect(headers.map((l) => l.set)).toEqual(regions);
    for (const region of regions) {
      const own = report.lines.filter((l) => l.set === region);
      const objects = Number(/: (\d+) objects, peers /.exec(own[0].text)?.[1]);
      const maps = Number(/, (\d+) genesys-cx-peers ConfigMaps$/.exec(own[0].text)?.[1]);
      expect(own[0].text).toBe(`NOTE set ${region}: ${objects} objects, peers ${path.join(region, 'peers.json')}, ${maps} genesys-cx-peers ConfigMaps`);
      expect(maps).toBe(4); // one per service namespace
      expect(objects).toBeGreaterThan(100);
      expect(own.filter((l) => l.status === VerifyStatus.PASS).length).toBeGreaterThan(50);
      expect(report.lines.find((l) => l.set === `${region}/helm`)?.text)
        .toBe(`NOTE set ${region}/helm: a Helm chart whose templates are the manifests of ${region} (verified once)`);
    }
    // the regions' rows are not mixed: each region passes the rows it passes alone
    const alone = Verifier.verify(path.join(dir, regions[0]));
    expect(alone.passed).toBe(report.lines.filter((l) => l.set === regions[0] && l.status === VerifyStatus.PASS).length);
  });
});
