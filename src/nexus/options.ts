import {
  CidrGroup,
  EntryPoints,
  Peer,
  StoreOptions,
} from '../core';
import { ComponentOptions, GenesysServiceOptions, GenesysServiceProps } from '../kit';
/** Where Digital Channels keeps its shared real-time chat data (nexus#9). */
export interface NexusRedisOptions extends StoreOptions {
  /**
   * The external Redis runs in cluster mode: clients follow the cluster's redirects to its other
   * nodes (all inside `external.cidrGroups`). The embedded development Redis is a single node, so
   * cluster mode needs `external`.
   * @default false
   */
  readonly clusterMode?: boolean;
}

/** Where Digital Channels keeps provisioning data and bot credentials (nexus#10). */
export interface NexusPostgresOptions extends StoreOptions {
  /**
   * Database name.
   * @default "nexus"
   */
  readonly database?: string;
}

/**
 * An HTTPS endpoint outside the cluster Digital Channels calls: an interaction webhook receiver,
 * an SMS or email aggregator, or an async API client's endpoint.
 */
export interface NexusExternalEndpoint {
  /** Short name, a DNS label (shown in reports), e.g. `crm-webhooks`. */
  readonly name: string;
  /** The CIDR groups the endpoint's addresses are in (at least one CIDR: egress goes only there). */
  readonly cidrGroups: CidrGroup[];
  /**
   * TCP port.
   * @default 443
   */
  readonly port?: number;
  /**
   * Host name, for reports.
   * @default - none
   */
  readonly host?: string;
}

/** The NexusService settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface NexusServiceOptions extends GenesysServiceOptions {
  /**
   * How its entry points are written: HTTPRoutes on Gateways, or Ingress objects.
   * @default - the platform's choice; on its own, EntryPoints.gatewayApi()
   */
  readonly entryPoints?: EntryPoints;
  /**
   * Public host of Digital Channels.
   * @default `digital.<domain>`
   */
  readonly host?: string;
  /**
   * Secret with the TLS certificate of the host.
   * @default "nexus-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * Path prefixes routed to Digital Channels on the public host.
   * @default - `NexusService.DEFAULT_INGRESS_PATHS`: /nexus, /chat, /ux, /admin, /auth
   */
  readonly ingressPaths?: string[];
  /**
   * Read and send timeout of the ingress controller in seconds (WebSocket and long polling).
   * @default 3600
   */
  readonly ingressTimeoutSeconds?: number;
  /**
   * Largest request body the ingress controller accepts, in MiB (chat and email attachments).
   * @default 10
   */
  readonly maxRequestBodyMebibytes?: number;
  /**
   * Prometheus, allowed to the metrics port when `monitoring` is on.
   * @default Peer.prometheus()
   */
  readonly prometheus?: Peer;
  /**
   * Let Prometheus scrape the metrics port and write a ServiceMonitor. No catalog row documents
   * this scrape: it is the declared extension `ext:nexus-metrics`, and nothing is opened to
   * Prometheus while it is off.
   * @default false
   */
  readonly monitoring?: boolean;
  /**
   * Pod port of the HTTP API; the Service keeps port 80 (`http`, rows nexus#4 to #6).
   * @default 8080
   */
  readonly podPort?: number;
  /**
   * Port of the Prometheus metrics (`metrics`, Service and pod).
   * @default 4004 (the port Genesys documents for Digital Channels metrics)
   */
  readonly metricsPort?: number;
  /**
   * HTTP path of the liveness and readiness probes.
   * @default - a TCP probe on the HTTP pod port
   */
  readonly healthPath?: string;
  /**
   * Image, sizing, autoscaling, PodDisruptionBudget, pod settings and extra configuration of the
   * Digital Channels workload. Configuration names the construct writes (see `NexusEnvironment`) are refused.
   * @default - `NexusService.DEFAULT_IMAGE_REPOSITORY` at `NexusService.DEFAULT_IMAGE_TAG`, one replica, no autoscaling
   */
  readonly nexus?: ComponentOptions;
  /**
   * Designer, caller of row nexus#4.
   * @default GenesysPeers.designer()
   */
  readonly designer?: Peer;
  /**
   * Tenant Service, caller of row nexus#5.
   * @default GenesysPeers.tenantServiceCaller()
   */
  readonly tenantService?: Peer;
  /**
   * CX Contact, caller of row nexus#6.
   * @default GenesysPeers.cxContact()
   */
  readonly cxContact?: Peer;
  /**
   * GWS, dialled on its port `http` (row nexus#7).
   * @default GenesysPeers.gwsServiceProxy()
   */
  readonly gws?: Peer;
  /**
   * Universal Contact Service, dialled on its port `http-80` (80 → pod 8080, row nexus#8).
   * @default GenesysPeers.universalContactService()
   */
  readonly universalContactService?: Peer;
  /**
   * Redis (row nexus#9): external, or an embedded development Redis when `external` is not given
   * and `developmentStores` is set.
   * @default - embedded with `developmentStores`, else required
   */
  readonly redis?: NexusRedisOptions;
  /**
   * PostgreSQL (row nexus#10): external (with `username` and `credentials`), or an embedded
   * development PostgreSQL when `external` is not given and `developmentStores` is set.
   * @default - embedded with `developmentStores`, else required
   */
  readonly postgres?: NexusPostgresOptions;
  /**
   * Interaction webhook receivers (row nexus#12): egress on 443 to their CIDR groups only.
   * @default - none: no webhook egress
   */
  readonly webhooks?: NexusExternalEndpoint[];
  /**
   * Third-party SMS and email aggregators (row nexus#11): egress on 443 to their CIDR groups. Their
   * callbacks enter through the Ingress.
   * @default - none: no aggregator egress
   */
  readonly messagingAggregators?: NexusExternalEndpoint[];
  /**
   * Endpoints of async (Third-Party Messaging) API clients Digital Channels sends messages to (the
   * egress half of row nexus#1; the clients' own calls enter through the Ingress).
   * @default - none: no egress to async API clients
   */
  readonly asyncApiClients?: NexusExternalEndpoint[];
}

/** Props of Digital Channels. */
export interface NexusServiceProps extends GenesysServiceProps, NexusServiceOptions {}

/**
 * Names of the environment variables `NexusService` writes. Genesys' samples configure Digital
 * Channels through chart values rather than container variables, so every name here is a library
 * choice: rename any with `configurationNames`.
 */
export class NexusEnvironment {
  /** Pod port of the HTTP API. */
  public static readonly HTTP_PORT = 'NEXUS_HTTP_PORT';
  /** Port of the Prometheus metrics. */
  public static readonly METRICS_PORT = 'NEXUS_METRICS_PORT';
  /** Public URL of the entry point (`https://digital.<domain>`). */
  public static readonly PUBLIC_URL = 'NEXUS_PUBLIC_URL';
  /** Region or location. */
  public static readonly LOCATION = 'NEXUS_LOCATION';
  /** URL of GWS (nexus#7). */
  public static readonly GWS_URL = 'NEXUS_GWS_URL';
  /** URL of UCS-X (nexus#8). */
  public static readonly UCS_URL = 'NEXUS_UCS_URL';
  /** Redis host (nexus#9). */
  public static readonly REDIS_HOST = 'NEXUS_REDIS_HOST';
  /** Redis port. */
  public static readonly REDIS_PORT = 'NEXUS_REDIS_PORT';
  /** `redis://` or `rediss://` URL without credentials. */
  public static readonly REDIS_URL = 'NEXUS_REDIS_URL';
  /** `true` when Redis requires TLS. */
  public static readonly REDIS_TLS = 'NEXUS_REDIS_TLS';
  /** `true` when Redis runs in cluster mode. */
  public static readonly REDIS_CLUSTER = 'NEXUS_REDIS_CLUSTER';
  /** Redis password, from a Secret. */
  public static readonly REDIS_PASSWORD = 'NEXUS_REDIS_PASSWORD';
  /** PostgreSQL host (nexus#10). */
  public static readonly DB_HOST = 'NEXUS_DB_HOST';
  /** PostgreSQL port. */
  public static readonly DB_PORT = 'NEXUS_DB_PORT';
  /** Database name. */
  public static readonly DB_NAME = 'NEXUS_DB_NAME';
  /** Database user. */
  public static readonly DB_USER = 'NEXUS_DB_USER';
  /** `true` when PostgreSQL requires TLS. */
  public static readonly DB_SSL = 'NEXUS_DB_SSL';
  /** Database password, from a Secret. */
  public static readonly DB_PASSWORD = 'NEXUS_DB_PASSWORD';

  private constructor() {}
}

