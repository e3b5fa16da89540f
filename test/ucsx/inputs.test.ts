import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { synth, synthError } from './support';
import { Peer, UcsxStack, UcsxStackProps } from '../../src';

const fileStorage = { host: 'exports.blob.core.windows.net', cidrGroups: [{ name: 'blob', cidrs: ['20.60.0.0/16'] }] };
const external = (port?: number) => ({ host: 'db.example.org', port, cidrGroups: [{ name: 'db', cidrs: ['10.30.0.0/24'] }] });

function stack(extra: Partial<UcsxStackProps>): (chart: Chart) => void {
  return (chart) => {
    new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage, ...extra });
  };
}

describe('UcsxStack fails clearly, writing nothing', () => {
  test('fails when two tenants have the same id', () => {
    const message = synthError(stack({ tenants: [{ id: 't1' }, { id: 't2' }, { id: 't1' }] }));
    expect(message).toMatch(/\[ucsx-test\/ucsx\] ucsx: tenants\[2\]\.id "t1" is used twice \(also tenants\[0\]; tenant ids are unique/);
  });

  test('fails when a tenant database port is outside 1-65535', () => {
    const message = synthError(stack({ tenants: [{ id: 't1', database: { external: external(70000) } }] }));
    expect(message).toMatch(/ucsx: tenants\[0\]\.database\.external\.port 70000 is not a TCP port \(1-65535\)/);
  });

  test('fails when a Master Database, UDM Master DB or Elasticsearch port is outside 1-65535', () => {
    const message = synthError(stack({
      masterDatabase: { external: external(0), poolerPort: 65536 },
      udmMasterDatabase: { external: external(-1) },
      elasticsearch: { external: external(1.5) },
    }));
    expect(message).toMatch(/masterDatabase\.external\.port 0 is not a TCP port/);
    expect(message).toMatch(/masterDatabase\.poolerPort 65536 is not a TCP port/);
    expect(message).toMatch(/udmMasterDatabase\.external\.port -1 is negative/);
    expect(message).toMatch(/elasticsearch\.external\.port 1\.5 is not a whole number/);
  });

  test('fails when monitoring is on without a Prometheus peer', () => {
    const message = synthError(stack({ monitoring: true }));
    expect(message).toMatch(/ucsx: prometheus is missing: monitoring is on \(pass the Prometheus peer/);
  });

  test('monitoring on with a Prometheus peer synthesizes', () => {
    expect(() => synth(stack({ monitoring: true, prometheus: Peer.prometheus() }))).not.toThrow();
  });

  test('fails when the file storage has no CIDR', () => {
    const message = synthError(stack({ fileStorage: { host: 'exports.blob.core.windows.net', cidrGroups: [{ name: 'blob', cidrs: [] }] } }));
    expect(message).toMatch(/ucsx: fileStorage\.cidrGroups has no CIDR/);
    // reported once, by the stack (the peer with no address is never created)
    expect(message.match(/no CIDR/g)).toHaveLength(1);
  });

  test('fails when the file storage CIDR or host is malformed', () => {
    const message = synthError(stack({ fileStorage: { host: 'exports blob', cidrGroups: [{ name: 'blob', cidrs: ['20.60.0.0/33'] }] } }));
    expect(message).toMatch(/fileStorage\.host "exports blob" is not a DNS name/);
    expect(message).toMatch(/"20\.60\.0\.0\/33" is not a CIDR/);
  });

  test('fails when UDM is enabled without file storage', () => {
    const message = synthError((chart) => {
      new UcsxStack(chart, 'ucsx', { domain: 'example.com' });
    });
    expect(message).toMatch(/ucsx: fileStorage is missing \(UDM and UDM Gateway upload exports .* or set udmEnabled: false\)/);
  });

  test('fails when UDM settings are given with UDM disabled', () => {
    const message = synthError(stack({ udmEnabled: false, udmGatewayHost: 'udm.example.com' }));
    expect(message).toMatch(/ucsx: fileStorage is set but udmEnabled is false/);
    expect(message).toMatch(/ucsx: udmGatewayHost is set but udmEnabled is false/);
  });

  test('fails when the tenant list is empty', () => {
    expect(synthError(stack({ tenants: [] }))).toMatch(/ucsx: tenants is empty/);
  });

  test('fails when a tenant id is not a DNS label', () => {
    expect(synthError(stack({ tenants: [{ id: 'T_100' }] }))).toMatch(/ucsx: tenants\[0\]\.id "T_100" is not a DNS label/);
  });

  test('fails when a tenant id is too long for an embedded database, but takes it with an external one', () => {
    const uuid = '9350e2fc-a1dd-4c65-8d40-1f75a2e080dd';
    expect(synthError(stack({ tenants: [{ id: uuid }] }))).toMatch(/tenants\[0\]\.id "9350e2fc-.*" is too long for an embedded database \(at most 33 characters/);
    const { objects } = synth(stack({ tenants: [{ id: uuid, database: { external: external() } }] }));
    expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'ucsx').spec.template.spec.containers[0].env)
      .toContainEqual({ name: 'UCSX_TENANT_IDS', value: uuid });
  });

  test('fails when the domain is missing or the image is not pinned, reporting every problem at once', () => {
    const message = synthError((chart) => {
      new UcsxStack(chart, 'ucsx', {
        domain: '',
        fileStorage,
        ucsx: { image: { repository: 'ucsx/ucsx', tag: 'latest' } },
        tenants: [{ id: 't1' }, { id: 't1' }],
      });
    });
    expect(message).toMatch(/ucsx: domain is missing/);
    expect(message).toMatch(/image\.tag "latest" is not allowed/);
    expect(message).toMatch(/tenants\[1\]\.id "t1" is used twice/);
  });

  test('fails when a custom auth peer does not serve the http port', () => {
    const auth = Peer.inCluster({ name: 'gauth', namespace: 'gauth', labels: { app: 'gauth' }, ports: [{ name: 'web', port: 80 }] });
    expect(synthError(stack({ authService: auth }))).toMatch(/port "http" is not exposed by gauth\/gauth/);
  });

  test('fails for any port outside 1-65535 given to the pooler (property)', () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer({ min: -100000, max: 0 }), fc.integer({ min: 65536, max: 1000000 })),
      (port) => {
        const kind = port < 0 ? 'is negative' : 'is not a TCP port \\(1-65535\\)';
        expect(synthError(stack({ masterDatabase: { poolerPort: port } }))).toMatch(new RegExp(`masterDatabase\\.poolerPort ${port} ${kind}`));
      },
    ), { numRuns: 15 });
  });

  test('fails for any duplicated tenant id (property)', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
      fc.integer({ min: 0, max: 3 }),
      (id, others) => {
        const tenants = [{ id }, ...Array.from({ length: others }, (_, i) => ({ id: `${id}-x${i}` })), { id }];
        expect(synthError(stack({ tenants }))).toMatch(new RegExp(`tenants\\[${others + 1}\\]\\.id "${id}" is used twice`));
      },
    ), { numRuns: 10 });
  });
});
