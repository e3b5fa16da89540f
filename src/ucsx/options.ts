import { CatalogExtensions, ConnectionCatalog } from '../catalog';
import {
  CidrGroup,
  EntryPoints,
  EmbeddedStoreOptions,
  ExternalStore,
  Peer,
  SecretKeyReference,
  StoreOptions,
} from '../core';
import { ComponentOptions, GenesysServiceOptions, GenesysServiceProps } from '../kit';

/** The UCS-X image tag this construct was written against; pin your own. */
export const UCSX_IMAGE_TAG = '100.0.100.0045';
/** The UDM image tag this construct was written against; pin your own. */
export const UDM_IMAGE_TAG = '100.0.100.0021';
/** The UDM Gateway image tag this construct was written against; pin your own. */
export const UDM_GATEWAY_IMAGE_TAG = '100.0.100.0021';

/** Default repository of the UCS-X image. */
export const UCSX_IMAGE_REPOSITORY = 'ucsx/ucsx';
/** Default repository of the UDM image. */
export const UDM_IMAGE_REPOSITORY = 'ucsx/udm';
/** Default repository of the UDM Gateway image. */
export const UDM_GATEWAY_IMAGE_REPOSITORY = 'ucsx/udm-gateway';

/** Port names of the UCS-X, UDM and UDM Gateway workloads (what connections and Ingress routes name). */
export class UcsxPortNames {
  /** The API (`ucsx`: Service 8080 to pod 8080; `udm`: 8080; `udm-gateway`: Service 80 to pod 8080). */
  public static readonly HTTP = ConnectionCatalog.get('ucsx#15').portName;
  /** The UCS-X Service port 80 to pod 8080 (the port Digital Channels row 8 and UCS row 14 document). */
  public static readonly HTTP_80 = ConnectionCatalog.get('ucsx#14').portName;
  /** The UCS-X configuration API, 8500 (the extension `ext:ucsx-config-api`, only with `publicApi.configurationApi`). */
  public static readonly CONFIG = CatalogExtensions.get('ext:ucsx-config-api').portName;
  /** Prometheus metrics, 10052, on all three workloads. */
  public static readonly METRICS = ConnectionCatalog.get('ucsx#16').portName;
  /** The pooler port (6432) of the UCS-X Master Database, dialled by UCS-X (row 19). */
  public static readonly MASTER_DB_POOLER = ConnectionCatalog.get('ucsx#19').portName;

  private constructor() {}
}

/** Image, sizing, pod settings and health check of one of the three UCS-X workloads. */
export interface UcsxComponentOptions extends ComponentOptions {
  /**
   * HTTP path of the liveness and readiness probes, on the `http` port.
   * @default "/health"
   */
  readonly healthPath?: string;
}

/**
 * The public entry point of the UCS-X API (`ucsx.<domain>`). No architecture row documents public
 * access to UCS-X: it is the declared extension `ext:ucsx-public-api`, off unless this is given.
 */
export interface UcsxPublicApiOptions {
  /**
   * Host.
   * @default "ucsx.<domain>"
   */
  readonly host?: string;
  /**
   * TLS Secret of the host.
   * @default "ucsx-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * Paths of the API routed to port `http` (8080).
   * @default ["/ucs/v3/", "/ucs/v10/"] (Genesys' sample)
   */
  readonly paths?: string[];
  /**
   * Also publish the administrative configuration API (port 8500) at `configurationPath`: the
   * extension `ext:ucsx-config-api`, a second opt-in. Review who may reach it before turning it on.
   * @default false
   */
  readonly configurationApi?: boolean;
  /**
   * Path of the configuration API.
   * @default "/ucs/v3/config" (Genesys' sample)
   */
  readonly configurationPath?: string;
}

/**
 * An internal entry point to the UCS-X API with cookie affinity for CometD long polling, on the
 * internal ingress class: the declared extension `ext:ucsx-internal-api`, off unless this is given.
 */
export interface UcsxInternalApiOptions {
  /**
   * Host.
   * @default "ucsx-internal.<domain>"
   */
  readonly host?: string;
  /**
   * TLS Secret of the host.
   * @default "ucsx-internal-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * Paths of the API routed to port `http` (8080).
   * @default ["/"]
   */
  readonly paths?: string[];
}

/**
 * Names of the environment variables `UcsxStack` writes. Genesys' samples configure UCS-X through
 * chart values, so every name here is a library choice: rename any with `configurationNames`.
 * Database keys start with a prefix: `UCSX_MASTER_DB`, `UDM_MASTER_DB`.
 */
export class UcsxEnvironment {
  /** GAuth URL (ucsx#9, 10, 12). */
  public static readonly GAUTH_URL = 'GAUTH_URL';
  /** GWS Workspace Service URL (ucsx#13). */
  public static readonly GWS_WORKSPACE_URL = 'GWS_WORKSPACE_URL';
  /** UCS-X URL, for UDM Gateway (ucsx#21). */
  public static readonly UCSX_URL = 'UCSX_URL';
  /** Elasticsearch URL (ucsx#17). */
  public static readonly ELASTICSEARCH_URL = 'ELASTICSEARCH_URL';
  /** Elasticsearch user, when known. */
  public static readonly ELASTICSEARCH_USERNAME = 'ELASTICSEARCH_USERNAME';
  /** Elasticsearch password, from a Secret. */
  public static readonly ELASTICSEARCH_PASSWORD = 'ELASTICSEARCH_PASSWORD';
  /** The tenant ids, comma-separated. */
  public static readonly TENANT_IDS = 'UCSX_TENANT_IDS';
  /** Where the tenant database list is mounted. */
  public static readonly TENANTS_FILE = 'UCSX_TENANTS_FILE';
  /** File storage URL (ucsx#5, 6). */
  public static readonly FILE_STORAGE_URL = 'FILE_STORAGE_URL';
  /** File storage bucket or container. */
  public static readonly FILE_STORAGE_CONTAINER = 'FILE_STORAGE_CONTAINER';
  /** File storage key, from a Secret. */
  public static readonly FILE_STORAGE_KEY = 'FILE_STORAGE_KEY';
  /** The UDM Gateway public URL. */
  public static readonly PUBLIC_URL = 'PUBLIC_URL';
  /** Region or location. */
  public static readonly LOCATION = 'LOCATION';

  /** The password variable of one tenant's database, e.g. `UCSX_TENANT_T100_DB_PASSWORD`. */
  public static tenantPassword(tenantId: string): string {
    return `UCSX_TENANT_${tenantId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DB_PASSWORD`;
  }

  private constructor() {}
}

/**
 * The UCS-X Master Database: PostgreSQL reached by UCS-X on the pooler port (row 19, 6432) and
 * by UDM directly (row 20, 5432).
 */
export interface UcsxMasterDatabaseOptions {
  /**
   * A PostgreSQL this app does not run. `external.port` is the direct port UDM dials (row 20); UCS-X
   * dials the same host on `poolerPort` (row 19), e.g. a managed server's built-in PgBouncer.
   * @default - an embedded development PostgreSQL
   */
  readonly external?: ExternalStore;
  /**
   * Settings of the embedded PostgreSQL (used only without `external`). Its Service exposes 5432
   * and `poolerPort`, both to PostgreSQL's pod port 5432: there is no PgBouncer in development.
   * @default - engine defaults
   */
  readonly embedded?: EmbeddedStoreOptions;
  /**
   * The pooler (PgBouncer) port UCS-X dials (row 19).
   * @default 6432
   */
  readonly poolerPort?: number;
  /**
   * Database name.
   * @default "ucsx_master"
   */
  readonly databaseName?: string;
}

/** A PostgreSQL database of UCS-X or UDM: external or embedded. */
export interface UcsxDatabaseOptions {
  /**
   * A PostgreSQL this app does not run.
   * @default - an embedded development PostgreSQL
   */
  readonly external?: ExternalStore;
  /**
   * Settings of the embedded PostgreSQL (used only without `external`).
   * @default - engine defaults
   */
  readonly embedded?: EmbeddedStoreOptions;
  /**
   * Database name.
   * @default - `udm_master` for the UDM Master DB, `ucsx_tenant_<id>` for a tenant database
   */
  readonly databaseName?: string;
}

/** One UCS-X tenant and its database (row 18). */
export interface UcsxTenant {
  /**
   * Tenant id: a DNS label (lowercase letters, digits and '-'); unique among the tenants. With an
   * embedded database, at most 35 characters (the StatefulSet is `postgres-ucsx-tenant-<id>`).
   */
  readonly id: string;
  /**
   * The tenant database.
   * @default - an embedded development PostgreSQL
   */
  readonly database?: UcsxDatabaseOptions;
}

/** The External File Storage UDM and UDM Gateway upload exports to (rows 5 and 6). */
export interface FileStorageOptions {
  /** Host name of the storage endpoint, e.g. `exports.blob.core.windows.net`. */
  readonly host: string;
  /** The CIDR groups the storage's addresses are in (at least one CIDR; egress goes only there). */
  readonly cidrGroups: CidrGroup[];
  /**
   * HTTPS port.
   * @default 443 (rows 5 and 6)
   */
  readonly port?: number;
  /**
   * Bucket or container the exports go to.
   * @default - none (set in UDM's own configuration)
   */
  readonly container?: string;
  /**
   * Secret key holding the storage access key or SAS token.
   * @default - none (workload identity or another mechanism outside this construct)
   */
  readonly credentials?: SecretKeyReference;
}

/** The UcsxStack settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface UcsxStackOptions extends GenesysServiceOptions {
  /**
   * How its entry points are written: HTTPRoutes on Gateways, or Ingress objects.
   * @default - the platform's choice; on its own, EntryPoints.gatewayApi()
   */
  readonly entryPoints?: EntryPoints;
  /** UCS-X image, sizing, pod settings and health check. @default - see UcsxComponentOptions */
  readonly ucsx?: UcsxComponentOptions;
  /** UDM image, sizing, pod settings and health check. @default - see UcsxComponentOptions */
  readonly udm?: UcsxComponentOptions;
  /** UDM Gateway image, sizing, pod settings and health check. @default - see UcsxComponentOptions */
  readonly udmGateway?: UcsxComponentOptions;
  /**
   * Deploy UDM and UDM Gateway (rows 2-11, 20, 21) with their UDM Master DB and file storage.
   * @default true
   */
  readonly udmEnabled?: boolean;
  /**
   * The tenants, each with its tenant database (row 18). Ids are unique.
   * @default - one tenant `t100`
   */
  readonly tenants?: UcsxTenant[];
  /**
   * The UCS-X Master Database (rows 19 and 20).
   * @default - embedded when `developmentStores` is set (pooler port 6432 sent to PostgreSQL), else required
   */
  readonly masterDatabase?: UcsxMasterDatabaseOptions;
  /**
   * The UDM Master DB (rows 3 and 4), when UDM is enabled.
   * @default - embedded when `developmentStores` is set, else required
   */
  readonly udmMasterDatabase?: UcsxDatabaseOptions;
  /**
   * Elasticsearch UCS-X writes to (row 17).
   * @default - embedded when `developmentStores` is set, else required
   */
  readonly elasticsearch?: StoreOptions;
  /**
   * The External File Storage UDM and UDM Gateway upload exports to (rows 5 and 6). Required when
   * UDM is enabled; not allowed when it is not.
   * @default - none (an error when UDM is enabled)
   */
  readonly fileStorage?: FileStorageOptions;
  /** Genesys Authentication Service (rows 9, 10, 12), port `http`. @default GenesysPeers.authService() */
  readonly authService?: Peer;
  /** Intelligent Workload Distribution, a caller of UDM (row 8) and UCS-X (row 14). @default GenesysPeers.iwdCaller() */
  readonly iwd?: Peer;
  /** Digital Channels, a caller of UCS-X on 8080 (row 15); bound to `NexusService` when it is in the app. @default GenesysPeers.digitalChannels() */
  readonly digitalChannels?: Peer;
  /** GWS Workspace Service UCS-X connects to (row 13), port `http`; bound to `GwsCluster` when it is in the app. @default GenesysPeers.gwsWorkspace() */
  readonly gwsWorkspace?: Peer;
  /**
   * Prometheus (rows 7, 11, 16). Required when `monitoring` is on, so the ServiceMonitors and the
   * scrape rules name the Prometheus that reads them.
   * @default Peer.prometheus() when monitoring is off
   */
  readonly prometheus?: Peer;
  /**
   * Write a ServiceMonitor per workload (the Prometheus rule is written either way: rows 7, 11, 16).
   * @default false
   */
  readonly monitoring?: boolean;
  /**
   * A public entry point to the UCS-X API (extension `ext:ucsx-public-api`; the configuration API
   * is a second opt-in inside). No architecture row documents public access to UCS-X.
   * @default - none: UCS-X is reached only inside the cluster
   */
  readonly publicApi?: UcsxPublicApiOptions;
  /**
   * An internal entry point to the UCS-X API with CometD stickiness (extension `ext:ucsx-internal-api`).
   * @default - none
   */
  readonly internalApi?: UcsxInternalApiOptions;
  /** Public host of UDM Gateway (rows 1 and 2); the gateway is served at its root. @default "udm.<domain>" */
  readonly udmGatewayHost?: string;
  /** TLS Secret of `udmGatewayHost`. @default "udm-gateway-tls" */
  readonly udmGatewayTlsSecretName?: string;
}

/** Props of a Universal Contact Service stack. */
export interface UcsxStackProps extends GenesysServiceProps, UcsxStackOptions {}
