import { GenesysPeers, PeerKindId, GwsCluster } from '../../src';
import { CatalogPorts, GenesysPeerServices } from '../../src/catalog';
import { chartSynthesisFailure } from '../support/synth';

// The typed peers of Genesys services are thin: where each runs comes from the catalog's peer table,
// the port it is dialled on from the catalog rows that dial it.

describe('GenesysPeers', () => {
  test('GAuth: namespace, Service and labels of the peer table, port of its rows (80)', () => {
    const gauth = GenesysPeers.authService();
    const row = CatalogPorts.ofPeer(PeerKindId.AUTH_SERVICE).find((p) => p.name === 'http')!;
    expect(gauth.spec).toMatchObject({
      namespace: GenesysPeerServices.get(PeerKindId.AUTH_SERVICE).namespace,
      labels: { 'app.kubernetes.io/name': 'gauth-auth' },
      host: 'gauth-auth.gauth.svc.cluster.local',
    });
    expect(gauth.findPort('http')).toMatchObject({ port: row.servicePort, targetPort: row.podPort });
  });

  test('Voicemail: the Service name and path of Genesys\' sample, port 8081 from gws#17', () => {
    const voicemail = GenesysPeers.voicemail();
    expect(voicemail.spec.host).toBe('voice-voicemail-service.voice.svc.cluster.local');
    expect(voicemail.findPort('http')!.port).toBe(8081);
    expect(GenesysPeerServices.get(PeerKindId.VOICEMAIL).path).toBe('/fs');
  });

  test('callers have no port; services the documentation gives no port take the one given', () => {
    expect(GenesysPeers.designer().portNames).toEqual([]);
    expect(GenesysPeers.iwdCaller().portNames).toEqual([]);
    expect(GenesysPeers.tenantService({ port: 9001 }).findPort('http')!.port).toBe(9001);
  });

  test('UCS-X as a peer serves both documented Service ports, each to pod 8080; overrides replace the http port only', () => {
    const ucsx = GenesysPeers.universalContactService({ namespace: 'contacts' });
    expect(ucsx.spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 8080, appProtocol: 'http' },
      { name: 'http-80', port: 80, targetPort: 8080, appProtocol: 'http' },
    ]);
    expect(ucsx.namespace).toBe('contacts');
    const moved = GenesysPeers.gwsServiceProxy({ port: 8000, targetPort: 9000 });
    expect(moved.findPort('http')).toMatchObject({ port: 8000, targetPort: 9000 });
    expect(moved.findPort('http-internal')).toMatchObject({ port: 81, targetPort: 8081 });
  });

  test('a peer Genesys documents no port for is required by the service that dials it', () => {
    const { message, written } = chartSynthesisFailure((chart) => {
      new GwsCluster(chart, 'gws', { domain: 'example.com', developmentStores: true, iwd: GenesysPeers.iwd({ port: 8080 }) });
    });
    expect(message).toMatch(/gws: tenantService is missing \(give the peer, e\.g\. GenesysPeers\.tenantService\(\{ port \}\); Genesys documents no port for it\)/);
    expect(written).toEqual([]);
  });

  test('unknown peer kinds are refused by the peer table', () => {
    expect(() => GenesysPeerServices.get('webrtc')).toThrow(/"webrtc" is not a Genesys peer service/);
  });
});
