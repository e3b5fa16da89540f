import { App, Chart } from 'cdk8s';
import {
  ClusterNetworks, GenesysPeers, GenesysPlatform, GenesysPlatformProps, GwsCluster, GwsClusterProps, NexusService, NexusServiceProps, SynthWarnings,
} from '../../src';
import { synthesisFailure, synthesize } from '../support/synth';

// Egress CIDRs are judged as sets of addresses: splitting a range, spreading it over peers, writing
// an IPv4 address in an IPv6 form, or naming a cloud's metadata service by its IPv6 address does not
// get around the guards.

const chartOf = (app: App) => new Chart(app, 'c', { disableResourceNameHashes: true });
const nexus = (props: Partial<NexusServiceProps>) => (c: Chart) => new NexusService(c, 'nexus', { domain: 'example.com', developmentStores: true, ...props } as NexusServiceProps);
const peers = () => ({ tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) });
const gws = (props: Partial<GwsClusterProps>) => (c: Chart) => new GwsCluster(c, 'gws', { domain: 'example.com', developmentStores: true, ...peers(), ...props } as GwsClusterProps);
const platform = (props: Partial<GenesysPlatformProps>) => (c: Chart) => new GenesysPlatform(c, 'p', {
  domain: 'example.com', developmentStores: true, peers: peers(), ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } }, ...props,
} as GenesysPlatformProps);
const webhook = (cidrs: string[], more: object = {}) => ({ name: 'crm', host: 'hooks.example.com', cidrGroups: [{ name: 'crm', cidrs, ...more }] });

/**
 * Every IPv4 address but loopback (127.0.0.0/8) and link-local (169.254.0.0/16), in 262 blocks no wider
 * than /8: the 254 other /8s, and 169.0.0.0/8 around 169.254.0.0/16 in 8 blocks.
 */
function everyIpv4ButLoopbackAndLinkLocal(): string[] {
  const out: string[] = [];
  for (let a = 0; a < 256; a++) {
    if (a === 127) continue;
    if (a !== 169) {
      out.push(`${a}.0.0.0/8`);
      continue;
    }
    out.push('169.0.0.0/9', '169.128.0.0/10', '169.192.0.0/11', '169.224.0.0/12', '169.240.0.0/13', '169.248.0.0/14', '169.252.0.0/15', '169.255.0.0/16');
  }
  return out;
}
/** The metadata addresses outside link-local inside those blocks, left out so that only the width is judged. */
const METADATA_V4 = ['100.100.100.200/32', '168.63.129.16/32', '192.0.0.192/32'];

function refused(build: (c: Chart) => void, ...patterns: RegExp[]): string {
  const { message, written } = synthesisFailure((app) => build(chartOf(app)));
  for (const p of patterns) expect(message).toMatch(p);
  expect(written).toEqual([]);
  return message;
}

function egressBlocks(objects: any[], name: string): string[] {
  const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name);
  return (policy.spec.egress ?? []).flatMap((r: any) => (r.to ?? []).filter((t: any) => t.ipBlock).map((t: any) => t.ipBlock.cidr));
}

describe('the width check judges the union of the blocks', () => {
  const blocks = everyIpv4ButLoopbackAndLinkLocal();

  test('the fixture: 262 blocks, none wider than /8, covering every IPv4 address but loopback and link-local', () => {
    expect(blocks).toHaveLength(262);
    const size = (c: string) => 2 ** (32 - Number(c.split('/')[1]));
    expect(blocks.every((c) => Number(c.split('/')[1]) >= 8)).toBe(true);
    expect(blocks.reduce((n, c) => n + size(c), 0)).toBe(2 ** 32 - 2 ** 24 - 2 ** 16);
  });

  test('0.0.0.0/0 is refused, and so are the 262 narrow blocks of one group, at the peer\'s path', () => {
    refused(nexus({ webhooks: [webhook(['0.0.0.0/0'])] }), /webhooks\[0\]\.cidrGroups\[0\]\.cidrs\[0\] "0\.0\.0\.0\/0" reaches link-local/);
    refused(nexus({ webhooks: [webhook(blocks, { except: METADATA_V4 })] }),
      /\[c\/nexus\] nexus: webhooks\[0\]\.cidrGroups \(262 blocks in 1 group: "0\.0\.0\.0\/8", "1\.0\.0\.0\/8", "2\.0\.0\.0\/8", …\) reach 4278124541 IPv4 addresses together \(99\.60% of all IPv4 addresses\), more than one \/8 holds \(16777216\)/,
      /set allowWideCidr on the groups with the reason/);
  });

  test('split over several groups of one peer, the blocks are refused the same way', () => {
    const groups = [0, 1, 2].map((i) => ({ name: `part-${i}`, cidrs: blocks.filter((_, j) => j % 3 === i), except: METADATA_V4.filter((m) => blocks.filter((_, j) => j % 3 === i).some((b) => b.split('.')[0] === m.split('.')[0])) }));
    refused(nexus({ webhooks: [{ name: 'crm', host: 'hooks.example.com', cidrGroups: groups }] }), /webhooks\[0\]\.cidrGroups \(262 blocks in 3 groups: .*\) reach 4278124541 IPv4 addresses together/);
  });

  test('spread over 262 peers of one workload, the blocks are refused on the workload\'s egress', () => {
    const webhooks = blocks.map((c, i) => ({
      name: `hook-${i}`, host: `hook-${i}.example.com`, cidrGroups: [{ name: 'h', cidrs: [c], except: METADATA_V4.filter((m) => m.split('.')[0] === c.split('.')[0]) }],
    }));
    refused(nexus({ webhooks }), /egress of nexus\/nexus: the CIDR groups of its 262 external peers \(hook-0, hook-1, hook-2, …\) reach 4278124541 IPv4 addresses together/);
  });

  test('two /8 peers of one workload are refused together; the same /8 given twice counts once', () => {
    refused(nexus({ webhooks: [{ ...webhook(['11.0.0.0/8']), name: 'a' }, { ...webhook(['12.0.0.0/8']), name: 'b' }] }),
      /egress of nexus\/nexus: the CIDR groups of its 2 external peers \(a, b\) reach 33554432 IPv4 addresses together/);
    const { objects } = synthesize((app) => nexus({ webhooks: [{ ...webhook(['11.0.0.0/8']), name: 'a' }, { ...webhook(['11.0.0.0/9']), name: 'b' }] })(chartOf(app)));
    expect(egressBlocks(objects, 'nexus-egress')).toEqual(expect.arrayContaining(['11.0.0.0/8', '11.0.0.0/9']));
  });

  test('accepted with allowWideCidr and its reason, and written block by block', () => {
    const { objects } = synthesize((app) => nexus({ webhooks: [webhook(blocks, { except: METADATA_V4, allowWideCidr: 'the CRM calls back from any address of its provider' })] })(chartOf(app)));
    const written = egressBlocks(objects, 'nexus-egress');
    expect(written).toHaveLength(262);
    expect(written).toEqual(expect.arrayContaining(blocks));
  });

  test('IPv6: blocks adding up to more than a /32 are refused', () => {
    const sixteen = Array.from({ length: 3 }, (_, i) => `2001:db8:${i}::/48`);
    const wide = Array.from({ length: 2 }, (_, i) => `2001:${(0xd00 + i).toString(16)}::/32`);
    synthesize((app) => nexus({ webhooks: [webhook(sixteen)] })(chartOf(app)));
    refused(nexus({ webhooks: [webhook(wide)] }), /reach 158456325028528675187087900672 IPv6 addresses together, more than one \/32 holds/);
  });
});

describe('IPv6 forms of IPv4 addresses and cloud metadata addresses are judged for what they reach', () => {
  test.each([
    ['IPv4-mapped metadata, dotted', '::ffff:169.254.169.254/128', /reaches link-local addresses \(it stands for IPv4 169\.254\.169\.254\/32 through the IPv4-mapped prefix\)/],
    ['IPv4-mapped metadata, hex', '::ffff:a9fe:a9fe/128', /it stands for IPv4 169\.254\.169\.254\/32 through the IPv4-mapped prefix/],
    ['IPv4-mapped metadata, long form', '0:0:0:0:0:ffff:a9fe:a9fe/128', /it stands for IPv4 169\.254\.169\.254\/32 through the IPv4-mapped prefix/],
    ['IPv4-mapped metadata, upper case', '::FFFF:A9FE:A9FE/128', /it stands for IPv4 169\.254\.169\.254\/32 through the IPv4-mapped prefix/],
    ['IPv4-translated metadata', '::ffff:0:a9fe:a9fe/128', /through the IPv4-translated prefix/],
    ['NAT64 metadata, hex', '64:ff9b::a9fe:a9fe/128', /reaches link-local addresses \(it stands for IPv4 169\.254\.169\.254\/32 through the NAT64 prefix\)/],
    ['NAT64 metadata, dotted', '64:ff9b::169.254.169.254/128', /through the NAT64 prefix/],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1/128', /reaches loopback addresses \(it stands for IPv4 127\.0\.0\.1\/32 through the IPv4-mapped prefix\)/],
    ['every IPv4-mapped address', '::ffff:0:0/96', /reaches link-local addresses \(it stands for IPv4 0\.0\.0\.0\/0/],
    ['a block holding the mapped prefix', '::fffe:0:0/95', /reaches link-local addresses \(it stands for IPv4 0\.0\.0\.0\/0 through the IPv4-mapped prefix\)/],
    ['a wide mapped block', '::ffff:0:0/100', /is wider than \/8 \(it stands for IPv4 0\.0\.0\.0\/4 through the IPv4-mapped prefix\)/],
    ['AWS instance metadata (IPv6)', 'fd00:ec2::254/128', /reaches fd00:ec2::254, the AWS instance metadata service \(IPv6\), where a pod may read the node's credentials: .* except \["fd00:ec2::254\/128"\]/],
    ['a block holding AWS instance metadata', 'fd00:ec2::/64', /reaches fd00:ec2::254, the AWS instance metadata service/],
    ['Google Cloud metadata (IPv6)', 'fd20:ce::254/128', /Google Cloud metadata server/],
    ['Oracle Cloud metadata (IPv6)', 'fd00:c1::a9fe:a9fe/128', /Oracle Cloud instance metadata service \(IPv6\)/],
    ['Alibaba Cloud metadata, IPv4-mapped', '::ffff:100.100.100.200/128', /reaches 100\.100\.100\.200, the Alibaba Cloud metadata service/],
    ['Azure WireServer', '168.63.129.0/24', /reaches 168\.63\.129\.16, the Azure WireServer/],
    ['the shared address space holding Alibaba Cloud metadata', '100.64.0.0/10', /reaches 100\.100\.100\.200, the Alibaba Cloud metadata service/],
  ])('%s (%s) is refused, naming what it reaches', (_what, cidr, why) => {
    refused(nexus({ webhooks: [webhook([cidr])] }), /\[c\/nexus\] nexus: webhooks\[0\]\.cidrGroups\[0\]\.cidrs\[0\] "/, why);
  });

  test('accepted: a metadata address left out with except, and IPv6 forms of public IPv4 addresses', () => {
    const { objects } = synthesize((app) => nexus({
      webhooks: [
        webhook(['fd00:ec2::/64'], { except: ['fd00:ec2::254/128', 'fd00:ec2::23/128'] }),
        { ...webhook(['100.64.0.0/10'], { except: ['100.100.100.200/32'] }), name: 'shared' },
        { ...webhook(['::ffff:198.51.100.0/120', '64:ff9b::203.0.113.0/120', '2001:db8:1::/48']), name: 'crm-v6' },
      ],
    })(chartOf(app)));
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'nexus-egress');
    const ipBlocks = policy.spec.egress.flatMap((r: any) => r.to).filter((t: any) => t.ipBlock).map((t: any) => t.ipBlock);
    expect(ipBlocks).toContainEqual({ cidr: 'fd00:ec2::/64', except: ['fd00:ec2::254/128', 'fd00:ec2::23/128'] });
    expect(ipBlocks).toContainEqual({ cidr: '100.64.0.0/10', except: ['100.100.100.200/32'] });
    expect(ipBlocks.map((b: any) => b.cidr)).toEqual(expect.arrayContaining(['::ffff:198.51.100.0/120', '64:ff9b::203.0.113.0/120', '2001:db8:1::/48']));
  });

  test('the overlap with the cluster\'s networks runs across families: mapped and NAT64 forms of a cluster range overlap it', () => {
    const networks = { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] };
    refused(platform({ clusterNetworks: networks, nexus: { webhooks: [webhook(['::ffff:10.244.1.0/120'])] } }),
      /\[c\/p\] nexus\.webhooks\[0\]\.cidrGroups\[0\]\.cidrs\[0\] "::ffff:10\.244\.1\.0\/120" overlaps the cluster's Pod network 10\.244\.0\.0\/16 \(it stands for IPv4 10\.244\.1\.0\/24/);
    refused(platform({ clusterNetworks: networks, nexus: { webhooks: [webhook(['64:ff9b::a60:0/124'])] } }),
      /overlaps the cluster's Service network 10\.96\.0\.0\/12 \(it stands for IPv4 10\.96\.0\.0\/28/);
  });

  test('accepted: a mapped form of an address outside the cluster\'s networks', () => {
    synthesize((app) => platform({ clusterNetworks: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] }, nexus: { webhooks: [webhook(['::ffff:10.60.0.0/120'])] } })(chartOf(app)));
  });
});

describe('private ranges without the cluster\'s networks declared are warned', () => {
  test.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['172.20.0.0/16', '172.16.0.0/12'],
    ['192.168.10.0/24', '192.168.0.0/16'],
    ['100.64.0.0/16', '100.64.0.0/10'],
    ['fd12:3456::/48', 'fc00::/7'],
    ['::ffff:10.60.0.0/120', '10.0.0.0/8'],
  ])('%s names the peer\'s path, the group, the private range and how to declare the networks', (cidr, range) => {
    let chart: Chart | undefined;
    synthesize((app) => {
      chart = chartOf(app);
      gws({ postgres: { external: { host: 'db.example.internal', cidrGroups: [{ name: 'db', cidrs: [cidr] }] } } } as any)(chart);
    });
    const warnings = SynthWarnings.of(chart!);
    const mine = warnings.filter((w) => w.includes('private address space'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`[c/gws] gws: postgres.external.cidrGroups[0].cidrs[0] ${JSON.stringify(cidr)} (group "db", and wherever else the block is given) is in private address space (${range})`);
    expect(mine[0]).toMatch(/GenesysPlatform clusterNetworks: \{ podCidrs, serviceCidrs \}, or ClusterNetworks\.declare\(scope, /);
  });

  test('one warning per block, however many stores share the subnet', () => {
    let chart: Chart | undefined;
    const subnet = [{ name: 'data-subnet', cidrs: ['10.60.0.0/24'] }];
    synthesize((app) => {
      chart = chartOf(app);
      gws({
        postgres: { external: { host: 'pg.example.internal', cidrGroups: subnet } },
        redis: { external: { host: 'redis.example.internal', cidrGroups: subnet } },
        elasticsearch: { external: { host: 'es.example.internal', cidrGroups: [{ name: 'search', cidrs: ['10.61.0.0/24'] }] } },
      } as any)(chart);
    });
    const mine = SynthWarnings.of(chart!).filter((w) => w.includes('private address space'));
    expect(mine.map((w) => /"(10\.6[01]\.0\.0\/24)"/.exec(w)![1]).sort()).toEqual(['10.60.0.0/24', '10.61.0.0/24']);
  });

  test('no warning once the networks are declared (in either order), nor for public ranges', () => {
    for (const declareFirst of [true, false]) {
      let chart: Chart | undefined;
      synthesize((app) => {
        chart = chartOf(app);
        if (declareFirst) ClusterNetworks.declare(chart, { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] });
        gws({ postgres: { external: { host: 'db.example.internal', cidrGroups: [{ name: 'db', cidrs: ['10.60.0.0/24'] }] } } } as any)(chart);
        if (!declareFirst) ClusterNetworks.declare(chart, { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] });
      });
      expect(SynthWarnings.of(chart!).filter((w) => w.includes('private address space'))).toEqual([]);
    }
    let chart: Chart | undefined;
    synthesize((app) => {
      chart = chartOf(app);
      nexus({ webhooks: [webhook(['203.0.113.64/28'])] })(chart);
    });
    expect(SynthWarnings.of(chart!).filter((w) => w.includes('private address space'))).toEqual([]);
  });
});
