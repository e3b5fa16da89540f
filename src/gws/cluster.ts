import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ComponentIds as C,
  ConnectionCatalog,
  Direction,
  GenesysService,
  GWS_POD_PORT,
  GWS_SERVICE_PORT,
  PeerKindId as P,
} from '../catalog';
import {
  Connection,
  ContainerImage,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  IngressBehaviour,
  Peer,
  PortProtocol,
  ResourceOptions,
  SecretKeyReference,
  StoreEngine,
  StoreOptions,
  WorkloadPort,
} from '../core';
import { Check, show } from '../core/errors';
import { Labels } from '../shared';
import { GenesysPeers, PEER_PORT } from '../peers';
import { GwsEnvironment } from './environment';
import { GwsClusterProps, GwsEntryPointOptions, GwsServiceOptions, GwsServiceProxyOptions, GwsServicesOptions } from './props';
import { setUpService } from '../peers/service-setup';

/** Name of every GWS workload's HTTP port (the one `GenesysPeers.gwsServiceProxy()` and `.gwsWorkspace()` dial). */
const HTTP = 'http';
/** Name of the service proxy's internal port. */
const HTTP_INTERNAL = 'http-internal';
/** Default Service port of the proxy's internal listener. */
const PROXY_INTERNAL_PORT = 81;
/** Pod port of the proxy's internal listener. */
const PROXY_INTERNAL_POD_PORT = 8081;
/** The row the entry points implement: clients to the service proxy. */
const ENTRY_REF = 'gws#1';
/** Consul's HTTP API port. */
const CONSUL_PORT = 8500;

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

const JAVA_RESOURCES: Required<ResourceOptions> = {
  cpuRequestMillis: 250, cpuLimitMillis: 2000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 2048,
};
const UI_RESOURCES: Required<ResourceOptions> = {
  cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256,
};

/** The store engine of a catalog store peer. */
const ENGINE_OF: { [kind: string]: StoreEngine } = {
  [P.POSTGRESQL]: StoreEngine.POSTGRES,
  [P.REDIS]: StoreEngine.REDIS,
  [P.ELASTICSEARCH]: StoreEngine.ELASTICSEARCH,
  [P.CONSUL]: StoreEngine.CONSUL,
};

/** One enabled component: its workload and the variables the cluster wired into it. */
interface Component {
  readonly id: string;
  readonly option: keyof GwsServicesOptions;
  readonly options: GwsServiceOptions;
  readonly workload: HardenedWorkload;
  readonly wired: Set<string>;
}

/** Where a catalog row's destination is, and how its source learns the address. */
interface Target {
  readonly peer: Peer;
  readonly port: string;
  readonly wire: (source: Component, connection: Connection) => void;
}

/**
 * Genesys Web Services and Applications: the service proxy, the Workspace and Provisioning
 * services, the nine platform services, Gplus Adapter for Salesforce and Agent Setup, their data
 * stores and entry points, with all 31 documented connections (gws#1..gws#31) wired and locked down.
 *
 * Creates, in the namespace (default `gws`, default-deny with DNS allowed): for every enabled
 * component a hardened Deployment, a ClusterIP Service (`http` on the configured port, default
 * 80, to pod port 8080; the proxy also `http-internal` 81 to 8081), a ServiceAccount, an ingress
 * and an egress NetworkPolicy, plus a PodDisruptionBudget and HorizontalPodAutoscaler where the
 * sizing asks for them; embedded PostgreSQL, Redis, Elasticsearch and Consul StatefulSets
 * (annotated `genesys.cdk8s.io/development-only`) for every store that an enabled component uses
 * and that is not given as external; and the Ingresses `gws.<domain>` and `gws-int.<domain>`
 * (plus location hosts in a multi data center setup) with CometD stickiness.
 *
 * Connections, each from the catalog row of the same reference:
 * - gws#1: the ingress controller to the proxy (pod port 8080 from the external entry point,
 *   8081 from the internal one);
 * - gws#2, 4-7: the proxy to every enabled platform service, Gplus Adapter, Agent Setup,
 *   Workspace and Provisioning (the proxy routes only to enabled services);
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
  /** The entry points (external, internal, then location hosts). */
  public readonly entryPoints: EntryPoint[];
  /** `https://<external host>` when the external entry point is written. */
  public readonly publicUrl?: string;
  /** `https://<internal host>` when the internal entry point is written. */
  public readonly internalUrl?: string;
  /** Every connection the cluster declared (entry points first, then the rows in catalog order). */
  public readonly connections: Connection[];

  private readonly components = new Map<string, Component>();
  private readonly stores = new Map<StoreEngine, DataStore>();
  private readonly targets = new Map<string, Target | undefined>();
  private readonly connectionsByRef = new Map<string, Connection[]>();
  private readonly check: Check;
  private readonly props: GwsClusterProps;
  private readonly authClientOk: boolean;

  public constructor(scope: Construct, id: string, props: GwsClusterProps) {
    super(scope, id);
    this.props = props;
    // the domain may be left out when every enabled entry point names its host (checked below)
    const setup = setUpService(this, GenesysService.GWS, props, false);
    this.check = setup.check;
    if (props.location !== undefined) this.check.dnsLabel('location', props.location, 20);
    this.namespace = setup.namespace;
    this.connections = [];
    this.entryPoints = [];

    const services = props.services ?? {};
    const enabled = (componentId: string) => services[OPTION_OF[componentId]]?.enabled ?? true;
    this.enabledComponents = C.forService(GenesysService.GWS).filter(enabled);
    this.checkDependencies(enabled);
    this.authClientOk = this.checkAuthClient();

    for (const componentId of this.enabledComponents) this.addComponent(componentId, services);

    const proxy = this.components.get(C.GWS_SERVICE_PROXY);
    const external = this.entryPoint(proxy, 'external', 'gws', HTTP);
    const internal = this.entryPoint(proxy, 'internal', 'gws-int', HTTP_INTERNAL);
    this.publicUrl = external?.url;
    this.internalUrl = internal?.url;

    for (const row of ConnectionCatalog.forService(GenesysService.GWS)) {
      if (row.direction === Direction.INGRESS) continue; // gws#1: the entry points above
      for (const sourceId of row.source.components) {
        const source = this.components.get(sourceId);
        if (!source) continue;
        // a component or "Platform services" (gws#2, every one of them), else a peer kind
        const destinations = row.destination.components.length > 0 ? row.destination.components : [row.destination.id];
        for (const destination of destinations) {
          const target = this.targetOf(destination);
          if (!target) continue; // a disabled GWS destination the proxy would route to
          const connection = Connection.declare(this, { source: source.workload.peer, destination: target.peer, port: target.port, refs: [row.ref] });
          this.record(row.ref, connection);
          target.wire(source, connection);
        }
      }
    }

    const publicUrl = this.publicUrl ?? this.internalUrl;
    for (const component of this.components.values()) {
      if (props.location !== undefined) this.setEnv(component, GwsEnvironment.LOCATION, props.location);
      if (publicUrl !== undefined && PUBLIC_URL_USERS.includes(component.id)) this.setEnv(component, GwsEnvironment.PUBLIC_URL, publicUrl);
      this.addUserEnv(component);
    }
  }

  /** The workload of an enabled component id (e.g. `gws-app-workspace`); undefined when disabled. */
  public workload(componentId: string): HardenedWorkload | undefined {
    return this.components.get(componentId)?.workload;
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

  private record(ref: string, connection: Connection): void {
    this.connections.push(connection);
    const list = this.connectionsByRef.get(ref) ?? [];
    list.push(connection);
    this.connectionsByRef.set(ref, list);
  }

  /**
   * A GWS workload that dials another GWS component (every internal row whose source is not the
   * proxy: gws#15, 16, 21, 29-31) needs it enabled; the proxy routes only to enabled services.
   */
  private checkDependencies(enabled: (id: string) => boolean): void {
    const gws = new Set(C.forService(GenesysService.GWS));
    for (const row of ConnectionCatalog.forService(GenesysService.GWS)) {
      if (row.direction !== Direction.INTERNAL || row.source.id === C.GWS_SERVICE_PROXY) continue;
      for (const source of row.source.components) {
        for (const destination of row.destination.components) {
          if (!gws.has(source) || !gws.has(destination) || !enabled(source) || enabled(destination)) continue;
          this.check.fail(`services.${OPTION_OF[source]} (${source}) is enabled but needs services.${OPTION_OF[destination]} (${destination}, ${row.ref}), which is disabled (enable ${OPTION_OF[destination]} or disable ${OPTION_OF[source]})`);
        }
      }
    }
  }

  private addComponent(componentId: string, services: GwsServicesOptions): void {
    const option = OPTION_OF[componentId];
    const options: GwsServiceOptions = services[option] ?? {};
    const field = `services.${option}`;
    const ports = this.portsOf(componentId, options, field);
    const ui = UIS.includes(componentId);
    const shared = this.props.image ?? {};
    const image: ContainerImage = options.image ?? {
      registry: this.props.imageRegistry,
      repository: `${shared.repositoryPrefix ?? 'gws'}/${componentId}`,
      tag: shared.tag ?? GwsCluster.DEFAULT_IMAGE_TAG,
      pullPolicy: shared.pullPolicy,
    };
    const workload = new HardenedWorkload(this, componentId, {
      id: componentId,
      component: GenesysService.GWS,
      namespace: this.namespace,
      image,
      ports,
      replicas: options.replicas,
      resources: { ...(ui ? UI_RESOURCES : JAVA_RESOURCES), ...(options.resources ?? {}) },
      autoscaling: options.autoscaling,
      probe: { port: HTTP, initialDelaySeconds: ui ? 10 : 60, ...(options.probe ?? {}) },
      writablePaths: options.writablePaths ?? (ui ? ['/tmp', '/var/cache/nginx', '/var/run'] : ['/tmp']),
    });
    this.components.set(componentId, { id: componentId, option, options, workload, wired: new Set() });
  }

  /**
   * `http` on the configured Service port to 8080; the proxy also `http-internal` to 8081. A bad
   * port is reported here, with its field, and replaced so the workload does not report it again.
   */
  private portsOf(componentId: string, options: GwsServiceOptions, field: string): WorkloadPort[] {
    let port = options.port ?? GWS_SERVICE_PORT;
    if (!this.check.port(`${field}.port`, port)) port = GWS_SERVICE_PORT;
    const http: WorkloadPort = { name: HTTP, port, targetPort: GWS_POD_PORT, protocol: PortProtocol.TCP, appProtocol: 'http' };
    if (componentId !== C.GWS_SERVICE_PROXY) return [http];
    const other = port === PROXY_INTERNAL_PORT ? GWS_SERVICE_PORT : PROXY_INTERNAL_PORT;
    let internal = (options as GwsServiceProxyOptions).internalPort ?? PROXY_INTERNAL_PORT;
    if (!this.check.port(`${field}.internalPort`, internal)) {
      internal = other;
    } else if (internal === port) {
      this.check.fail(`${field}.internalPort ${internal} equals ${field}.port (the proxy's Service serves both listeners: give internalPort another port, e.g. ${other})`);
      internal = other;
    }
    return [http, { name: HTTP_INTERNAL, port: internal, targetPort: PROXY_INTERNAL_POD_PORT, protocol: PortProtocol.TCP, appProtocol: 'http' }];
  }

  /** One entry point to the proxy (gws#1), when enabled. */
  private entryPoint(proxy: Component | undefined, which: 'external' | 'internal', name: string, port: string): EntryPoint | undefined {
    const ingress = this.props.ingress ?? {};
    const options: GwsEntryPointOptions = ingress[which] ?? {};
    if (options.enabled === false) return undefined;
    if (!proxy) {
      if (options.enabled === true) this.check.fail(`ingress.${which}.enabled is true, but services.serviceProxy is disabled (the entry points route to the proxy: enable it or disable the entry point)`);
      return undefined;
    }
    const domain = this.props.domain;
    const host = options.host ?? (domain ? `${name}.${domain}` : undefined);
    if (host === undefined) {
      this.check.fail(`ingress.${which}.host is missing and there is no domain (give domain, e.g. "example.com" for ${name}.example.com, or ingress.${which}.host)`);
      return undefined;
    }
    const location = this.props.location;
    const behaviour: IngressBehaviour = ingress.behaviour ?? {
      cookieAffinity: { cookieName: location !== undefined ? `gws-route-${location}` : 'gws-route' },
      readTimeoutSeconds: 300,
      sendTimeoutSeconds: 300,
    };
    const common = {
      namespace: this.namespace,
      routes: [{ path: '/', workload: proxy.workload, port }],
      controller: options.controller ?? this.props.ingressController ?? Peer.ingressController(),
      labels: Labels.selector(C.GWS_SERVICE_PROXY, GenesysService.GWS),
      className: options.className ?? this.props.ingressClassName,
      behaviour,
      refs: [ENTRY_REF],
    };
    const main = new EntryPoint(this, `ingress-${which}`, { ...common, name, host, tlsSecretName: options.tlsSecretName ?? `${name}-tls` });
    this.addEntryPoint(main);
    if (location !== undefined && (ingress.locationHosts ?? true)) {
      const regional = `${name}-${location}`;
      this.addEntryPoint(new EntryPoint(this, `ingress-${which}-location`, {
        ...common,
        name: regional,
        host: host.replace(/^([^.]+)/, `$1-${location}`),
        tlsSecretName: options.locationTlsSecretName ?? `${regional}-tls`,
      }));
    }
    return main;
  }

  private addEntryPoint(entryPoint: EntryPoint): void {
    this.entryPoints.push(entryPoint);
    for (const c of entryPoint.connections) this.record(ENTRY_REF, c);
  }

  /** The destination of a row: a GWS workload, a store or a Genesys peer (resolved once, stores created on first use). */
  private targetOf(id: string): Target | undefined {
    if (this.targets.has(id)) return this.targets.get(id);
    const target = this.resolve(id);
    this.targets.set(id, target);
    return target;
  }

  /** The target of a catalog destination id: a GWS component id, a store or peer kind, or another service's component. */
  private resolve(id: string): Target | undefined {
    if (OPTION_OF[id] !== undefined) {
      const destination = this.components.get(id);
      if (!destination) return undefined;
      return {
        peer: destination.workload.peer,
        port: HTTP,
        wire: (source, c) => this.setEnv(source, GwsEnvironment.componentUrl(id), c.url()),
      };
    }
    const engine = ENGINE_OF[id];
    if (engine === StoreEngine.CONSUL && this.props.consul?.nodeAgent !== undefined) return this.consulNodeAgent();
    if (engine !== undefined) return this.store(engine);
    switch (id) {
      case P.AUTH_SERVICE:
        return this.genesysPeer('authService', this.props.authService ?? GenesysPeers.authService(), GwsEnvironment.AUTH_URL, (source) => this.wireAuthClient(source));
      case P.TENANT_SERVICE:
        return this.genesysPeer('tenantService', this.props.tenantService, GwsEnvironment.TENANT_URL);
      case P.VOICEMAIL:
        return this.genesysPeer('voicemail', this.props.voicemail ?? GenesysPeers.voicemail(), GwsEnvironment.VOICEMAIL_URL);
      case P.IWD:
        return this.genesysPeer('iwd', this.props.iwd, GwsEnvironment.IWD_URL);
      case C.NEXUS:
        return this.genesysPeer('digitalChannels', this.props.digitalChannels ?? GenesysPeers.digitalChannels(), GwsEnvironment.DIGITAL_CHANNELS_URL);
      case C.UCSX:
        return this.genesysPeer('universalContactService', this.props.universalContactService ?? GenesysPeers.universalContactService(), GwsEnvironment.UCS_URL);
      default:
        throw new Error(`gws: catalog destination ${show(id)} has no target (a catalog row was added without wiring)`);
    }
  }

  private genesysPeer(field: string, peer: Peer | undefined, variable: string, extra?: (source: Component) => void): Target | undefined {
    if (peer === undefined || peer === null) {
      this.check.fail(`${field} is missing (give the peer, e.g. GenesysPeers.${field}({ port }); Genesys documents no port for it)`);
      return undefined;
    }
    if (!peer.spec.host) {
      this.check.fail(`${field} ${peer.describe()} has no host (give the external peer a host so ${variable} can be written)`);
    }
    if (!peer.findPort(PEER_PORT)) {
      const ports = peer.portNames;
      this.check.fail(`${field} ${peer.describe()} serves no port named ${show(PEER_PORT)} (it serves ${ports.length ? ports.map((n) => show(n)).join(', ') : 'none'}): give the peer its port, e.g. { name: ${show(PEER_PORT)}, port: 8080 }`);
      return undefined; // one message, not one per connection
    }
    return {
      peer,
      port: PEER_PORT,
      wire: (source, c) => {
        this.setEnv(source, variable, c.url());
        extra?.(source);
      },
    };
  }

  private wireAuthClient(source: Component): void {
    const client = this.props.authClient;
    if (!client || !this.authClientOk) return;
    this.setEnv(source, GwsEnvironment.AUTH_CLIENT_ID, client.clientId);
    this.setSecretEnv(source, GwsEnvironment.AUTH_CLIENT_SECRET, client.clientSecret);
  }

  /** Checks the auth client once, whatever the number of workloads using it. */
  private checkAuthClient(): boolean {
    const client = this.props.authClient;
    if (client === undefined) return true;
    const id = this.check.required('authClient.clientId', client.clientId, 'give the client id registered in GAuth');
    return this.secretOk('authClient.clientSecret', client.clientSecret) && id;
  }

  /** Checks a Secret reference (name and key). */
  private secretOk(field: string, ref: SecretKeyReference | undefined): boolean {
    if (ref === undefined || ref === null) {
      this.check.fail(`${field} is missing (give { name, key } of an existing Secret)`);
      return false;
    }
    return this.check.required(`${field}.name`, ref.name, 'name the Secret that holds the value')
      && this.check.dnsName(`${field}.name`, ref.name)
      && this.check.required(`${field}.key`, ref.key, `name the key inside Secret ${show(ref.name)}`);
  }

  private store(engine: StoreEngine): Target | undefined {
    const options: StoreOptions | undefined = {
      [StoreEngine.POSTGRES]: this.props.postgres,
      [StoreEngine.REDIS]: this.props.redis,
      [StoreEngine.ELASTICSEARCH]: this.props.elasticsearch,
      [StoreEngine.CONSUL]: this.props.consul,
    }[engine];
    const store = new DataStore(this, `store-${engine}`, {
      engine,
      namespace: this.namespace,
      component: GenesysService.GWS,
      instance: GenesysService.GWS,
      options,
      database: engine === StoreEngine.POSTGRES ? this.props.databases?.gws ?? 'gws' : undefined,
    });
    this.stores.set(engine, store);
    const agentSetupDatabase = this.props.databases?.agentSetup ?? store.database;
    // DataStore reports a bad Secret reference once; only a complete one is given to the clients.
    const credentials = store.credentials && store.credentials.name && store.credentials.key ? store.credentials : undefined;
    return {
      peer: store.peer,
      port: store.portName,
      wire: (source, c) => {
        const e = c.endpoint;
        switch (engine) {
          case StoreEngine.POSTGRES:
            this.setEnv(source, GwsEnvironment.POSTGRES_HOST, e.host);
            this.setEnv(source, GwsEnvironment.POSTGRES_PORT, String(e.port));
            this.setEnv(source, GwsEnvironment.POSTGRES_TLS, String(store.tls));
            this.setEnv(source, GwsEnvironment.POSTGRES_DATABASE, source.id === C.GWS_APP_PROVISIONING ? agentSetupDatabase : store.database);
            if (store.username) this.setEnv(source, GwsEnvironment.POSTGRES_USER, store.username);
            this.setSecretEnv(source, GwsEnvironment.POSTGRES_PASSWORD, credentials);
            break;
          case StoreEngine.REDIS:
            this.setEnv(source, GwsEnvironment.REDIS_HOST, e.host);
            this.setEnv(source, GwsEnvironment.REDIS_PORT, String(e.port));
            this.setEnv(source, GwsEnvironment.REDIS_TLS, String(store.tls));
            this.setSecretEnv(source, GwsEnvironment.REDIS_PASSWORD, credentials);
            break;
          case StoreEngine.ELASTICSEARCH:
            this.setEnv(source, GwsEnvironment.ELASTICSEARCH_URL, c.url(store.tls ? 'https' : 'http'));
            this.setEnv(source, GwsEnvironment.ELASTICSEARCH_HOST, e.host);
            this.setEnv(source, GwsEnvironment.ELASTICSEARCH_PORT, String(e.port));
            this.setEnv(source, GwsEnvironment.ELASTICSEARCH_TLS, String(store.tls));
            if (store.username) this.setEnv(source, GwsEnvironment.ELASTICSEARCH_USER, store.username);
            this.setSecretEnv(source, GwsEnvironment.ELASTICSEARCH_PASSWORD, credentials);
            break;
          default:
            this.setEnv(source, GwsEnvironment.CONSUL_HOST, e.host);
            this.setEnv(source, GwsEnvironment.CONSUL_PORT, String(e.port));
            this.setEnv(source, GwsEnvironment.CONSUL_TLS, String(store.tls));
            this.setSecretEnv(source, GwsEnvironment.CONSUL_TOKEN, credentials);
            break;
        }
      },
    };
  }

  /** Consul as the agent on every node: egress to the node CIDR groups, the host is the node's IP. */
  private consulNodeAgent(): Target | undefined {
    const consul = this.props.consul!;
    const agent = consul.nodeAgent!;
    if (consul.external !== undefined) {
      this.check.fail('consul.nodeAgent and consul.external are both set (Consul is either a node-local agent or an external host: keep one)');
      return undefined;
    }
    const cidrs = (agent.nodeCidrGroups ?? []).flatMap((g) => g.cidrs ?? []);
    if (cidrs.length === 0) {
      this.check.fail(`consul.nodeAgent.nodeCidrGroups has no CIDR (got ${show(agent.nodeCidrGroups ?? [])}: give the CIDR groups of the nodes, e.g. [{ name: "nodes", cidrs: ["10.0.0.0/16"] }])`);
      return undefined;
    }
    const port = agent.port ?? CONSUL_PORT;
    if (!this.check.port('consul.nodeAgent.port', port)) return undefined;
    const tokenOk = agent.token === undefined || this.secretOk('consul.nodeAgent.token', agent.token);
    const peer = Peer.external({
      name: 'gws-consul-node-agent',
      cidrGroups: agent.nodeCidrGroups,
      ports: [{ name: StoreEngine.CONSUL, port, protocol: PortProtocol.TCP, appProtocol: agent.tls ? 'https' : 'http' }],
    });
    return {
      peer,
      port: StoreEngine.CONSUL,
      wire: (source, c) => {
        this.setFieldEnv(source, GwsEnvironment.CONSUL_HOST, kplus.EnvFieldPaths.NODE_IP);
        this.setEnv(source, GwsEnvironment.CONSUL_PORT, String(c.endpoint.port));
        this.setEnv(source, GwsEnvironment.CONSUL_TLS, String(agent.tls ?? false));
        if (tokenOk) this.setSecretEnv(source, GwsEnvironment.CONSUL_TOKEN, agent.token);
      },
    };
  }

  private setEnv(component: Component, name: string, value: string): void {
    if (component.wired.has(name)) return;
    component.wired.add(name);
    component.workload.addEnv(name, value);
  }

  private setFieldEnv(component: Component, name: string, path: kplus.EnvFieldPaths): void {
    if (component.wired.has(name)) return;
    component.wired.add(name);
    component.workload.container.env.addVariable(name, kplus.EnvValue.fromFieldRef(path));
  }

  private setSecretEnv(component: Component, name: string, secret: SecretKeyReference | undefined): void {
    if (!secret || component.wired.has(name)) return;
    component.wired.add(name);
    component.workload.addSecretEnv(name, secret);
  }

  /** The service's own `env` and `secretEnv`; a name the cluster wires is refused (never typed twice). */
  private addUserEnv(component: Component): void {
    const field = `services.${component.option}`;
    const refuse = (name: string, where: string) =>
      this.check.fail(`${field}.${where} sets ${name}, which the cluster wires from its connections (remove it and configure the peer, store or location instead)`);
    for (const [name, value] of Object.entries(component.options.env ?? {})) {
      if (component.wired.has(name)) refuse(name, 'env');
      else component.workload.addEnv(name, value);
    }
    for (const s of component.options.secretEnv ?? []) {
      if (component.wired.has(s.name)) refuse(s.name, 'secretEnv');
      else component.workload.addSecretEnv(s.name, s.secret);
    }
  }
}
