import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterNetworks, Connection, HardenedWorkload, ManagedNamespace, Peer } from '../../src';

/**
 * The smallest use of the core building blocks: two workloads in one namespace, one talking to the
 * other, and the second one using a managed PostgreSQL outside the cluster.
 */
export class CoreBasicsChart extends Chart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = 'demo';
    ManagedNamespace.ensure(this, namespace);
    // the cluster's own networks: an external CIDR group overlapping them is refused
    ClusterNetworks.declare(this, { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] });

    const api = new HardenedWorkload(this, 'api', {
      id: 'demo-api',
      component: 'demo',
      namespace,
      image: { registry: 'registry.example.com', repository: 'demo/api', tag: '1.4.2' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      probe: { path: '/health' },
      replicas: 2,
    });

    const database = Peer.external({
      name: 'managed-postgres',
      host: 'demo-db.example.internal',
      cidrGroups: [{ name: 'database-subnet', cidrs: ['10.20.30.0/24'] }],
      ports: [{ name: 'postgres', port: 5432, appProtocol: 'postgresql' }],
    });
    const toDatabase = Connection.declare(this, {
      source: api.peer,
      destination: database,
      port: 'postgres',
      // not a row of Genesys' tables: a declared extension, with its reason
      refs: ['ext:demo-database'],
      reason: 'the demo API keeps its data in a managed PostgreSQL',
    });
    api.addEnv('DATABASE_HOST', toDatabase.endpoint.host);
    api.addEnv('DATABASE_PORT', String(toDatabase.endpoint.port));
    api.addSecretEnv('DATABASE_PASSWORD', { name: 'demo-db', key: 'password' });

    const web = new HardenedWorkload(this, 'web', {
      id: 'demo-web',
      component: 'demo',
      namespace,
      image: { repository: 'demo/web', digest: 'sha256:' + 'a'.repeat(64) },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
    const toApi = Connection.declare(this, { source: web.peer, destination: api.peer, port: 'http', refs: ['ext:demo-api'], reason: 'the demo web front end calls its API' });
    web.addEnv('API_URL', toApi.url());
  }
}

/** Builds the example app. */
export function build(outdir: string): App {
  const app = new App({ outdir });
  new CoreBasicsChart(app, 'core-basics');
  return app;
}
