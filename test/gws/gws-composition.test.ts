import { defaultVerifyPeers, gwsChart, gwsSelector, rulesOf } from './fixtures';
import {
  ComponentIds,
  EntryPoints,
  IngressProfile,
  Labels,
  NexusService,
  Peer,
  UcsxStack,
} from '../../src';
import { Verifier, VerifyStatus } from '../../src/verify';
import { find, synthesize } from '../support/synth';

describe('GwsCluster composed with the other services', () => {
  test('with NexusService and UcsxStack in the app, gws#27 and gws#28 reach the real workloads, written at both ends', () => {
    // GIVEN GWS, Digital Channels and UCS-X in one app, in any order
    const { objects } = synthesize((app) => {
      const { chart } = gwsChart(app);
      const entryPoints = EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX });
      new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, entryPoints });
      const fileStorage = { host: 'exports.example.org', cidrGroups: [{ name: 'blob', cidrs: ['20.60.0.0/16'] }] };
      new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage, entryPoints });
    });

    // THEN the workspace's rows to Digital Channels and UCS-X pass at both ends, as do the reverse rows
    const report = Verifier.verify(objects, { peers: defaultVerifyPeers() });
    const status = (ref: string) => report.lines.find((l) => l.ref === ref)?.status;
    for (const ref of ['gws#27', 'gws#28', 'nexus#7', 'ucsx#13']) expect({ ref, status: status(ref) }).toEqual({ ref, status: VerifyStatus.PASS });
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);

    const workspace = {
      namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: 'gws' } },
      podSelector: { matchLabels: gwsSelector(ComponentIds.GWS_APP_WORKSPACE) },
    };
    expect(rulesOf(find(objects, 'NetworkPolicy', 'nexus-ingress', 'nexus'))).toContainEqual({ from: [workspace], ports: [{ port: 8080, protocol: 'TCP' }] });
    expect(rulesOf(find(objects, 'NetworkPolicy', 'ucsx-ingress', 'ucsx')).map((r: any) => r.from)).toContainEqual([workspace]);
  });

  test('an internal ingress controller of its own reaches only the proxy\'s internal pod port', () => {
    const internalController = Peer.inCluster({ name: 'internal-controller', namespace: 'ingress-internal', labels: { [Labels.NAME]: 'ingress-nginx-internal' } });
    const { objects } = synthesize((app) => gwsChart(app, {
      ingress: { internal: { entryPoints: EntryPoints.ingress({ profile: IngressProfile.INGRESS_NGINX, internalController }) } },
    }));
    const ingress = rulesOf(find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', 'gws'));
    const from = (namespace: string) => ingress.filter((r: any) => r.from[0].namespaceSelector.matchLabels[Labels.NAMESPACE_NAME] === namespace);
    expect(from('ingress-nginx').map((r: any) => r.ports)).toEqual([[{ port: 8080, protocol: 'TCP' }]]);
    expect(from('ingress-internal').map((r: any) => r.ports)).toEqual([[{ port: 8081, protocol: 'TCP' }]]);
  });
});
