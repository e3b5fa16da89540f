import { Construct } from 'constructs';
import { CatalogExtensions, ComponentIds, GenesysService, PeerKindId as P } from '../catalog';
import {
  Connection,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  IngressPathType,
  MetricsScrape,
  Peer,
  StoreEngine,
} from '../core';
import { NexusEnvironment, NexusExternalEndpoint, NexusServiceProps } from './options';
import { propsOf, show } from '../core/errors';
import { catalogPorts, GenesysPeers, PEER_PORT, ServiceKit, storeAddress, envUrl, Bind, Binding, wireTable } from '../kit/internal';

/** The extension Prometheus → Digital Channels metrics (no catalog row documents the scrape). */
const METRICS_EXTENSION = CatalogExtensions.get('ext:nexus-metrics');

/**
 * Digital Channels (Nexus) with every documented connection wired and nothing else open.
 *
 * Creates (through core): the namespace (`nexus` by default) with default-deny and DNS policies; a
 * hardened Deployment `nexus` with a Service `http` 80 → pod 8080 (configurable), a ServiceAccount
 * without token, one ingress and one egress NetworkPolicy; an Ingress on `digital.<domain>` with
 * TLS, WebSocket upgrade and one-hour timeouts for the paths /nexus (API v3, WebSocket, async API,
 * aggregator callbacks), /chat (widgets), /ux, /admin and /auth; Redis and PostgreSQL, external or
 * development-only StatefulSets (`developmentStores`); with monitoring, the `metrics` port 4004, the
 * scrape rule (extension `ext:nexus-metrics`) and a ServiceMonitor; optionally a
 * HorizontalPodAutoscaler and a PodDisruptionBudget.
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
 *   given CIDR groups only; without any, the row is left unwired (a warning at synth).
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
  public static readonly DEFAULT_METRICS_PORT = METRICS_EXTENSION.servicePort!;
  /** Default path prefixes of the Ingress. */
  public static readonly DEFAULT_INGRESS_PATHS = ['/nexus', '/chat', '/ux', '/admin', '/auth'];

  /** The Digital Channels workload. */
  public readonly nexus: HardenedWorkload;
  /** The Ingress with TLS and WebSocket support (absent when the host is invalid, which is reported). */
  public readonly entryPoint?: EntryPoint;
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

  private readonly kit: ServiceKit;
  private readonly externalNames = new Set<string>();

  public constructor(scope: Construct, id: string, given: NexusServiceProps) {
    super(scope, id);
    const props = propsOf(this, GenesysService.NEXUS, given, '{ domain: "example.com" }');
    const kit = (this.kit = new ServiceKit(this, GenesysService.NEXUS, props));
    this.namespace = kit.namespace;
    const domain = kit.domain();
    this.host = kit.host('host', props.host, 'digital', domain) ?? '';
    this.url = `https://${this.host}`;
    this.nexus = this.createWorkload(props);
    this.redis = this.createRedis(props);
    this.postgres = this.createPostgres(props);
    if (this.host) this.entryPoint = this.createEntryPoint(props);

    const rows = wireTable(this, kit.check, GenesysService.NEXUS, this.bindings(props));
    this.gwsConnection = rows.get('nexus#7')![0];
    this.universalContactServiceConnection = rows.get('nexus#8')![0];
    // the egress half of nexus#1: replies to the async API clients' own endpoints
    for (const client of this.externals('asyncApiClients', props.asyncApiClients)) {
      Connection.declare(this, { source: this.nexus.peer, destination: client, port: 'https', refs: ['nexus#1'] });
    }
    if (props.monitoring ?? false) {
      this.metrics = new MetricsScrape(this, 'metrics', {
        workload: this.nexus,
        port: METRICS_EXTENSION.portName,
        prometheus: props.prometheus ?? Peer.prometheus(),
        path: '/metrics',
        intervalSeconds: 15,
        refs: [METRICS_EXTENSION.ref],
        reason: METRICS_EXTENSION.reason,
      });
    }
    kit.finish();
  }

  /** The Digital Channels workload as a connection end. */
  public get peer(): Peer {
    return this.nexus.peer;
  }

  private createWorkload(props: NexusServiceProps): HardenedWorkload {
    const kit = this.kit;
    const [http] = catalogPorts(ComponentIds.NEXUS);
    const podPort = props.podPort ?? http.targetPort!;
    const metricsPort = props.metricsPort ?? NexusService.DEFAULT_METRICS_PORT;
    kit.check.port('podPort', podPort);
    kit.check.port('metricsPort', metricsPort);
    const monitoring = props.monitoring ?? false;
    if (monitoring && (metricsPort === podPort || metricsPort === http.port)) {
      kit.check.fail(`metricsPort ${metricsPort} is also the HTTP port (the metrics need their own port, or Prometheus would reach the API: choose another, e.g. ${NexusService.DEFAULT_METRICS_PORT})`);
    }
    if (props.healthPath !== undefined) kit.check.urlPath('healthPath', props.healthPath);
    const workload = kit.component({
      id: ComponentIds.NEXUS,
      field: 'nexus',
      options: props.nexus,
      repository: NexusService.DEFAULT_IMAGE_REPOSITORY,
      tag: NexusService.DEFAULT_IMAGE_TAG,
      resources: { cpuRequestMillis: 250, cpuLimitMillis: 2000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 2048 },
      ports: [
        { ...http, targetPort: podPort },
        ...(monitoring ? [{ name: METRICS_EXTENSION.portName, port: metricsPort, appProtocol: 'http' }] : []),
      ],
      probe: { path: props.healthPath, port: PEER_PORT, initialDelaySeconds: 30 },
    });
    kit.env(workload, NexusEnvironment.HTTP_PORT, String(podPort));
    if (monitoring) kit.env(workload, NexusEnvironment.METRICS_PORT, String(metricsPort));
    if (this.host) kit.env(workload, NexusEnvironment.PUBLIC_URL, this.url);
    if (props.location !== undefined) kit.env(workload, NexusEnvironment.LOCATION, props.location);
    return workload;
  }

  private createRedis(props: NexusServiceProps): DataStore {
    const options = props.redis ?? {};
    const clusterMode = options.clusterMode ?? false;
    if (clusterMode && !options.external) {
      this.kit.check.fail('redis.clusterMode is true, but no redis.external is given (the embedded development Redis is a single node: give the external Redis cluster\'s host and CIDR groups)');
    }
    this.kit.env(this.nexus, NexusEnvironment.REDIS_CLUSTER, String(clusterMode));
    return this.kit.store({ id: 'redis', engine: StoreEngine.REDIS, kind: P.REDIS, field: 'redis', options: { external: options.external, embedded: options.embedded } });
  }

  private createPostgres(props: NexusServiceProps): DataStore {
    const options = props.postgres ?? {};
    const external = options.external;
    if (external) {
      this.kit.check.required('postgres.external.username', external.username, 'Digital Channels logs in to PostgreSQL with a user name and password');
      if (!external.credentials) {
        this.kit.check.fail('postgres.external.credentials is missing (Digital Channels logs in to PostgreSQL with a password: give the Secret name and key that hold it)');
      }
    }
    const database = options.database ?? GenesysService.NEXUS;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) {
      this.kit.check.fail(`postgres.database ${show(database)} is not a database name (a letter or '_', then letters, digits or '_', at most 63)`);
    }
    return this.kit.store({ id: 'postgres', engine: StoreEngine.POSTGRES, kind: P.POSTGRESQL, field: 'postgres', database, options: { external, embedded: options.embedded } });
  }

  /** Rows 1-3 (and the aggregators' callbacks of row 11) enter through the ingress controller. */
  private createEntryPoint(props: NexusServiceProps): EntryPoint {
    const timeout = props.ingressTimeoutSeconds ?? 3600;
    return new EntryPoint(this, 'ingress', {
      name: ComponentIds.NEXUS,
      namespace: this.namespace,
      host: this.host,
      routes: (props.ingressPaths ?? NexusService.DEFAULT_INGRESS_PATHS)
        .map((path) => ({ path, pathType: IngressPathType.PREFIX, workload: this.nexus, port: PEER_PORT })),
      controller: props.ingressController ?? Peer.ingressController(),
      labels: this.nexus.selectorLabels,
      tlsSecretName: props.tlsSecretName,
      className: props.ingressClassName,
      behaviour: { websocket: true, readTimeoutSeconds: timeout, sendTimeoutSeconds: timeout, maxBodyMebibytes: props.maxRequestBodyMebibytes ?? 10 },
      refs: ['nexus#1', 'nexus#2', 'nexus#3', 'nexus#11'],
    });
  }

  private bindings(props: NexusServiceProps): { ends: Map<string, Binding> } {
    const kit = this.kit;
    const viaIngress = Bind.elsewhere('the client enters through the Digital Channels Ingress (the ingress controller rule)');
    return {
      ends: new Map<string, Binding>([
        [ComponentIds.NEXUS, Bind.workloads(this.nexus)],
        [P.ASYNC_API_CLIENT, viaIngress],
        [P.GENESYS_WIDGETS, viaIngress],
        [P.BROWSER, viaIngress],
        [P.DESIGNER, Bind.peer(props.designer ?? GenesysPeers.designer())],
        [P.TENANT_SERVICE, Bind.peer(props.tenantService ?? GenesysPeers.tenantServiceCaller())],
        [P.CX_CONTACT, Bind.peer(props.cxContact ?? GenesysPeers.cxContact())],
        [ComponentIds.GWS_SERVICE_PROXY, Bind.peer(props.gws ?? GenesysPeers.gwsServiceProxy(), envUrl(kit, NexusEnvironment.GWS_URL))],
        [ComponentIds.UCSX, Bind.peer(
          props.universalContactService ?? GenesysPeers.universalContactService(), envUrl(kit, NexusEnvironment.UCS_URL))],
        [P.REDIS, Bind.peer(this.redis.peer, storeAddress(kit, this.redis, {
          host: NexusEnvironment.REDIS_HOST,
          port: NexusEnvironment.REDIS_PORT,
          url: NexusEnvironment.REDIS_URL,
          tls: NexusEnvironment.REDIS_TLS,
          password: NexusEnvironment.REDIS_PASSWORD,
        }))],
        [P.POSTGRESQL, Bind.peer(this.postgres.peer, storeAddress(kit, this.postgres, {
          host: NexusEnvironment.DB_HOST,
          port: NexusEnvironment.DB_PORT,
          database: NexusEnvironment.DB_NAME,
          user: NexusEnvironment.DB_USER,
          tls: NexusEnvironment.DB_SSL,
          password: NexusEnvironment.DB_PASSWORD,
        }))],
        [P.MESSAGING_AGGREGATORS, Bind.peers(this.externals('messagingAggregators', props.messagingAggregators), 'no messagingAggregators are given')],
        [P.WEBHOOKS, Bind.peers(this.externals('webhooks', props.webhooks), 'no webhooks are given')],
      ]),
    };
  }

  /** External HTTPS endpoints with unique names, each open on its port to its CIDR groups only. */
  private externals(field: string, endpoints: NexusExternalEndpoint[] | undefined): Peer[] {
    const names = this.externalNames;
    const peers: Peer[] = [];
    (endpoints ?? []).forEach((endpoint, i) => {
      const where = `${field}[${i}]`;
      if (!this.kit.check.required(`${where}.name`, endpoint?.name, 'name the endpoint, e.g. "crm-webhooks"')) return;
      if (names.has(endpoint.name)) {
        this.kit.check.fail(`${where}.name ${show(endpoint.name)} is used twice (give each external endpoint its own name)`);
        return;
      }
      names.add(endpoint.name);
      const peer = this.kit.external(where, endpoint, 443);
      if (peer) peers.push(peer);
    });
    return peers;
  }
}
