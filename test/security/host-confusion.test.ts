import { Chart } from 'cdk8s';
import {
  GenesysPeers, GenesysPlatform, GenesysPlatformProps, NexusService, NexusServiceProps, UcsxStack, UcsxStackProps, WwNginxStatic, WwNginxStaticProps,
} from '../../src';
import { synthesisFailure, synthesizeChart } from '../support/synth';

// Hosts and URLs a browser follows are judged as written, not as a URL parser would normalise them:
// a look-alike letter, a user-info part, a backslash or a percent-escape makes the reviewer read one
// host and the browser go to another. Each is refused at the user's path, naming the fix.

const FILES = { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] };
const peers = () => ({ tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) });
const chart = (app: any) => new Chart(app, 'c', { disableResourceNameHashes: true });
const wwe = (props: Partial<WwNginxStaticProps>) => (c: Chart) => new WwNginxStatic(c, 'wwe', { domain: 'example.com', ...props } as WwNginxStaticProps);
const nexus = (props: Partial<NexusServiceProps>) => (c: Chart) => new NexusService(c, 'nexus', { domain: 'example.com', developmentStores: true, ...props } as NexusServiceProps);
const ucsx = (props: Partial<UcsxStackProps>) => (c: Chart) => new UcsxStack(c, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage: FILES, ...props } as UcsxStackProps);
const platform = (props: Partial<GenesysPlatformProps>) => (c: Chart) =>
  new GenesysPlatform(c, 'p', { domain: 'example.com', developmentStores: true, peers: peers(), ucsx: { fileStorage: FILES }, ...props } as GenesysPlatformProps);

/** "а" below is U+0430 CYRILLIC SMALL LETTER A; "е" is U+0435; "ο" is U+03BF GREEK SMALL LETTER OMICRON. */
const LOOK_ALIKES = ['gws.exаmple.com', 'gws.еxample.com', 'gws.examplе.cοm'];

function refused(build: (c: Chart) => void, path: RegExp, fix: RegExp): string {
  const { message, written } = synthesisFailure((app) => build(chart(app)));
  expect(message).toMatch(path);
  expect(message).toMatch(fix);
  expect(written).toEqual([]);
  return message;
}

describe('browser-facing URLs: look-alike letters, user-info tricks, backslashes and other spellings are refused', () => {
  test.each(LOOK_ALIKES)('a look-alike letter in a WWE URL (%s) names the punycode form to write instead', (host) => {
    const message = refused(wwe({ gwsUrl: `https://${host}` }), /\[c\/wwe\] wwe: gwsUrl "https:\/\/gws\./, /has a non-ASCII character, U\+0[34][0-9A-F]{2} at character \d+/);
    // the fix names the punycode form the browser would really go to
    expect(message).toMatch(/punycode form, "xn--\.\.\." \("[a-z0-9.-]*xn--[a-z0-9.-]+"\)/);
  });

  test.each([
    ['a "\\@" trick', 'https://a\\@gws.example.com'],
    ['a "\\@" trick after a real host', 'https://evil.example.net\\@gws.example.com'],
    ['user-info', 'https://gws.example.com@evil.example.net'],
    ['user and password', 'https://user:pw@gws.example.com'],
  ])('%s (%s) is refused: readers disagree on the host', (_what, url) => {
    refused(wwe({ authUrl: url }), /wwe: authUrl "https:/, /carries credentials or a user-info part .* readers disagree on the host it names \(remove it\)/);
  });

  test.each([
    ['a backslash in the host', 'https://gws.example.com\\evil', /has a backslash/],
    ['backslashes for slashes', 'https:\\\\gws.example.com', /is not written "https:\/\/<host>"/],
    ['no slashes', 'https:gws.example.com', /is not written "https:\/\/<host>"/],
    ['a percent-escaped host', 'https://%67ws.example.com', /has a percent-escape/],
    ['an upper-case scheme', 'HTTPS://gws.example.com', /upper-case scheme/],
    ['an IPv6 literal', 'https://[::1]/', /does not name a DNS host/],
    ['an IPv4 address', 'https://192.0.2.10', /does not name a DNS host/],
    ['a javascript: URL', 'javascript:alert(1)', /is not an https URL/],
    ['a path with a space', 'https://gws.example.com/a b', /has a path with characters/],
    ['a path with a backslash', 'https://gws.example.com/a\\b', /has a path with characters/],
    ['a port out of range', 'https://gws.example.com:70000', /port 70000, which is not a TCP port/],
  ])('%s is refused', (_what, url, fix) => {
    refused(wwe({ telemetryUrl: url }), /wwe: telemetryUrl "/, fix);
  });

  test('the platform\'s public URLs are judged the same way, at the platform\'s path', () => {
    refused(platform({ publicUrls: { auth: 'https://gаuth.example.com' } }), /\[c\/p\] publicUrls\.auth "https:\/\/g/, /punycode form, "xn--\.\.\." \("xn--/);
    refused(platform({ publicUrls: { webrtc: 'https://x\\@webrtc.example.com' } }), /\[c\/p\] publicUrls\.webrtc /, /user-info part/);
  });

  test('accepted: a plain https URL with a port and a path, and an internationalized host written in punycode, are written as given', () => {
    const { objects } = synthesizeChart(wwe({ gwsUrl: 'https://gws.example.com:8443/gws/v2', authUrl: 'https://gauth.xn--exmple-4nf.com' }));
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wwe-nginx-config');
    const config = JSON.parse(Object.values(configMap.data)[0] as string);
    expect(config.gwsUrl).toBe('https://gws.example.com:8443/gws/v2');
    expect(config.authUrl).toBe('https://gauth.xn--exmple-4nf.com');
  });
});

describe('browser-facing hosts: the same confusions are refused in host names', () => {
  test.each(LOOK_ALIKES)('a look-alike letter in a service host (%s) names the punycode form', (host) => {
    const message = refused(wwe({ host }), /\[c\/wwe\] wwe: host "gws\./, /has a non-ASCII character/);
    expect(message).toMatch(/"xn--\.\.\." \("gws\.[a-z]*xn--/);
  });

  test.each([
    ['WWE host, user-info', wwe({ host: 'user@wwe.example.com' }), /wwe: host "user@wwe\.example\.com" is not a DNS name: it has a user-info part/],
    ['Nexus host, backslash', nexus({ host: 'digital.example.com\\evil' }), /nexus: host .* has a backslash/],
    ['UCS-X public API host, look-alike', ucsx({ publicApi: { host: 'ucsx.exаmple.com' } } as any), /ucsx: publicApi\.host .* has a non-ASCII character/],
    ['platform domain, look-alike', platform({ domain: 'exаmple.com' }), /\[c\/p\] domain "ex.mple\.com" is not a DNS name: it has a non-ASCII character, U\+0430 at character 3/],
    ['external store host, look-alike', nexus({ redis: { external: { host: 'rеdis.example.com', cidrGroups: [{ name: 'r', cidrs: ['10.60.0.0/24'] }] } } } as any), /redis\.external\.host .* has a non-ASCII character/],
  ])('%s', (_what, build, path) => {
    refused(build, path, /./);
  });

  test('accepted: a punycode host is written as given on the route', () => {
    const { objects } = synthesizeChart(wwe({ host: 'wwe.xn--exmple-4nf.com' }));
    const route = objects.find((o) => o.kind === 'HTTPRoute');
    expect(route.spec.hostnames).toEqual(['wwe.xn--exmple-4nf.com']);
  });
});
