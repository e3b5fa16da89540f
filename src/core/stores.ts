import { Construct } from 'constructs';
import { Annotations, serviceHost } from '../shared';
import { Connection, markPeerChecked } from './connection';
import { Check, show } from './errors';
import { ContainerImage } from './image';
import { CidrGroup, Peer } from './peers';
import { PortProtocol, WorkloadPort } from './ports';
import { HardenedWorkload, HardenedWorkloadProps, WorkloadKind } from './workload';
import { mergePodSettings, PodSettings, ResourceOptions, SecretKeyReference } from './workload-options';

/** Data store engines the library can wire (and embed for development). */
export enum StoreEngine {
  /** PostgreSQL. */
  POSTGRES = 'postgres',
  /** Redis. */
  REDIS = 'redis',
  /** Elasticsearch. */
  ELASTICSEARCH = 'elasticsearch',
  /** Consul (service discovery). */
  CONSUL = 'consul',
}

/** A store this app does not run: a managed service, or an agent on the nodes. */
export interface ExternalStore {
  /** Host name clients dial. */
  readonly host: string;
  /**
   * Port.
   * @default - the port the catalog rows dial (5432, 6379, 9200, 8500; 6432 for the UCS-X Master Database pooler)
   */
  readonly port?: number;
  /** The CIDR groups the store's addresses are in (egress rules go there). */
  readonly cidrGroups: CidrGroup[];
  /**
   * Connect with TLS.
   * @default false
   */
  readonly tls?: boolean;
  /**
   * Secret key holding the password.
   * @default - none (the store needs no password)
   */
  readonly credentials?: SecretKeyReference;
  /**
   * User name.
   * @default - none
   */
  readonly username?: string;
}

/** Settings of an embedded development store. */
export interface EmbeddedStoreOptions {
  /**
   * Image.
   * @default - a pinned official image of the engine
   */
  readonly image?: ContainerImage;
  /**
   * Persistent volume size in GiB (PostgreSQL only; the others are not persistent).
   * @default 10
   */
  readonly storageGibibytes?: number;
  /**
   * StorageClass of the volume.
   * @default - the cluster default
   */
  readonly storageClassName?: string;
  /**
   * Requests and limits.
   * @default - engine defaults
   */
  readonly resources?: ResourceOptions;
  /**
   * Secret key with the password the store requires (PostgreSQL and Redis).
   * @default - Secret `<engine>-<instance>-credentials`, key `password`
   */
  readonly credentials?: SecretKeyReference;
}

/** Where a store is: outside (managed) or embedded in the namespace (development only). */
export interface StoreOptions {
  /**
   * A store this app does not run. When set, nothing is embedded.
   * @default - an embedded development store
   */
  readonly external?: ExternalStore;
  /**
   * Settings of the embedded store (used only without `external`).
   * @default - engine defaults
   */
  readonly embedded?: EmbeddedStoreOptions;
}

/** Props of a data store. */
export interface DataStoreProps {
  /** Engine. */
  readonly engine: StoreEngine;
  /** Namespace the embedded store runs in. */
  readonly namespace: string;
  /** Owning service (`app.kubernetes.io/component`). */
  readonly component: string;
  /** Instance naming the owner (`app.kubernetes.io/instance`), e.g. `gws` or `udm-master`. */
  readonly instance: string;
  /**
   * The port clients dial (taken from the catalog row that dials the store). An external store's
   * `port` replaces it; an embedded store listens on it.
   */
  readonly port: number;
  /**
   * External or embedded.
   * @default - embedded
   */
  readonly options?: StoreOptions;
  /**
   * Database name (PostgreSQL).
   * @default - the instance
   */
  readonly database?: string;
  /**
   * More ports the store serves besides the engine's, e.g. a PostgreSQL pooler port. Embedded, the
   * Service sends each to the engine's port (there is no pooler in development); external, the host
   * serves them as given.
   * @default - none
   */
  readonly extraPorts?: WorkloadPort[];
  /**
   * Pod settings of the embedded store (registry credentials, node pool...).
   * @default - none
   */
  readonly pods?: PodSettings;
  /**
   * Where the store's options are in the owner's props, for messages (e.g. `masterDatabase`).
   * @default - "<engine> store"
   */
  readonly field?: string;
}

interface EngineProfile {
  readonly scheme: string;
  readonly image: ContainerImage;
  readonly uid: number;
  readonly resources: ResourceOptions;
  /** The image listens here unless told otherwise. */
  readonly imagePort: number;
  /** What the engine's container needs besides the common settings, listening on `port`. */
  readonly workload: (port: number, database: string, credentials?: SecretKeyReference) => Partial<HardenedWorkloadProps>;
}

const ENGINES: { [engine: string]: EngineProfile } = {
  [StoreEngine.POSTGRES]: {
    scheme: 'postgresql',
    uid: 999,
    imagePort: 5432,
    image: { repository: 'postgres', tag: '16.4' },
    resources: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 256, memoryLimitMebibytes: 1024 },
    workload: (port, database, credentials) => ({
      env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_USER: 'postgres', POSTGRES_DB: database, ...(port !== 5432 ? { PGPORT: String(port) } : {}) },
      secretEnv: credentials ? [{ name: 'POSTGRES_PASSWORD', secret: credentials }] : [],
      writablePaths: ['/tmp', '/var/run/postgresql'],
      probe: { initialDelaySeconds: 20 },
    }),
  },
  [StoreEngine.REDIS]: {
    scheme: 'redis',
    uid: 999,
    imagePort: 6379,
    image: { repository: 'redis', tag: '7.2.5' },
    resources: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 512 },
    workload: (port, _database, credentials) => ({
      args: ['--save', '', '--appendonly', 'no', ...(port !== 6379 ? ['--port', String(port)] : []), '--requirepass', '$(REDIS_PASSWORD)'],
      secretEnv: credentials ? [{ name: 'REDIS_PASSWORD', secret: credentials }] : [],
      writablePaths: ['/tmp', '/data'],
      probe: { initialDelaySeconds: 10 },
    }),
  },
  [StoreEngine.ELASTICSEARCH]: {
    scheme: 'http',
    uid: 1000,
    imagePort: 9200,
    image: { repository: 'elasticsearch', tag: '8.15.0' },
    resources: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 1536 },
    workload: (port) => ({
      env: {
        'discovery.type': 'single-node',
        'xpack.security.enabled': 'false',
        'ES_JAVA_OPTS': '-Xms512m -Xmx512m',
        ...(port !== 9200 ? { 'http.port': String(port) } : {}),
      },
      writablePaths: ['/tmp', '/usr/share/elasticsearch/data', '/usr/share/elasticsearch/logs'],
      seededPaths: ['/usr/share/elasticsearch/config'],
      probe: { path: '/_cluster/health', initialDelaySeconds: 60 },
    }),
  },
  [StoreEngine.CONSUL]: {
    scheme: 'http',
    uid: 100,
    imagePort: 8500,
    image: { repository: 'hashicorp/consul', tag: '1.19.2' },
    resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256 },
    // -dev listens on every address of the pod: development only (the NetworkPolicies still admit
    // only the documented GWS clients)
    workload: (port) => ({
      args: ['agent', '-dev', '-client', '0.0.0.0', '-data-dir', '/consul/data', ...(port !== 8500 ? ['-http-port', String(port)] : [])],
      writablePaths: ['/tmp', '/consul/data'],
      probe: { path: '/v1/status/leader', initialDelaySeconds: 10 },
    }),
  },
};

/**
 * A data store a service depends on: either external (a managed service reached through named CIDR
 * groups, only our egress rule written) or embedded (a hardened single-replica StatefulSet in the
 * namespace, for development; its manifests carry the `genesys.cdk8s.io/development-only`
 * annotation). Either way it offers one port named after the engine and the address clients use.
 */
export class DataStore extends Construct {
  /** The store as a connection end. */
  public readonly peer: Peer;
  /** True when the store runs in the namespace. */
  public readonly embedded: boolean;
  /** The embedded workload, when embedded. */
  public readonly workload?: HardenedWorkload;
  /** Host clients dial (empty when the external host is invalid, which is reported). */
  public readonly host: string;
  /** Port clients dial. */
  public readonly port: number;
  /** Name of the store's port (the engine name). */
  public readonly portName: string;
  /** True when clients must use TLS. */
  public readonly tls: boolean;
  /** Where the password is, when there is one. */
  public readonly credentials?: SecretKeyReference;

  /** User name, when known. */
  public readonly username?: string;
  /** Database name (PostgreSQL). */
  public readonly database: string;
  /** Engine. */
  public readonly engine: StoreEngine;

  public constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);
    const check = new Check(this, props.field !== undefined ? props.component : `${props.component} ${props.engine} store`);
    const base = props.field !== undefined ? `${props.field}.` : '';
    this.engine = props.engine;
    this.portName = props.engine === StoreEngine.ELASTICSEARCH ? 'http' : props.engine;
    this.database = props.database ?? props.instance.replace(/-/g, '_');
    const external = props.options?.external;
    if (external !== undefined && external !== null) {
      this.embedded = false;
      const ok = checkExternalStore(check, external, `${base}external`);
      this.port = external.port ?? props.port;
      this.host = ok ? external.host : '';
      this.tls = external.tls ?? false;
      this.credentials = external.credentials;
      this.username = external.username;
      this.peer = Peer.external({
        name: `${props.engine}-${props.instance}`,
        host: external.host,
        cidrGroups: external.cidrGroups ?? [],
        ports: [
          { name: this.portName, port: this.port, protocol: PortProtocol.TCP, appProtocol: ENGINES[props.engine].scheme },
          ...(props.extraPorts ?? []).map((p) => ({ ...p, targetPort: undefined, appProtocol: p.appProtocol ?? ENGINES[props.engine].scheme })),
        ],
      });
      // the checks above report this peer's problems once, whatever the number of connections to it
      markPeerChecked(this.peer);
      return;
    }
    this.embedded = true;
    const workload = this.embed(check, props, base);
    this.workload = workload;
    this.peer = workload.peer;
    this.host = serviceHost(workload.name, props.namespace);
    this.port = props.port;
    this.tls = false;
    this.username = props.engine === StoreEngine.POSTGRES ? 'postgres' : undefined;
  }

  /** The embedded development store: a hardened single-replica StatefulSet listening on the row's port. */
  private embed(check: Check, props: DataStoreProps, base: string): HardenedWorkload {
    const profile = ENGINES[props.engine];
    const embedded = props.options?.embedded ?? {};
    const name = `${props.engine}-${props.instance}`;
    const needsPassword = props.engine === StoreEngine.POSTGRES || props.engine === StoreEngine.REDIS;
    const credentials = needsPassword ? embedded.credentials ?? { name: `${name}-credentials`, key: 'password' } : undefined;
    (this as { credentials?: SecretKeyReference }).credentials = credentials;
    if (embedded.storageGibibytes !== undefined && props.engine !== StoreEngine.POSTGRES) {
      check.fail(`${base}embedded.storageGibibytes ${embedded.storageGibibytes} is set, but the embedded ${props.engine} is not persistent (remove it)`);
    }
    const annotations = {
      [Annotations.DEVELOPMENT_ONLY]: 'true',
      [Annotations.NOTE]: `embedded ${props.engine} for development; give an external store for production`,
    };
    return new HardenedWorkload(this, 'workload', {
      id: props.engine,
      component: props.component,
      instance: props.instance,
      namespace: props.namespace,
      image: embedded.image ?? profile.image,
      ports: [
        { name: this.portName, port: props.port, appProtocol: profile.scheme },
        ...(props.extraPorts ?? []).map((p) => ({ ...p, targetPort: props.port, appProtocol: p.appProtocol ?? profile.scheme })),
      ],
      kind: WorkloadKind.STATEFULSET,
      runAsUser: profile.uid,
      resources: embedded.resources ?? profile.resources,
      annotations,
      pods: mergePodSettings(props.pods, { annotations, topologySpread: [] }),
      ...profile.workload(props.port, this.database, credentials),
      ...(props.engine === StoreEngine.POSTGRES
        ? { storage: { mountPath: '/var/lib/postgresql/data', sizeGibibytes: embedded.storageGibibytes, storageClassName: embedded.storageClassName } }
        : {}),
    });
  }

  /** Declares a connection from `source` to this store. */
  public connectFrom(source: Peer, refs: string[]): Connection {
    return Connection.declare(this, { source, destination: this.peer, port: this.portName, refs });
  }

  /** The URL scheme clients use (`postgresql`, `redis` or `rediss`, `http` or `https`). */
  public get scheme(): string {
    const scheme = ENGINES[this.engine].scheme;
    return this.tls ? (scheme === 'redis' ? 'rediss' : scheme === 'http' ? 'https' : scheme) : scheme;
  }

  /** `scheme://host:port` of the store. */
  public get url(): string {
    return `${this.scheme}://${this.host}:${this.port}`;
  }
}

/** Checks an external store once: host, CIDR groups, port, credentials, user name. */
function checkExternalStore(check: Check, external: ExternalStore, field: string): boolean {
  if (typeof external !== 'object') {
    check.fail(`${field} ${show(external)} is not an external store (give { host, cidrGroups })`);
    return false;
  }
  const hasHost = typeof external.host === 'string' && external.host.trim() !== '';
  let ok = hasHost ? check.dnsName(`${field}.host`, external.host.toLowerCase()) : false;
  if (!hasHost) check.fail(`${field}.host is missing (the services need the address: give the store's host name)`);
  ok = check.cidrGroups(`${field}.cidrGroups`, external.cidrGroups) && ok;
  check.port(`${field}.port`, external.port);
  if (external.credentials !== undefined) check.secretRef(`${field}.credentials`, external.credentials);
  if (external.username !== undefined) check.username(`${field}.username`, external.username);
  return ok;
}
