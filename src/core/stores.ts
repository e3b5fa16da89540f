import { Construct } from 'constructs';
import { Annotations, serviceHost } from '../shared';
import { cidrGroups, dnsName, dnsNameProblem, secretRef, tcpPort, username } from './checks';
import { Connection, markPeerChecked } from './connection';
import { ContainerImage } from './image';
import { Fields, flag, Input, shape, show, Spec, text, typeName, whole } from './input';
import { IMAGE } from './option-specs';
import { CidrGroup, Peer } from './peers';
import { PortProtocol, WorkloadPort } from './ports';
import { buildWorkload, HardenedWorkload } from './workload';
import { resolveWorkload } from './workload-model';
import { mergePodSettings, PodSettings, ResourceOptions, SecretKeyReference } from './workload-options';
import { HardenedWorkloadProps, WorkloadKind } from './workload-props';
import { storePortName } from '../shared/names';

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

/** How `ExternalStore` is read (host and CIDR groups required). */
export const EXTERNAL_STORE: Spec<ExternalStore> = (() => {
  const fields = shape<ExternalStore>('an external store', {
    host: text((v) => dnsNameProblem(v.toLowerCase()), '"db.example.internal"'),
    port: tcpPort,
    cidrGroups,
    tls: flag,
    credentials: secretRef,
    username,
  }, '{ host, cidrGroups, credentials }');
  return Object.assign((input: Input, value: unknown) => {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      input.fail(`${show(value)} is ${typeName(value)}, not an external store (give { host, cidrGroups })`);
      return undefined;
    }
    const given = value as Partial<ExternalStore>;
    if (given.host === undefined || given.host === null || (typeof given.host === 'string' && given.host.trim() === '')) {
      input.at('host').fail('is missing (the services need the address: give the store\'s host name)');
    }
    if (given.cidrGroups === undefined || given.cidrGroups === null) cidrGroups(input.at('cidrGroups'), given.cidrGroups);
    const store = fields(input, value);
    return store !== undefined && store.host !== undefined && store.cidrGroups !== undefined ? store : undefined;
  }, { kind: fields.kind, fields: fields.fields });
})();

/** How `EmbeddedStoreOptions` is read. */
export const EMBEDDED_STORE = shape<EmbeddedStoreOptions>('embedded store options', {
  image: IMAGE,
  storageGibibytes: whole(1, 1_000_000),
  storageClassName: dnsName,
  resources: shape<ResourceOptions>('resources', {
    cpuRequestMillis: whole(1, 1_000_000),
    cpuLimitMillis: whole(1, 1_000_000),
    memoryRequestMebibytes: whole(1, 10_000_000),
    memoryLimitMebibytes: whole(1, 10_000_000),
  }),
  credentials: secretRef,
}, '{ storageGibibytes: 20 }');

/** The fields of `StoreOptions`, for option interfaces that extend it. */
export const STORE_FIELDS: Fields<StoreOptions> = { external: EXTERNAL_STORE, embedded: EMBEDDED_STORE };

/** How `StoreOptions` is read. */
export const STORE_OPTIONS = shape<StoreOptions>('a store', STORE_FIELDS, '{ external: { host, cidrGroups } } or { embedded: {} }');

/** A store with every value settled: what `DataStore` builds from. */
export interface StoreModel {
  /** Engine. */
  readonly engine: StoreEngine;
  /** Namespace of an embedded store. */
  readonly namespace: string;
  /** Owning service. */
  readonly component: string;
  /** Instance naming the owner. */
  readonly instance: string;
  /** Name of the store's port. */
  readonly portName: string;
  /** The port clients dial: the external store's, else the row's. */
  readonly port: number;
  /** Database name. */
  readonly database: string;
  /** Ports besides the engine's. */
  readonly extraPorts: WorkloadPort[];
  /** The external store. @default - embedded */
  readonly external?: ExternalStore;
  /** The embedded store's workload. @default - external */
  readonly workload?: HardenedWorkloadProps;
  /** Where the password is. @default - no password */
  readonly credentials?: SecretKeyReference;
  /** User name. @default - none */
  readonly username?: string;
  /** True when clients use TLS. */
  readonly tls: boolean;
}

/**
 * Reads a store's props at `input` (the store's place in the user's props, e.g. `postgres`) and
 * settles what the builder needs: external (checked once) or embedded (the engine's workload).
 */
export function resolveStore(input: Input, props: DataStoreProps): StoreModel {
  const engine = props.engine;
  const portName = storePortName(engine);
  const database = props.database ?? props.instance.replace(/-/g, '_');
  const options = props.options ?? {};
  const base = {
    engine, namespace: props.namespace, component: props.component, instance: props.instance, portName, database, extraPorts: props.extraPorts ?? [],
  };
  if (options.external !== undefined && options.external !== null) {
    const external = EXTERNAL_STORE(input.at('external'), options.external);
    return {
      ...base,
      port: external?.port ?? props.port,
      external: external ?? { host: '', cidrGroups: [] },
      credentials: external?.credentials,
      username: external?.username,
      tls: external?.tls ?? false,
    };
  }
  const embedded = EMBEDDED_STORE(input.at('embedded'), options.embedded) ?? {};
  if (embedded.storageGibibytes !== undefined && engine !== StoreEngine.POSTGRES) {
    input.at('embedded').at('storageGibibytes').fail(`${embedded.storageGibibytes} is set, but the embedded ${engine} is not persistent (remove it)`);
  }
  const profile = ENGINES[engine];
  const name = `${engine}-${props.instance}`;
  const needsPassword = engine === StoreEngine.POSTGRES || engine === StoreEngine.REDIS;
  const credentials = needsPassword ? embedded.credentials ?? { name: `${name}-credentials`, key: 'password' } : undefined;
  const annotations = {
    [Annotations.DEVELOPMENT_ONLY]: 'true',
    [Annotations.NOTE]: `embedded ${engine} for development; give an external store for production`,
  };
  const workload: HardenedWorkloadProps = {
    id: engine,
    component: props.component,
    instance: props.instance,
    namespace: props.namespace,
    image: embedded.image ?? profile.image,
    ports: [
      { name: portName, port: props.port, appProtocol: profile.scheme },
      ...(props.extraPorts ?? []).map((p) => ({ ...p, targetPort: props.port, appProtocol: p.appProtocol ?? profile.scheme })),
    ],
    kind: WorkloadKind.STATEFULSET,
    runAsUser: profile.uid,
    resources: embedded.resources ?? profile.resources,
    annotations,
    pods: mergePodSettings(props.pods, { annotations, topologySpread: [] }),
    ...profile.workload(props.port, database, credentials),
    ...(engine === StoreEngine.POSTGRES
      ? { storage: { mountPath: '/var/lib/postgresql/data', sizeGibibytes: embedded.storageGibibytes, storageClassName: embedded.storageClassName } }
      : {}),
  };
  return { ...base, port: props.port, workload, credentials, username: engine === StoreEngine.POSTGRES ? 'postgres' : undefined, tls: false };
}

const RESOLVED = new WeakSet<object>();

/** Creates a store from a model resolved at the user's paths. */
export function buildStore(scope: Construct, id: string, model: StoreModel, workloadInput: Input): DataStore {
  RESOLVED.add(model);
  STORE_INPUTS.set(model, workloadInput);
  return new DataStore(scope, id, model as unknown as DataStoreProps);
}

const STORE_INPUTS = new WeakMap<object, Input>();

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
    let model: StoreModel;
    let workloadInput: Input;
    if (RESOLVED.has(props)) {
      model = props as unknown as StoreModel;
      workloadInput = STORE_INPUTS.get(model)!;
    } else {
      const label = props.field !== undefined ? props.component : `${props.component} ${props.engine} store`;
      const input = props.field !== undefined ? Input.root(this, label).at(props.field) : Input.root(this, label);
      model = resolveStore(input, props);
      workloadInput = input.at('embedded');
    }
    this.engine = model.engine;
    this.portName = model.portName;
    this.database = model.database;
    this.port = model.port;
    this.tls = model.tls;
    this.credentials = model.credentials;
    this.username = model.username;
    if (model.external) {
      this.embedded = false;
      this.host = model.external.host;
      this.peer = Peer.external({
        name: `${model.engine}-${model.instance}`,
        host: model.external.host,
        cidrGroups: model.external.cidrGroups,
        ports: [
          { name: this.portName, port: this.port, protocol: PortProtocol.TCP, appProtocol: ENGINES[model.engine].scheme },
          ...model.extraPorts.map((p) => ({ ...p, targetPort: undefined, appProtocol: p.appProtocol ?? ENGINES[model.engine].scheme })),
        ],
      });
      // the store's resolution reported this peer's problems once, whatever the number of connections to it
      markPeerChecked(this.peer);
      return;
    }
    this.embedded = true;
    const workload = buildWorkload(this, 'workload', resolveWorkload(workloadInput, model.workload!));
    this.workload = workload;
    this.peer = workload.peer;
    this.host = serviceHost(workload.name, model.namespace);
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

