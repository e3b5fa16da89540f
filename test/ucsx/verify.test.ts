import { Chart } from 'cdk8s';
import { allowed, endKey, synth } from './support';
import { ComponentIds, Connection, GenesysPeers, GenesysService, HardenedWorkload, Labels, ManagedNamespace, UcsxStack } from '../../src';
import { Verifier, VerifyPeer, VerifyReport, VerifyStatus } from '../../src/verify';

const fileStorage = { host: 'exports.blob.core.windows.net', cidrGroups: [{ name: 'blob', cidrs: ['20.60.0.0/16'] }] };

/** The peers outside the app, as the verifier's peers.json would describe them. */
const PEERS: VerifyPeer[] = [
  { kind: 'auth-service', namespace: 'gauth', labels: { [Labels.NAME]: 'gauth-auth' }, ports: [80] },
  { kind: 'iwd', namespace: 'iwd', labels: { [Labels.NAME]: 'iwd' } },
  { kind: 'file-storage', cidrs: ['20.60.0.0/16'] },
];

/**
 * Stand-ins for the GWS Workspace Service and Digital Channels workloads, as GwsCluster and
 * NexusService would create them (canonical labels, Service 80 to pod 8080), declaring their
 * own rows towards UCS-X through the typed peer, as those constructs do.
 */
function otherServices(chart: Chart): void {
  const image = { repository: 'stand-in/app', tag: '1.0.0' };
  const ports = [{ name: 'http', port: 80, targetPort: 8080 }];
  // their namespaces first, as the services manage them (default-deny, DNS)
  for (const ns of ['gws', 'nexus']) ManagedNamespace.ensure(chart, ns);
  const workspace = new HardenedWorkload(chart, 'gws-workspace', { id: ComponentIds.GWS_APP_WORKSPACE, component: GenesysService.GWS, namespace: 'gws', image, ports });
  const nexus = new HardenedWorkload(chart, 'nexus', { id: ComponentIds.NEXUS, component: GenesysService.NEXUS, namespace: 'nexus', image, ports });
  Connection.declare(chart, { source: workspace.peer, destination: GenesysPeers.universalContactService(), port: 'http', refs: ['gws#28'] });
  Connection.declare(chart, { source: nexus.peer, destination: GenesysPeers.universalContactService(), port: 'http-80', refs: ['nexus#8'] });
}

function ucsxLines(report: VerifyReport): string[] {
  return report.lines.filter((l) => l.ref?.startsWith('ucsx#')).map((l) => l.text);
}

describe('UcsxStack under the reachability verifier', () => {
  test('every UCS row passes at both ends, and nothing undocumented is open', () => {
    // GIVEN the stack with defaults, composed (in either order) with GWS Workspace and Digital Channels
    const { objects } = synth((chart) => {
      otherServices(chart);
      new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage });
    });

    // WHEN the synthesized manifests are verified against the catalog
    const report = Verifier.verify(objects, { peers: PEERS });

    // THEN rows 2-21 pass; row 1 (browser -> ingress controller) has no pod at either end, so the
    // verifier has nothing to test there (the Ingress tests of stack.test.ts cover it)
    const lines = ucsxLines(report);
    expect(lines.filter((l) => !l.startsWith('PASS'))).toEqual([]);
    expect(lines.map((l) => l.split(' ')[1])).toEqual(Array.from({ length: 20 }, (_, i) => `ucsx#${i + 2}`));
    expect(lines).toContain('PASS ucsx#19 ucsx -> ucsx-master-db 6432');
    expect(lines).toContain('PASS ucsx#14 iwd -> ucsx 80');
    expect(lines).toContain('PASS ucsx#21 udm-gateway -> ucsx 8080');
    // AND nothing is open that no row documents, and the manifests pass the schema and policy checks
    expect(report.withStatus(VerifyStatus.OPEN).map((l) => l.text)).toEqual([]);
    expect(report.lines.filter((l) => l.check !== undefined && l.status === VerifyStatus.FAIL).map((l) => l.text)).toEqual([]);
    // AND the reverse rows owned by the other services pass too (both sides written by late binding)
    expect(report.lines.map((l) => l.text)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^PASS gws#28 /),
      expect.stringMatching(/^PASS nexus#8 /),
    ]));
  });

  test('with the stack first, late binding writes both sides of rows 13 and 15 on the real workloads', () => {
    const { objects } = synth((chart) => {
      new UcsxStack(chart, 'ucsx', { domain: 'example.com', developmentStores: true, fileStorage });
      otherServices(chart);
    });
    const ucsx = { namespace: 'ucsx', labels: Labels.selector('ucsx', 'ucsx') };
    // row 13: UCS-X egress to the workspace pods on 8080, and the workspace accepts UCS-X on 8080
    expect(allowed(objects, 'gws-app-workspace', 'gws', 'ingress')).toContain(`${endKey(ucsx)}:8080/TCP`);
    // row 15: Digital Channels may send to UCS-X on 8080 (its egress written by the binding)
    expect(allowed(objects, 'nexus', 'nexus', 'egress')).toContain(`${endKey(ucsx)}:8080/TCP`);
    // gws#28: the workspace reaches UCS-X and UCS-X accepts it
    expect(allowed(objects, 'ucsx', 'ucsx', 'ingress')).toContain(`${endKey({ namespace: 'gws', labels: Labels.selector('gws-app-workspace', 'gws') })}:8080/TCP`);
  });
});
