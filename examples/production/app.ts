import { createHash } from 'crypto';
import { App } from 'cdk8s';
import {
  ContainerImage, EntryPoints, ExternalStore, GatewayImplementation, GenesysPeers, GenesysPlatform, GenesysPlatformProps, GwsServiceOptions, Peer,
} from '../../src';

// The digests below stand in for your release's: take them from your registry
// (`<repository>@sha256:...`) and replace the placeholders, one per image.
function pinned(repository: string): ContainerImage {
  return { registry: 'registry.example.com/genesys', repository, digest: `sha256:${createHash('sha256').update(`placeholder:${repository}`).digest('hex')}` };
}

/** A managed store in the data subnet, its password in an existing Secret. */
function managed(host: string, port: number, cidr: string, secret: string): ExternalStore {
  return { host, port, tls: true, cidrGroups: [{ name: 'data-subnet', cidrs: [cidr] }], credentials: { name: secret, key: 'password' }, username: 'genesys' };
}

const DATA_SUBNET = '10.60.0.0/24';
const SEARCH_SUBNET = '10.61.0.0/24';

function gwsService(id: string, minReplicas = 2, maxReplicas = 6): GwsServiceOptions {
  return { image: pinned(`gws/${id}`), replicas: minReplicas, autoscaling: { minReplicas, maxReplicas, cpuUtilizationPercent: 70, memoryUtilizationPercent: 80 } };
}

/**
 * Production: managed PostgreSQL, Redis and Elasticsearch reached by CIDR with passwords from
 * existing Secrets, Consul as the node-local agent, monitoring on (ServiceMonitors), autoscaling
 * and disruption budgets, every image pinned by digest.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  new GenesysPlatform(app, 'production', productionProps());
  return app;
}

/** The production platform's props (a fresh object on each call). */
export function productionProps(): GenesysPlatformProps {
  const prometheus = Peer.prometheus({ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } });
  return {
    domain: 'cx.example.com',
    location: 'usw1',
    // the cluster's own networks: external CIDR groups overlapping them are refused (undeclared,
    // groups in private address space such as the data subnet are only warned about)
    clusterNetworks: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
    // HTTPRoutes attached to the platform team's own Envoy Gateway Gateways (they admit routes from
    // the service namespaces and hold the certificates)
    entryPoints: EntryPoints.gatewayApi({
      implementation: GatewayImplementation.ENVOY_GATEWAY,
      publicGateway: { name: 'public', namespace: 'gateway-system' },
      internalGateway: { name: 'internal', namespace: 'gateway-system' },
    }),
    monitoring: true,
    prometheus,
    peers: {
      tenantService: GenesysPeers.tenantService({ port: 8080 }),
      iwd: GenesysPeers.iwd({ port: 8080 }),
    },
    wwe: {
      nginx: {
        image: pinned('wwe/wwe-nginx'),
        replicas: 2,
        autoscaling: { minReplicas: 2, maxReplicas: 8, cpuUtilizationPercent: 70, memoryUtilizationPercent: 80 },
        podDisruptionBudget: true,
      },
    },
    gws: {
      services: {
        serviceProxy: gwsService('gws-service-proxy'),
        workspace: gwsService('gws-app-workspace', 2, 10),
        provisioning: gwsService('gws-app-provisioning'),
        configuration: gwsService('gws-platform-configuration'),
        dataCollector: gwsService('gws-platform-datacollector'),
        interaction: gwsService('gws-platform-ixn'),
        ocs: gwsService('gws-platform-ocs'),
        setting: gwsService('gws-platform-setting'),
        statistics: gwsService('gws-platform-statistics'),
        voice: gwsService('gws-platform-voice'),
        ucs: gwsService('gws-platform-ucs'),
        chat: gwsService('gws-platform-chat'),
        crmWorkspace: gwsService('gws-ui-crmworkspace'),
        agentSetup: gwsService('gws-ui-provisioning'),
      },
      postgres: { external: managed('gws-db.data.example.internal', 5432, DATA_SUBNET, 'gws-postgres') },
      redis: { external: managed('gws-cache.data.example.internal', 6379, DATA_SUBNET, 'gws-redis') },
      elasticsearch: { external: managed('gws-search.data.example.internal', 9200, SEARCH_SUBNET, 'gws-elasticsearch') },
      consul: { nodeAgent: { nodeCidrGroups: [{ name: 'nodes', cidrs: ['10.50.0.0/20'] }] } },
    },
    nexus: {
      nexus: { image: pinned('nexus/nexus'), replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70 } },
      redis: { external: managed('nexus-cache.data.example.internal', 6379, DATA_SUBNET, 'nexus-redis'), clusterMode: true },
      postgres: { external: managed('nexus-db.data.example.internal', 5432, DATA_SUBNET, 'nexus-postgres'), database: 'nexus' },
      webhooks: [{ name: 'crm-webhooks', host: 'hooks.crm.example.com', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.64/28'] }] }],
      messagingAggregators: [{ name: 'sms-aggregator', host: 'api.sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
    },
    ucsx: {
      ucsx: { image: pinned('ucsx/ucsx'), replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70 } },
      udm: { image: pinned('ucsx/udm') },
      udmGateway: { image: pinned('ucsx/udm-gateway'), replicas: 2 },
      masterDatabase: { external: managed('ucsx-master.data.example.internal', 5432, DATA_SUBNET, 'ucsx-master-db'), poolerPort: 6432 },
      udmMasterDatabase: { external: managed('udm-master.data.example.internal', 5432, DATA_SUBNET, 'udm-master-db') },
      tenants: [{ id: 't100', database: { external: managed('ucsx-t100.data.example.internal', 5432, DATA_SUBNET, 'ucsx-t100-db') } }],
      elasticsearch: { external: managed('ucsx-search.data.example.internal', 9200, SEARCH_SUBNET, 'ucsx-elasticsearch') },
      fileStorage: { host: 'exports.storage.example.com', cidrGroups: [{ name: 'object-storage', cidrs: ['198.51.100.0/24'] }], credentials: { name: 'udm-file-storage', key: 'access-key' } },
    },
  };
}
