import { Construct } from 'constructs';
import { CatalogExtensions, CatalogPorts, ComponentIds as C, GenesysService, PeerKindId as P } from '../catalog';
import {
  ConfigFile,
  Connection,
  DataStore,
  EntryPoint,
  HardenedWorkload,
  EntryPointRoute,
  MetricsScrape,
  Peer,
  ResourceOptions,
  StoreEngine,
  WorkloadPort,
} from '../core';
import { UCSX_PROPS } from './specs';
import { show } from '../core/input';
import {
  Address, Bind, Binding, catalogPorts, EntryPointSpec, envUrl, GenesysPeers, ServiceKit, storeAddress, StoreKeys, wireTable,
} from '../kit/internal';
import { Labels } from '../shared';
import {
  UcsxStackProps,
  UCSX_IMAGE_REPOSITORY,
  UCSX_IMAGE_TAG,
  UcsxComponentOptions,
  UcsxEnvironment as E,
  UcsxMasterDatabaseOptions,
  UcsxPortNames,
  UcsxTenant,
  UDM_GATEWAY_IMAGE_REPOSITORY,
  UDM_GATEWAY_IMAGE_TAG,
  UDM_IMAGE_REPOSITORY,
  UDM_IMAGE_TAG,
} from './options';

/** Tenant of the default configuration. */
export const UCSX_DEFAULT_TENANT_ID = 't100';
/** Where UCS-X reads the tenant database list. */
export const UCSX_TENANTS_FILE = '/etc/ucsx/tenants.json';
/** Name of the CometD affinity cookie of the internal entry point. */
export const UCSX_AFFINITY_COOKIE = 'UCSX_AFFINITY';

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
    const { kit, props } = ServiceKit.start<UcsxStackProps>(this, GenesysService.UCSX, given, UCSX_PROPS, '{ domain: "example.com", fileStorage }');
    this.kit = kit;
    this.namespace = kit.namespace;
    const udmEnabled = props.udmEnabled ?? true;
    this.checkUdmProps(props, udmEnabled);
    if ((props.monitoring ?? false) && props.prometheus === undefined && !kit.input.at('prometheus').failedAround) {
      kit.input.at('prometheus').fail('is missing: monitoring is on (pass the Prometheus peer, e.g. prometheus: Peer.prometheus({ namespace: "monitoring" }), so the ServiceMonitors and scrape rules name the Prometheus that reads them)');
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
    this.tenantDatabases = tenants.map((t) => kit.store({
      id: `tenant-database-${t.id}`,
      engine: StoreEngine.POSTGRES,
      kind: P.UCSX_TENANT_DB,
      field: `tenants[${(props.tenants ?? tenants).indexOf(t)}].database`,
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
    }
    const entry = this.entryPoints(props);
    this.apiEntryPoint = entry.api;
    this.internalEntryPoint = entry.internal;
    this.udmGatewayEntryPoint = entry.udmGateway;
    for (const connections of wireTable(this, kit.input, GenesysService.UCSX, this.bindings(props)).values()) this.connections.push(...connections);
    this.scrapes(props);
    this.configure();
    kit.finish({ chart: 'ucsx' });
  }

  /** The tenant database of a tenant; throws for an unknown tenant id. */
  public tenantDatabase(tenantId: string): DataStore {
    const i = this.tenantIds.indexOf(tenantId);
    if (i < 0) throw new Error(`ucsx: no tenant ${show(tenantId)} (tenants: ${this.tenantIds.map((t) => show(t)).join(', ')})`);
    return this.tenantDatabases[i];
  }

  private component(id: string, options: UcsxComponentOptions | undefined, ports?: WorkloadPort[], files?: ConfigFile[]): HardenedWorkload {
    const d = DEFAULTS[id];
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
    const pooler = master.poolerPort ?? catalogPooler;
    return pooler === direct ? undefined : pooler;
  }

  /** The entry points: the public API and its configuration API, the internal API, the UDM Gateway (rows 1, 2). */
  private entryPoints(props: UcsxStackProps): { api?: EntryPoint; internal?: EntryPoint; udmGateway?: EntryPoint } {
    const kit = this.kit;
    const domain = kit.domain();
    const ucsxLabels = Labels.selector(C.UCSX, GenesysService.UCSX);
    const out: { api?: EntryPoint; internal?: EntryPoint; udmGateway?: EntryPoint } = {};
    const add = (spec: EntryPointSpec): EntryPoint | undefined => {
      const entry = kit.entryPoint(spec);
      this.connections.push(...(entry?.connections ?? []));
      return entry;
    };
    const routes = (paths: string[], workload: HardenedWorkload, port: string): EntryPointRoute[] => paths.map((path) => ({ path, workload, port }));
    const api = props.publicApi;
    const apiHost = api ? kit.host(api.host, 'ucsx', domain) : undefined;
    if (api && apiHost) {
      const defaults = ['/ucs/v3/', '/ucs/v10/'];
      const given = api.paths ?? defaults;
      const at = kit.input.at('publicApi').at('paths');
      if (given.length === 0 && !at.failedAround) at.fail('is empty (route at least one path of the UCS-X API, e.g. ["/ucs/v3/"])');
      const paths = given.length > 0 ? given : defaults;
      const tls = api.tlsSecretName ?? 'ucsx-tls';
      out.api = add({ id: 'api-ingress', name: C.UCSX, host: apiHost, tlsSecretName: tls, labels: ucsxLabels, routes: routes(paths, this.ucsx, UcsxPortNames.HTTP), refs: [PUBLIC_API.ref], reason: PUBLIC_API.reason });
      if (api.configurationApi) {
        add({
          id: 'config-ingress',
          name: `${C.UCSX}-config`,
          host: apiHost,
          tlsSecretName: tls,
          labels: ucsxLabels,
          routes: routes([api.configurationPath ?? '/ucs/v3/config'], this.ucsx, CONFIG_API.portName),
          refs: [CONFIG_API.ref],
          reason: CONFIG_API.reason,
        });
      }
    }
    const internal = props.internalApi;
    const internalHost = internal ? kit.host(internal.host, 'ucsx-internal', domain) : undefined;
    if (internal && internalHost) {
      out.internal = add({
        id: 'internal-ingress',
        name: `${C.UCSX}-internal`,
        host: internalHost,
        internal: true,
        tlsSecretName: internal.tlsSecretName ?? 'ucsx-internal-tls',
        labels: ucsxLabels,
        routes: routes(internal.paths?.length ? internal.paths : ['/'], this.ucsx, UcsxPortNames.HTTP),
        behaviour: { cookieAffinity: { cookieName: UCSX_AFFINITY_COOKIE }, readTimeoutSeconds: COMETD_READ_TIMEOUT_SECONDS },
        refs: [INTERNAL_API.ref],
        reason: INTERNAL_API.reason,
      });
    }
    const gatewayHost = this.udmGateway ? kit.host(props.udmGatewayHost, 'udm', domain) : undefined;
    if (this.udmGateway && gatewayHost) {
      out.udmGateway = add({
        id: 'udm-gateway-ingress',
        name: C.UDM_GATEWAY,
        host: gatewayHost,
        tlsSecretName: props.udmGatewayTlsSecretName ?? 'udm-gateway-tls',
        labels: Labels.selector(C.UDM_GATEWAY, GenesysService.UCSX),
        routes: routes(['/'], this.udmGateway, UcsxPortNames.HTTP),
        // the controller's rule is ucsx#2; the Ingress object also stands for ucsx#1 (the browser meets the gateway there)
        refs: ['ucsx#2'],
        ingressRefs: ['ucsx#1'],
      });
    }
    return out;
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
  private configure(): void {
    const kit = this.kit;
    const location = kit.common.location;
    kit.env(this.ucsx, E.TENANT_IDS, this.tenantIds.join(','));
    kit.env(this.ucsx, E.TENANTS_FILE, UCSX_TENANTS_FILE);
    if (this.udmGateway && this.udmGatewayEntryPoint) kit.env(this.udmGateway, E.PUBLIC_URL, this.udmGatewayEntryPoint.url);
    for (const w of [this.ucsx, this.udm, this.udmGateway]) {
      if (w && location !== undefined) kit.env(w, E.LOCATION, location);
    }
  }

  private checkUdmProps(props: UcsxStackProps, udmEnabled: boolean): void {
    const input = this.kit.input;
    if (udmEnabled) {
      if (props.fileStorage === undefined && !input.at('fileStorage').failedAround) {
        input.at('fileStorage').fail('is missing (UDM and UDM Gateway upload exports to the External File Storage, rows 5 and 6: give fileStorage { host, cidrGroups }, or set udmEnabled: false)');
      }
      return;
    }
    for (const f of ['fileStorage', 'udmMasterDatabase', 'udm', 'udmGateway', 'udmGatewayHost', 'udmGatewayTlsSecretName'] as const) {
      if (props[f] !== undefined) input.at(f).fail('is set but udmEnabled is false (only UDM and UDM Gateway use it: remove it or enable UDM)');
    }
  }

  /** The tenants (each read and unique already); none is an error. */
  private validTenants(tenants: UcsxTenant[]): UcsxTenant[] {
    if (tenants.length === 0 && !this.kit.input.at('tenants').failedAround) {
      this.kit.input.at('tenants').fail('is empty (UCS-X needs at least one tenant database, row 18: give tenants [{ id: "t100" }])');
    }
    return tenants;
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

