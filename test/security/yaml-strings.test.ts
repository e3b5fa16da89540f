import { Chart } from 'cdk8s';
import * as YAML from 'yaml';
import {
  Connection, EntryPoint, GenesysPeers, GenesysPlatform, GenesysPlatformProps, HardenedWorkload, HardenedWorkloadProps, Peer, WwNginxStatic,
  WwNginxStaticProps,
} from '../../src';
import { synthesisFailure, synthesizeChart } from '../support/synth';

// Strings YAML readers read differently: cdk8s writes them as they are, and Go's and Python's YAML
// readers (kubectl, kustomize, helm) then read a line break, another value, or refuse the file. The
// input layer refuses them in every string a user gives, whatever kind of value it is.

/** Each character, with the part of the message that names it. */
const BAD: Array<[string, string, RegExp]> = [
  ['line separator', '\u2028', /U\+2028 \(line separator/],
  ['paragraph separator', '\u2029', /U\+2029 \(paragraph separator/],
  ['next line (NEL)', '\u0085', /U\+0085 \(next line, NEL/],
  ['noncharacter U+FFFF', '\uffff', /U\+FFFF \(a noncharacter\)/],
  ['noncharacter U+FFFE', '\ufffe', /U\+FFFE \(a noncharacter\)/],
  ['lone high surrogate', '\ud800', /U\+D800 \(a lone surrogate/],
  ['lone low surrogate', '\udc00', /U\+DC00 \(a lone surrogate/],
  ['C0 control (bell)', '\u0007', /U\+0007 \(a control character\)/],
  ['carriage return', '\r', /U\+000D \(carriage return/],
  ['C1 control', '\u009b', /U\+009B \(a control character\)/],
  ['DEL', '\u007f', /U\+007F \(a control character\)/],
  ['byte order mark', '\ufeff', /U\+FEFF \(byte order mark\)/],
];

const peers = () => ({ tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) });
const workload = (props: Partial<HardenedWorkloadProps>) => (chart: Chart) =>
  new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image: { repository: 'demo/app', tag: '1.0.0' }, ports: [{ name: 'http', port: 8080 }], ...props } as HardenedWorkloadProps);
const wwe = (props: Partial<WwNginxStaticProps>) => (chart: Chart) => new WwNginxStatic(chart, 'wwe', { domain: 'example.com', ...props } as WwNginxStaticProps);
const platform = (props: Partial<GenesysPlatformProps>) => (chart: Chart) =>
  new GenesysPlatform(chart, 'p', { domain: 'example.com', developmentStores: true, peers: peers(), services: [], ...props } as unknown as GenesysPlatformProps);

/** One kind of string: where it goes, how to build with a value, and the path the message names. */
interface Kind {
  readonly kind: string;
  readonly build: (chart: Chart, bad: string) => void;
  readonly path: RegExp;
}

const KINDS: Kind[] = [
  { kind: 'an object name (namespace)', build: (c, b) => workload({ namespace: `demo${b}` })(c), path: /namespace "demo/ },
  { kind: 'a host', build: (c, b) => wwe({ host: `wwe${b}.example.com` })(c), path: /wwe: host "wwe/ },
  { kind: 'a browser URL', build: (c, b) => wwe({ authUrl: `https://gauth.example.com/${b}` })(c), path: /wwe: authUrl "https:/ },
  { kind: 'an annotation value', build: (c, b) => workload({ annotations: { 'example.com/note': `a${b}b` } })(c), path: /annotations\[example\.com\/note\] "a/ },
  { kind: 'an annotation key', build: (c, b) => workload({ annotations: { [`example.com/n${b}`]: 'x' } })(c), path: /annotations key "example\.com\/n/ },
  { kind: 'a pod label value', build: (c, b) => workload({ pods: { labels: { team: `a${b}` } } })(c), path: /pods\.labels\[team\] "a/ },
  { kind: 'a node selector value', build: (c, b) => workload({ pods: { nodeSelector: { pool: `a${b}` } } })(c), path: /pods\.nodeSelector\[pool\] "a/ },
  { kind: 'a toleration value', build: (c, b) => workload({ pods: { tolerations: [{ key: 'dedicated', value: `a${b}` }] } } as any)(c), path: /pods\.tolerations\[0\]\.value "a/ },
  { kind: 'an environment value', build: (c, b) => workload({ env: { GREETING: `hello${b}world` } })(c), path: /env\[GREETING\] "hello/ },
  { kind: 'an environment value added after construction', build: (c, b) => workload({})(c).addEnv('GREETING', `hello${b}world`), path: /demo: env\[GREETING\] "hello/ },
  { kind: 'an environment name', build: (c, b) => workload({ env: { [`GREETING${b}`]: 'x' } })(c), path: /env key "GREETING/ },
  { kind: 'a file content', build: (c, b) => workload({ files: [{ path: '/etc/app/app.conf', content: `line 1\n${b}line 2\n` }] })(c), path: /files\[0\]\.content "line 1/ },
  { kind: 'a Secret reference key', build: (c, b) => workload({ secretEnv: [{ name: 'DB_PASSWORD', secret: { name: 'db', key: `pass${b}` } }] })(c), path: /secret\.key "pass/ },
  { kind: 'an image tag', build: (c, b) => workload({ image: { repository: 'demo/app', tag: `1.0${b}` } })(c), path: /image\.tag "1\.0/ },
  { kind: 'a WWE runtime setting', build: (c, b) => wwe({ settings: { clientId: `wwe${b}` } })(c), path: /wwe: settings\[clientId\] "wwe/ },
  { kind: 'a platform pod annotation', build: (c, b) => platform({ pods: { annotations: { 'example.com/owner': `team${b}` } } })(c), path: /pods\.annotations\[example\.com\/owner\] "team/ },
  {
    kind: 'an entry point label',
    build: (c, b) => {
      const w = workload({})(c);
      new EntryPoint(c, 'ep', {
        name: 'portal', namespace: 'demo', host: 'portal.example.com', routes: [{ path: '/', workload: w, port: 'http' }], labels: { team: `web${b}` },
      });
    },
    path: /entry point portal: labels\[team\] "web/,
  },
  {
    kind: 'a peer name',
    build: (c, b) => {
      const w = workload({})(c);
      Connection.declare(c, { source: w.peer, destination: Peer.inCluster({ name: `crm${b}`, namespace: 'crm', labels: { app: 'crm' }, ports: [{ name: 'http', port: 80 }] }), port: 'http' });
    },
    path: /peer crm.*: name "crm/,
  },
  {
    kind: 'an external peer host',
    build: (c, b) => {
      const w = workload({})(c);
      Connection.declare(c, {
        source: w.peer,
        port: 'https',
        destination: Peer.external({ name: 'crm', host: `crm${b}.example.com`, cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.0/28'] }], ports: [{ name: 'https', port: 443 }] }),
      });
    },
    path: /peer crm: host "crm/,
  },
  {
    kind: 'an extension reason',
    build: (c, b) => {
      const w = workload({})(c);
      Connection.declare(c, {
        source: w.peer,
        destination: Peer.inCluster({ name: 'crm', namespace: 'crm', labels: { app: 'crm' }, ports: [{ name: 'http', port: 80 }] }),
        port: 'http',
        refs: ['ext:crm-sync'],
        reason: `nightly sync${b}`,
      });
    },
    path: /reason "nightly sync/,
  },
];

describe('strings YAML readers read differently are refused in every kind of string, at the user\'s path, writing nothing', () => {
  test.each(KINDS.map((k) => [k.kind, k] as const))('%s', (_kind, k) => {
    for (const [what, bad, named] of BAD) {
      const { message, written } = synthesisFailure((app) => k.build(new Chart(app, 'c', { disableResourceNameHashes: true }), bad));
      try {
        expect(message).toMatch(k.path);
        expect(message).toMatch(named);
        expect(message).toMatch(/YAML readers .* read differently or refuse: remove it/);
        // the value is shown escaped, never raw
        expect(message).not.toContain(bad);
        expect(written).toEqual([]);
      } catch (e) {
        throw new Error(`${what}: ${(e as Error).message}\n${message}`);
      }
    }
  });

  test('what YAML keeps as written is accepted: tab and newline in a file, characters outside the BMP, non-ASCII letters in free text', () => {
    const content = 'key:\tvalue\nname: Zoë 😀\n';
    const { objects } = synthesizeChart((c) => workload({
      files: [{ path: '/etc/app/app.conf', content }],
      annotations: { 'example.com/note': 'café ☕ 😀' },
      env: { GREETING: 'grüß dich' },
    })(c));
    const configMap = objects.find((o) => o.kind === 'ConfigMap');
    expect(Object.values(configMap.data)).toContain(content);
    const service = objects.find((o) => o.kind === 'Service');
    expect(service.metadata.annotations['example.com/note']).toBe('café ☕ 😀');
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({ name: 'GREETING', value: 'grüß dich' });
    // and the YAML reads back the same through a YAML 1.1 reader
    const again = YAML.parse(YAML.stringify(configMap), { version: '1.1' });
    expect(Object.values(again.data)).toContain(content);
  });
});
