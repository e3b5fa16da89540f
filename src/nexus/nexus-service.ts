import { Construct } from 'constructs';
import { ComponentIds, ConnectionCatalog, EmbeddedStores, GenesysService, PeerKindId } from '../catalog';
import {
  AutoscalingOptions,
  CidrGroup,
  Connection,
  ContainerImage,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  IngressPathType,
  MetricsScrape,
  Peer,
  ResourceOptions,
  SecretEnvVar,
  StoreEngine,
  StoreOptions,
} from '../core';
import { show } from '../core/errors';
import { GenesysPeers, GenesysServiceProps, PEER_PORT, UCSX_LEGACY_PORT } from '../peers';
import { setUpService } from '../peers/service-setup';

/** Sizing and availability of the Digital Channels pods. */
export interface NexusComponentOptions {
  /**
   * Replicas (the starting count when autoscaling is on).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Requests and limits.
   * @default - CPU 250m request / 2000m limit, memory 512 MiB request / 2048 MiB limit
   */
  readonly resources?: ResourceOptions;
  /**
   * Horizontal autoscaling on CPU and (when `memoryUtilizationPercent` is set) memory.
   * @default - no HorizontalPodAutoscaler
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Write a PodDisruptionBudget (`maxUnavailable: 1`). `true` requires at least two replicas
   * (`replicas`, or `autoscaling.minReplicas`); `false` leaves it out even then.
   * @default - written when at least two replicas run
   */
  readonly podDisruptionBudget?: boolean;
}

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
export interface NexusServiceOptions {
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
   * this scrape, so nothing is opened to Prometheus while it is off.
   * @default false
   */
  readonly monitoring?: boolean;
  /**
   * Digital Channels image.
   * @default - `NexusService.DEFAULT_IMAGE_REPOSITORY` at `NexusService.DEFAULT_IMAGE_TAG`
   */
  readonly image?: ContainerImage;
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
   * Sizing, autoscaling and PodDisruptionBudget.
   * @default - one replica, no autoscaling
   */
  readonly nexus?: NexusComponentOptions;
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
   * Redis (row nexus#9): external, or an embedded development Redis when `external` is not given.
   * @default - embedded development Redis
   */
  readonly redis?: NexusRedisOptions;
  /**
   * PostgreSQL (row nexus#10): external (with `username` and `credentials`), or an embedded
   * development PostgreSQL when `external` is not given.
   * @default - embedded development PostgreSQL
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
  /**
   * Further plain configuration values for the container (never secrets: use `secretEnv`). The
   * names the construct writes (see `NexusEnvironment`) cannot be overridden here.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Further values from existing Secrets.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];
}

/** Props of Digital Channels. */
export interface NexusServiceProps extends GenesysServiceProps, NexusServiceOptions {}

/** Names of the environment variables `NexusService` writes. */
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

  /** Every name the construct writes. */
  public static all(): string[] {
    return [
      NexusEnvironment.HTTP_PORT, NexusEnvironment.METRICS_PORT, NexusEnvironment.PUBLIC_URL, NexusEnvironment.LOCATION,
      NexusEnvironment.GWS_URL, NexusEnvironment.UCS_URL,
      NexusEnvironment.REDIS_HOST, NexusEnvironment.REDIS_PORT, NexusEnvironment.REDIS_URL, NexusEnvironment.REDIS_TLS,
      NexusEnvironment.REDIS_CLUSTER, NexusEnvironment.REDIS_PASSWORD,
      NexusEnvironment.DB_HOST, NexusEnvironment.DB_PORT, NexusEnvironment.DB_NAME, NexusEnvironment.DB_USER,
      NexusEnvironment.DB_SSL, NexusEnvironment.DB_PASSWORD,
    ];
  }

  private constructor() {}
}

/** Name of the Digital Channels metrics port. */
const METRICS = 'metrics';
/** Name of the port of external HTTPS endpoints. */
const HTTPS = 'https';

/**
 * Digital Channels (Nexus) with every documented connection wired and nothing else open.
 *
 * Creates (through core): the namespace (`nexus` by default) with default-deny and DNS policies; a
 * hardened Deployment `nexus` with a Service `http` 80 → pod 8080 (configurable) and `metrics`
 * 4004, a ServiceAccount without token, one ingress and one egress NetworkPolicy; an Ingress on
 * `digital.<domain>` with TLS, WebSocket upgrade and one-hour timeouts for the paths
 * /nexus (API v3, WebSocket, async API, aggregator callbacks), /chat (widgets), /ux, /admin and
 * /auth; embedded development Redis and PostgreSQL StatefulSets unless external ones are given; a
 * ServiceMonitor when monitoring is on; optionally a HorizontalPodAutoscaler and a PodDisruptionBudget.
 *
 * Catalog rows:
 * - nexus#1 to #3 (async API clients, Genesys Widgets, WWE in the browser → Digital Channels, 443):
 *   the Ingress and the rule from the ingress controller to the HTTP pod port; nexus#11's callbacks
 *   enter the same way; the egress half of nexus#1 goes to `asyncApiClients` on 443;
 * - nexus#4 to #6 (Designer, Tenant Service, CX Contact → Digital Channels, 80): ingress rules from
 *   each peer's namespace and labels to the HTTP pod port;
 * - nexus#7 (→ GWS service proxy, port `http`), nexus#8 (→ UCS-X, port `http-80` = 80 → 8080):
 *   egress rules, both sides when the destination is in the app; URLs in `NEXUS_GWS_URL`, `NEXUS_UCS_URL`;
 * - nexus#9 (→ Redis) and nexus#10 (→ PostgreSQL): external (CIDR groups) or embedded; addresses,
 *   TLS and passwords (Secret references) in the `NEXUS_REDIS_*` and `NEXUS_DB_*` variables;
 * - nexus#11 (→ SMS/email aggregators) and nexus#12 (→ interaction webhooks): egress on 443 to the
 *   given CIDR groups only.
 */
export class NexusService extends Construct {
  /** Repository of the default image. */
  public static readonly DEFAULT_IMAGE_REPOSITORY = 'nexus/nexus';
  /**
   * Tag of the default image, pinned so that nothing floats on `latest`. The construct follows
   * Genesys' architecture documentation rather than one release: pin the release you deploy.
   */
  public static readonly DEFAULT_IMAGE_TAG = '100.0.1000.4562';
  /** Default metrics port (Genesys documents Digital Channels metrics on 4004, `/metrics`). */
  public static readonly DEFAULT_METRICS_PORT = 4004;
  /** Default path prefixes of the Ingress. */
  public static readonly DEFAULT_INGRESS_PATHS = ['/nexus', '/chat', '/ux', '/admin', '/auth'];

  /** The Digital Channels workload. */
  public readonly nexus: HardenedWorkload;
  /** The Ingress with TLS and WebSocket support. */
  public readonly entryPoint: EntryPoint;
  /** Namespace. */
  public readonly namespace: string;
  /** Public host. */
  public readonly host: string;
  /** `https://<host>`. */
  public readonly url: string;
  /** Redis, external or embedded. */
  public readonly redis: DataStore;
  /** PostgreSQL, external or embedded. */
  public readonly postgres: DataStore;
  /** The connection to GWS (nexus#7). */
  public readonly gwsConnection: Connection;
  /** The connection to UCS-X (nexus#8). */
  public readonly universalContactServiceConnection: Connection;
  /** The Prometheus scrape, when monitoring is on. */
  public readonly metrics?: MetricsScrape;

  public constructor(scope: Construct, id: string, props: NexusServiceProps) {
    super(scope, id);
    const { check, namespace } = setUpService(this, GenesysService.NEXUS, props);
    const domain = props.domain;
    this.namespace = namespace;
    this.host = props.host ?? `digital.${domain}`;
    this.url = `https://${this.host}`;

    const row = (n: number) => ConnectionCatalog.get(`${GenesysService.NEXUS}#${n}`);
    const callerRow = row(4); // rows 4-6 share the Service port 80 and the pod port 8080
    const podPort = props.podPort ?? callerRow.podPort!;
    const metricsPort = props.metricsPort ?? NexusService.DEFAULT_METRICS_PORT;
    check.port('podPort', podPort);
    check.port('metricsPort', metricsPort);
    if (metricsPort === podPort || metricsPort === callerRow.servicePort) {
      check.fail(`metricsPort ${metricsPort} is also the HTTP port (the metrics need their own port, or Prometheus would reach the API: choose another, e.g. ${NexusService.DEFAULT_METRICS_PORT})`);
    }
    if (props.healthPath !== undefined && !/^\/[^\s]*$/.test(props.healthPath)) {
      check.fail(`healthPath ${show(props.healthPath)} is not an absolute HTTP path (start it with "/")`);
    }
    if (props.location !== undefined && (typeof props.location !== 'string' || props.location.trim() === '')) {
      check.fail(`location ${show(props.location)} is empty (give the region or location name, e.g. "/USW1")`);
    }

    const sizing = props.nexus ?? {};
    const replicas = sizing.replicas ?? 1;
    const image: ContainerImage = {
      repository: NexusService.DEFAULT_IMAGE_REPOSITORY,
      tag: props.image ? undefined : NexusService.DEFAULT_IMAGE_TAG,
      ...(props.image ?? {}),
      registry: props.image?.registry ?? props.imageRegistry,
    };

    const reserved = new Set(NexusEnvironment.all());
    const userEnv: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(props.env ?? {})) {
      if (reserved.has(name)) {
        check.fail(`env ${show(name)} is written by the construct (see NexusEnvironment); set it through the matching prop instead`);
      } else {
        userEnv[name] = value;
      }
    }
    const userSecretEnv = (props.secretEnv ?? []).filter((s) => {
      if (!reserved.has(s.name)) return true;
      check.fail(`secretEnv ${show(s.name)} is written by the construct (see NexusEnvironment); set it through the matching prop instead`);
      return false;
    });

    this.nexus = new HardenedWorkload(this, 'nexus', {
      id: ComponentIds.NEXUS,
      component: GenesysService.NEXUS,
      namespace: this.namespace,
      image,
      ports: [
        { name: PEER_PORT, port: callerRow.servicePort!, targetPort: podPort, appProtocol: 'http' },
        { name: METRICS, port: metricsPort, appProtocol: 'http' },
      ],
      replicas,
      resources: {
        cpuRequestMillis: 250,
        cpuLimitMillis: 2000,
        memoryRequestMebibytes: 512,
        memoryLimitMebibytes: 2048,
        ...(sizing.resources ?? {}),
      },
      autoscaling: sizing.autoscaling,
      podDisruptionBudget: sizing.podDisruptionBudget,
      probe: { path: props.healthPath, port: PEER_PORT, initialDelaySeconds: 30 },
      env: {
        ...userEnv,
        [NexusEnvironment.HTTP_PORT]: String(podPort),
        [NexusEnvironment.METRICS_PORT]: String(metricsPort),
        [NexusEnvironment.PUBLIC_URL]: this.url,
        ...(props.location !== undefined ? { [NexusEnvironment.LOCATION]: props.location } : {}),
      },
      secretEnv: userSecretEnv,
    });
    const self = this.nexus.peer;

    // Rows 1-3 (and the aggregators' callbacks of row 11) enter through the ingress controller.
    const paths = [...(props.ingressPaths ?? NexusService.DEFAULT_INGRESS_PATHS)];
    const timeout = props.ingressTimeoutSeconds ?? 3600;
    this.entryPoint = new EntryPoint(this, 'ingress', {
      name: ComponentIds.NEXUS,
      namespace: this.namespace,
      host: this.host,
      routes: paths.map((path) => ({ path, pathType: IngressPathType.PREFIX, workload: this.nexus, port: PEER_PORT })),
      controller: props.ingressController ?? Peer.ingressController(),
      labels: this.nexus.selectorLabels,
      tlsSecretName: props.tlsSecretName,
      className: props.ingressClassName,
      behaviour: {
        websocket: true,
        readTimeoutSeconds: timeout,
        sendTimeoutSeconds: timeout,
        maxBodyMebibytes: props.maxRequestBodyMebibytes ?? 10,
      },
      refs: [row(1).ref, row(2).ref, row(3).ref, row(11).ref],
    });

    // Rows 4-6: callers in their own namespaces.
    const callers: Array<[Peer, number]> = [
      [props.designer ?? GenesysPeers.designer(), 4],
      [props.tenantService ?? GenesysPeers.tenantServiceCaller(), 5],
      [props.cxContact ?? GenesysPeers.cxContact(), 6],
    ];
    for (const [caller, n] of callers) {
      Connection.declare(this, { source: caller, destination: self, port: PEER_PORT, refs: [row(n).ref] });
    }

    // Row 7: GWS through its service proxy; row 8: UCS-X on its port 80 (DESIGN decision).
    this.gwsConnection = Connection.declare(this, {
      source: self,
      destination: props.gws ?? GenesysPeers.gwsServiceProxy(),
      port: PEER_PORT,
      refs: [row(7).ref],
    });
    this.universalContactServiceConnection = Connection.declare(this, {
      source: self,
      destination: props.universalContactService ?? GenesysPeers.universalContactService(),
      port: UCSX_LEGACY_PORT,
      refs: [row(8).ref],
    });
    this.nexus.addEnv(NexusEnvironment.GWS_URL, this.gwsConnection.url());
    this.nexus.addEnv(NexusEnvironment.UCS_URL, this.universalContactServiceConnection.url());

    // Row 9: Redis.
    const redisOptions = props.redis ?? {};
    const clusterMode = redisOptions.clusterMode ?? false;
    if (clusterMode && !redisOptions.external) {
      check.fail('redis.clusterMode is true, but no redis.external is given (the embedded development Redis is a single node: give the external Redis cluster\'s host and CIDR groups)');
    }
    const redisLabels = EmbeddedStores.labels(PeerKindId.REDIS, GenesysService.NEXUS);
    this.redis = new DataStore(this, 'redis', {
      engine: StoreEngine.REDIS,
      namespace: this.namespace,
      component: redisLabels.component,
      instance: redisLabels.instance,
      options: { external: redisOptions.external, embedded: redisOptions.embedded },
    });
    const toRedis = this.redis.connectFrom(self, [row(9).ref]);
    this.nexus.addEnv(NexusEnvironment.REDIS_HOST, toRedis.endpoint.host);
    this.nexus.addEnv(NexusEnvironment.REDIS_PORT, String(toRedis.endpoint.port));
    this.nexus.addEnv(NexusEnvironment.REDIS_URL, this.redis.url);
    this.nexus.addEnv(NexusEnvironment.REDIS_TLS, String(this.redis.tls));
    this.nexus.addEnv(NexusEnvironment.REDIS_CLUSTER, String(clusterMode));
    if (this.redis.credentials) this.nexus.addSecretEnv(NexusEnvironment.REDIS_PASSWORD, this.redis.credentials);

    // Row 10: PostgreSQL.
    const postgresOptions = props.postgres ?? {};
    const external = postgresOptions.external;
    if (external) {
      check.required('postgres.external.username', external.username, 'Digital Channels logs in to PostgreSQL with a user name and password');
      if (!external.credentials) {
        check.fail('postgres.external.credentials is missing (Digital Channels logs in to PostgreSQL with a password: give the Secret name and key that hold it)');
      }
    }
    const database = postgresOptions.database ?? GenesysService.NEXUS;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) {
      check.fail(`postgres.database ${show(database)} is not a database name (a letter or '_', then letters, digits or '_', at most 63)`);
    }
    const postgresLabels = EmbeddedStores.labels(PeerKindId.POSTGRESQL, GenesysService.NEXUS);
    this.postgres = new DataStore(this, 'postgres', {
      engine: StoreEngine.POSTGRES,
      namespace: this.namespace,
      component: postgresLabels.component,
      instance: postgresLabels.instance,
      database,
      options: { external, embedded: postgresOptions.embedded },
    });
    const toPostgres = this.postgres.connectFrom(self, [row(10).ref]);
    this.nexus.addEnv(NexusEnvironment.DB_HOST, toPostgres.endpoint.host);
    this.nexus.addEnv(NexusEnvironment.DB_PORT, String(toPostgres.endpoint.port));
    this.nexus.addEnv(NexusEnvironment.DB_NAME, this.postgres.database);
    if (this.postgres.username !== undefined) this.nexus.addEnv(NexusEnvironment.DB_USER, this.postgres.username);
    this.nexus.addEnv(NexusEnvironment.DB_SSL, String(this.postgres.tls));
    if (this.postgres.credentials) this.nexus.addSecretEnv(NexusEnvironment.DB_PASSWORD, this.postgres.credentials);

    // Rows 11, 12 and the egress half of row 1: external HTTPS endpoints, by CIDR group only.
    const externalRows: Array<[string, NexusExternalEndpoint[] | undefined, number]> = [
      ['messagingAggregators', props.messagingAggregators, 11],
      ['webhooks', props.webhooks, 12],
      ['asyncApiClients', props.asyncApiClients, 1],
    ];
    const names = new Set<string>();
    for (const [field, endpoints, n] of externalRows) {
      const r = row(n);
      (endpoints ?? []).forEach((endpoint, i) => {
        const where = `${field}[${i}]`;
        if (!check.required(`${where}.name`, endpoint.name, 'name the endpoint, e.g. "crm-webhooks"')) return;
        if (!check.dnsLabel(`${where}.name`, endpoint.name)) return;
        if (names.has(endpoint.name)) {
          check.fail(`${where}.name ${show(endpoint.name)} is used twice (give each external endpoint its own name)`);
          return;
        }
        names.add(endpoint.name);
        const cidrs = (endpoint.cidrGroups ?? []).flatMap((g) => g.cidrs ?? []);
        if (cidrs.length === 0) {
          check.fail(`${where} (${show(endpoint.name)}) has no CIDR (cidrGroups ${show(endpoint.cidrGroups ?? [])}): give the CIDR groups its addresses are in; traffic to ${r.destination.documented} is only opened to them`);
          return;
        }
        const port = endpoint.port ?? r.documentedPort!;
        if (!check.port(`${where}.port`, port)) return;
        const peer = Peer.external({
          name: endpoint.name,
          host: endpoint.host,
          cidrGroups: endpoint.cidrGroups,
          ports: [{ name: HTTPS, port, appProtocol: HTTPS }],
        });
        Connection.declare(this, { source: self, destination: peer, port: HTTPS, refs: [r.ref] });
      });
    }

    // Metrics: no catalog row documents the scrape, so Prometheus is let in only with monitoring on.
    if (props.monitoring ?? false) {
      this.metrics = new MetricsScrape(this, 'metrics', {
        workload: this.nexus,
        port: METRICS,
        prometheus: props.prometheus ?? Peer.prometheus(),
        serviceMonitor: true,
        path: '/metrics',
        intervalSeconds: 15,
      });
    }
  }

  /** The Digital Channels workload as a connection end. */
  public get peer(): Peer {
    return this.nexus.peer;
  }

  /** The peer of a component of this construct (`nexus`). */
  public peerOf(componentId: string): Peer {
    if (componentId === ComponentIds.NEXUS) return this.nexus.peer;
    throw new Error(`nexus: no component ${show(componentId)} (NexusService has only "${ComponentIds.NEXUS}"; its stores are \`redis.peer\` and \`postgres.peer\`)`);
  }
}
