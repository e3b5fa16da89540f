import { Classification, ComponentIds, ConnectionCatalog, Direction, EndKind, GenesysService, PeerKindId, PeerLocation } from '../../src';

const row = (ref: string) => ConnectionCatalog.get(ref);

describe('the design decisions on the documentation are applied', () => {
  test('GWS protocols written with Cyrillic letters are read as HTTP/TCP', () => {
    const cyrillic = ConnectionCatalog.forService(GenesysService.GWS).filter((r) => /[\u0400-\u04ff]/.test(r.documentedProtocol));
    expect(cyrillic.map((r) => r.number)).toEqual([2, 6, 7, 11, 13, 14, 15, 16, 17, 20, 21, 23, 24, 26, 27, 28, 29, 30, 31]);
    for (const r of cyrillic) {
      expect(r.protocol).toMatch(/^(HTTP|TCP|PostgreSQL|Redis)$/);
      expect(/[\u0400-\u04ff]/.test(r.protocol)).toBe(false);
      expect(r.decision).toMatch(/Cyrillic/);
    }
  });

  test('UCS row 4: UDM -> UDM Master DB documented on 443, effective PostgreSQL 5432 (configurable)', () => {
    expect(row('ucsx#4')).toMatchObject({ documentedPort: 443, servicePort: 5432, podPort: 5432, portConfigurable: true, protocol: 'PostgreSQL' });
  });

  test('UCS rows 19/20: the UCSX Master DB keeps both 6432 and 5432', () => {
    expect(row('ucsx#19')).toMatchObject({ documentedPort: 6432, servicePort: 6432 });
    expect(row('ucsx#20')).toMatchObject({ documentedPort: 5432, servicePort: 5432 });
    expect(row('ucsx#19').destination.id).toBe(PeerKindId.UCSX_MASTER_DB);
    expect(row('ucsx#20').destination.id).toBe(PeerKindId.UCSX_MASTER_DB);
    expect(row('ucsx#19').decision).toMatch(/PgBouncer/);
  });

  test('UCS row 21: UDM Gateway -> UCS-X documented 443, effective 8080', () => {
    expect(row('ucsx#21')).toMatchObject({ documentedPort: 443, servicePort: 8080, podPort: 8080 });
  });

  test('DC row 8 (UCS on 80) and UCS row 15 (8080) both reach UCS-X pod port 8080', () => {
    expect(row('nexus#8')).toMatchObject({ servicePort: 80, podPort: 8080 });
    expect(row('ucsx#15')).toMatchObject({ servicePort: 8080, podPort: 8080 });
  });

  test('UCS row 13 and GWS row 28 are both kept, in opposite directions', () => {
    expect([row('ucsx#13').source.id, row('ucsx#13').destination.id]).toEqual([ComponentIds.UCSX, ComponentIds.GWS_APP_WORKSPACE]);
    expect([row('gws#28').source.id, row('gws#28').destination.id]).toEqual([ComponentIds.GWS_APP_WORKSPACE, ComponentIds.UCSX]);
  });

  test('"Egress" means the service is the source: direction and peer location are separate fields', () => {
    const egress = ConnectionCatalog.forService(GenesysService.GWS).filter((r) => r.classification === Classification.EGRESS);
    expect(egress.map((r) => r.number)).toEqual([10, 11, 14, 17, 20, 26, 27, 28]);
    for (const r of egress) {
      expect(r.direction).toBe(Direction.EGRESS);
      expect(r.peerLocation).toBe(PeerLocation.IN_CLUSTER);
    }
  });

  test('rows without a port take a typed prop: a default where Genesys documents one, required otherwise', () => {
    expect(row('gws#11')).toMatchObject({ servicePort: 80, portConfigurable: true }); // GAuth
    expect(row('gws#17')).toMatchObject({ servicePort: 8081, portConfigurable: true }); // Voicemail
    expect(row('gws#28')).toMatchObject({ servicePort: 8080, portConfigurable: true }); // UCS-X
    for (const ref of ['gws#10', 'gws#26']) {
      expect(row(ref).servicePort).toBeUndefined(); // Tenant Service, IWD: required
      expect(row(ref).portConfigurable).toBe(true);
    }
  });

  test('"Platform services" is every gws-platform-* workload', () => {
    for (const ref of ['gws#2', 'gws#8', 'gws#10', 'gws#11']) {
      const r = row(ref);
      const end = r.source.kind === EndKind.COMPONENT_GROUP ? r.source : r.destination;
      expect(end.components).toEqual(ConnectionCatalog.components().filter((id: string) => id.startsWith('gws-platform-')));
    }
  });

  test('Consul may be an in-cluster Service or a node CIDR', () => {
    for (const ref of ['gws#3', 'gws#8', 'gws#19', 'gws#22']) expect(row(ref).decision).toMatch(/node CIDR/);
  });

  test('WSS on DC row 3 and CometD on GWS row 1 shape the ingresses', () => {
    expect(row('nexus#3').decision).toMatch(/WebSocket upgrade and long timeouts/);
    expect(row('gws#1').decision).toMatch(/cookie affinity/);
  });

  test('UCS rows 1-2: the Inbound/Ingress Gateway is the ingress controller', () => {
    expect(row('ucsx#1').destination.id).toBe(PeerKindId.INGRESS_CONTROLLER);
    expect(row('ucsx#2').source.id).toBe(PeerKindId.INGRESS_CONTROLLER);
    expect(row('ucsx#2')).toMatchObject({ servicePort: 80, podPort: 8080 });
    expect(row('ucsx#1').decision).toMatch(/ingress controller; TLS terminates there/);
  });

  test('rows whose Classification cell was lost say so', () => {
    const lost = ConnectionCatalog.all().filter((r) => r.classification === Classification.UNSPECIFIED).map((r) => r.ref);
    expect(lost).toEqual(['ucsx#8', 'ucsx#16', 'ucsx#20', 'ucsx#21']);
  });
});
