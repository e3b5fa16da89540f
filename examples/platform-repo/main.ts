// One Genesys Multicloud CX cluster, declared with cdk8s-genesys-cx.
//
// `npx cdk8s synth` runs this file (see cdk8s.yaml) and writes dist/cx-usw1.k8s.yaml;
// test/platform.test.ts builds the same platform and checks what it would write.
import { App } from 'cdk8s';
import { EntryPoints, GatewayImplementation, GenesysPeers, GenesysPlatform } from 'cdk8s-genesys-cx';
import { Construct } from 'constructs';

/** Declares the platform of one cluster (region usw1) in `scope`. */
export function definePlatform(scope: Construct): GenesysPlatform {
  return new GenesysPlatform(scope, 'cx-usw1', {
    domain: 'cx.example.com',
    location: 'usw1',
    imageRegistry: 'registry.example.com/genesys',
    // the stores run in the cluster as development-only StatefulSets: for production, give each
    // store's external address instead (gws.postgres.external, nexus.redis.external...)
    developmentStores: true,
    pods: { imagePullSecrets: ['genesys-registry'] },
    // browser entry points as HTTPRoutes on Envoy Gateway, with the two Gateways written for class "eg"
    entryPoints: EntryPoints.gatewayApi({ implementation: GatewayImplementation.ENVOY_GATEWAY, gatewayClassName: 'eg' }),
    peers: {
      // Genesys documents no port for these two: name the ones your deployment uses
      tenantService: GenesysPeers.tenantService({ port: 8080 }),
      iwd: GenesysPeers.iwd({ port: 8080 }),
    },
    nexus: {
      // third parties outside the cluster, by address range
      webhooks: [{ name: 'crm-webhooks', host: 'hooks.crm.example.com', cidrGroups: [{ name: 'crm', cidrs: ['203.0.113.64/28'] }] }],
      messagingAggregators: [{ name: 'sms-aggregator', host: 'api.sms.example.net', cidrGroups: [{ name: 'sms', cidrs: ['198.51.100.32/28'] }] }],
    },
    ucsx: {
      // where UCS-X, UDM and the UDM Gateway export files (documentation range here: use yours)
      fileStorage: { host: 'exports.storage.example.com', cidrGroups: [{ name: 'object-storage', cidrs: ['198.51.100.0/24'] }] },
    },
  });
}

/** The app the cdk8s CLI synthesizes: it writes to CDK8S_OUTDIR, which the CLI sets. */
export function buildApp(outdir: string = process.env.CDK8S_OUTDIR ?? 'dist'): App {
  const app = new App({ outdir });
  definePlatform(app);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
