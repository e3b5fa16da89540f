import { GenesysService, PeerKindId } from './model';
import { storePortName } from '../shared/names';

/** How the pods of an embedded (in-cluster, development) store are labelled. */
export interface EmbeddedStoreLabels {
  /** `app.kubernetes.io/name`: `postgres`, `redis`, `elasticsearch` or `consul`. */
  readonly name: string;
  /** `app.kubernetes.io/component`: the service that owns the store. */
  readonly component: string;
  /** `app.kubernetes.io/instance`: names the owner, e.g. `gws`, `udm-master`, `ucsx-tenant-t100`. */
  readonly instance: string;
}

/** Canonical labels of the embedded stores that stand in for the catalog's store peers. */
export class EmbeddedStores {
  /** True when the peer kind is a data store the library can embed for development. */
  public static isStore(kind: string): boolean {
    return EmbeddedStores.engine(kind) !== undefined;
  }

  /** The store engine (`postgres`, `redis`, `elasticsearch`, `consul`) of a store peer kind. */
  public static engine(kind: string): string | undefined {
    switch (kind) {
      case PeerKindId.POSTGRESQL:
      case PeerKindId.UDM_MASTER_DB:
      case PeerKindId.UCSX_MASTER_DB:
      case PeerKindId.UCSX_TENANT_DB:
        return 'postgres';
      case PeerKindId.REDIS:
        return 'redis';
      case PeerKindId.ELASTICSEARCH:
        return 'elasticsearch';
      case PeerKindId.CONSUL:
        return 'consul';
      default:
        return undefined;
    }
  }

  /** The name of a store's port (`postgres`, `redis`, `http` for Elasticsearch, `consul`). */
  public static portName(kind: string): string | undefined {
    const engine = EmbeddedStores.engine(kind);
    return engine === undefined ? undefined : storePortName(engine);
  }

  /**
   * Labels of the embedded store for a store peer kind in one service's table. For tenant
   * databases pass the tenant id.
   */
  public static labels(kind: string, service: string, tenant?: string): EmbeddedStoreLabels {
    const name = EmbeddedStores.engine(kind);
    if (name === undefined) {
      throw new Error(`catalog: ${JSON.stringify(kind)} is not a store peer kind (use postgresql, redis, elasticsearch, consul, udm-master-db, ucsx-master-db or ucsx-tenant-db)`);
    }
    switch (kind) {
      case PeerKindId.UDM_MASTER_DB:
        return { name, component: GenesysService.UCSX, instance: 'udm-master' };
      case PeerKindId.UCSX_MASTER_DB:
        return { name, component: GenesysService.UCSX, instance: 'ucsx-master' };
      case PeerKindId.UCSX_TENANT_DB:
        return { name, component: GenesysService.UCSX, instance: `ucsx-tenant-${tenant ?? 'default'}` };
      default:
        return { name, component: service, instance: service };
    }
  }

  private constructor() {}
}
