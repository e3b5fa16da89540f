import { App } from 'cdk8s';
import { EntryPoints, GatewayImplementation, GenesysPeers, GenesysPlatform, GenesysPlatformProps } from '../../src';

/** The regions of this deployment and the subnet of each one's object storage. */
export const REGIONS: { [region: string]: string } = { usw1: '198.51.100.0/24', euw1: '203.0.113.0/24' };

/** The platform of one region: its own domain, location in every service's configuration and file storage. */
export function regionProps(region: string, storageCidr: string): GenesysPlatformProps {
  return {
    domain: `${region}.cx.example.com`,
    location: region,
    entryPoints: EntryPoints.gatewayApi({ implementation: GatewayImplementation.ENVOY_GATEWAY, gatewayClassName: 'eg' }),
    developmentStores: true,
    peers: {
      tenantService: GenesysPeers.tenantService({ port: 8080 }),
      iwd: GenesysPeers.iwd({ port: 8080 }),
    },
    nexus: {
      webhooks: [{ name: 'crm-webhooks', host: 'hooks.crm.example.com', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.64/28'] }] }],
      messagingAggregators: [{ name: 'sms-aggregator', host: 'api.sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
    },
    ucsx: {
      fileStorage: { host: `exports-${region}.storage.example.com`, cidrGroups: [{ name: 'object-storage', cidrs: [storageCidr] }] },
    },
  };
}

/**
 * A multi data center deployment as one app: one platform per region, each with its location in
 * every service's configuration and its own folder (`dist/multi-region/<region>/`). The regions'
 * connections never bind across: each cluster's NetworkPolicies speak only of that cluster.
 * PostgreSQL replication between the regions stays the database's job.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  for (const [region, storageCidr] of Object.entries(REGIONS)) {
    new GenesysPlatform(app, region, regionProps(region, storageCidr));
  }
  return app;
}
