import { gwsChart } from './fixtures';
import { synthesize } from '../support/synth';

describe('GwsCluster snapshot', () => {
  test('a multi data center setup with an external PostgreSQL and a node-local Consul (guard against unnoticed change; behaviour is asserted field by field elsewhere)', () => {
    expect(synthesize((app) => gwsChart(app, {
      location: 'usw1',
      services: { chat: { enabled: false }, serviceProxy: { replicas: 2 } },
      postgres: { external: { host: 'pg.example.org', tls: true, credentials: { name: 'gws-pg', key: 'password' }, cidrGroups: [{ name: 'pg', cidrs: ['10.41.0.0/24'] }] } },
      consul: { nodeAgent: { nodeCidrGroups: [{ name: 'nodes', cidrs: ['10.0.0.0/16'] }] } },
    })).objects).toMatchSnapshot();
  });
});
