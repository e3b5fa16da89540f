import { Construct } from 'constructs';
import { CatalogExtensions, CatalogPorts, ComponentIds as C, GenesysService, PeerKindId as P } from '../catalog';
import {
  ConfigFile,
  Connection,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  IngressRoute,
  MetricsScrape,
  Peer,
  ResourceOptions,
  StoreEngine,
  StoreOptions,
  WorkloadPort,
} from '../core';
import { propsOf, show } from '../core/errors';
import { Address, Bind, Binding, catalogPorts, envUrl, GenesysPeers, GenesysServiceProps, ServiceKit, storeAddress, StoreKeys, wireTable } from '../kit/internal';
import { Labels } from '../shared';
import {
  FileStorageOptions,
  UCSX_IMAGE_REPOSITORY,
  UCSX_IMAGE_TAG,
  UcsxComponentOptions,
  UcsxDatabaseOptions,
  UcsxEnvironment as E,
  UcsxInternalApiOptions,
  UcsxMasterDatabaseOptions,
  UcsxPortNames,
  UcsxPublicApiOptions,
  UcsxTenant,
  UDM_GATEWAY_IMAGE_REPOSITORY,
  UDM_GATEWAY_IMAGE_TAG,
  UDM_IMAGE_REPOSITORY,
  UDM_IMAGE_TAG,
} from './options';

/** The UcsxStack settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface UcsxStackOptions {
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

/** Tenant of the default configuration. */
export const UCSX_DEFAULT_TENANT_ID = 't100';
/** Where UCS-X reads the tenant database list. */
export const UCSX_TENANTS_FILE = '/etc/ucsx/tenants.json';
/** Name of the CometD affinity cookie of the internal entry point. */
export const UCSX_AFFINITY_COOKIE = 'UCSX_AFFINITY';

/** Longest tenant id an embedded tenant database takes (`postgres-ucsx-tenant-<id>` plus `-headless` fits 63). */
const MAX_EMBEDDED_TENANT_ID = 54 - 'postgres-ucsx-tenant-'.length;
/** Seconds the internal controller waits for a CometD long poll. */
const COMETD_READ_TIMEOUT_SECONDS = 120;
const PUBLIC_API = CatalogExtensions.get('ext:ucsx-public-api');
const CONFIG_API = CatalogExtensions.get('ext:ucsx-config-api');
const INTERNAL_API = CatalogExtensions.get('ext:ucsx-internal-api');

const DEFAULTS: { [id: string]: { repository: string; tag: string; replicas: number; resources: ResourceOptions } } = {
  [C.UCSX]: {
    repository: UCSX_IMAGE_REPOSITORY,
    tag: UCSX_IMAGE_TAG,
    replicas: 2,
    resources: { cpuRequestMillis: 500, cpuLimitMillis: 2000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 2048 },
  },
  [C.UDM]: {
    repository: UDM_IMAGE_REPOSITORY,
    tag: UDM_IMAGE_TAG,
    replicas: 1,
    resources: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 1024 },
  },
  [C.UDM_GATEWAY]: {
    repository: UDM_GATEWAY_IMAGE_REPOSITORY,
    tag: UDM_GATEWAY_IMAGE_TAG,
    replicas: 1,
    resources: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 256, memoryLimitMebibytes: 512 },
  },
};

/** Database keys under a prefix, e.g. `UCSX_MASTER_DB_HOST`. */
function databaseKeys(prefix: string): StoreKeys {
  return { host: `${prefix}_HOST`, port: `${prefix}_PORT`, database: `${prefix}_NAME`, user: `${prefix}_USER`, tls: `${prefix}_SSL`, password: `${prefix}_PASSWORD` };
}

/**
 * Universal Contact Service private edition: UCS-X, UDM and UDM Gateway, their databases and the 21
 * connections of the UCS architecture table, declared by the kit's one loop.
 *
 * Creates, in namespace `ucsx` (configurable, managed by default: Namespace, default-deny, DNS):
 * - the hardened workloads `ucsx` (Service `http` 8080 and `http-80` 80, both to pod 8080;
 *   `metrics` 10052), `udm` (`http` 8080, `metrics` 10052) and `udm-gateway` (`http` 80 to pod
 *   8080, `metrics` 10052), each a Deployment, Service, ServiceAccount, one ingress and one egress
 *   NetworkPolicy, a PodDisruptionBudget when replicated and an optional HPA;
 * - the UCS-X Master Database, one tenant database per tenant, the UDM Master DB (PostgreSQL) and
 *   Elasticsearch, external (egress to their CIDR groups) or development StatefulSets
 *   (`developmentStores`); an embedded Master Database's Service exposes 5432 and the pooler port
 *   6432, both to 5432;
 * - the Ingress `udm-gateway` (`udm.<domain>`, TLS); `ucsx` (public API, extension) and
 *   `ucsx-internal` (internal class, CometD affinity, extension) only when asked for;
 * - a ServiceMonitor per workload when monitoring is on;
 * - the ConfigMap `ucsx-config` with the tenant database list.
 *
 * Implements ucsx#1 to ucsx#21: browser to the inbound gateway (1, the UDM Gateway Ingress) and the
 * ingress controller to UDM Gateway (2); UDM Gateway and UDM to the UDM Master DB on 5432 (3, 4: row
 * 4 documents 443, effective 5432) and to the External File Storage on 443 (5, 6); Prometheus to
 * the three metrics ports 10052 (7, 11, 16); IWD to UDM 8080 (8) and to UCS-X on Service port 80
 * (14); UDM, UDM Gateway and UCS-X to GAuth (9, 10, 12); UCS-X to GWS Workspace (13, the reverse
 * gws#28 belongs to GwsCluster); Digital Channels to UCS-X 8080 (15); UCS-X to Elasticsearch 9200
 * (17), the tenant databases 5432 (18) and the Master Database pooler 6432 (19); UDM to the Master
 * Database 5432 (20); UDM Gateway to UCS-X 8080 (21: documented 443). Secrets (database
 * passwords, storage key) are referenced, never written.
 */
export class UcsxStack extends Construct {
  /** Namespace of the workloads. */
  public readonly namespace: string;
  /** The UCS-X workload. */
  public readonly ucsx: HardenedWorkload;
  /** The UDM workload (absent when UDM is disabled). */
  public readonly udm?: HardenedWorkload;
  /** The UDM Gateway workload (absent when UDM is disabled). */
  public readonly udmGateway?: HardenedWorkload;
  /** The public UCS-X API entry point (only with `publicApi`). */
  public readonly apiEntryPoint?: EntryPoint;
  /** The internal UCS-X API entry point with CometD sticky sessions (only with `internalApi`). */
  public readonly internalEntryPoint?: EntryPoint;
  /** The public UDM Gateway entry point (absent when UDM is disabled). */
  public readonly udmGatewayEntryPoint?: EntryPoint;
  /** The UCS-X Master Database. */
  public readonly masterDatabase: DataStore;
  /** The UDM Master DB (absent when UDM is disabled). */
  public readonly udmMasterDatabase?: DataStore;
  /** The tenant databases, in the order of `tenantIds`. */
  public readonly tenantDatabases: DataStore[];
  /** The tenant ids. */
  public readonly tenantIds: string[];
  /** Elasticsearch. */
  public readonly elasticsearch: DataStore;
  /** The External File Storage (absent when UDM is disabled or the storage is invalid). */
  public readonly fileStorage?: Peer;
  /** Every connection this stack declared (ingress routes and metrics scrapes included). */
  public readonly connections: Connection[] = [];

  private readonly kit: ServiceKit;
  private readonly poolerPort: string;

  public constructor(scope: Construct, id: string, given: UcsxStackProps) {
    super(scope, id);
    const props = propsOf(this, GenesysService.UCSX, given, '{ domain: "example.com", fileStorage }');
    const kit = (this.kit = new ServiceKit(this, GenesysService.UCSX, props));
    this.namespace = kit.namespace;
    const udmEnabled = props.udmEnabled ?? true;
    this.checkUdmProps(props, udmEnabled);
    if ((props.monitoring ?? false) && props.prometheus === undefined) {
      kit.check.fail('monitoring is on but prometheus is not given (pass the Prometheus peer, e.g. prometheus: Peer.prometheus({ namespace: "monitoring" }), so the ServiceMonitors and scrape rules name the Prometheus that reads them)');
    }
    this.elasticsearch = kit.store({ id: 'elasticsearch', engine: StoreEngine.ELASTICSEARCH, kind: P.ELASTICSEARCH, field: 'elasticsearch', options: props.elasticsearch });
    const master = props.masterDatabase ?? {};
    const pooler = this.poolerPortOf(master);
    this.poolerPort = pooler ? UcsxPortNames.MASTER_DB_POOLER : 'postgres';
    this.masterDatabase = kit.store({
      id: 'master-database',
      engine: StoreEngine.POSTGRES,
      kind: P.UCSX_MASTER_DB,
      field: 'masterDatabase',
      options: master,
      database: master.databaseName,
      extraPorts: pooler ? [{ name: UcsxPortNames.MASTER_DB_POOLER, port: pooler, appProtocol: 'postgresql' }] : [],
    });
    const tenants = this.validTenants(props.tenants ?? [{ id: UCSX_DEFAULT_TENANT_ID }]);
    this.tenantIds = tenants.map((t) => t.id);
    this.tenantDatabases = tenants.map((t, i) => kit.store({
      id: `tenant-database-${t.id}`,
      engine: StoreEngine.POSTGRES,
      kind: P.UCSX_TENANT_DB,
      field: `tenants[${i}].database`,
      options: t.database,
      database: t.database?.databaseName,
      tenant: t.id,
    }));
    // the configuration API's port only when it is published (extension ext:ucsx-config-api)
    const configPort = props.publicApi?.configurationApi ? [{ name: CONFIG_API.portName, port: CONFIG_API.servicePort!, appProtocol: 'http' }] : [];
    const tenantsFile = [{ path: UCSX_TENANTS_FILE, content: this.tenantsFile(tenants) }];
    this.ucsx = this.component(C.UCSX, props.ucsx, [...catalogPorts(C.UCSX), ...configPort], tenantsFile);
    if (udmEnabled) {
      this.udm = this.component(C.UDM, props.udm);
      this.udmGateway = this.component(C.UDM_GATEWAY, props.udmGateway);
      const udmMaster = props.udmMasterDatabase ?? {};
      this.udmMasterDatabase = kit.store({ id: 'udm-master-database', engine: StoreEngine.POSTGRES, kind: P.UDM_MASTER_DB, field: 'udmMasterDatabase', options: udmMaster, database: udmMaster.databaseName });
      this.fileStorage = props.fileStorage ? kit.external('fileStorage', { name: 'file-storage', ...props.fileStorage }, fileStoragePort(), true) : undefined;
      if (props.fileStorage?.credentials !== undefined) kit.check.secretRef('fileStorage.credentials', props.fileStorage.credentials);
    }
    this.entryPoints(props);
    for (const connections of wireTable(this, kit.check, GenesysService.UCSX, this.bindings(props)).values()) this.connections.push(...connections);
    this.scrapes(props);
    this.configure(props);
    kit.finish();
  }

  /** The tenant database of a tenant; throws for an unknown tenant id. */
  public tenantDatabase(tenantId: string): DataStore {
    const i = this.tenantIds.indexOf(tenantId);
    if (i < 0) throw new Error(`ucsx: no tenant ${show(tenantId)} (tenants: ${this.tenantIds.map((t) => show(t)).join(', ')})`);
    return this.tenantDatabases[i];
  }

  private component(id: string, options: UcsxComponentOptions | undefined, ports?: WorkloadPort[], files?: ConfigFile[]): HardenedWorkload {
    const d = DEFAULTS[id];
    if (options?.healthPath !== undefined) this.kit.check.urlPath(`${id}.healthPath`, options.healthPath);
    return this.kit.component({
      id,
      field: id === C.UDM_GATEWAY ? 'udmGateway' : id,
      options,
      repository: d.repository,
      tag: d.tag,
      replicas: d.replicas,
      resources: d.resources,
      probe: { path: options?.healthPath ?? '/health', port: UcsxPortNames.HTTP },
      ports,
      files,
    });
  }

  /** The pooler port UCS-X dials (row 19), or undefined when it is the direct port (one port). */
  private poolerPortOf(master: UcsxMasterDatabaseOptions): number | undefined {
    const ports = CatalogPorts.ofPeer(P.UCSX_MASTER_DB, GenesysService.UCSX);
    const catalogPooler = ports.find((p) => p.name === UcsxPortNames.MASTER_DB_POOLER)!.servicePort!;
    const direct = master.external?.port ?? ports.find((p) => p.name === 'postgres')!.servicePort!;
    let pooler = master.poolerPort ?? catalogPooler;
    if (!this.kit.check.port('masterDatabase.poolerPort', pooler)) pooler = catalogPooler;
    return pooler === direct ? undefined : pooler;
  }

  private entryPoints(props: UcsxStackProps): void {
    const kit = this.kit;
    const domain = kit.domain();
    const controller = props.ingressController ?? Peer.ingressController();
    const ucsxLabels = Labels.selector(C.UCSX, GenesysService.UCSX);
    const api = props.publicApi;
    const apiHost = api ? kit.host('publicApi.host', api.host, 'ucsx', domain) : undefined;
    if (api && apiHost) {
      const routes: IngressRoute[] = (api.paths ?? ['/ucs/v3/', '/ucs/v10/']).map((path) => ({ path, workload: this.ucsx, port: UcsxPortNames.HTTP }));
      if (routes.length === 0) kit.check.fail('publicApi.paths is empty (route at least one path of the UCS-X API, e.g. ["/ucs/v3/"])');
      (this as { apiEntryPoint?: EntryPoint }).apiEntryPoint = new EntryPoint(this, 'api-ingress', {
        name: C.UCSX,
        namespace: this.namespace,
        host: apiHost,
        tlsSecretName: api.tlsSecretName ?? 'ucsx-tls',
        className: props.ingressClassName,
        controller,
        labels: ucsxLabels,
        routes,
        refs: [PUBLIC_API.ref],
        reason: PUBLIC_API.reason,
      });
      this.connections.push(...this.apiEntryPoint!.connections);
      if (api.configurationApi) this.configurationApi(api, apiHost, props, controller, ucsxLabels);
    }
    const internal = props.internalApi;
    const internalHost = internal ? kit.host('internalApi.host', internal.host, 'ucsx-internal', domain) : undefined;
    if (internal && internalHost) {
      (this as { internalEntryPoint?: EntryPoint }).internalEntryPoint = new EntryPoint(this, 'internal-ingress', {
        name: `${C.UCSX}-internal`,
        namespace: this.namespace,
        host: internalHost,
        tlsSecretName: internal.tlsSecretName ?? 'ucsx-internal-tls',
        className: props.internalIngressClassName ?? 'nginx-internal',
        controller: props.internalIngressController ?? controller,
        labels: ucsxLabels,
        routes: (internal.paths ?? ['/']).map((path) => ({ path, workload: this.ucsx, port: UcsxPortNames.HTTP })),
        behaviour: { cookieAffinity: { cookieName: UCSX_AFFINITY_COOKIE }, readTimeoutSeconds: COMETD_READ_TIMEOUT_SECONDS },
        refs: [INTERNAL_API.ref],
        reason: INTERNAL_API.reason,
      });
      this.connections.push(...this.internalEntryPoint!.connections);
    }
    const gatewayHost = this.udmGateway ? kit.host('udmGatewayHost', props.udmGatewayHost, 'udm', domain) : undefined;
    if (this.udmGateway && gatewayHost) {
      (this as { udmGatewayEntryPoint?: EntryPoint }).udmGatewayEntryPoint = new EntryPoint(this, 'udm-gateway-ingress', {
        name: C.UDM_GATEWAY,
        namespace: this.namespace,
        host: gatewayHost,
        tlsSecretName: props.udmGatewayTlsSecretName ?? 'udm-gateway-tls',
        className: props.ingressClassName,
        controller,
        labels: Labels.selector(C.UDM_GATEWAY, GenesysService.UCSX),
        routes: [{ path: '/', workload: this.udmGateway, port: UcsxPortNames.HTTP }],
        // the controller's rule is ucsx#2; the Ingress object also stands for ucsx#1 (the browser meets the gateway there)
        refs: ['ucsx#2'],
        ingressRefs: ['ucsx#1'],
      });
      this.connections.push(...this.udmGatewayEntryPoint!.connections);
    }
  }

  /** The administrative configuration API on its own Ingress (extension `ext:ucsx-config-api`). */
  private configurationApi(api: UcsxPublicApiOptions, host: string, props: UcsxStackProps, controller: Peer,
    labels: { [key: string]: string }): void {
    const entry = new EntryPoint(this, 'config-ingress', {
      name: `${C.UCSX}-config`,
      namespace: this.namespace,
      host,
      tlsSecretName: api.tlsSecretName ?? 'ucsx-tls',
      className: props.ingressClassName,
      controller,
      labels,
      routes: [{ path: api.configurationPath ?? '/ucs/v3/config', workload: this.ucsx, port: CONFIG_API.portName }],
      refs: [CONFIG_API.ref],
      reason: CONFIG_API.reason,
    });
    this.connections.push(...entry.connections);
  }

  private bindings(props: UcsxStackProps): { ends: Map<string, Binding>; rows: Map<string, { destination?: Binding }> } {
    const kit = this.kit;
    const udmOff = Bind.unwired('udmEnabled is false');
    const workloads = (w: HardenedWorkload | undefined, address?: Address): Binding => (w ? { ...Bind.workloads(w), address } : udmOff);
    const tenantPasswords: Address = (source, _c, i) =>
      kit.secretEnv(source, E.tenantPassword(this.tenantIds[i]), this.tenantDatabases[i].credentials);
    const files = this.fileStorage;
    const fileAddress: Address = (source, c) => {
      kit.env(source, E.FILE_STORAGE_URL, c.url('https'));
      if (props.fileStorage?.container !== undefined) kit.env(source, E.FILE_STORAGE_CONTAINER, props.fileStorage.container);
      kit.secretEnv(source, E.FILE_STORAGE_KEY, props.fileStorage?.credentials);
    };
    const ends = new Map<string, Binding>([
      [C.UCSX, workloads(this.ucsx, envUrl(kit, E.UCSX_URL))],
      [C.UDM, workloads(this.udm)],
      [C.UDM_GATEWAY, workloads(this.udmGateway)],
      [P.BROWSER, Bind.elsewhere('the browser reaches the ingress controller; the UDM Gateway Ingress stands for it')],
      [P.INGRESS_CONTROLLER, Bind.elsewhere('the UDM Gateway entry point declares the controller\'s rule')],
      [P.PROMETHEUS, Bind.elsewhere('each workload\'s metrics scrape declares the Prometheus rule')],
      [P.UDM_MASTER_DB, this.udmMasterDatabase ? Bind.peer(this.udmMasterDatabase.peer, storeAddress(kit, this.udmMasterDatabase, databaseKeys('UDM_MASTER_DB'))) : udmOff],
      [P.UCSX_MASTER_DB, Bind.peer(this.masterDatabase.peer, storeAddress(kit, this.masterDatabase, databaseKeys('UCSX_MASTER_DB')))],
      [P.UCSX_TENANT_DB, Bind.peers(this.tenantDatabases.map((d) => d.peer), 'no valid tenant', tenantPasswords)],
      [P.ELASTICSEARCH, Bind.peer(this.elasticsearch.peer, storeAddress(kit, this.elasticsearch, {
        url: E.ELASTICSEARCH_URL, user: E.ELASTICSEARCH_USERNAME, password: E.ELASTICSEARCH_PASSWORD,
      }))],
      [P.FILE_STORAGE, files ? Bind.peer(files, fileAddress) : Bind.unwired(this.udm ? 'fileStorage is invalid' : 'udmEnabled is false')],
      [P.AUTH_SERVICE, Bind.peer(props.authService ?? GenesysPeers.authService(), envUrl(kit, E.GAUTH_URL))],
      [P.IWD, Bind.peer(props.iwd ?? GenesysPeers.iwdCaller())],
      [C.NEXUS, Bind.peer(props.digitalChannels ?? GenesysPeers.digitalChannels())],
      [C.GWS_APP_WORKSPACE, Bind.peer(props.gwsWorkspace ?? GenesysPeers.gwsWorkspace(), envUrl(kit, E.GWS_WORKSPACE_URL))],
    ]);
    // row 19 dials the pooler port; with no separate pooler, PostgreSQL's own
    const master = { ...ends.get(P.UCSX_MASTER_DB)!, port: this.poolerPort };
    return { ends, rows: new Map([['ucsx#19', { destination: master }]]) };
  }

  /** Prometheus → each workload's metrics (rows 7, 11, 16), with a ServiceMonitor when monitoring is on. */
  private scrapes(props: UcsxStackProps): void {
    const prometheus = props.prometheus ?? Peer.prometheus();
    const monitoring = props.monitoring ?? false;
    const scrape = (workload: HardenedWorkload | undefined, ref: string) => {
      if (!workload) return;
      const s = new MetricsScrape(this, `metrics-${workload.name}`, { workload, port: UcsxPortNames.METRICS, prometheus, serviceMonitor: monitoring, refs: [ref] });
      this.connections.push(s.connection);
    };
    scrape(this.ucsx, 'ucsx#16');
    scrape(this.udmGateway, 'ucsx#7');
    scrape(this.udm, 'ucsx#11');
  }

  /** Configuration that no row carries: tenants, public URL, location. */
  private configure(props: UcsxStackProps): void {
    const kit = this.kit;
    kit.env(this.ucsx, E.TENANT_IDS, this.tenantIds.join(','));
    kit.env(this.ucsx, E.TENANTS_FILE, UCSX_TENANTS_FILE);
    if (this.udmGateway && this.udmGatewayEntryPoint) kit.env(this.udmGateway, E.PUBLIC_URL, this.udmGatewayEntryPoint.url);
    for (const w of [this.ucsx, this.udm, this.udmGateway]) {
      if (w && props.location !== undefined) kit.env(w, E.LOCATION, props.location);
    }
  }

  private checkUdmProps(props: UcsxStackProps, udmEnabled: boolean): void {
    if (udmEnabled) {
      if (props.fileStorage === undefined) {
        this.kit.check.fail('fileStorage is missing (UDM and UDM Gateway upload exports to the External File Storage, rows 5 and 6: give fileStorage { host, cidrGroups }, or set udmEnabled: false)');
      }
      return;
    }
    const unused = (['fileStorage', 'udmMasterDatabase', 'udm', 'udmGateway', 'udmGatewayHost', 'udmGatewayTlsSecretName'] as const).filter((f) => props[f] !== undefined);
    if (unused.length > 0) {
      const many = unused.length > 1;
      this.kit.check.fail(`${unused.join(', ')} ${many ? 'are' : 'is'} set but udmEnabled is false (only UDM and UDM Gateway use ${many ? 'them' : 'it'}: remove ${many ? 'them' : 'it'} or enable UDM)`);
    }
  }

  private validTenants(tenants: UcsxTenant[]): UcsxTenant[] {
    if (!Array.isArray(tenants) || tenants.length === 0) {
      this.kit.check.fail('tenants is empty (UCS-X needs at least one tenant database, row 18: give tenants [{ id: "t100" }])');
      return [];
    }
    const out: UcsxTenant[] = [];
    const seen = new Map<string, number>();
    tenants.forEach((tenant, i) => {
      const field = `tenants[${i}].id`;
      if (!this.kit.check.required(field, tenant?.id, 'give each tenant its id') || !this.kit.check.dnsLabel(field, tenant.id)) return;
      const first = seen.get(tenant.id);
      if (first !== undefined) {
        this.kit.check.fail(`${field} ${show(tenant.id)} is used twice (also tenants[${first}]; tenant ids are unique: give each tenant its own id)`);
        return;
      }
      seen.set(tenant.id, i);
      if (!tenant.database?.external && tenant.id.length > MAX_EMBEDDED_TENANT_ID) {
        this.kit.check.fail(`${field} ${show(tenant.id)} is too long for an embedded database (at most ${MAX_EMBEDDED_TENANT_ID} characters, for the StatefulSet postgres-ucsx-tenant-<id>): give the tenant an external database or a shorter id`);
        return;
      }
      out.push(tenant);
    });
    return out;
  }

  private tenantsFile(tenants: UcsxTenant[]): string {
    const list = tenants.map((t, i) => {
      const db = this.tenantDatabases[i];
      return {
        id: t.id,
        database: {
          host: db.host,
          port: db.port,
          name: db.database,
          ...(db.username !== undefined ? { user: db.username } : {}),
          ssl: db.tls,
          ...(db.credentials ? { passwordEnvName: E.tenantPassword(t.id) } : {}),
        },
      };
    });
    return JSON.stringify({ tenants: list }, undefined, 2) + '\n';
  }
}

/** The HTTPS port the file storage rows dial (ucsx#5, 6). */
function fileStoragePort(): number {
  return CatalogPorts.ofPeer(P.FILE_STORAGE, GenesysService.UCSX)[0].servicePort!;
}

