import { App } from 'cdk8s';
import { EntryPoints, GatewayImplementation, GenesysPeers, GenesysPlatform, GenesysPlatformProps } from '../../src';

/**
 * Everything in one cluster with in-cluster development stores: the four services, their
 * namespaces, ingresses and NetworkPolicies. Peers outside the platform (GAuth, Tenant Service,
 * Voicemail, IWD, Designer, CX Contact) are reached in their usual namespaces.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  new GenesysPlatform(app, 'quickstart', quickstartProps());
  return app;
}

/** The quickstart's platform props (a fresh object on each call). */
export function quickstartProps(): GenesysPlatformProps {
  return {
    domain: 'cx.example.com',
    // the entry points: HTTPRoutes on Envoy Gateway, with the two Gateways (public and internal) written
    // for its GatewayClass `eg`. For a cluster on another ingress controller:
    // EntryPoints.ingress({ className, controller }); see the guide's entry-points page.
    entryPoints: EntryPoints.gatewayApi({ implementation: GatewayImplementation.ENVOY_GATEWAY, gatewayClassName: 'eg' }),
    // in-cluster PostgreSQL, Redis, Elasticsearch and Consul, annotated development-only
    developmentStores: true,
    peers: {
      // Genesys documents no port for these two: name the ones your deployment uses
      tenantService: GenesysPeers.tenantService({ port: 8080 }),
      iwd: GenesysPeers.iwd({ port: 8080 }),
    },
    nexus: {
      // third parties outside the cluster, by CIDR (documentation ranges here: use yours)
      webhooks: [{ name: 'crm-webhooks', host: 'hooks.crm.example.com', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.64/28'] }] }],
      messagingAggregators: [{ name: 'sms-aggregator', host: 'api.sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
    },
    ucsx: {
      fileStorage: { host: 'exports.storage.example.com', cidrGroups: [{ name: 'object-storage', cidrs: ['198.51.100.0/24'] }] },
    },
  };
}
