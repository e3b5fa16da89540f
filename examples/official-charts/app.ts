import { App } from 'cdk8s';
import {
  EntryPoints, ExternalDeployment, ExternalStore, GatewayImplementation, GenesysPeers, GenesysPlatform, GenesysPlatformProps,
  GwsServicesOptions, Peer,
} from '../../src';

/** A managed store in the data subnet, its password in an existing Secret. */
function managed(host: string, port: number, secret: string): ExternalStore {
  return { host, port, tls: true, cidrGroups: [{ name: 'data-subnet', cidrs: ['10.60.0.0/24'] }], credentials: { name: secret, key: 'password' }, username: 'genesys' };
}

// Genesys publishes no pod labels for the GWS and WWE charts: these selectors stand for the ones
// `kubectl get pods -n gws --show-labels` shows on your release (each must select one component only).
const chart = (service: string): ExternalDeployment => ({ podSelector: { service } });
const GWS_SERVICES: { [key in keyof GwsServicesOptions]: string } = {
  serviceProxy: 'gws-service-proxy',
  workspace: 'gws-app-workspace',
  provisioning: 'gws-app-provisioning',
  configuration: 'gws-platform-configuration',
  dataCollector: 'gws-platform-datacollector',
  interaction: 'gws-platform-ixn',
  ocs: 'gws-platform-ocs',
  setting: 'gws-platform-setting',
  statistics: 'gws-platform-statistics',
  voice: 'gws-platform-voice',
  ucs: 'gws-platform-ucs',
  chat: 'gws-platform-chat',
  crmWorkspace: 'gws-ui-crmworkspace',
  agentSetup: 'gws-ui-provisioning',
};

/**
 * Genesys' own Helm charts for GWS (gws-services, gws-ingress), WWE (wwe-nginx) and Digital Channels
 * (nexus), installed with their ingress and NetworkPolicy values off; UCS-X from the library; managed
 * stores. The library writes the policies, routes and scraping around the chart's pods, and a values
 * file per chart with the addresses it wired.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  new GenesysPlatform(app, 'official-charts', officialChartsProps());
  return app;
}

/** The platform's props (a fresh object on each call). */
export function officialChartsProps(): GenesysPlatformProps {
  return {
    domain: 'cx.example.com',
    // the cluster's own networks: a store or node range overlapping them is refused
    clusterNetworks: { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.96.0.0/12'] },
    entryPoints: EntryPoints.gatewayApi({
      implementation: GatewayImplementation.ENVOY_GATEWAY,
      publicGateway: { name: 'public', namespace: 'gateway-system' },
      internalGateway: { name: 'internal', namespace: 'gateway-system' },
    }),
    monitoring: true,
    prometheus: Peer.prometheus({ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } }),
    peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
    wwe: { nginx: { deployedElsewhere: { podSelector: { app: 'wwe-nginx' } } } },
    gws: {
      services: Object.fromEntries(Object.entries(GWS_SERVICES).map(([key, id]) => [key, { deployedElsewhere: chart(id) }])),
      postgres: { external: managed('gws-db.data.example.internal', 5432, 'gws-postgres') },
      redis: { external: managed('gws-cache.data.example.internal', 6379, 'gws-redis') },
      elasticsearch: { external: managed('gws-search.data.example.internal', 9200, 'gws-elasticsearch') },
      consul: { nodeAgent: { nodeCidrGroups: [{ name: 'nodes', cidrs: ['10.50.0.0/20'] }] } },
    },
    // the nexus chart's pods carry servicename=nexus (Genesys' samples): the default
    nexus: {
      deployedElsewhere: {},
      redis: { external: managed('nexus-cache.data.example.internal', 6379, 'nexus-redis') },
      postgres: { external: managed('nexus-db.data.example.internal', 5432, 'nexus-postgres'), database: 'nexus' },
      webhooks: [{ name: 'crm-webhooks', host: 'hooks.crm.example.com', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.64/28'] }] }],
      messagingAggregators: [{ name: 'sms-aggregator', host: 'api.sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
    },
    ucsx: {
      masterDatabase: { external: managed('ucsx-master.data.example.internal', 5432, 'ucsx-master-db') },
      udmMasterDatabase: { external: managed('udm-master.data.example.internal', 5432, 'udm-master-db') },
      tenants: [{ id: 't100', database: { external: managed('ucsx-t100.data.example.internal', 5432, 'ucsx-t100-db') } }],
      elasticsearch: { external: managed('ucsx-search.data.example.internal', 9200, 'ucsx-elasticsearch') },
      fileStorage: { host: 'exports.storage.example.com', cidrGroups: [{ name: 'object-storage', cidrs: ['198.51.100.0/24'] }], credentials: { name: 'udm-file-storage', key: 'access-key' } },
    },
  };
}
