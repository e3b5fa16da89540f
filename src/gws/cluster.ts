import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CatalogPorts, ComponentIds as C, ConnectionCatalog, Direction, EndKind, GenesysPeerServices, GenesysService, PeerKindId as P } from '../catalog';
import {
  Connection,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  EntryPointBehaviour,
  Peer,
  PortProtocol,
  StoreEngine,
  StoreOptions,
  WorkloadPort,
} from '../core';
import { show } from '../core/input';
import { Address, Bind, Binding, catalogPorts, envUrl, GenesysPeers, PEER_PORT, ServiceKit, storeAddress, wireTable } from '../kit/internal';
import { Labels } from '../shared';
import { GwsEnvironment } from './environment';
import { ConsulNodeAgentOptions, GwsClusterProps, GwsEntryPointOptions, GwsServiceOptions, GwsServiceProxyOptions, GwsServicesOptions } from './props';
import { GWS_PROPS, gwsLocation } from './specs';

/** Name of the service proxy's internal port (the listener of the internal entry point). */
const HTTP_INTERNAL = 'http-internal';

/** Each GWS component id and the field of `GwsServicesOptions` that configures it. */
const OPTION_OF: { [id: string]: keyof GwsServicesOptions } = {
  [C.GWS_SERVICE_PROXY]: 'serviceProxy',
  [C.GWS_APP_WORKSPACE]: 'workspace',
  [C.GWS_APP_PROVISIONING]: 'provisioning',
  [C.GWS_PLATFORM_CONFIGURATION]: 'configuration',
  [C.GWS_PLATFORM_DATACOLLECTOR]: 'dataCollector',
  [C.GWS_PLATFORM_IXN]: 'interaction',
  [C.GWS_PLATFORM_OCS]: 'ocs',
  [C.GWS_PLATFORM_SETTING]: 'setting',
  [C.GWS_PLATFORM_STATISTICS]: 'statistics',
  [C.GWS_PLATFORM_VOICE]: 'voice',
  [C.GWS_PLATFORM_UCS]: 'ucs',
  [C.GWS_PLATFORM_CHAT]: 'chat',
  [C.GWS_UI_CRMWORKSPACE]: 'crmWorkspace',
  [C.GWS_UI_PROVISIONING]: 'agentSetup',
};

const UIS = [C.GWS_UI_CRMWORKSPACE, C.GWS_UI_PROVISIONING];
/** Components that get the public URL (links and redirects to the API browsers use). */
const PUBLIC_URL_USERS = [C.GWS_APP_WORKSPACE, C.GWS_APP_PROVISIONING, ...UIS];

/** The GWS stores: engine, options field and the configuration keys of their address. */
const STORES: Array<{ kind: P; engine: StoreEngine; field: 'postgres' | 'redis' | 'elasticsearch' | 'consul' }> = [
  { kind: P.POSTGRESQL, engine: StoreEngine.POSTGRES, field: 'postgres' },
  { kind: P.REDIS, engine: StoreEngine.REDIS, field: 'redis' },
  { kind: P.ELASTICSEARCH, engine: StoreEngine.ELASTICSEARCH, field: 'elasticsearch' },
  { kind: P.CONSUL, engine: StoreEngine.CONSUL, field: 'consul' },
];

const E = GwsEnvironment;
const STORE_KEYS = {
  [StoreEngine.POSTGRES]: {
    host: E.POSTGRES_HOST,
    port: E.POSTGRES_PORT,
    tls: E.POSTGRES_TLS,
    database: E.POSTGRES_DATABASE,
    user: E.POSTGRES_USER,
    password: E.POSTGRES_PASSWORD,
  },
  [StoreEngine.REDIS]: { host: E.REDIS_HOST, port: E.REDIS_PORT, tls: E.REDIS_TLS, password: E.REDIS_PASSWORD },
  [StoreEngine.ELASTICSEARCH]: {
    url: E.ELASTICSEARCH_URL,
    host: E.ELASTICSEARCH_HOST,
    port: E.ELASTICSEARCH_PORT,
    tls: E.ELASTICSEARCH_TLS,
    user: E.ELASTICSEARCH_USER,
    password: E.ELASTICSEARCH_PASSWORD,
  },
  [StoreEngine.CONSUL]: { host: E.CONSUL_HOST, port: E.CONSUL_PORT, tls: E.CONSUL_TLS, password: E.CONSUL_TOKEN },
};

/**
 * Genesys Web Services and Applications: the service proxy, the Workspace and Provisioning
 * services, the nine platform services, Gplus Adapter for Salesforce and Agent Setup, their data
 * stores and entry points, with all 31 documented connections (gws#1..gws#31) wired and locked down.
 *
 * Creates, in the namespace (default `gws`, default-deny with DNS allowed): for every enabled
 * component a hardened Deployment, a ClusterIP Service (`http` on the configured port, default
 * 80, to pod port 8080; the proxy also `http-internal` 81 to 8081), a ServiceAccount, an ingress
 * and an egress NetworkPolicy, plus a PodDisruptionBudget and HorizontalPodAutoscaler where the
 * sizing asks for them; PostgreSQL, Redis, Elasticsearch and Consul for every store an enabled
 * component uses: external, a node-local Consul agent, or (with `developmentStores`) embedded
 * StatefulSets annotated `genesys.cdk8s.io/development-only`; and the Ingresses `gws.<domain>`
 * (public class) and `gws-int.<domain>` (internal class), plus location hosts in a multi data
 * center setup, with CometD stickiness.
 *
 * Connections, each from the catalog row of the same reference, declared by the kit's one loop:
 * - gws#1: the ingress controllers to the proxy (pod port 8080 from the external entry point,
 *   8081 from the internal one);
 * - gws#2, 4-7: the proxy to every enabled platform service, Gplus Adapter, Agent Setup,
 *   Workspace and Provisioning (a disabled one is left unwired, with a warning);
 * - gws#3, 8, 19, 22: the proxy, every platform service, Workspace and Provisioning to Consul;
 * - gws#9, 23: Setting and Provisioning to PostgreSQL; gws#12, 18, 24, 25: Data Collector,
 *   Workspace, Interaction and Voice to Redis; gws#13: Data Collector to Elasticsearch;
 * - gws#10, 11: every platform service to the Tenant Service and GAuth; gws#14, 20: Workspace and
 *   Provisioning to GAuth;
 * - gws#15, 16, 29-31: Workspace to Data Collector, Configuration, Voice, Statistics and Setting;
 *   gws#21: Provisioning to Configuration (a disabled destination of these is an error);
 * - gws#17, 26-28: Workspace to Voicemail, IWD, Digital Channels and UCS.
 *
 * Every source gets the destination's address in its environment (see `GwsEnvironment`). The embedded
 * PostgreSQL and Redis read their password from the Secrets `postgres-gws-credentials` and
 * `redis-gws-credentials` (key `password`), which are referenced, never written: create them
 * before deploying, or give `embedded.credentials`.
 */
export class GwsCluster extends Construct {
  /** The GWS release tag used when `image.tag` is not given (pinned; set the release you are entitled to). */
  public static readonly DEFAULT_IMAGE_TAG = '100.0.100.0156';

  /** The namespace. */
  public readonly namespace: string;
  /** The enabled component ids, in catalog order. */
  public readonly enabledComponents: string[];
  /** The entry points: external (then its location host), internal (then its location host). */
  public readonly entryPoints: EntryPoint[] = [];
  /** `https://<external host>` when the external entry point is written. */
  public readonly publicUrl?: string;
  /** `https://<internal host>` when the internal entry point is written. */
  public readonly internalUrl?: string;
  /** Every connection the cluster declared (entry points first, then the rows in catalog order). */
  public readonly connections: Connection[] = [];

  private readonly kit: ServiceKit;
  private readonly props: GwsClusterProps;
  private readonly location?: string;
  private readonly workloads = new Map<string, HardenedWorkload>();
  private readonly stores = new Map<StoreEngine, DataStore>();
  private readonly connectionsByRef = new Map<string, Connection[]>();

  public constructor(scope: Construct, id: string, given: GwsClusterProps) {
    super(scope, id);
    const { kit, props } = ServiceKit.start<GwsClusterProps>(this, GenesysService.GWS, given, GWS_PROPS, '{ domain: "example.com", tenantService, iwd }');
    this.props = props;
    this.kit = kit;
    this.namespace = kit.namespace;
    // the location names hosts (gws-<location>.<domain>) and cookies
    this.location = kit.common.location !== undefined ? gwsLocation(kit.input.at('location'), kit.common.location) : undefined;
    const services = props.services ?? {};
    const enabled = (componentId: string) => services[OPTION_OF[componentId]]?.enabled ?? true;
    this.enabledComponents = ConnectionCatalog.componentsOf(GenesysService.GWS).filter(enabled);
    this.checkDependencies(enabled);
    for (const componentId of this.enabledComponents) this.addComponent(componentId, services);

    // the domain may be left out when every enabled entry point names its host (checked there)
    const domain = kit.domain(false);
    this.publicUrl = this.entryPoint('external', 'gws', PEER_PORT, domain)?.url;
    this.internalUrl = this.entryPoint('internal', 'gws-int', HTTP_INTERNAL, domain)?.url;
    for (const store of STORES) if (this.uses(store.kind)) this.addStore(store);

    for (const [ref, connections] of wireTable(this, kit.input, GenesysService.GWS, this.bindings())) {
      this.connections.push(...connections);
      this.connectionsByRef.set(ref, [...(this.connectionsByRef.get(ref) ?? []), ...connections]);
    }
    const publicUrl = this.publicUrl ?? this.internalUrl;
    for (const [componentId, workload] of this.workloads) {
      if (this.location !== undefined) kit.env(workload, GwsEnvironment.LOCATION, this.location);
      if (publicUrl !== undefined && PUBLIC_URL_USERS.includes(componentId)) kit.env(workload, GwsEnvironment.PUBLIC_URL, publicUrl);
    }
    kit.finish({
      chart: 'gws-services',
      // the container environment Genesys' sample values set for GWS (context.env)
      envPath: ['context', 'env'],
      envNames: (name) => [GwsEnvironment.AUTH_URL, GwsEnvironment.VOICEMAIL_URL, 'GWS_SERVICE_ENV_URL', 'GWS_SERVICE_CONF_URL'].includes(name)
        || /^GWS_[A-Z_]*_SERVICES_AUTH_FOR_REDIRECT$/.test(name),
    });
  }

  /** The workload of an enabled component id (e.g. `gws-app-workspace`); undefined when disabled. */
  public workload(componentId: string): HardenedWorkload | undefined {
    return this.workloads.get(componentId);
  }

  /** The service proxy, when enabled. */
  public get serviceProxy(): HardenedWorkload | undefined {
    return this.workload(C.GWS_SERVICE_PROXY);
  }

  /** The connections that implement a catalog row, e.g. `gws#8` (one per enabled source). */
  public connectionsOf(ref: string): Connection[] {
    return [...(this.connectionsByRef.get(ref) ?? [])];
  }

  /** PostgreSQL, when an enabled component uses it. */
  public get postgres(): DataStore | undefined {
    return this.stores.get(StoreEngine.POSTGRES);
  }

  /** Redis, when an enabled component uses it. */
  public get redis(): DataStore | undefined {
    return this.stores.get(StoreEngine.REDIS);
  }

  /** Elasticsearch, when an enabled component uses it. */
  public get elasticsearch(): DataStore | undefined {
    return this.stores.get(StoreEngine.ELASTICSEARCH);
  }

  /** Consul as a store (external or embedded); undefined for a node-local agent or when unused. */
  public get consul(): DataStore | undefined {
    return this.stores.get(StoreEngine.CONSUL);
  }

  /** True when an enabled component dials the peer kind. */
  private uses(kind: string): boolean {
    return ConnectionCatalog.forService(GenesysService.GWS).some((r) =>
      r.destination.id === kind && r.source.components.some((s) => this.workloads.has(s)));
  }

  /**
   * A GWS workload that dials another GWS component (every internal row whose source is not the
   * proxy: gws#15, 16, 21, 29-31) needs it enabled; the proxy routes only to enabled services.
   */
  private checkDependencies(enabled: (id: string) => boolean): void {
    const gws = new Set(ConnectionCatalog.componentsOf(GenesysService.GWS));
    for (const row of ConnectionCatalog.forService(GenesysService.GWS)) {
      if (row.direction !== Direction.INTERNAL || row.source.id === C.GWS_SERVICE_PROXY) continue;
      for (const source of row.source.components) {
        for (const destination of row.destination.components) {
          if (!gws.has(source) || !gws.has(destination) || !enabled(source) || enabled(destination)) continue;
          this.kit.input.at('services').at(OPTION_OF[source]).failAlso(`(${source}) is enabled but needs services.${OPTION_OF[destination]} (${destination}, ${row.ref}), which is disabled (enable ${OPTION_OF[destination]} or disable ${OPTION_OF[source]})`);
        }
      }
    }
  }

  private addComponent(componentId: string, services: GwsServicesOptions): void {
    const field = `services.${OPTION_OF[componentId]}`;
    const options: GwsServiceOptions = services[OPTION_OF[componentId]] ?? {};
    const ui = UIS.includes(componentId);
    const shared = this.props.image ?? {};
    const image = options.image ?? (shared.pullPolicy !== undefined ? {
      repository: `${shared.repositoryPrefix ?? 'gws'}/${componentId}`, tag: shared.tag ?? GwsCluster.DEFAULT_IMAGE_TAG, pullPolicy: shared.pullPolicy,
    } : undefined);
    this.workloads.set(componentId, this.kit.component({
      id: componentId,
      field,
      options: { ...options, image },
      repository: `${shared.repositoryPrefix ?? 'gws'}/${componentId}`,
      tag: shared.tag ?? GwsCluster.DEFAULT_IMAGE_TAG,
      ports: this.portsOf(componentId, options, field),
      resources: ui
        ? { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256 }
        : { cpuRequestMillis: 250, cpuLimitMillis: 2000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 2048 },
      probe: { port: PEER_PORT, initialDelaySeconds: ui ? 10 : 60, ...(options.probe ?? {}) },
      writablePaths: options.writablePaths ?? (ui ? ['/tmp', '/var/cache/nginx', '/var/run'] : ['/tmp']),
    }));
  }

  /** The catalog's ports, the `http` Service port as configured; a bad port is reported once and replaced. */
  private portsOf(componentId: string, options: GwsServiceOptions, field: string): WorkloadPort[] {
    const ports = catalogPorts(componentId);
    const http = ports.find((p) => p.name === PEER_PORT)!;
    const port = options.port ?? http.port;
    const out = ports.map((p) => (p.name === PEER_PORT ? { ...p, port } : p));
    if (componentId !== C.GWS_SERVICE_PROXY) return out;
    const internal = out.find((p) => p.name === HTTP_INTERNAL)!;
    const given = (options as GwsServiceProxyOptions).internalPort;
    const other = port === internal.port ? http.port : internal.port;
    let internalPort = given ?? internal.port;
    if (internalPort === port) {
      this.kit.input.at(field).at('internalPort').fail(`${internalPort} equals ${field}.port (the proxy's Service serves both listeners: give internalPort another port, e.g. ${other === port ? port + 1 : other})`);
      internalPort = other === port ? port + 1 : other;
    }
    return out.map((p) => (p.name === HTTP_INTERNAL ? { ...p, port: internalPort } : p));
  }

  /** One entry point to the proxy (gws#1), when enabled; the internal one on the internal class. */
  private entryPoint(which: 'external' | 'internal', name: string, port: string, domain: string | undefined): EntryPoint | undefined {
    const ingress = this.props.ingress ?? {};
    const options: GwsEntryPointOptions = ingress[which] ?? {};
    const at = this.kit.input.at('ingress').at(which);
    if (options.enabled === false) return undefined;
    const proxy = this.workloads.get(C.GWS_SERVICE_PROXY);
    if (!proxy) {
      if (options.enabled === true) at.at('enabled').fail('is true, but services.serviceProxy is disabled (the entry points route to the proxy: enable it or disable the entry point)');
      return undefined;
    }
    const host = this.kit.host(options.host, name, domain);
    if (host === undefined) {
      if (!at.at('host').failedAround && !this.kit.common.domainInput.failedAround) {
        at.at('host').fail(`is missing and there is no domain (give domain, e.g. "example.com" for ${name}.example.com, or ingress.${which}.host)`);
      }
      return undefined;
    }
    const location = this.location;
    const internal = which === 'internal';
    const behaviour: EntryPointBehaviour = ingress.behaviour ?? {
      cookieAffinity: { cookieName: location !== undefined ? `gws-route-${location}` : 'gws-route' },
      readTimeoutSeconds: 300,
      sendTimeoutSeconds: 300,
    };
    const common = {
      routes: [{ path: '/', workload: proxy, port }],
      labels: Labels.selector(C.GWS_SERVICE_PROXY, GenesysService.GWS),
      internal,
      entryPoints: options.entryPoints,
      entryPointsField: `ingress.${which}.entryPoints`,
      behaviour,
      refs: ['gws#1'],
    };
    const main = this.kit.entryPoint({ ...common, id: `ingress-${which}`, name, host, tlsSecretName: options.tlsSecretName ?? `${name}-tls` });
    this.addEntryPoint(main);
    if (location !== undefined && (ingress.locationHosts ?? true)) {
      const regional = `${name}-${location}`;
      this.addEntryPoint(this.kit.entryPoint({
        ...common,
        id: `ingress-${which}-location`,
        name: regional,
        host: host.replace(/^([^.]+)/, `$1-${location}`),
        tlsSecretName: options.locationTlsSecretName ?? `${regional}-tls`,
      }));
    }
    return main;
  }

  private addEntryPoint(entryPoint: EntryPoint | undefined): void {
    if (!entryPoint) return;
    this.entryPoints.push(entryPoint);
    this.connections.push(...entryPoint.connections);
    this.connectionsByRef.set('gws#1', [...(this.connectionsByRef.get('gws#1') ?? []), ...entryPoint.connections]);
  }

  private addStore(spec: typeof STORES[number]): void {
    const options: StoreOptions | undefined = this.props[spec.field];
    // the node agent (see consulNodeAgent), or a Consul setting that was refused (reported)
    if (spec.engine === StoreEngine.CONSUL && (this.props.consul?.nodeAgent !== undefined || this.kit.input.at('consul').failedAround)) return;
    this.stores.set(spec.engine, this.kit.store({
      id: `store-${spec.engine}`,
      engine: spec.engine,
      kind: spec.kind,
      field: spec.field,
      options,
      database: spec.engine === StoreEngine.POSTGRES ? this.props.databases?.gws ?? 'gws' : undefined,
    }));
  }

  /** Every end of the GWS table: the components, the stores, the Genesys peers. */
  private bindings(): { ends: Map<string, Binding> } {
    const kit = this.kit;
    const ends = new Map<string, Binding>([[P.BROWSER, Bind.elsewhere('clients enter through the GWS entry points (the ingress controller rules)')]]);
    for (const id of ConnectionCatalog.componentsOf(GenesysService.GWS)) {
      const w = this.workloads.get(id);
      ends.set(id, w ? { ...Bind.workloads(w), address: envUrl(kit, GwsEnvironment.componentUrl(id)) } : Bind.unwired(`services.${OPTION_OF[id]} is disabled`));
    }
    for (const [engine, store] of this.stores) {
      const spec = STORES.find((s) => s.engine === engine)!;
      const agentSetup = this.props.databases?.agentSetup ?? store.database;
      const database = (source: HardenedWorkload) => (source.id === C.GWS_APP_PROVISIONING ? agentSetup : store.database);
      const address = storeAddress(kit, store, STORE_KEYS[engine], engine === StoreEngine.POSTGRES ? database : undefined);
      ends.set(spec.kind, Bind.peer(store.peer, address));
    }
    if (this.props.consul?.nodeAgent !== undefined) ends.set(P.CONSUL, this.consulNodeAgent(this.props.consul.nodeAgent));
    const p = this.props;
    ends.set(P.AUTH_SERVICE, this.genesysPeer('authService', p.authService ?? GenesysPeers.authService(), E.AUTH_URL, (source) => this.wireAuthClient(source)));
    ends.set(P.TENANT_SERVICE, this.genesysPeer('tenantService', p.tenantService, E.TENANT_URL));
    ends.set(P.VOICEMAIL, this.genesysPeer('voicemail', p.voicemail ?? GenesysPeers.voicemail(), E.VOICEMAIL_URL, undefined, GenesysPeerServices.get(P.VOICEMAIL).path));
    ends.set(P.IWD, this.genesysPeer('iwd', p.iwd, E.IWD_URL));
    ends.set(C.NEXUS, this.genesysPeer('digitalChannels', p.digitalChannels ?? GenesysPeers.digitalChannels(), E.DIGITAL_CHANNELS_URL));
    ends.set(C.UCSX, this.genesysPeer('universalContactService', p.universalContactService ?? GenesysPeers.universalContactService(), E.UCS_URL));
    for (const row of ConnectionCatalog.forService(GenesysService.GWS)) {
      // a store no enabled component uses is never dialled
      if (row.destination.kind === EndKind.PEER && !ends.has(row.destination.id)) ends.set(row.destination.id, Bind.unwired('no enabled component uses it'));
    }
    return { ends };
  }

  /** Another Genesys service: its URL in the source's configuration; missing or without `http`, reported once. */
  private genesysPeer(field: string, peer: Peer | undefined, key: string, extra?: (source: HardenedWorkload) => void, path = ''): Binding {
    const at = this.kit.input.at(field);
    if (peer === undefined) {
      if (!at.failedAround) at.fail(`is missing (give the peer, e.g. GenesysPeers.${field}({ port }); Genesys documents no port for it)`);
      return Bind.unwired(`${field} is missing`);
    }
    if (!peer.spec.host) at.fail(`${peer.describe()} has no host (give the external peer a host so ${key} can be written)`);
    if (!peer.findPort(PEER_PORT)) {
      const ports = peer.portNames;
      at.fail(`${peer.describe()} serves no port named ${show(PEER_PORT)} (it serves ${ports.length ? ports.map((n) => show(n)).join(', ') : 'none'}): give the peer its port, e.g. { name: ${show(PEER_PORT)}, port: 8080 }`);
      return Bind.unwired(`${field} serves no port ${PEER_PORT}`);
    }
    const url = envUrl(this.kit, key, path);
    const address: Address = (source, c, i) => {
      url(source, c, i);
      extra?.(source);
    };
    return Bind.peer(peer, address, PEER_PORT);
  }

  private wireAuthClient(source: HardenedWorkload): void {
    const client = this.props.authClient;
    if (!client) return;
    this.kit.env(source, E.AUTH_CLIENT_ID, client.clientId);
    this.kit.secretEnv(source, E.AUTH_CLIENT_SECRET, client.clientSecret);
  }

  /** Consul as the agent on every node (read already): egress to the node CIDR groups, the host is the node's IP. */
  private consulNodeAgent(agent: ConsulNodeAgentOptions): Binding {
    const port = agent.port ?? catalogConsulPort();
    const peer = Peer.external({
      name: 'gws-consul-node-agent',
      cidrGroups: agent.nodeCidrGroups,
      ports: [{ name: StoreEngine.CONSUL, port, protocol: PortProtocol.TCP, appProtocol: agent.tls ? 'https' : 'http' }],
    });
    return Bind.peer(peer, (source, c) => {
      this.kit.fieldEnv(source, E.CONSUL_HOST, kplus.EnvFieldPaths.NODE_IP);
      this.kit.env(source, E.CONSUL_PORT, String(c.endpoint.port));
      this.kit.env(source, E.CONSUL_TLS, String(agent.tls ?? false));
      this.kit.secretEnv(source, E.CONSUL_TOKEN, agent.token);
    });
  }
}

/** The Consul port the GWS rows dial. */
function catalogConsulPort(): number {
  return CatalogPorts.ofPeer(P.CONSUL, GenesysService.GWS).find((p) => p.name === StoreEngine.CONSUL)!.servicePort!;
}
