import {
  CidrGroup,
  ImagePullPolicy,
  EntryPointBehaviour,
  EntryPoints,
  Peer,
  ProbeOptions,
  SecretKeyReference,
  StoreOptions,
} from '../core';
import { ComponentOptions, GenesysServiceOptions, GenesysServiceProps } from '../kit';

/**
 * Where the GWS images come from when a service does not name its own `image`: the image of
 * `gws-app-workspace` is `<imageRegistry>/<repositoryPrefix>/gws-app-workspace:<tag>`.
 */
export interface GwsImageOptions {
  /**
   * Repository path before the component id.
   * @default "gws"
   */
  readonly repositoryPrefix?: string;
  /**
   * Version tag of the GWS release. `latest` is refused.
   * @default - `GwsCluster.DEFAULT_IMAGE_TAG`, a pinned release: set the release you are entitled to
   */
  readonly tag?: string;
  /**
   * Pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly pullPolicy?: ImagePullPolicy;
}

/** Settings of one GWS microservice (every `gws-*` component except the service proxy's extras). */
export interface GwsServiceOptions extends ComponentOptions {
  /**
   * Deploy this service. A disabled service that an enabled one dials is an error (e.g. the
   * Workspace Service needs configuration, data collector, voice, statistics and setting); the
   * service proxy routes only to enabled services.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The Service port other GWS workloads dial (the `gwsServices.<service>.service.port` of the
   * Genesys charts). The pod port stays the catalog's (8080).
   * @default - the port the catalog rows dial (80)
   */
  readonly port?: number;
  /**
   * Liveness and readiness probes.
   * @default - TCP on port `http` after 60 s (Java services) or 10 s (UIs)
   */
  readonly probe?: ProbeOptions;
  /**
   * Paths the process writes to, each an emptyDir (the root filesystem is read-only).
   * @default - ["/tmp"]; UIs: ["/tmp", "/var/cache/nginx", "/var/run"]
   */
  readonly writablePaths?: string[];
}

/** Settings of the service proxy, which serves a public and an internal HTTP port. */
export interface GwsServiceProxyOptions extends GwsServiceOptions {
  /**
   * Service port of the internal listener (`http-internal`, pod port 8081) the internal entry
   * point routes to. Must differ from `port`.
   * @default 81
   */
  readonly internalPort?: number;
}

/** Per-service settings, one field per GWS component id. */
export interface GwsServicesOptions {
  /** `gws-service-proxy`. @default - enabled, Service ports 80 (`http`) and 81 (`http-internal`) */
  readonly serviceProxy?: GwsServiceProxyOptions;
  /** `gws-app-workspace` (GWS Workspace Service). @default - enabled, port 80 */
  readonly workspace?: GwsServiceOptions;
  /** `gws-app-provisioning` (GWS Provisioning Service). @default - enabled, port 80 */
  readonly provisioning?: GwsServiceOptions;
  /** `gws-platform-configuration` (GWS Configuration Service). @default - enabled, port 80 */
  readonly configuration?: GwsServiceOptions;
  /** `gws-platform-datacollector` (GWS Data Collector Service). @default - enabled, port 80 */
  readonly dataCollector?: GwsServiceOptions;
  /** `gws-platform-ixn` (GWS Interaction Service). @default - enabled, port 80 */
  readonly interaction?: GwsServiceOptions;
  /** `gws-platform-ocs` (GWS OCS Service). @default - enabled, port 80 */
  readonly ocs?: GwsServiceOptions;
  /** `gws-platform-setting` (GWS Setting Service). @default - enabled, port 80 */
  readonly setting?: GwsServiceOptions;
  /** `gws-platform-statistics` (GWS Statistics Service). @default - enabled, port 80 */
  readonly statistics?: GwsServiceOptions;
  /** `gws-platform-voice` (GWS Voice Service). @default - enabled, port 80 */
  readonly voice?: GwsServiceOptions;
  /** `gws-platform-ucs` (GWS UCS Service). @default - enabled, port 80 */
  readonly ucs?: GwsServiceOptions;
  /** `gws-platform-chat` (GWS Chat Service). @default - enabled, port 80 */
  readonly chat?: GwsServiceOptions;
  /** `gws-ui-crmworkspace` (Gplus Adapter for Salesforce). @default - enabled, port 80 */
  readonly crmWorkspace?: GwsServiceOptions;
  /** `gws-ui-provisioning` (Agent Setup). @default - enabled, port 80 */
  readonly agentSetup?: GwsServiceOptions;
}

/**
 * A Consul agent on every node (the usual Genesys deployment): GWS pods dial the IP of the node
 * they run on (downward API `status.hostIP`), and egress is allowed to the nodes' CIDR groups.
 */
export interface ConsulNodeAgentOptions {
  /** CIDR groups of the nodes' addresses (at least one CIDR); egress rules on the Consul port go there. */
  readonly nodeCidrGroups: CidrGroup[];
  /**
   * Port of the agent's HTTP API on the node.
   * @default 8500
   */
  readonly port?: number;
  /**
   * Connect with TLS (HTTPS API).
   * @default false
   */
  readonly tls?: boolean;
  /**
   * Secret key holding the Consul ACL token.
   * @default - none (no ACL token)
   */
  readonly token?: SecretKeyReference;
}

/**
 * Where Consul is: external (a host and CIDR groups), a node-local agent (node CIDR groups, the
 * node's IP), or embedded in the namespace for development (the default when neither is given).
 * For an external Consul, `external.credentials` is the ACL token.
 */
export interface GwsConsulOptions extends StoreOptions {
  /**
   * The Consul agent on every node. Excludes `external`.
   * @default - none
   */
  readonly nodeAgent?: ConsulNodeAgentOptions;
}

/** Database names in the GWS PostgreSQL. */
export interface GwsDatabaseOptions {
  /**
   * Database of the Setting Service (gws#9), the GWS configuration store. The embedded PostgreSQL creates it.
   * @default "gws"
   */
  readonly gws?: string;
  /**
   * Database of the Provisioning Service for Agent Setup (gws#23).
   * @default - the `gws` database (the embedded PostgreSQL creates only that one)
   */
  readonly agentSetup?: string;
}

/** The client GWS uses to call the Authentication Service. */
export interface GwsAuthClientOptions {
  /** Client id registered in GAuth. */
  readonly clientId: string;
  /** Secret key holding the client secret. */
  readonly clientSecret: SecretKeyReference;
}

/** One browser-facing entry point to the service proxy. */
export interface GwsEntryPointOptions {
  /**
   * Write this entry point.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Host name.
   * @default - `gws.<domain>` (external) or `gws-int.<domain>` (internal)
   */
  readonly host?: string;
  /**
   * Secret holding the TLS certificate of the host.
   * @default - "gws-tls" (external) or "gws-int-tls" (internal)
   */
  readonly tlsSecretName?: string;
  /**
   * Secret holding the TLS certificate of the location host (see `GwsIngressOptions`).
   * @default - `<entry point name>-<location>-tls`: "gws-<location>-tls" or "gws-int-<location>-tls"
   */
  readonly locationTlsSecretName?: string;
  /**
   * How this entry point is written, instead of the cluster's choice (e.g. the internal one on an
   * ingress controller of the organisation's network).
   * @default - the cluster's `entryPoints`: its public Gateway (external) or internal Gateway (internal)
   */
  readonly entryPoints?: EntryPoints;
}

/**
 * The entry points of GWS (gws#1). Both route `/` to the service proxy: the external one
 * (`gws.<domain>`) to its port `http` (80 to pod 8080), the internal one (`gws-int.<domain>`) to
 * its port `http-internal` (81 to pod 8081), the proxy's listener for clients inside the
 * organisation. Keeping them on two listeners means each entry point can have its own ingress
 * class and controller, and the proxy's NetworkPolicy admits each controller only on its own pod
 * port: an internet-facing controller never reaches the internal listener.
 *
 * Multi data center (URL-based routing and stickiness): with a `location` (a DNS label such as
 * `usw1`, also given to every service as `GWS_LOCATION`), each entry point also
 * serves a location host (`gws-<location>.<domain>`, `gws-int-<location>.<domain>`). The global
 * load balancer sends `gws.<domain>` to any data center and uses the location hosts to route a
 * client's URL to one data center and keep it there; inside the data center the affinity cookie
 * (named per location, so cookies of two data centers never clash) keeps CometD long polling on one pod.
 */
export interface GwsIngressOptions {
  /**
   * The external entry point.
   * @default - `gws.<domain>`, TLS secret "gws-tls", the public ingress class
   */
  readonly external?: GwsEntryPointOptions;
  /**
   * The internal entry point.
   * @default - `gws-int.<domain>`, TLS secret "gws-int-tls", the internal ingress class
   */
  readonly internal?: GwsEntryPointOptions;
  /**
   * Behaviour of both entry points. CometD long polling needs session stickiness and read
   * timeouts longer than a poll.
   * @default - cookie affinity (cookie "gws-route", or "gws-route-<location>") and 300 s read and send timeouts
   */
  readonly behaviour?: EntryPointBehaviour;
  /**
   * Also serve the location hosts when `location` is set.
   * @default true
   */
  readonly locationHosts?: boolean;
}

/** The GwsCluster settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface GwsClusterOptions extends GenesysServiceOptions {
  /**
   * How its entry points are written: HTTPRoutes on Gateways, or Ingress objects.
   * @default - the platform's choice; on its own, EntryPoints.gatewayApi()
   */
  readonly entryPoints?: EntryPoints;
  /**
   * Where the images come from: repository prefix and release tag (the registry is `imageRegistry`).
   * @default - repository prefix "gws", tag `GwsCluster.DEFAULT_IMAGE_TAG`
   */
  readonly image?: GwsImageOptions;
  /**
   * Per-service settings.
   * @default - every service enabled with its defaults
   */
  readonly services?: GwsServicesOptions;
  /**
   * PostgreSQL of the Setting Service and Agent Setup (gws#9, gws#23).
   * @default - embedded when `developmentStores` is set (development only), else required
   */
  readonly postgres?: StoreOptions;
  /**
   * Database names.
   * @default - "gws" for both
   */
  readonly databases?: GwsDatabaseOptions;
  /**
   * Redis session cache (gws#12, 18, 24, 25).
   * @default - embedded when `developmentStores` is set (development only), else required
   */
  readonly redis?: StoreOptions;
  /**
   * Elasticsearch of the Data Collector (gws#13).
   * @default - embedded when `developmentStores` is set (development only), else required
   */
  readonly elasticsearch?: StoreOptions;
  /**
   * Consul service discovery (gws#3, 8, 19, 22).
   * @default - embedded when `developmentStores` is set (development only), else required
   */
  readonly consul?: GwsConsulOptions;
  /**
   * Genesys Authentication Service (gws#11, 14, 20); must serve a port named `http`.
   * @default - GenesysPeers.authService(): namespace gauth, port 80
   */
  readonly authService?: Peer;
  /**
   * The client GWS authenticates with to GAuth.
   * @default - none: configure it in the images' own configuration
   */
  readonly authClient?: GwsAuthClientOptions;
  /**
   * Tenant Service (gws#10), e.g. `GenesysPeers.tenantService({ port })`; must serve a port named
   * `http`. Genesys documents no port, so synthesis fails without it.
   * @default - none: required
   */
  readonly tenantService?: Peer;
  /**
   * Voicemail Service (gws#17); must serve a port named `http`.
   * @default - GenesysPeers.voicemail(): namespace voice, port 8081
   */
  readonly voicemail?: Peer;
  /**
   * Intelligent Workload Distribution (gws#26), e.g. `GenesysPeers.iwd({ port })`; must serve a
   * port named `http`. Genesys documents no port, so synthesis fails without it.
   * @default - none: required
   */
  readonly iwd?: Peer;
  /**
   * Digital Channels (gws#27); must serve a port named `http`. Bound to `NexusService` when it is in the app.
   * @default - GenesysPeers.digitalChannels(): namespace nexus, port 80 to pod 8080
   */
  readonly digitalChannels?: Peer;
  /**
   * Universal Contact Service (gws#28); must serve a port named `http`. Bound to `UcsxStack` when it is in the app.
   * @default - GenesysPeers.universalContactService(): namespace ucsx, port 8080
   */
  readonly universalContactService?: Peer;
  /**
   * Entry points.
   * @default - external and internal entry points with CometD stickiness
   */
  readonly ingress?: GwsIngressOptions;
}

/**
 * Props of a GWS cluster: the shared service props (domain for `gws.<domain>` and
 * `gws-int.<domain>`, namespace default `gws`, namespace management, DNS, ingress class and
 * controller, `location`, `imageRegistry`) and the GWS options.
 *
 * With a `location` (a DNS label such as `usw1`) every service gets `GWS_LOCATION` (the Location
 * attribute of the Genesys servers' connections) and the entry points serve location hosts (see
 * `GwsIngressOptions`). PostgreSQL replication between data centers stays the database's job
 * (standard PostgreSQL replication); this library does not configure it.
 */
export interface GwsClusterProps extends GenesysServiceProps, GwsClusterOptions {}
