import {
  AutoscalingOptions,
  CidrGroup,
  ContainerImage,
  EmbeddedStoreOptions,
  ExternalStore,
  ResourceOptions,
  SecretKeyReference,
} from '../core';
import { PEER_PORT, UCSX_LEGACY_PORT } from '../peers';

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

/** Pod and Service port of the UCS-X configuration API (not in the connection table; routed by the `ucsx` Ingress). */
export const UCSX_CONFIGURATION_PORT = 8500;

/** Port names of the UCS-X, UDM and UDM Gateway workloads (what connections and Ingress routes name). */
export class UcsxPortNames {
  /** The API (`ucsx`: Service 8080 to pod 8080; `udm`: 8080; `udm-gateway`: Service 80 to pod 8080). */
  public static readonly HTTP = PEER_PORT;
  /** The UCS-X Service port 80 to pod 8080 (the port Digital Channels row 8 and UCS row 14 document). */
  public static readonly HTTP_80 = UCSX_LEGACY_PORT;
  /** The UCS-X configuration API, 8500. */
  public static readonly CONFIG = 'config';
  /** Prometheus metrics, 10052, on all three workloads. */
  public static readonly METRICS = 'metrics';
  /** The pooler port (6432) of the UCS-X Master Database, dialled by UCS-X (row 19). */
  public static readonly MASTER_DB_POOLER = 'pgbouncer';

  private constructor() {}
}

/** Image, sizing and health check of one of the three UCS-X workloads. */
export interface UcsxComponentOptions {
  /**
   * Container image. When it names no registry, `imageRegistry` is used.
   * @default - the component's repository (`ucsx/ucsx`, `ucsx/udm`, `ucsx/udm-gateway`) with its pinned tag constant
   */
  readonly image?: ContainerImage;
  /**
   * Replicas (the minimum when autoscaling).
   * @default - 2 for `ucsx`, 1 for `udm` and `udm-gateway`
   */
  readonly replicas?: number;
  /**
   * Requests and limits.
   * @default - `ucsx` 500m/2000m CPU and 1024/2048 MiB; `udm` 250m/1000m and 512/1024 MiB; `udm-gateway` 100m/500m and 256/512 MiB
   */
  readonly resources?: ResourceOptions;
  /**
   * Horizontal autoscaling.
   * @default - none
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * HTTP path of the liveness and readiness probes, on the `http` port.
   * @default "/health"
   */
  readonly healthPath?: string;
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
