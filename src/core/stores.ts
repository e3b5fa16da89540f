import { Construct } from 'constructs';
import { Annotations, serviceHost } from '../shared';
import { Connection, markPeerChecked } from './connection';
import { Check, show } from './errors';
import { ContainerImage } from './image';
import { CidrGroup, Peer } from './peers';
import { PortProtocol, WorkloadPort } from './ports';
import { HardenedWorkload, ResourceOptions, SecretKeyReference, WorkloadKind } from './workload';

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
   * @default - the engine's port (5432, 6379, 9200, 8500)
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
}

interface EngineDefaults {
  readonly port: number;
  readonly scheme: string;
  readonly image: ContainerImage;
  readonly uid: number;
  readonly resources: ResourceOptions;
}

const ENGINES: { [engine: string]: EngineDefaults } = {
  [StoreEngine.POSTGRES]: {
    port: 5432,
    scheme: 'postgresql',
    uid: 999,
    image: { repository: 'postgres', tag: '16.4' },
    resources: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 256, memoryLimitMebibytes: 1024 },
  },
  [StoreEngine.REDIS]: {
    port: 6379,
    scheme: 'redis',
    uid: 999,
    image: { repository: 'redis', tag: '7.2.5' },
    resources: { cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 512 },
  },
  [StoreEngine.ELASTICSEARCH]: {
    port: 9200,
    scheme: 'http',
    uid: 1000,
    image: { repository: 'elasticsearch', tag: '8.15.0' },
    resources: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMebibytes: 1024, memoryLimitMebibytes: 1536 },
  },
  [StoreEngine.CONSUL]: {
    port: 8500,
    scheme: 'http',
    uid: 100,
    image: { repository: 'hashicorp/consul', tag: '1.19.2' },
    resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256 },
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
  /** Host clients dial. */
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
    const defaults = ENGINES[props.engine];
    const name = `${props.engine}-${props.instance}`;
    const check = new Check(this, `${props.component} ${props.engine} store`);
    this.engine = props.engine;
    this.portName = props.engine === StoreEngine.ELASTICSEARCH ? 'http' : props.engine;
    this.database = props.database ?? props.instance.replace(/-/g, '_');
    const external = props.options?.external;
    if (external) {
      this.embedded = false;
      const port = external.port ?? defaults.port;
      check.port('external.port', port);
      const hasHost = typeof external.host === 'string' && external.host.trim() !== '';
      const cidrs = (external.cidrGroups ?? []).flatMap((g) => g.cidrs ?? []);
      if (!hasHost && cidrs.length === 0) {
        check.fail('external store has neither host nor CIDR (give external.host for the configuration and external.cidrGroups for the egress rule)');
      } else if (!hasHost) {
        check.fail(`external.host is missing (the services need the address; cidrGroups ${show(cidrs)} only opens the network)`);
      } else if (cidrs.length === 0) {
        check.fail(`external.cidrGroups has no CIDR for host ${show(external.host)} (give the CIDR groups the store's addresses are in, so the egress rule can be written)`);
      }
      if (hasHost) check.dnsName('external.host', external.host.toLowerCase());
      for (const group of external.cidrGroups ?? []) {
        for (const cidr of group.cidrs ?? []) check.cidr(`external.cidrGroups[${group.name}]`, cidr);
      }
      if (external.credentials) checkSecretRef(check, 'external.credentials', external.credentials);
      this.host = external.host ?? '';
      this.port = port;
      this.tls = external.tls ?? false;
      this.credentials = external.credentials;
      this.username = external.username;
      this.peer = Peer.external({
        name: name,
        host: external.host,
        cidrGroups: external.cidrGroups ?? [],
        ports: [
          { name: this.portName, port, protocol: PortProtocol.TCP, appProtocol: defaults.scheme },
          ...(props.extraPorts ?? []).map((p) => ({ ...p, targetPort: undefined, appProtocol: p.appProtocol ?? defaults.scheme })),
        ],
      });
      // the checks above report this peer's problems once, whatever the number of connections to it
      markPeerChecked(this.peer);
      return;
    }

    this.embedded = true;
    const embedded = props.options?.embedded ?? {};
    const needsPassword = props.engine === StoreEngine.POSTGRES || props.engine === StoreEngine.REDIS;
    const credentials = needsPassword ? embedded.credentials ?? { name: `${name}-credentials`, key: 'password' } : undefined;
    if (credentials) checkSecretRef(check, 'embedded.credentials', credentials);
    const annotations = {
      [Annotations.DEVELOPMENT_ONLY]: 'true',
      [Annotations.NOTE]: `embedded ${props.engine} for development; give an external store for production`,
    };
    const common = {
      id: props.engine,
      component: props.component,
      instance: props.instance,
      namespace: props.namespace,
      image: embedded.image ?? defaults.image,
      ports: [
        { name: this.portName, port: defaults.port, appProtocol: defaults.scheme },
        ...(props.extraPorts ?? []).map((p) => ({ ...p, targetPort: defaults.port, appProtocol: p.appProtocol ?? defaults.scheme })),
      ],
      kind: WorkloadKind.STATEFULSET,
      runAsUser: defaults.uid,
      resources: embedded.resources ?? defaults.resources,
      annotations,
      podAnnotations: annotations,
      zoneSpread: false,
    };
    let workload: HardenedWorkload;
    switch (props.engine) {
      case StoreEngine.POSTGRES:
        workload = new HardenedWorkload(this, 'workload', {
          ...common,
          env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_USER: 'postgres', POSTGRES_DB: this.database },
          secretEnv: credentials ? [{ name: 'POSTGRES_PASSWORD', secret: credentials }] : [],
          writablePaths: ['/tmp', '/var/run/postgresql'],
          storage: { mountPath: '/var/lib/postgresql/data', sizeGibibytes: embedded.storageGibibytes, storageClassName: embedded.storageClassName },
          probe: { initialDelaySeconds: 20 },
        });
        this.username = 'postgres';
        break;
      case StoreEngine.REDIS:
        workload = new HardenedWorkload(this, 'workload', {
          ...common,
          args: ['--save', '', '--appendonly', 'no', '--requirepass', '$(REDIS_PASSWORD)'],
          secretEnv: credentials ? [{ name: 'REDIS_PASSWORD', secret: credentials }] : [],
          writablePaths: ['/tmp', '/data'],
          probe: { initialDelaySeconds: 10 },
        });
        break;
      case StoreEngine.ELASTICSEARCH:
        workload = new HardenedWorkload(this, 'workload', {
          ...common,
          env: {
            'discovery.type': 'single-node',
            'xpack.security.enabled': 'false',
            'ES_JAVA_OPTS': '-Xms512m -Xmx512m',
          },
          writablePaths: ['/tmp', '/usr/share/elasticsearch/data', '/usr/share/elasticsearch/logs'],
          seededPaths: ['/usr/share/elasticsearch/config'],
          probe: { path: '/_cluster/health', initialDelaySeconds: 60 },
        });
        break;
      default:
        workload = new HardenedWorkload(this, 'workload', {
          ...common,
          args: ['agent', '-dev', '-client', '0.0.0.0', '-data-dir', '/consul/data'],
          writablePaths: ['/tmp', '/consul/data'],
          probe: { path: '/v1/status/leader', initialDelaySeconds: 10 },
        });
        break;
    }
    if (embedded.storageGibibytes !== undefined && props.engine !== StoreEngine.POSTGRES) {
      check.fail(`embedded.storageGibibytes ${embedded.storageGibibytes} is set, but the embedded ${props.engine} is not persistent (remove it)`);
    }
    this.workload = workload;
    this.peer = workload.peer;
    this.host = serviceHost(workload.name, props.namespace);
    this.port = defaults.port;
    this.tls = false;
    this.credentials = credentials;
  }

  /** Declares a connection from `source` to this store. */
  public connectFrom(source: Peer, refs: string[]): Connection {
    return Connection.declare(this, { source, destination: this.peer, port: this.portName, refs });
  }

  /** `scheme://host:port` of the store (`postgresql://`, `redis://` or `rediss://`, `http://` or `https://`). */
  public get url(): string {
    const scheme = ENGINES[this.engine].scheme;
    const s = this.tls ? (scheme === 'redis' ? 'rediss' : scheme === 'http' ? 'https' : scheme) : scheme;
    return `${s}://${this.host}:${this.port}`;
  }
}

function checkSecretRef(check: Check, field: string, ref: SecretKeyReference): void {
  check.required(`${field}.name`, ref.name, 'name the Secret that holds the password');
  if (ref.name) check.dnsName(`${field}.name`, ref.name);
  check.required(`${field}.key`, ref.key, `name the key inside Secret ${show(ref.name)}`);
}
