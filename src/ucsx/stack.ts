import { Construct } from 'constructs';
import { CatalogConnection, ComponentIds, ConnectionCatalog, EmbeddedStores, GenesysService, PeerKindId } from '../catalog';
import {
  Connection,
  ContainerImage,
  DataStore,
  EntryPoint,
  ExternalStore,
  HardenedWorkload,
  IngressRoute,
  MetricsScrape,
  Peer,
  ResourceOptions,
  SecretKeyReference,
  StoreEngine,
  WorkloadPort,
  StoreOptions,
} from '../core';
import {
  FileStorageOptions,
  UCSX_CONFIGURATION_PORT,
  UCSX_IMAGE_REPOSITORY,
  UCSX_IMAGE_TAG,
  UcsxComponentOptions,
  UcsxDatabaseOptions,
  UcsxMasterDatabaseOptions,
  UcsxPortNames,
  UcsxTenant,
  UDM_GATEWAY_IMAGE_REPOSITORY,
  UDM_GATEWAY_IMAGE_TAG,
  UDM_IMAGE_REPOSITORY,
  UDM_IMAGE_TAG,
} from './options';
import { Check, show } from '../core/errors';
import { Labels } from '../shared';
import { GenesysPeers, GenesysServiceProps, PEER_PORT } from '../peers';
import { setUpService } from '../peers/service-setup';

/** The UcsxStack settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface UcsxStackOptions {
  /**
   * UCS-X image, sizing and health check.
   * @default - see UcsxComponentOptions
   */
  readonly ucsx?: UcsxComponentOptions;
  /**
   * UDM image, sizing and health check.
   * @default - see UcsxComponentOptions
   */
  readonly udm?: UcsxComponentOptions;
  /**
   * UDM Gateway image, sizing and health check.
   * @default - see UcsxComponentOptions
   */
  readonly udmGateway?: UcsxComponentOptions;
  /**
   * Deploy UDM and UDM Gateway (rows 2-11, 20, 21) with their UDM Master DB and file storage.
   * @default true
   */
  readonly udmEnabled?: boolean;
  /**
   * The tenants, each with its tenant database (row 18). Ids are unique.
   * @default - one tenant `t100` with an embedded database
   */
  readonly tenants?: UcsxTenant[];
  /**
   * The UCS-X Master Database (rows 19 and 20).
   * @default - embedded development PostgreSQL, pooler port 6432
   */
  readonly masterDatabase?: UcsxMasterDatabaseOptions;
  /**
   * The UDM Master DB (rows 3 and 4), when UDM is enabled.
   * @default - embedded development PostgreSQL
   */
  readonly udmMasterDatabase?: UcsxDatabaseOptions;
  /**
   * Elasticsearch UCS-X writes to (row 17).
   * @default - embedded development Elasticsearch
   */
  readonly elasticsearch?: StoreOptions;
  /**
   * The External File Storage UDM and UDM Gateway upload exports to (rows 5 and 6). Required when
   * UDM is enabled; not allowed when it is not.
   * @default - none (an error when UDM is enabled)
   */
  readonly fileStorage?: FileStorageOptions;
  /**
   * Genesys Authentication Service (rows 9, 10, 12), port `http`.
   * @default GenesysPeers.authService()
   */
  readonly authService?: Peer;
  /**
   * Intelligent Workload Distribution, a caller of UDM (row 8) and UCS-X (row 14).
   * @default GenesysPeers.iwdCaller()
   */
  readonly iwd?: Peer;
  /**
   * Digital Channels, a caller of UCS-X on 8080 (row 15); bound to `NexusService` when it is in the app.
   * @default GenesysPeers.digitalChannels()
   */
  readonly digitalChannels?: Peer;
  /**
   * GWS Workspace Service UCS-X connects to (row 13), port `http`; bound to `GwsCluster` when it is in the app.
   * @default GenesysPeers.gwsWorkspace()
   */
  readonly gwsWorkspace?: Peer;
  /**
   * Prometheus (rows 7, 11, 16). Required when `monitoring` is on, so the ServiceMonitors and the
   * scrape rules name the Prometheus that reads them.
   * @default Peer.prometheus() when monitoring is off
   */
  readonly prometheus?: Peer;
  /**
   * Write a ServiceMonitor per workload (the Prometheus rule is written either way).
   * @default false
   */
  readonly monitoring?: boolean;
  /**
   * Public host of the UCS-X API and configuration API.
   * @default "ucsx.<domain>"
   */
  readonly host?: string;
  /**
   * TLS Secret of `host`.
   * @default "ucsx-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * Paths of the UCS-X API routed to port 8080 (public and internal entry points).
   * @default ["/"]
   */
  readonly apiPaths?: string[];
  /**
   * Path of the UCS-X configuration API routed to port 8500 (public entry point).
   * @default "/config"
   */
  readonly configurationPath?: string;
  /**
   * Public host of UDM Gateway (rows 1 and 2); the gateway is served at its root.
   * @default "udm.<domain>"
   */
  readonly udmGatewayHost?: string;
  /**
   * TLS Secret of `udmGatewayHost`.
   * @default "udm-gateway-tls"
   */
  readonly udmGatewayTlsSecretName?: string;
  /**
   * Host of the internal entry point with sticky sessions for CometD (row 13).
   * @default "ucsx-internal.<domain>"
   */
  readonly internalHost?: string;
  /**
   * TLS Secret of `internalHost`.
   * @default "ucsx-internal-tls"
   */
  readonly internalTlsSecretName?: string;
  /**
   * Ingress class of the internal entry point (an internal-only controller).
   * @default "nginx-internal"
   */
  readonly internalIngressClassName?: string;
  /**
   * The controller serving `internalIngressClassName`.
   * @default - `ingressController`
   */
  readonly internalIngressController?: Peer;
}

/** Props of a Universal Contact Service stack. */
export interface UcsxStackProps extends GenesysServiceProps, UcsxStackOptions {}

/** Tenant of the default configuration. */
export const UCSX_DEFAULT_TENANT_ID = 't100';
/** Where UCS-X reads the tenant database list. */
export const UCSX_TENANTS_FILE = '/etc/ucsx/tenants.json';
/** Name of the CometD affinity cookie of the internal entry point. */
export const UCSX_AFFINITY_COOKIE = 'UCSX_AFFINITY';

/** Longest tenant id an embedded tenant database takes (`postgres-ucsx-tenant-<id>` plus `-ingress` fits 63). */
const MAX_EMBEDDED_TENANT_ID = 56 - 'postgres-ucsx-tenant-'.length;
/** Seconds the internal controller waits for a CometD long poll. */
const COMETD_READ_TIMEOUT_SECONDS = 120;

const DEFAULT_RESOURCES: { [component: string]: ResourceOptions } = {
  [ComponentIds.UCSX]: { cpuRequestMillis: 500, cpuLimitMillis: 2000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 2048 },
  [ComponentIds.UDM]: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 1024 },
  [ComponentIds.UDM_GATEWAY]: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 256, memoryLimitMebibytes: 512 },
};

function row(n: number): CatalogConnection {
  return ConnectionCatalog.get(`${GenesysService.UCSX}#${n}`);
}

function servicePort(n: number): number {
  return row(n).servicePort as number;
}

function podPortOf(n: number): number {
  return row(n).podPort as number;
}

/** `t-100` -> `T_100`, for environment variable names. */
function envKey(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * Universal Contact Service private edition: UCS-X, UDM and UDM Gateway, their databases and the 21
 * connections of the UCS architecture table.
 *
 * Creates, in namespace `ucsx` (configurable, managed by default: Namespace, default-deny, DNS):
 * - the hardened workloads `ucsx` (Service `http` 8080 and `http-80` 80, both to pod 8080; `config`
 *   8500; `metrics` 10052), `udm` (`http` 8080, `metrics` 10052) and `udm-gateway` (`http` 80 to
 *   pod 8080, `metrics` 10052), each a Deployment, Service, ServiceAccount, one ingress and one
 *   egress NetworkPolicy, a PodDisruptionBudget when replicated and an optional HPA;
 * - the UCS-X Master Database, one tenant database per tenant, the UDM Master DB (PostgreSQL) and
 *   Elasticsearch, external (egress to their CIDR groups) or embedded development StatefulSets;
 *   an embedded Master Database's Service exposes 5432 and the pooler port 6432, both to 5432;
 * - the Ingresses `ucsx` (`ucsx.<domain>`: API paths to 8080, the configuration path to 8500),
 *   `udm-gateway` (`udm.<domain>` to the gateway) and `ucsx-internal` (internal class, cookie
 *   affinity for CometD), all with TLS;
 * - a ServiceMonitor per workload when monitoring is on;
 * - the ConfigMap `ucsx-config` with the tenant database list.
 *
 * Implements ucsx#1 to ucsx#21: ingress controller to UDM Gateway (1, 2); UDM Gateway and UDM to
 * the UDM Master DB on 5432 (3, 4: row 4 documents 443, effective 5432) and to the External File
 * Storage on 443 (5, 6); Prometheus to the three metrics ports 10052 (7, 11, 16); IWD to UDM 8080
 * (8) and to UCS-X on Service port 80 (14); UDM, UDM Gateway and UCS-X to GAuth (9, 10, 12); UCS-X
 * to GWS Workspace (13, the reverse gws#28 belongs to GwsCluster); Digital Channels to UCS-X 8080
 * (15); UCS-X to Elasticsearch 9200 (17), the tenant databases 5432 (18) and the Master Database
 * pooler 6432 (19); UDM to the Master Database 5432 (20); UDM Gateway to UCS-X 8080 (21: documented
 * 443). Secrets (database passwords, storage key) are referenced, never written.
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
  /** The public entry point `ucsx.<domain>`. */
  public readonly apiEntryPoint: EntryPoint;
  /** The internal entry point with CometD sticky sessions. */
  public readonly internalEntryPoint: EntryPoint;
  /** The public UDM Gateway entry point (absent when UDM is disabled). */
  public readonly udmGatewayEntryPoint?: EntryPoint;
  /** The UCS-X Master Database. */
  public readonly masterDatabase: DataStore;
  /** Where UCS-X dials the Master Database (the pooler port, row 19). */
  public readonly masterDatabasePooler: Peer;
  /** Name of the Master Database port UCS-X dials (row 19): the pooler's, or PostgreSQL's when they are one. */
  public readonly masterDatabasePoolerPort: string;
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

  private readonly check: Check;

  public constructor(scope: Construct, id: string, props: UcsxStackProps) {
    super(scope, id);
    const setup = setUpService(this, GenesysService.UCSX, props);
    const check = (this.check = setup.check);
    const namespace = (this.namespace = setup.namespace);

    const monitoring = props.monitoring ?? false;
    if (monitoring && props.prometheus === undefined) {
      check.fail('monitoring is on but prometheus is not given (pass the Prometheus peer, e.g. prometheus: Peer.prometheus({ namespace: "monitoring" }), so the ServiceMonitors and scrape rules name the Prometheus that reads them)');
    }
    const prometheus = props.prometheus ?? Peer.prometheus();
    const authService = props.authService ?? GenesysPeers.authService();
    const iwd = props.iwd ?? GenesysPeers.iwdCaller();
    const digitalChannels = props.digitalChannels ?? GenesysPeers.digitalChannels();
    const gwsWorkspace = props.gwsWorkspace ?? GenesysPeers.gwsWorkspace();
    const controller = props.ingressController ?? Peer.ingressController();
    const udmEnabled = props.udmEnabled ?? true;
    this.checkUdmProps(props, udmEnabled);

    // Data stores first: the tenant list is a file of the UCS-X workload.
    this.elasticsearch = this.store('elasticsearch', PeerKindId.ELASTICSEARCH, StoreEngine.ELASTICSEARCH, 'elasticsearch', props.elasticsearch, servicePort(17));
    const master = props.masterDatabase ?? {};
    let poolerPort = master.poolerPort ?? servicePort(19);
    if (!check.port('masterDatabase.poolerPort', poolerPort)) poolerPort = servicePort(19);
    // Row 19 dials the pooler port, row 20 the direct one: one store serving both. Embedded, there is
    // no pooler in development and the Service sends the pooler port to PostgreSQL's 5432.
    const directPort = master.external?.port ?? servicePort(20);
    const poolerPorts = poolerPort === directPort ? [] : [{ name: UcsxPortNames.MASTER_DB_POOLER, port: poolerPort, appProtocol: 'postgresql' }];
    this.masterDatabase = this.store('master-database', PeerKindId.UCSX_MASTER_DB, StoreEngine.POSTGRES, 'masterDatabase', master, servicePort(20),
      master.databaseName, undefined, poolerPorts);
    this.masterDatabasePooler = this.masterDatabase.peer;
    this.masterDatabasePoolerPort = poolerPorts[0]?.name ?? this.masterDatabase.portName;

    const tenants = this.validTenants(props.tenants ?? [{ id: UCSX_DEFAULT_TENANT_ID }]);
    this.tenantIds = tenants.map((t) => t.id);
    this.tenantDatabases = tenants.map((t, i) => this.store(`tenant-database-${t.id}`, PeerKindId.UCSX_TENANT_DB, StoreEngine.POSTGRES,
      `tenants[${i}].database`, t.database, servicePort(18), t.database?.databaseName, t.id));

    this.ucsx = new HardenedWorkload(this, 'ucsx', {
      id: ComponentIds.UCSX,
      component: GenesysService.UCSX,
      namespace,
      image: this.image(props.ucsx?.image, UCSX_IMAGE_REPOSITORY, UCSX_IMAGE_TAG, props.imageRegistry),
      ports: [
        { name: UcsxPortNames.HTTP, port: servicePort(15), targetPort: podPortOf(15) },
        { name: UcsxPortNames.HTTP_80, port: servicePort(14), targetPort: podPortOf(14) },
        { name: UcsxPortNames.CONFIG, port: UCSX_CONFIGURATION_PORT },
        { name: UcsxPortNames.METRICS, port: servicePort(16), targetPort: podPortOf(16) },
      ],
      ...this.sizing(ComponentIds.UCSX, props.ucsx, 2),
      files: [{ path: UCSX_TENANTS_FILE, content: this.tenantsFile(tenants) }],
    });

    if (udmEnabled) {
      this.udm = new HardenedWorkload(this, 'udm', {
        id: ComponentIds.UDM,
        component: GenesysService.UCSX,
        namespace,
        image: this.image(props.udm?.image, UDM_IMAGE_REPOSITORY, UDM_IMAGE_TAG, props.imageRegistry),
        ports: [
          { name: UcsxPortNames.HTTP, port: servicePort(8), targetPort: podPortOf(8) },
          { name: UcsxPortNames.METRICS, port: servicePort(11), targetPort: podPortOf(11) },
        ],
        ...this.sizing(ComponentIds.UDM, props.udm, 1),
      });
      this.udmGateway = new HardenedWorkload(this, 'udm-gateway', {
        id: ComponentIds.UDM_GATEWAY,
        component: GenesysService.UCSX,
        namespace,
        image: this.image(props.udmGateway?.image, UDM_GATEWAY_IMAGE_REPOSITORY, UDM_GATEWAY_IMAGE_TAG, props.imageRegistry),
        ports: [
          { name: UcsxPortNames.HTTP, port: servicePort(2), targetPort: podPortOf(2) },
          { name: UcsxPortNames.METRICS, port: servicePort(7), targetPort: podPortOf(7) },
        ],
        ...this.sizing(ComponentIds.UDM_GATEWAY, props.udmGateway, 1),
      });
      const udmMaster = props.udmMasterDatabase ?? {};
      this.udmMasterDatabase = this.store('udm-master-database', PeerKindId.UDM_MASTER_DB, StoreEngine.POSTGRES, 'udmMasterDatabase', udmMaster, servicePort(3), udmMaster.databaseName);
      this.fileStorage = this.fileStoragePeer(props.fileStorage);
    }

    // UCS-X (rows 12, 13, 17, 18, 19) and its callers (14, 15, 16).
    const ucsx = this.ucsx;
    const ucsxAuth = this.connect(ucsx.peer, authService, PEER_PORT, 12);
    const ucsxGws = this.connect(ucsx.peer, gwsWorkspace, PEER_PORT, 13);
    this.connect(iwd, ucsx.peer, UcsxPortNames.HTTP_80, 14);
    this.connect(digitalChannels, ucsx.peer, UcsxPortNames.HTTP, 15);
    this.scrape(ucsx, prometheus, monitoring, 16);
    this.connections.push(this.elasticsearch.connectFrom(ucsx.peer, [row(17).ref]));
    for (const db of this.tenantDatabases) this.connections.push(db.connectFrom(ucsx.peer, [row(18).ref]));
    const ucsxMaster = this.connect(ucsx.peer, this.masterDatabasePooler, this.masterDatabasePoolerPort, 19);

    ucsx.addEnv('GAUTH_URL', ucsxAuth.url());
    ucsx.addEnv('GWS_WORKSPACE_URL', ucsxGws.url());
    ucsx.addEnv('ELASTICSEARCH_URL', this.elasticsearch.url);
    if (this.elasticsearch.username !== undefined) ucsx.addEnv('ELASTICSEARCH_USERNAME', this.elasticsearch.username);
    if (this.elasticsearch.credentials) ucsx.addSecretEnv('ELASTICSEARCH_PASSWORD', this.elasticsearch.credentials);
    this.databaseEnv(ucsx, 'UCSX_MASTER_DB', this.masterDatabase, ucsxMaster.endpoint.host, ucsxMaster.endpoint.port);
    ucsx.addEnv('UCSX_TENANT_IDS', this.tenantIds.join(','));
    ucsx.addEnv('UCSX_TENANTS_FILE', UCSX_TENANTS_FILE);
    this.tenantDatabases.forEach((db, i) => {
      if (db.credentials) ucsx.addSecretEnv(this.tenantPasswordEnv(tenants[i].id), db.credentials);
    });
    if (props.location !== undefined) ucsx.addEnv('LOCATION', props.location);

    const className = props.ingressClassName ?? 'nginx';
    const domain = props.domain ?? '';
    const apiPaths = props.apiPaths ?? ['/'];
    if (apiPaths.length === 0) check.fail('apiPaths is empty (route at least one path of the UCS-X API, e.g. ["/"])');
    const apiRoutes: IngressRoute[] = apiPaths.map((path) => ({ path, workload: ucsx, port: UcsxPortNames.HTTP }));
    const ingressLabels = Labels.selector(ComponentIds.UCSX, GenesysService.UCSX);
    this.apiEntryPoint = new EntryPoint(this, 'api-ingress', {
      name: ComponentIds.UCSX,
      namespace,
      host: props.host ?? `ucsx.${domain}`,
      tlsSecretName: props.tlsSecretName ?? 'ucsx-tls',
      className,
      controller,
      labels: ingressLabels,
      routes: [...apiRoutes, { path: props.configurationPath ?? '/config', workload: ucsx, port: UcsxPortNames.CONFIG }],
      refs: [row(1).ref],
    });
    this.internalEntryPoint = new EntryPoint(this, 'internal-ingress', {
      name: `${ComponentIds.UCSX}-internal`,
      namespace,
      host: props.internalHost ?? `ucsx-internal.${domain}`,
      tlsSecretName: props.internalTlsSecretName ?? 'ucsx-internal-tls',
      className: props.internalIngressClassName ?? 'nginx-internal',
      controller: props.internalIngressController ?? controller,
      labels: ingressLabels,
      routes: apiRoutes,
      behaviour: { cookieAffinity: { cookieName: UCSX_AFFINITY_COOKIE }, readTimeoutSeconds: COMETD_READ_TIMEOUT_SECONDS },
      refs: [row(13).ref],
    });
    this.connections.push(...this.apiEntryPoint.connections, ...this.internalEntryPoint.connections);

    if (this.udm && this.udmGateway && this.udmMasterDatabase) {
      const udm = this.udm;
      const gateway = this.udmGateway;
      const udmDb = this.udmMasterDatabase;
      this.udmGatewayEntryPoint = new EntryPoint(this, 'udm-gateway-ingress', {
        name: ComponentIds.UDM_GATEWAY,
        namespace,
        host: props.udmGatewayHost ?? `udm.${domain}`,
        tlsSecretName: props.udmGatewayTlsSecretName ?? 'udm-gateway-tls',
        className,
        controller,
        labels: Labels.selector(ComponentIds.UDM_GATEWAY, GenesysService.UCSX),
        routes: [{ path: '/', workload: gateway, port: UcsxPortNames.HTTP }],
        refs: [row(1).ref, row(2).ref],
      });
      this.connections.push(...this.udmGatewayEntryPoint.connections);

      const gatewayDb = udmDb.connectFrom(gateway.peer, [row(3).ref]);
      const udmDbConnection = udmDb.connectFrom(udm.peer, [row(4).ref]);
      this.connections.push(gatewayDb, udmDbConnection);
      const gatewayFiles = this.fileStorage ? this.connect(gateway.peer, this.fileStorage, 'https', 5) : undefined;
      const udmFiles = this.fileStorage ? this.connect(udm.peer, this.fileStorage, 'https', 6) : undefined;
      this.scrape(gateway, prometheus, monitoring, 7);
      this.connect(iwd, udm.peer, UcsxPortNames.HTTP, 8);
      const udmAuth = this.connect(udm.peer, authService, PEER_PORT, 9);
      const gatewayAuth = this.connect(gateway.peer, authService, PEER_PORT, 10);
      this.scrape(udm, prometheus, monitoring, 11);
      this.connections.push(this.masterDatabase.connectFrom(udm.peer, [row(20).ref]));
      const gatewayUcsx = this.connect(gateway.peer, ucsx.peer, UcsxPortNames.HTTP, 21);

      udm.addEnv('GAUTH_URL', udmAuth.url());
      this.databaseEnv(udm, 'UDM_MASTER_DB', udmDb, udmDbConnection.endpoint.host, udmDbConnection.endpoint.port);
      this.databaseEnv(udm, 'UCSX_MASTER_DB', this.masterDatabase, this.masterDatabase.host, this.masterDatabase.port);
      if (udmFiles) this.fileStorageEnv(udm, udmFiles, props.fileStorage);
      if (props.location !== undefined) udm.addEnv('LOCATION', props.location);

      gateway.addEnv('GAUTH_URL', gatewayAuth.url());
      gateway.addEnv('UCSX_URL', gatewayUcsx.url());
      this.databaseEnv(gateway, 'UDM_MASTER_DB', udmDb, gatewayDb.endpoint.host, gatewayDb.endpoint.port);
      if (gatewayFiles) this.fileStorageEnv(gateway, gatewayFiles, props.fileStorage);
      gateway.addEnv('PUBLIC_URL', this.udmGatewayEntryPoint.url);
      if (props.location !== undefined) gateway.addEnv('LOCATION', props.location);
    }
  }

  /**
   * One of the stack's workloads as a connection end, by canonical component id (`ucsx`, `udm`,
   * `udm-gateway`), for the platform to pass on to other services.
   */
  public peerOf(componentId: string): Peer {
    switch (componentId) {
      case ComponentIds.UCSX:
        return this.ucsx.peer;
      case ComponentIds.UDM:
      case ComponentIds.UDM_GATEWAY: {
        const workload = componentId === ComponentIds.UDM ? this.udm : this.udmGateway;
        if (!workload) throw new Error(`ucsx: ${componentId} is not deployed (udmEnabled is false)`);
        return workload.peer;
      }
      default:
        throw new Error(`ucsx: no component ${show(componentId)} in UcsxStack (components: ucsx, udm, udm-gateway)`);
    }
  }

  /** The tenant database of a tenant; throws for an unknown tenant id. */
  public tenantDatabase(tenantId: string): DataStore {
    const i = this.tenantIds.indexOf(tenantId);
    if (i < 0) throw new Error(`ucsx: no tenant ${show(tenantId)} (tenants: ${this.tenantIds.map((t) => show(t)).join(', ')})`);
    return this.tenantDatabases[i];
  }

  private connect(source: Peer, destination: Peer, port: string, n: number): Connection {
    const c = Connection.declare(this, { source, destination, port, refs: [row(n).ref] });
    this.connections.push(c);
    return c;
  }

  private scrape(workload: HardenedWorkload, prometheus: Peer, serviceMonitor: boolean, n: number): void {
    const scrape = new MetricsScrape(this, `metrics-${workload.name}`, {
      workload,
      port: UcsxPortNames.METRICS,
      prometheus,
      serviceMonitor,
      refs: [row(n).ref],
    });
    this.connections.push(scrape.connection);
  }

  private checkUdmProps(props: UcsxStackProps, udmEnabled: boolean): void {
    if (udmEnabled) {
      if (props.fileStorage === undefined) {
        this.check.fail('fileStorage is missing (UDM and UDM Gateway upload exports to the External File Storage, rows 5 and 6: give fileStorage { host, cidrGroups }, or set udmEnabled: false)');
      }
      return;
    }
    const unused: string[] = [];
    if (props.fileStorage !== undefined) unused.push('fileStorage');
    if (props.udmMasterDatabase !== undefined) unused.push('udmMasterDatabase');
    if (props.udm !== undefined) unused.push('udm');
    if (props.udmGateway !== undefined) unused.push('udmGateway');
    if (props.udmGatewayHost !== undefined) unused.push('udmGatewayHost');
    if (props.udmGatewayTlsSecretName !== undefined) unused.push('udmGatewayTlsSecretName');
    if (unused.length > 0) {
      this.check.fail(`${unused.join(', ')} ${unused.length > 1 ? 'are' : 'is'} set but udmEnabled is false (only UDM and UDM Gateway use ${unused.length > 1 ? 'them' : 'it'}: remove ${unused.length > 1 ? 'them' : 'it'} or enable UDM)`);
    }
  }

  private validTenants(tenants: UcsxTenant[]): UcsxTenant[] {
    if (tenants.length === 0) {
      this.check.fail('tenants is empty (UCS-X needs at least one tenant database, row 18: give tenants [{ id: "t100" }])');
    }
    const out: UcsxTenant[] = [];
    const seen = new Map<string, number>();
    tenants.forEach((tenant, i) => {
      const field = `tenants[${i}].id`;
      if (!this.check.required(field, tenant?.id, 'give each tenant its id')) return;
      if (!this.check.dnsLabel(field, tenant.id)) return;
      const first = seen.get(tenant.id);
      if (first !== undefined) {
        this.check.fail(`${field} ${show(tenant.id)} is used twice (also tenants[${first}]; tenant ids are unique: give each tenant its own id)`);
        return;
      }
      seen.set(tenant.id, i);
      if (!tenant.database?.external && tenant.id.length > MAX_EMBEDDED_TENANT_ID) {
        this.check.fail(`${field} ${show(tenant.id)} is too long for an embedded database (at most ${MAX_EMBEDDED_TENANT_ID} characters, for the StatefulSet postgres-ucsx-tenant-<id>): give the tenant an external database or a shorter id`);
        return;
      }
      out.push(tenant);
    });
    return out;
  }

  private store(id: string, kind: PeerKindId, engine: StoreEngine, field: string, options: StoreOptions | undefined,
    defaultPort: number, database?: string, tenant?: string, extraPorts?: WorkloadPort[]): DataStore {
    const labels = EmbeddedStores.labels(kind, GenesysService.UCSX, tenant);
    let external: ExternalStore | undefined = options?.external;
    if (external) {
      let port = external.port ?? defaultPort;
      if (!this.check.port(`${field}.external.port`, port)) port = defaultPort;
      external = { ...external, port };
    }
    const store = new DataStore(this, id, {
      engine,
      namespace: this.namespace,
      component: labels.component,
      instance: labels.instance,
      database,
      options: { external, embedded: options?.embedded },
      extraPorts,
    });
    return store;
  }

  private fileStoragePeer(options: FileStorageOptions | undefined): Peer | undefined {
    if (!options) return undefined;
    const cidrs = (options.cidrGroups ?? []).flatMap((g) => g?.cidrs ?? []);
    let ok = this.check.required('fileStorage.host', options.host, 'give the host name of the storage endpoint, e.g. "exports.blob.core.windows.net"');
    if (ok) ok = this.check.dnsName('fileStorage.host', options.host.toLowerCase());
    if (cidrs.length === 0) {
      this.check.fail(`fileStorage.cidrGroups has no CIDR (got ${show(options.cidrGroups ?? [])}): give the CIDR groups the storage's addresses are in, so the egress rule of rows 5 and 6 can be written`);
      ok = false;
    }
    for (const group of options.cidrGroups ?? []) {
      for (const cidr of group?.cidrs ?? []) {
        if (!this.check.cidr(`fileStorage.cidrGroups[${group.name}]`, cidr)) ok = false;
      }
    }
    const port = options.port ?? servicePort(5);
    if (!this.check.port('fileStorage.port', port)) ok = false;
    if (options.credentials) {
      if (this.check.required('fileStorage.credentials.name', options.credentials.name, 'name the Secret that holds the storage key')) {
        this.check.dnsName('fileStorage.credentials.name', options.credentials.name);
      }
      this.check.required('fileStorage.credentials.key', options.credentials.key, 'name the key inside the Secret');
    }
    if (!ok) return undefined;
    return Peer.external({
      name: 'file-storage',
      host: options.host,
      cidrGroups: options.cidrGroups,
      ports: [{ name: 'https', port, appProtocol: 'https' }],
    });
  }

  private image(override: ContainerImage | undefined, repository: string, tag: string, registry: string | undefined): ContainerImage {
    if (override) return override.registry === undefined && registry !== undefined ? { ...override, registry } : override;
    return registry !== undefined ? { registry, repository, tag } : { repository, tag };
  }

  private sizing(component: string, options: UcsxComponentOptions | undefined, replicas: number) {
    const o = options ?? {};
    return {
      replicas: o.replicas ?? replicas,
      resources: { ...DEFAULT_RESOURCES[component], ...(o.resources ?? {}) },
      autoscaling: o.autoscaling,
      probe: { path: o.healthPath ?? '/health', port: UcsxPortNames.HTTP },
    };
  }

  private tenantPasswordEnv(tenantId: string): string {
    return `UCSX_TENANT_${envKey(tenantId)}_DB_PASSWORD`;
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
          ...(db.credentials ? { passwordEnvName: this.tenantPasswordEnv(t.id) } : {}),
        },
      };
    });
    return JSON.stringify({ tenants: list }, undefined, 2) + '\n';
  }

  private databaseEnv(workload: HardenedWorkload, prefix: string, store: DataStore, host: string, port: number): void {
    workload.addEnv(`${prefix}_HOST`, host);
    workload.addEnv(`${prefix}_PORT`, String(port));
    workload.addEnv(`${prefix}_NAME`, store.database);
    if (store.username !== undefined) workload.addEnv(`${prefix}_USER`, store.username);
    workload.addEnv(`${prefix}_SSL`, String(store.tls));
    if (store.credentials) workload.addSecretEnv(`${prefix}_PASSWORD`, store.credentials as SecretKeyReference);
  }

  private fileStorageEnv(workload: HardenedWorkload, connection: Connection, options: FileStorageOptions | undefined): void {
    workload.addEnv('FILE_STORAGE_URL', connection.url('https'));
    if (options?.container !== undefined) workload.addEnv('FILE_STORAGE_CONTAINER', options.container);
    if (options?.credentials) workload.addSecretEnv('FILE_STORAGE_KEY', options.credentials);
  }
}
