import { App, Chart } from 'cdk8s';
import { EntryPoints, GenesysPeers, GwsCluster, GwsClusterProps, IngressProfile, Labels } from '../../src';
import { VerifyPeer } from '../../src/verify';

/** The Tenant Service and IWD ports the tests give (Genesys documents none). */
export const TENANT_PORT = 8090;
export const IWD_PORT = 9090;

/** The props every GwsCluster needs: the domain and the two peers Genesys documents no port for. */
export function requiredProps(): GwsClusterProps {
  return {
    domain: 'example.com',
    developmentStores: true,
    // entry points as Ingress objects of ingress-nginx (the Gateway API rendering has its own tests)
    entryPoints: EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX }),
    tenantService: GenesysPeers.tenantService({ port: TENANT_PORT }),
    iwd: GenesysPeers.iwd({ port: IWD_PORT }),
  };
}

/** A chart with one GwsCluster, returned for further composition. */
export function gwsChart(app: App, props: Partial<GwsClusterProps> = {}): { chart: Chart; gws: GwsCluster } {
  const chart = new Chart(app, 'gws-test', { disableResourceNameHashes: true });
  const gws = new GwsCluster(chart, 'gws', { ...requiredProps(), ...props } as GwsClusterProps);
  return { chart, gws };
}

/** The peers of the default GenesysPeers factories, as the verifier's peers entries. */
export function defaultVerifyPeers(): VerifyPeer[] {
  return [
    { kind: 'auth-service', namespace: 'gauth', labels: { [Labels.NAME]: 'gauth-auth' }, ports: [80] },
    { kind: 'tenant-service', namespace: 'voice', labels: { [Labels.NAME]: 'tenant' }, ports: [TENANT_PORT] },
    { kind: 'voicemail', namespace: 'voice', labels: { [Labels.NAME]: 'voice-voicemail' }, ports: [8081] },
    { kind: 'iwd', namespace: 'iwd', labels: { [Labels.NAME]: 'iwd' }, ports: [IWD_PORT] },
  ];
}

/** Plain environment values of a workload's main container, by name (secret and field values as `valueFrom`). */
export function envOf(workload: any): { [name: string]: any } {
  const out: { [name: string]: any } = {};
  for (const e of workload.spec.template.spec.containers[0].env ?? []) out[e.name] = e.value ?? { valueFrom: e.valueFrom };
  return out;
}

/** The rules of a NetworkPolicy (ingress or egress). */
export function rulesOf(policy: any): any[] {
  return policy.spec.ingress ?? policy.spec.egress ?? [];
}

/** The pod selector labels of a GWS component. */
export function gwsSelector(id: string): { [key: string]: string } {
  return Labels.selector(id, 'gws');
}

/** The pod selector labels of a GWS embedded store. */
export function storeSelector(engine: string): { [key: string]: string } {
  return Labels.selector(engine, 'gws', 'gws');
}
