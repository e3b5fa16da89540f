/** The four Genesys services whose connection tables the catalog holds. */
export enum GenesysService {
  /** Workspace Web Edition. */
  WWE = 'wwe',
  /** Genesys Web Services and Applications. */
  GWS = 'gws',
  /** Digital Channels (Nexus). */
  NEXUS = 'nexus',
  /** Universal Contact Service (UCS-X, UDM, UDM Gateway). */
  UCSX = 'ucsx',
}

/** The Classification column as the documentation writes it. */
export enum Classification {
  /** "Ingress": the service is the destination. */
  INGRESS = 'Ingress',
  /** "Egress": the service is the source (not necessarily leaving the cluster). */
  EGRESS = 'Egress',
  /** "Intra-cluster": both ends are in the cluster. */
  INTRA_CLUSTER = 'Intra-cluster',
  /** "Ingress/Egress": traffic both ways. */
  INGRESS_EGRESS = 'Ingress/Egress',
  /** The cell is empty (the seed table lost the column on that row). */
  UNSPECIFIED = '',
}

/** Where the service stands in a connection, independent of the classification column. */
export enum Direction {
  /** The service is the destination. */
  INGRESS = 'ingress',
  /** The service is the source. */
  EGRESS = 'egress',
  /** Both ends are components of the service. */
  INTERNAL = 'internal',
  /** Neither end is the service (e.g. the browser running WWE reaching another service). */
  NEITHER = 'neither',
}

/** Whether the other end of a connection runs in the cluster. */
export enum PeerLocation {
  /** In the Kubernetes cluster. */
  IN_CLUSTER = 'in-cluster',
  /** Outside the cluster (browsers, managed services, third parties). */
  EXTERNAL = 'external',
}

/** What a connection end names. */
export enum EndKind {
  /** A canonical component id (a workload of one of the four services). */
  COMPONENT = 'component',
  /** A group of components ("Platform services"). */
  COMPONENT_GROUP = 'component-group',
  /** Something outside the four services' workloads: see PeerKindId. */
  PEER = 'peer',
}

/** Ids of the peers the catalog names that are not workloads of the four services. */
export enum PeerKindId {
  /** An agent's or customer's browser, or another HTTP client on the internet. */
  BROWSER = 'browser',
  /** The load balancer in front of the ingress controller. */
  INGRESS_PROXY = 'ingress-proxy',
  /** The ingress controller (the "Inbound Gateway"/"Ingress Gateway"). */
  INGRESS_CONTROLLER = 'ingress-controller',
  /** Genesys Authentication Service (GAuth). */
  AUTH_SERVICE = 'auth-service',
  /** Genesys Tenant Service. */
  TENANT_SERVICE = 'tenant-service',
  /** Voicemail Service. */
  VOICEMAIL = 'voicemail',
  /** Intelligent Workload Distribution. */
  IWD = 'iwd',
  /** Designer. */
  DESIGNER = 'designer',
  /** CX Contact. */
  CX_CONTACT = 'cx-contact',
  /** WebRTC Media Service. */
  WEBRTC = 'webrtc',
  /** Telemetry Service. */
  TELEMETRY = 'telemetry',
  /** Prometheus. */
  PROMETHEUS = 'prometheus',
  /** PostgreSQL (GWS or Digital Channels database). */
  POSTGRESQL = 'postgresql',
  /** Redis. */
  REDIS = 'redis',
  /** Elasticsearch. */
  ELASTICSEARCH = 'elasticsearch',
  /** Consul (service discovery). */
  CONSUL = 'consul',
  /** UDM Master DB (PostgreSQL). */
  UDM_MASTER_DB = 'udm-master-db',
  /** UCS-X Master Database (PostgreSQL). */
  UCSX_MASTER_DB = 'ucsx-master-db',
  /** UCS-X Tenant Database (PostgreSQL), one per tenant. */
  UCSX_TENANT_DB = 'ucsx-tenant-db',
  /** External file storage (object storage) UDM exports go to. */
  FILE_STORAGE = 'file-storage',
  /** Third-party SMS and email aggregators. */
  MESSAGING_AGGREGATORS = 'messaging-aggregators',
  /** Interaction webhooks of the customer. */
  WEBHOOKS = 'webhooks',
  /** A custom client of the Digital Channels Async (Third-Party Messaging) API. */
  ASYNC_API_CLIENT = 'async-api-client',
  /** Genesys Widgets in a customer's web page. */
  GENESYS_WIDGETS = 'genesys-widgets',
}

/** One end of a documented connection. */
export interface ConnectionEnd {
  /** A canonical component id, a group id (`gws-platform-services`) or a PeerKindId value. */
  readonly id: string;
  /** What the id names. */
  readonly kind: EndKind;
  /** The component ids the end stands for (one for a component, several for a group, none for a peer). */
  readonly components: string[];
  /** The name as the documentation writes it. */
  readonly documented: string;
}

/** One row of a Genesys connections table, with the values the library implements. */
export interface CatalogConnection {
  /** Reference `<service>#<number>`, e.g. `gws#15`. */
  readonly ref: string;
  /** The table the row belongs to: a `GenesysService` value, or the id of a registered table. */
  readonly service: string;
  /** The row number in the table. */
  readonly number: number;
  /** Where the connection is opened. */
  readonly source: ConnectionEnd;
  /** Where it is accepted. */
  readonly destination: ConnectionEnd;
  /** The Protocol column as written (may be empty, or use look-alike Cyrillic letters). */
  readonly documentedProtocol: string;
  /** The protocol the library implements, e.g. `HTTP`, `HTTPS/WSS`, `PostgreSQL`. */
  readonly protocol: string;
  /** The Port column as written. @default - the column is empty */
  readonly documentedPort?: number;
  /** The port the source dials (a Service port in the cluster). @default - set by configuration, no documented default */
  readonly servicePort?: number;
  /** The destination's pod port NetworkPolicies name. @default - set by configuration */
  readonly podPort?: number;
  /**
   * Name of the destination's port the source dials (`http`, `http-80`, `metrics`, `postgres`,
   * `pgbouncer`...). Rows naming the same port of one destination share its numbers: that is how a
   * component's Service ports are derived from the table (see `CatalogPorts`).
   */
  readonly portName: string;
  /** True when the port is a configuration prop of the library (rows that say "depends on your ..." or "the value set for ..."). */
  readonly portConfigurable: boolean;
  /** The Classification column as written. */
  readonly classification: Classification;
  /** Where the service stands in the connection. */
  readonly direction: Direction;
  /** Whether the end that is not the service (or, for internal rows, the destination) runs in the cluster. */
  readonly peerLocation: PeerLocation;
  /** One line on what travels on the connection. */
  readonly data: string;
  /** How the library reads or changes the row where the documentation is wrong or silent. @default - the row is implemented as documented */
  readonly decision?: string;
}

/** A group of components one row end can name, e.g. "Platform services". */
export interface ComponentGroup {
  /** Group id, e.g. `gws-platform-services`. */
  readonly id: string;
  /** The component ids of the group. */
  readonly components: string[];
}

/**
 * One service's connection table: what `ConnectionCatalog.register` takes to add a service. The four
 * built-in tables (WWE, GWS, Digital Channels, UCS-X) are registered the same way.
 */
export interface ServiceTable {
  /** Service id: a DNS label, the value of `app.kubernetes.io/component`, e.g. `gws`. */
  readonly service: string;
  /** The service's name as the documentation writes it, e.g. `Genesys Web Services and Applications`. */
  readonly title: string;
  /** Canonical component ids (values of `app.kubernetes.io/name`) of the service's workloads. */
  readonly components: string[];
  /**
   * Groups of components that a row end may name.
   * @default - none
   */
  readonly groups?: ComponentGroup[];
  /** The rows, numbered 1..n, each with `service` set to this table's id. */
  readonly rows: CatalogConnection[];
}

/** A named port of a catalog destination, with the rows that name it. */
export interface CatalogPort {
  /** Port name, e.g. `http`. */
  readonly name: string;
  /** The port the source dials (a Service port in the cluster). @default - none documented: configured */
  readonly servicePort?: number;
  /** The pod port behind it, which NetworkPolicies name. @default - none documented: configured */
  readonly podPort?: number;
  /** The row (or extension) references that dial this port. */
  readonly refs: string[];
}

/**
 * An opening that is not a row of the documentation's tables, added by an option (e.g. Prometheus
 * scraping Digital Channels metrics, a public UCS-X API). It is declared with its own id and reason,
 * reported apart from the rows, and named in the policy annotations as `ext:<id>`.
 */
export interface CatalogExtension {
  /** Reference `ext:<id>`, e.g. `ext:nexus-metrics`. */
  readonly ref: string;
  /** The service whose option adds it. */
  readonly service: string;
  /** Where the connection is opened. */
  readonly source: ConnectionEnd;
  /** Where it is accepted. */
  readonly destination: ConnectionEnd;
  /** Protocol, e.g. `HTTP`. */
  readonly protocol: string;
  /** Name of the destination's port. */
  readonly portName: string;
  /** Port the source dials. @default - configured */
  readonly servicePort?: number;
  /** Pod port behind it. @default - same as servicePort */
  readonly podPort?: number;
  /** The option that turns it on, e.g. `NexusService monitoring`. */
  readonly option: string;
  /** Why it exists and where the facts come from. */
  readonly reason: string;
}

/**
 * Where another Genesys service runs by default (its Helm chart's usual namespace, Service name and
 * labels). Its port is read from the catalog rows that dial it.
 */
export interface GenesysPeerService {
  /** The peer kind the catalog rows name (a `PeerKindId` value). */
  readonly kind: string;
  /** Short name, also the default `app.kubernetes.io/name` label value. */
  readonly name: string;
  /** Usual namespace. */
  readonly namespace: string;
  /** Name of its Service. */
  readonly serviceName: string;
  /** URL path its clients add to the base URL, e.g. `/fs`. @default - none */
  readonly path?: string;
  /** Where the defaults come from. */
  readonly origin: string;
}
