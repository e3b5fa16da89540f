import { CatalogConnection, GenesysService } from './model';
import { GWS_ROWS, NEXUS_ROWS, UCSX_ROWS, WWE_ROWS } from './rows';

const ALL: CatalogConnection[] = [...WWE_ROWS, ...GWS_ROWS, ...NEXUS_ROWS, ...UCSX_ROWS];
const BY_REF = new Map(ALL.map((r) => [r.ref, r]));

/**
 * Every documented connection of Workspace Web Edition (9 rows), Genesys Web Services and
 * Applications (31), Digital Channels (12) and Universal Contact Service (21), as typed data.
 */
export class ConnectionCatalog {
  /** All 73 rows, table by table in document order. */
  public static all(): CatalogConnection[] {
    return [...ALL];
  }

  /** The rows of one service's table. */
  public static forService(service: GenesysService): CatalogConnection[] {
    return ALL.filter((r) => r.service === service);
  }

  /** One row by its reference, e.g. `gws#15`; throws for an unknown reference. */
  public static get(ref: string): CatalogConnection {
    const row = BY_REF.get(ref);
    if (!row) {
      throw new Error(`catalog: no connection ${JSON.stringify(ref)} (references read "<service>#<number>", e.g. "gws#15"; services: wwe, gws, nexus, ucsx)`);
    }
    return row;
  }

  /** The rows with a decision, i.e. where the library reads or changes the documentation. */
  public static decisions(): CatalogConnection[] {
    return ALL.filter((r) => r.decision !== undefined);
  }

  private constructor() {}
}
