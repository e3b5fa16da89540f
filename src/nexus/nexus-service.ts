import { Construct } from 'constructs';
import { CatalogExtensions, ComponentIds, GenesysService, PeerKindId as P } from '../catalog';
import {
  Connection,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  PathMatchType,
  MetricsScrape,
  Peer,
  StoreEngine,
} from '../core';
import { NexusEnvironment, NexusExternalEndpoint, NexusPostgresOptions, NexusRedisOptions, NexusServiceOptions, NexusServiceProps } from './options';
import { dnsName, tcpPort, urlPath } from '../core/checks';
import { asBuiltIn } from '../core/connection';
import { ENTRY_POINTS } from '../core/entry-target';
import { Fields, flag, Input, list, shape, show, Spec, text, whole } from '../core/input';
import { PEER } from '../core/peer-spec';
import { STORE_FIELDS } from '../core/stores';
import {
  Bind, Binding, catalogPorts, COMPONENT_OPTIONS, envUrl, EXTERNAL_ENDPOINT_FIELDS, GenesysPeers, PEER_PORT, SERVICE_FIELDS, ServiceKit,
  SHARED_OPTION_FIELDS,
  storeAddress, wireTable,
} from '../kit/internal';

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

  public constructor(scope: Construct, id: string, given: NexusServiceProps) {
    super(scope, id);
    const started = ServiceKit.start<NexusServiceProps>(this, GenesysService.NEXUS, given, NEXUS_PROPS, '{ domain: "example.com" }');
    const kit = (this.kit = started.kit);
    const props = uniqueEndpointNames(kit.input, started.props);
    this.namespace = kit.namespace;
    const domain = kit.domain();
    this.host = kit.host(props.host, 'digital', domain) ?? '';
    this.url = `https://${this.host}`;
    this.nexus = this.createWorkload(props);
    this.redis = this.createRedis(props);
    this.postgres = this.createPostgres(props);
    if (this.host) this.entryPoint = this.createEntryPoint(props);

    const rows = wireTable(this, kit.input, GenesysService.NEXUS, this.bindings(props));
    this.gwsConnection = rows.get('nexus#7')![0];
    this.universalContactServiceConnection = rows.get('nexus#8')![0];
    // the egress half of nexus#1: replies to the async API clients' own endpoints
    for (const client of this.externals('asyncApiClients', props.asyncApiClients)) {
      Connection.declare(this, { source: this.nexus.peer, destination: client, port: 'https', refs: ['nexus#1'] });
    }
    if (props.monitoring ?? false) {
      this.metrics = asBuiltIn(() => new MetricsScrape(this, 'metrics', {
        workload: this.nexus,
        port: METRICS_EXTENSION.portName,
        prometheus: props.prometheus ?? Peer.prometheus(),
        path: '/metrics',
        intervalSeconds: 15,
        refs: [METRICS_EXTENSION.ref],
        reason: METRICS_EXTENSION.reason,
      }));
    }
    kit.finish({ chart: 'nexus' });
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
    const monitoring = props.monitoring ?? false;
    if (monitoring && (metricsPort === podPort || metricsPort === http.port)) {
      kit.input.at('metricsPort').fail(`${metricsPort} is also the HTTP port (the metrics need their own port, or Prometheus would reach the API: choose another, e.g. ${NexusService.DEFAULT_METRICS_PORT})`);
    }
    const workload = kit.component({
      id: ComponentIds.NEXUS,
      field: 'nexus',
      options: props.nexus,
      repository: NexusService.DEFAULT_IMAGE_REPOSITORY,
      tag: NexusService.DEFAULT_IMAGE_TAG,
      resources: { cpuRequestMillis: 250, cpuLimitMillis: 2000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 2048 },
      ports: [
        { ...http, targetPort: podPort },
        ...(monitoring && metricsPort !== podPort && metricsPort !== http.port ? [{ name: METRICS_EXTENSION.portName, port: metricsPort, appProtocol: 'http' }] : []),
      ],
      probe: { path: props.healthPath, port: PEER_PORT, initialDelaySeconds: 30 },
    });
    kit.env(workload, NexusEnvironment.HTTP_PORT, String(podPort));
    if (monitoring) kit.env(workload, NexusEnvironment.METRICS_PORT, String(metricsPort));
    if (this.host) kit.env(workload, NexusEnvironment.PUBLIC_URL, this.url);
    if (kit.common.location !== undefined) kit.env(workload, NexusEnvironment.LOCATION, kit.common.location);
    return workload;
  }

  private createRedis(props: NexusServiceProps): DataStore {
    const options = props.redis ?? {};
    const clusterMode = options.clusterMode ?? false;
    if (clusterMode && !options.external && !this.kit.input.at('redis').at('external').failedAround) {
      this.kit.input.at('redis').at('clusterMode').fail('is true, but no redis.external is given (the embedded development Redis is a single node: give the external Redis cluster\'s host and CIDR groups)');
    }
    this.kit.env(this.nexus, NexusEnvironment.REDIS_CLUSTER, String(clusterMode));
    return this.kit.store({ id: 'redis', engine: StoreEngine.REDIS, kind: P.REDIS, field: 'redis', options: { external: options.external, embedded: options.embedded } });
  }

  private createPostgres(props: NexusServiceProps): DataStore {
    const options = props.postgres ?? {};
    const external = options.external;
    const at = this.kit.input.at('postgres').at('external');
    if (external) {
      if (external.username === undefined && !at.at('username').failedAround) {
        at.at('username').fail('is missing (Digital Channels logs in to PostgreSQL with a user name and password)');
      }
      if (external.credentials === undefined && !at.at('credentials').failedAround) {
        at.at('credentials').fail('is missing (Digital Channels logs in to PostgreSQL with a password: give the Secret name and key that hold it)');
      }
    }
    const database = options.database ?? GenesysService.NEXUS;
    return this.kit.store({ id: 'postgres', engine: StoreEngine.POSTGRES, kind: P.POSTGRESQL, field: 'postgres', database, options: { external, embedded: options.embedded } });
  }

  /** The paths of the entry point: the given ones, else the defaults (also when the given ones were bad: reported). */
  private ingressPaths(props: NexusServiceProps): string[] {
    const paths = props.ingressPaths;
    if (paths === undefined || paths.length > 0) return paths ?? NexusService.DEFAULT_INGRESS_PATHS;
    const at = this.kit.input.at('ingressPaths');
    if (!at.failedAround) at.fail('is empty (route at least one path, e.g. ["/nexus"])');
    return NexusService.DEFAULT_INGRESS_PATHS;
  }

  /** Rows 1-3 (and the aggregators' callbacks of row 11) enter through the ingress controller. */
  private createEntryPoint(props: NexusServiceProps): EntryPoint | undefined {
    const timeout = props.ingressTimeoutSeconds ?? 3600;
    return this.kit.entryPoint({
      id: 'ingress',
      name: ComponentIds.NEXUS,
      host: this.host,
      routes: this.ingressPaths(props)
        .map((path) => ({ path, pathType: PathMatchType.PREFIX, workload: this.nexus, port: PEER_PORT })),
      labels: this.nexus.selectorLabels,
      tlsSecretName: props.tlsSecretName,
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

  /** External HTTPS endpoints (names unique across the three lists), each open on its port to its CIDR groups only. */
  private externals(field: 'webhooks' | 'messagingAggregators' | 'asyncApiClients', endpoints: NexusExternalEndpoint[] | undefined): Peer[] {
    const peers: Peer[] = [];
    (endpoints ?? []).forEach((endpoint, i) => {
      const peer = this.kit.external(`${field}[${i}]`, endpoint, 443);
      if (peer) peers.push(peer);
    });
    return peers;
  }
}

const ENDPOINT = shape<NexusExternalEndpoint>('an external endpoint', EXTERNAL_ENDPOINT_FIELDS, '{ name, host, cidrGroups }');

/** An external endpoint with its name (required). */
const endpoint: Spec<NexusExternalEndpoint> = Object.assign((input: Input, value: unknown) => {
  const e = ENDPOINT(input, value);
  if (e !== undefined && e.name === undefined) {
    if (!input.at('name').failedAround) input.at('name').fail('is missing (name the endpoint, e.g. "crm-webhooks")');
    return undefined;
  }
  return e;
}, { kind: ENDPOINT.kind, fields: ENDPOINT.fields });

const endpoints = list(endpoint, '[{ name, host, cidrGroups }]');

/** How `NexusServiceOptions` is read (endpoint names unique across the three lists: checked by the construct). */
export const NEXUS_OPTION_FIELDS: Fields<NexusServiceOptions> = {
  ...SHARED_OPTION_FIELDS,
  entryPoints: ENTRY_POINTS,
  host: dnsName,
  tlsSecretName: dnsName,
  ingressPaths: list(urlPath, '["/nexus", "/chat"]', { key: (p) => p, why: 'each path goes to one backend' }),
  ingressTimeoutSeconds: whole(1, 86400),
  maxRequestBodyMebibytes: whole(1, 10240),
  prometheus: PEER,
  monitoring: flag,
  podPort: tcpPort,
  metricsPort: tcpPort,
  healthPath: urlPath,
  nexus: COMPONENT_OPTIONS,
  designer: PEER,
  tenantService: PEER,
  cxContact: PEER,
  gws: PEER,
  universalContactService: PEER,
  redis: shape<NexusRedisOptions>('redis', { ...STORE_FIELDS, clusterMode: flag }, '{ external: { host, cidrGroups } }'),
  postgres: shape<NexusPostgresOptions>('postgres', {
    ...STORE_FIELDS,
    database: text((v) => (/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v) ? undefined : 'is not a database name (a letter or \'_\', then letters, digits or \'_\', at most 63)'), '"nexus"'),
  }, '{ external: { host, cidrGroups, username, credentials } }'),
  webhooks: endpoints,
  messagingAggregators: endpoints,
  asyncApiClients: endpoints,
};

export const NEXUS_PROPS: Fields<NexusServiceProps> = { ...SERVICE_FIELDS, ...NEXUS_OPTION_FIELDS };

/** Endpoint names are unique across webhooks, aggregators and async API clients. */
function uniqueEndpointNames(input: Input, o: NexusServiceProps): NexusServiceProps {
  const seen = new Map<string, string>();
  const lists = ['webhooks', 'messagingAggregators', 'asyncApiClients'] as const;
  const out: { [key: string]: unknown } = { ...o };
  for (const field of lists) {
    const kept: NexusExternalEndpoint[] = [];
    (o[field] ?? []).forEach((e, i) => {
      const first = seen.get(e.name);
      if (first !== undefined) {
        input.at(field).item(i).at('name').fail(`${show(e.name)} is used twice (also ${first}; give each external endpoint its own name)`);
        return;
      }
      seen.set(e.name, `${field}[${i}]`);
      kept.push(e);
    });
    if (o[field] !== undefined) out[field] = kept;
  }
  return out as unknown as NexusServiceProps;
}
