import * as fc from 'fast-check';
import { gwsChart } from './fixtures';
import { GenesysPeers, GwsClusterProps, Peer } from '../../src';
import { synthesisError, synthesize } from '../support/synth';

/** Synthesis with these props must fail; returns the message (and asserts nothing was written). */
function fails(props: Partial<GwsClusterProps>): string {
  return synthesisError((app) => gwsChart(app, props));
}

describe('GwsCluster fails clearly, with nothing written', () => {
  test('fails when an enabled service needs a disabled one', () => {
    expect(fails({ services: { voice: { enabled: false } } }))
      .toMatch(/services\.workspace \(gws-app-workspace\) is enabled but needs services\.voice \(gws-platform-voice, gws#29\), which is disabled \(enable voice or disable workspace\)/);
    expect(fails({ services: { configuration: { enabled: false } } }))
      .toMatch(/services\.provisioning \(gws-app-provisioning\) is enabled but needs services\.configuration \(gws-platform-configuration, gws#21\)/);
    expect(fails({ services: { configuration: { enabled: false } } }))
      .toMatch(/services\.workspace \(gws-app-workspace\) is enabled but needs services\.configuration \(gws-platform-configuration, gws#16\)/);
  });

  test('a disabled service nobody needs, or whose dependants are disabled too, is fine', () => {
    const unneeded = { ocs: { enabled: false }, chat: { enabled: false }, crmWorkspace: { enabled: false } };
    expect(() => synthesize((app) => gwsChart(app, { services: unneeded }))).not.toThrow();
    expect(() => synthesize((app) => gwsChart(app, { services: { voice: { enabled: false }, workspace: { enabled: false } } }))).not.toThrow();
  });

  test('fails when an external store has neither host nor CIDR', () => {
    const message = fails({ postgres: { external: { host: '', cidrGroups: [] } } });
    expect(message).toMatch(/gws: postgres\.external\.host is missing/);
    expect(message).toMatch(/gws: postgres\.external\.cidrGroups has no CIDR/);
    expect(message).not.toMatch(/peer postgres-gws: has no CIDR/); // one problem, one message
  });

  test('fails when the proxy\'s two Service ports clash', () => {
    expect(fails({ services: { serviceProxy: { internalPort: 80 } } }))
      .toMatch(/services\.serviceProxy\.internalPort 80 equals services\.serviceProxy\.port \(the proxy's Service serves both listeners: give internalPort another port, e\.g\. 81\)/);
    expect(fails({ services: { serviceProxy: { port: 81 } } }))
      .toMatch(/internalPort 81 equals services\.serviceProxy\.port .*e\.g\. 80\)/);
  });

  test('fails when a Secret reference has no key', () => {
    expect(fails({ redis: { external: { host: 'r.example.org', cidrGroups: [{ name: 'r', cidrs: ['10.1.0.0/24'] }], credentials: { name: 'redis', key: '' } } } }))
      .toMatch(/external\.credentials\.key is missing \(name the key inside Secret "redis"\)/);
    expect(fails({ authClient: { clientId: 'gws', clientSecret: { name: 'gauth-client', key: '' } } }))
      .toMatch(/authClient\.clientSecret\.key is missing \(name the key inside Secret "gauth-client"\)/);
    expect(fails({ consul: { nodeAgent: { nodeCidrGroups: [{ name: 'nodes', cidrs: ['10.0.0.0/16'] }], token: { name: 'acl' } as any } } }))
      .toMatch(/consul\.nodeAgent\.token\.key is missing/);
    expect(fails({ services: { voice: { secretEnv: [{ name: 'SIP_SECRET', secret: { name: 'voice', key: '' } }] } } }))
      .toMatch(/services\.voice\.secretEnv\[0\]\.secret\.key is missing/);
  });

  test('a bad Secret reference shared by many workloads is reported once', () => {
    const message = fails({ authClient: { clientId: 'gws', clientSecret: { name: 'gauth-client', key: '' } } });
    expect(message.match(/clientSecret\.key is missing/g)).toHaveLength(1);
  });

  test('fails when a required peer is missing or has no host', () => {
    expect(fails({ tenantService: undefined as unknown as Peer })).toMatch(/tenantService is missing \(give the peer, e\.g\. GenesysPeers\.tenantService\(\{ port \}\)/);
    expect(fails({ iwd: Peer.external({ name: 'iwd-saas', cidrGroups: [{ name: 'iwd', cidrs: ['192.0.2.0/28'] }], ports: [{ name: 'http', port: 443 }] }) }))
      .toMatch(/iwd external iwd-saas has no host \(give the external peer a host so GWS_IWD_URL can be written\)/);
  });

  test('fails when a peer does not serve a port named http', () => {
    const message = fails({ tenantService: GenesysPeers.tenantServiceCaller() });
    expect(message).toMatch(/tenantService voice\/tenant serves no port named "http" \(it serves none\): give the peer its port/);
    expect(message.match(/voice\/tenant/g)).toHaveLength(1);
  });

  test('fails when a service sets a variable the cluster wires', () => {
    expect(fails({ services: { workspace: { env: { GWS_SERVICE_AUTH_URL: 'http://elsewhere' } } } }))
      .toMatch(/services\.workspace\.env sets GWS_SERVICE_AUTH_URL, which the service wires from its connections/);
  });

  test('fails on a wrong Consul setting', () => {
    const cidrGroups = [{ name: 'c', cidrs: ['10.9.0.0/24'] }];
    expect(fails({ consul: { nodeAgent: { nodeCidrGroups: cidrGroups }, external: { host: 'consul.example.org', cidrGroups } } }))
      .toMatch(/consul has both nodeAgent and external/);
    expect(fails({ consul: { nodeAgent: { nodeCidrGroups: [] } } })).toMatch(/consul\.nodeAgent\.nodeCidrGroups has no CIDR/);
  });

  test('fails without a domain or host for an enabled entry point, and on a bad location', () => {
    expect(fails({ domain: undefined as unknown as string })).toMatch(/ingress\.external\.host is missing and there is no domain/);
    expect(fails({ location: 'EU West' })).toMatch(/location "EU West" is not a DNS label/);
    expect(() => synthesize((app) => gwsChart(app, { domain: '', ingress: { external: { host: 'api.example.org' }, internal: { enabled: false } } }))).not.toThrow();
  });

  test('fails on an image tagged `latest`, once per workload it names', () => {
    expect(fails({ image: { tag: 'latest' } })).toMatch(/image\.tag "latest" is not allowed \(pin a version tag or a digest\)/);
    expect(fails({ services: { voice: { image: { repository: 'gws/voice' } } } })).toMatch(/services\.voice\.image "gws\/voice" has neither tag nor digest/);
  });

  test('reports every problem at once', () => {
    const message = fails({ services: { voice: { enabled: false }, serviceProxy: { internalPort: 80 } }, location: 'Bad_Location' });
    expect(message).toMatch(/needs services\.voice/);
    expect(message).toMatch(/internalPort 80 equals/);
    expect(message).toMatch(/location "Bad_Location"/);
  });
});

describe('GwsCluster port properties', () => {
  test('any Service port outside 1-65535 fails and names the field and value', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.integer({ min: -100000, max: 0 }),
        fc.integer({ min: 65536, max: 10_000_000 }),
        fc.double({ min: 1.1, max: 65534.9, noInteger: true }),
      ),
      fc.constantFrom('workspace', 'voice', 'agentSetup', 'serviceProxy'),
      (port, service) => {
        const message = fails({ services: { [service]: { port } } });
        // out of range, negative and fractional numbers are each named as such
        const kind = port < 0 ? 'is negative' : Number.isInteger(port) ? 'is not a TCP port (1-65535)' : 'is not a whole number';
        return message.includes(`services.${service}.port ${String(port)} ${kind}`);
      },
    ), { numRuns: 25 });
  });

  test('equal proxy ports always fail; distinct valid ones never do', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (port, internalPort) => {
      const build = (app: any) => gwsChart(app, { services: { serviceProxy: { port, internalPort } } });
      if (port === internalPort) return /internalPort \d+ equals/.test(synthesisError(build));
      synthesize(build);
      return true;
    }), { numRuns: 20, examples: [[80, 80], [8080, 8080]] });
  });
});
