import { ComponentIds, ConnectionCatalog, EndKind, GenesysService, PeerKindId } from '../../src';

describe('ConnectionCatalog', () => {
  test('holds the 73 documented rows, per table 9 / 31 / 12 / 21', () => {
    expect(ConnectionCatalog.all()).toHaveLength(73);
    expect(ConnectionCatalog.forService(GenesysService.WWE)).toHaveLength(9);
    expect(ConnectionCatalog.forService(GenesysService.GWS)).toHaveLength(31);
    expect(ConnectionCatalog.forService(GenesysService.NEXUS)).toHaveLength(12);
    expect(ConnectionCatalog.forService(GenesysService.UCSX)).toHaveLength(21);
  });

  test('references are unique and numbered 1..n in each table', () => {
    const refs = ConnectionCatalog.all().map((r) => r.ref);
    expect(new Set(refs).size).toBe(refs.length);
    for (const service of [GenesysService.WWE, GenesysService.GWS, GenesysService.NEXUS, GenesysService.UCSX]) {
      const rows = ConnectionCatalog.forService(service);
      expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.every((r) => r.ref === `${service}#${r.number}`)).toBe(true);
    }
  });

  test('every end resolves to a canonical component id, the platform group or a peer kind', () => {
    const components = new Set(ConnectionCatalog.components());
    const peers = new Set<string>(Object.values(PeerKindId));
    for (const row of ConnectionCatalog.all()) {
      for (const end of [row.source, row.destination]) {
        if (end.kind === EndKind.COMPONENT) {
          expect(components.has(end.id)).toBe(true);
          expect(end.components).toEqual([end.id]);
        } else if (end.kind === EndKind.COMPONENT_GROUP) {
          expect(end.id).toBe(ComponentIds.GWS_PLATFORM_SERVICES);
          expect(end.components).toEqual(ComponentIds.gwsPlatformServices());
        } else {
          expect(peers.has(end.id)).toBe(true);
          expect(end.components).toEqual([]);
        }
      }
    }
  });

  test('get() finds a row and fails clearly on an unknown reference', () => {
    expect(ConnectionCatalog.get('gws#15').destination.id).toBe('gws-platform-datacollector');
    expect(() => ConnectionCatalog.get('gws#99')).toThrow(/no connection "gws#99".*e\.g\. "gws#15"/);
  });
});
