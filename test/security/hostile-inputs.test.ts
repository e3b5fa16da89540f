import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import {
  DataStore,
  GenesysPeers,
  GenesysPlatform,
  GenesysPlatformProps,
  GwsCluster,
  GwsClusterProps,
  HardenedWorkload,
  HardenedWorkloadProps,
  NexusService,
  NexusServiceProps,
  StoreEngine,
  UcsxStack,
  UcsxStackProps,
  WwNginxStatic,
  WwNginxStaticProps,
} from '../../src';
import { synthesisFailure } from '../support/synth';

// Invalid and hostile inputs, across every construct: each one is refused at synth with the path of
// the construct that received it, nothing is written, and no TypeError (or bare cdk8s error) escapes.

const RESERVED = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];
const BAD_LABELS = ['', 'UPPER', 'a b', 'a\nb', '..', '-lead', 'trail-', 'x'.repeat(64), 'a_b', 'a.b'];
const BAD_HOSTS = [
  '', 'a b.example.com', 'a\n.example.com', '..', '.example.com', 'Example.COM', '-a.example.com', `${'a'.repeat(64)}.com`, 'a/b.com', 'a..b.com',
  // look-alike letters (Cyrillic а, Greek ο), user-info and backslash tricks, percent-escapes, YAML line breaks
  'gws.exаmple.com', 'gws.examplе.cοm', 'user@gws.example.com', 'a\\@gws.example.com', '%67ws.example.com', 'gws\u2028.example.com',
];
const BAD_CIDRS = [
  '0.0.0.0/0', '::/0', '10.0.0.0/7', '2001:db8::/16', '169.254.169.254/32', '169.254.0.0/16', 'fe80::/64', '127.0.0.1/32', '::1/128',
  '10.60.0.1/24', 'abc', '10.0.0.0/33', '300.1.1.0/24', '10.0.0.0', '',
  // IPv6 forms of IPv4 addresses (mapped in any spelling, translated, NAT64) and cloud metadata addresses
  '::ffff:169.254.169.254/128', '::ffff:a9fe:a9fe/128', '::FFFF:7F00:1/128', '::ffff:0:a9fe:a9fe/128', '64:ff9b::a9fe:a9fe/128', '::ffff:0:0/96',
  'fd00:ec2::254/128', 'fd20:ce::254/128', 'fd00:c1::a9fe:a9fe/128', '100.100.100.200/32',
];
const BAD_PORTS = [0, -1, 65536, 70000, 1.5, Number.NaN];
const BAD_COUNTS = [-1, 1.5, 10_000_000, Number.NaN];
const BAD_PATHS = ['relative', '/a/../b', '/a b', '/a\nb', '/./x', ''];
const BAD_URL_PATHS = ['relative', '/a/../b', '/a b', '/a\nb', '/x?y', '/x#y'];
const SECRET_ENV = [{ DB_PASSWORD: 'hunter2' }, { API_KEY: 'k' }, { my_token: 't' }, { CLIENT_SECRET: 's' }, { PASSPHRASE: 'p' }, { privateKey: 'x' }];
const BAD_USERS = ['a b', 'a\nb', 'user@host', 'a:b', 'x'.repeat(200)];
const BAD_SECRET_KEYS = ['', 'a b', 'a/b', 'x\n'];
const NULLS = [null, undefined];
/** Host names clients dial outside the cluster are case-insensitive: upper case is fine there. */
const BAD_EXTERNAL_HOSTS = BAD_HOSTS.filter((h) => h !== 'Example.COM');

const FILES = { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] };
const peers = () => ({ tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) });
const external = (overrides: object = {}) => ({ host: 'db.example.internal', cidrGroups: [{ name: 'db', cidrs: ['10.60.0.0/24'] }], ...overrides });

/** One place a value goes, and how to build a construct with it. */
interface Target {
  readonly name: string;
  readonly values: unknown[];
  readonly build: (chart: Chart, value: any) => void;
}

const wwe = (props: Partial<WwNginxStaticProps>) => (chart: Chart) => new WwNginxStatic(chart, 'wwe', { domain: 'example.com', ...props } as WwNginxStaticProps);
const gws = (props: Partial<GwsClusterProps>) => (chart: Chart) => new GwsCluster(chart, 'gws', { domain: 'example.com', developmentStores: true, ...peers(), ...props } as GwsClusterProps);
const nexus = (props: Partial<NexusServiceProps>) => (chart: Chart) => new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, ...props } as NexusServiceProps);
const ucsx = (props: Partial<UcsxStackProps>) => (chart: Chart) => new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage: FILES, ...props } as UcsxStackProps);
const platform = (props: Partial<GenesysPlatformProps>) => (chart: Chart) =>
  new GenesysPlatform(chart, 'p', { domain: 'example.com', developmentStores: true, peers: peers(), ucsx: { fileStorage: FILES }, ...props } as GenesysPlatformProps);
const workload = (props: Partial<HardenedWorkloadProps>) => (chart: Chart) =>
  new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image: { repository: 'demo/app', tag: '1.0.0' }, ports: [{ name: 'http', port: 80 }], ...props } as HardenedWorkloadProps);

const TARGETS: Target[] = [
  // namespaces: reserved, or where a declared peer lives
  { name: 'WwNginxStatic namespace', values: [...RESERVED, 'gateway', ...BAD_LABELS], build: (c, v) => wwe({ namespace: v })(c) },
  { name: 'GwsCluster namespace', values: [...RESERVED, 'gauth', 'voice', 'iwd'], build: (c, v) => gws({ namespace: v })(c) },
  { name: 'NexusService namespace', values: [...RESERVED, 'designer', 'cxc'], build: (c, v) => nexus({ namespace: v })(c) },
  { name: 'UcsxStack namespace', values: [...RESERVED, 'monitoring', 'iwd'], build: (c, v) => ucsx({ namespace: v })(c) },
  { name: 'GenesysPlatform namespaces.ucsx', values: [...RESERVED, 'monitoring', 'gateway', 'gauth'], build: (c, v) => platform({ namespaces: { ucsx: v } })(c) },
  // hosts and domains
  { name: 'WwNginxStatic host', values: BAD_HOSTS.filter((h) => h !== ''), build: (c, v) => wwe({ host: v })(c) },
  { name: 'GenesysPlatform domain', values: BAD_HOSTS, build: (c, v) => platform({ domain: v })(c) },
  { name: 'NexusService host', values: BAD_HOSTS.filter((h) => h !== ''), build: (c, v) => nexus({ host: v })(c) },
  { name: 'UcsxStack fileStorage.host', values: BAD_EXTERNAL_HOSTS, build: (c, v) => ucsx({ fileStorage: { ...FILES, host: v } })(c) },
  { name: 'GwsCluster postgres.external.host', values: BAD_EXTERNAL_HOSTS, build: (c, v) => gws({ postgres: { external: external({ host: v }) } })(c) },
  // egress CIDRs
  { name: 'NexusService webhooks CIDR', values: BAD_CIDRS, build: (c, v) => nexus({ webhooks: [{ name: 'crm', cidrGroups: [{ name: 'crm', cidrs: [v] }] }] })(c) },
  { name: 'NexusService messagingAggregators CIDR', values: BAD_CIDRS, build: (c, v) => nexus({ messagingAggregators: [{ name: 'sms', cidrGroups: [{ name: 'sms', cidrs: [v] }] }] })(c) },
  { name: 'UcsxStack fileStorage CIDR', values: BAD_CIDRS, build: (c, v) => ucsx({ fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: [v] }] } })(c) },
  { name: 'GwsCluster redis.external CIDR', values: BAD_CIDRS, build: (c, v) => gws({ redis: { external: external({ cidrGroups: [{ name: 'r', cidrs: [v] }] }) } })(c) },
  { name: 'GwsCluster consul.nodeAgent CIDR', values: BAD_CIDRS, build: (c, v) => gws({ consul: { nodeAgent: { nodeCidrGroups: [{ name: 'nodes', cidrs: [v] }] } } })(c) },
  {
    name: 'GenesysPlatform webhook CIDR inside the cluster networks',
    values: ['10.244.1.0/24', '10.96.0.0/20', '10.0.0.0/8', '::ffff:10.244.1.0/120', '64:ff9b::a60:0/124'],
    build: (c, v) => platform({
      clusterNetworks: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
      nexus: { webhooks: [{ name: 'crm', cidrGroups: [{ name: 'crm', cidrs: [v] }] }] },
    })(c),
  },
  // ports and counts
  { name: 'GwsCluster services.voice.port', values: BAD_PORTS, build: (c, v) => gws({ services: { voice: { port: v } } })(c) },
  { name: 'NexusService podPort', values: BAD_PORTS, build: (c, v) => nexus({ podPort: v })(c) },
  { name: 'NexusService webhooks port', values: BAD_PORTS, build: (c, v) => nexus({ webhooks: [{ name: 'crm', port: v, cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.0/28'] }] }] })(c) },
  { name: 'UcsxStack masterDatabase.poolerPort', values: BAD_PORTS, build: (c, v) => ucsx({ masterDatabase: { poolerPort: v } })(c) },
  { name: 'HardenedWorkload ports[0].port', values: BAD_PORTS, build: (c, v) => workload({ ports: [{ name: 'http', port: v }] })(c) },
  { name: 'WwNginxStatic nginx.replicas', values: BAD_COUNTS, build: (c, v) => wwe({ nginx: { replicas: v } })(c) },
  { name: 'GwsCluster services.workspace.replicas', values: BAD_COUNTS, build: (c, v) => gws({ services: { workspace: { replicas: v } } })(c) },
  { name: 'UcsxStack ucsx.resources.cpuLimitMillis', values: BAD_COUNTS, build: (c, v) => ucsx({ ucsx: { resources: { cpuLimitMillis: v } } })(c) },
  { name: 'DataStore embedded.storageGibibytes', values: BAD_COUNTS, build: (c, v) => new DataStore(c, 's', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432, options: { embedded: { storageGibibytes: v } } }) },
  // paths
  { name: 'WwNginxStatic documentRoot', values: BAD_PATHS, build: (c, v) => wwe({ documentRoot: v })(c) },
  { name: 'WwNginxStatic runtimeConfigPath', values: BAD_PATHS, build: (c, v) => wwe({ runtimeConfigPath: v })(c) },
  { name: 'NexusService ingressPaths', values: BAD_URL_PATHS, build: (c, v) => nexus({ ingressPaths: [v] })(c) },
  { name: 'NexusService healthPath', values: BAD_URL_PATHS, build: (c, v) => nexus({ healthPath: v })(c) },
  { name: 'UcsxStack publicApi.paths', values: BAD_URL_PATHS, build: (c, v) => ucsx({ publicApi: { paths: [v] } })(c) },
  { name: 'HardenedWorkload writablePaths', values: BAD_PATHS, build: (c, v) => workload({ writablePaths: [v] })(c) },
  { name: 'HardenedWorkload files[0].path', values: BAD_PATHS, build: (c, v) => workload({ files: [{ path: v, content: 'x' }] })(c) },
  // secrets in plain values, user names and secret keys
  { name: 'GwsCluster services.workspace.env', values: SECRET_ENV, build: (c, v) => gws({ services: { workspace: { env: v } } })(c) },
  { name: 'NexusService nexus.env', values: SECRET_ENV, build: (c, v) => nexus({ nexus: { env: v } })(c) },
  { name: 'HardenedWorkload env', values: SECRET_ENV, build: (c, v) => workload({ env: v })(c) },
  { name: 'WwNginxStatic settings', values: SECRET_ENV, build: (c, v) => wwe({ settings: v })(c) },
  { name: 'NexusService postgres.external.username', values: BAD_USERS, build: (c, v) => nexus({ postgres: { external: external({ username: v, credentials: { name: 'db', key: 'password' } }) } })(c) },
  { name: 'GwsCluster postgres.external.credentials.key', values: BAD_SECRET_KEYS, build: (c, v) => gws({ postgres: { external: external({ credentials: { name: 'db', key: v } }) } })(c) },
  { name: 'HardenedWorkload secretEnv secret.key', values: BAD_SECRET_KEYS, build: (c, v) => workload({ secretEnv: [{ name: 'DB_PASSWORD', secret: { name: 'db', key: v } }] })(c) },
  // enums, empty objects, duplicates
  { name: 'HardenedWorkload image.pullPolicy', values: ['Sometimes', 'always', ''], build: (c, v) => workload({ image: { repository: 'demo/app', tag: '1.0.0', pullPolicy: v } })(c) },
  { name: 'WwNginxStatic nginx.autoscaling', values: [{}, { minReplicas: 2 }], build: (c, v) => wwe({ nginx: { autoscaling: v } })(c) },
  { name: 'NexusService nexus.secretEnv duplicate', values: ['NEXUS_CRYPTO_KEY', 'X'], build: (c, v) => nexus({ nexus: { secretEnv: [{ name: v, secret: { name: 's', key: 'k' } }, { name: v, secret: { name: 's', key: 'k2' } }] } })(c) },
  // programming mistakes: missing props and null values
  { name: 'WwNginxStatic props', values: NULLS, build: (c, v) => new WwNginxStatic(c, 'wwe', v) },
  { name: 'GwsCluster props', values: NULLS, build: (c, v) => new GwsCluster(c, 'gws', v) },
  { name: 'NexusService props', values: NULLS, build: (c, v) => new NexusService(c, 'nexus', v) },
  { name: 'UcsxStack props', values: NULLS, build: (c, v) => new UcsxStack(c, 'ucsx', v) },
  { name: 'GenesysPlatform props', values: NULLS, build: (c, v) => new GenesysPlatform(c, 'p', v) },
  { name: 'GwsCluster tenantService', values: NULLS, build: (c, v) => gws({ tenantService: v })(c) },
  { name: 'UcsxStack fileStorage.cidrGroups', values: [null, [null], [{ name: 'x', cidrs: null }]], build: (c, v) => ucsx({ fileStorage: { host: 'files.example.com', cidrGroups: v } })(c) },
  { name: 'NexusService webhooks entry', values: [null, { name: 'x' }, { cidrGroups: [] }], build: (c, v) => nexus({ webhooks: [v] })(c) },
  { name: 'HardenedWorkload ports entry', values: [null, {}, { name: 'http' }], build: (c, v) => workload({ ports: [v] })(c) },
];

const CASES: Array<[string, unknown, Target]> = TARGETS.flatMap((t) => t.values.map((v): [string, unknown, Target] => [t.name, v, t]));

describe('hostile and invalid inputs are refused at synth, with the construct path, writing nothing', () => {
  test('there are at least 300 of them across the constructs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
  });

  test.each(CASES.map(([name, value, target]) => [name, JSON.stringify(value) ?? String(value), value, target] as const))(
    '%s = %s', (_name, _shown, value, target) => {
      const { message, written } = synthesisFailure((app) => target.build(new Chart(app, 'c', { disableResourceNameHashes: true }), value));
      expect(message).toMatch(/^Validation failed with the following errors:\n {2}\[c(\/[^\]]*)?\] /);
      expect(message).not.toMatch(/TypeError|Cannot read propert|is not a function|undefined \(reading/);
      expect(written).toEqual([]);
    });

  test('hosts with random hostile characters are refused (property)', () => {
    const hostile = fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom(' ', '\n', '\t', '/', '..', '_', '@', ':', '"', '\u00e9'), fc.stringMatching(/^[a-z]{1,8}$/))
      .map(([a, bad, b]) => `${a}${bad}${b}.example.com`);
    fc.assert(fc.property(hostile, (host) => {
      const { message, written } = synthesisFailure((app) => wwe({ host })(new Chart(app, 'c', { disableResourceNameHashes: true })));
      expect(message).toMatch(/\[c\/wwe\] wwe: host ".*" is not a DNS name/);
      expect(written).toEqual([]);
    }), { numRuns: 40 });
  });

  test('one bad value, one message: a wrong platform domain is reported once, not once per service or derived host', () => {
    const { message } = synthesisFailure((app) => platform({ domain: 'CX Example' })(new Chart(app, 'c', { disableResourceNameHashes: true })));
    const lines = message.split('\n').slice(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\[c\/p\] domain "CX Example" is not a DNS name/);
  });

  test('long values are cut in messages', () => {
    const long = `${'a'.repeat(500)}.example.com`;
    const { message } = synthesisFailure((app) => wwe({ host: long })(new Chart(app, 'c', { disableResourceNameHashes: true })));
    expect(message).toMatch(/host "a{70,80}…\(514 characters\) is not a DNS name/);
    expect(message.length).toBeLessThan(400);
  });
});
