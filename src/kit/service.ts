import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CatalogPorts, EmbeddedStores } from '../catalog';
import {
  CidrGroup,
  ClusterBoundary,
  ConfigFile,
  DataStore,
  HardenedWorkload,
  imageWithDefaults,
  ManagedNamespace,
  mergePodSettings,
  Peer,
  ProbeOptions,
  ResourceOptions,
  SecretKeyReference,
  StoreEngine,
  StoreOptions,
  warnAtSynth,
  WorkloadPort,
} from '../core';
import { ComponentOptions, GenesysServiceProps } from './props';
import { ClusterState } from '../core/cluster';
import { Check, isDnsName, show } from '../core/errors';
import { checkPodSettings } from '../core/pod-spec';

/** One component of a service: its id, defaults and the user's options. */
export interface ComponentSpec {
  /** Canonical component id. */
  readonly id: string;
  /** Where its options are in the props, for messages (`services.workspace`, `nginx`...). */
  readonly field: string;
  /** The user's options. @default - none */
  readonly options?: ComponentOptions;
  /** Default image repository. */
  readonly repository: string;
  /** Default pinned image tag. */
  readonly tag: string;
  /** Default requests and limits. */
  readonly resources: ResourceOptions;
  /** Default replicas. @default 1 */
  readonly replicas?: number;
  /** Probes. @default - TCP on the first port */
  readonly probe?: ProbeOptions;
  /** Paths the process writes to. @default ["/tmp"] */
  readonly writablePaths?: string[];
  /** User and group id. @default 500 */
  readonly runAsUser?: number;
  /** Ports. @default - the ports the catalog rows dial (`CatalogPorts.ofComponent`) */
  readonly ports?: WorkloadPort[];
  /** Configuration files. @default - none */
  readonly files?: ConfigFile[];
  /** Annotations of the files' ConfigMap. @default - none */
  readonly filesAnnotations?: { [key: string]: string };
  /** Fixed configuration values the service writes. @default - none */
  readonly env?: { [name: string]: string };
}

/** An endpoint outside the cluster, as services take it. */
export interface ExternalEndpointSpec {
  /** Short name, a DNS label. @default - the field */
  readonly name?: string;
  /** Host name clients dial. @default - none */
  readonly host?: string;
  /** Port. @default - the row's */
  readonly port?: number;
  /** The CIDR groups its addresses are in. */
  readonly cidrGroups: CidrGroup[];
}

/** The ports of a component as its catalog rows dial them (Service port → pod port). */
export function catalogPorts(componentId: string): WorkloadPort[] {
  return CatalogPorts.ofComponent(componentId).map((p) => ({ name: p.name, port: p.servicePort!, targetPort: p.podPort, appProtocol: 'http' }));
}

/** A store of a service: its engine, the catalog peer kind and where its options are. */
export interface StoreSpec {
  /** Engine. */
  readonly engine: StoreEngine;
  /** Catalog peer kind (`postgresql`, `ucsx-tenant-db`...): its rows give the port. */
  readonly kind: string;
  /** Where its options are, for messages (`postgres`, `tenants[0].database`...). */
  readonly field: string;
  /** The user's options. @default - embedded (with `developmentStores`) */
  readonly options?: StoreOptions;
  /** Database name. @default - the instance */
  readonly database?: string;
  /** Tenant id (tenant databases). @default - none */
  readonly tenant?: string;
  /** Ports besides the main one (a pooler). @default - none */
  readonly extraPorts?: WorkloadPort[];
  /** Construct id. */
  readonly id: string;
  /** Catalog port name of the store's main port. @default - the engine's */
  readonly portName?: string;
}

/**
 * What every Genesys service construct shares, in one place: the namespace and its policies, the
 * components (images, sizing, pod settings, ports from the catalog), the stores (external or
 * development-only), and the configuration written into each workload (renamed on request, never
 * written twice, user values refused where the service wires the name itself).
 */
export class ServiceKit {
  /** Records problems under the service's name. */
  public readonly check: Check;
  /** The namespace the service runs in. */
  public readonly namespace: string;
  private readonly wired = new Map<HardenedWorkload, Set<string>>();
  private readonly components: Array<{ readonly spec: ComponentSpec; readonly workload: HardenedWorkload }> = [];
  private readonly names: { [libraryName: string]: string };
  private readonly ownMissingStores: string[] = [];

  public constructor(private readonly scope: Construct, private readonly service: string, private readonly props: GenesysServiceProps) {
    this.check = new Check(scope, service);
    const p = props ?? ({} as GenesysServiceProps);
    this.namespace = p.namespace ?? service;
    this.names = p.configurationNames ?? {};
    if (this.check.dnsLabel('namespace', this.namespace) && (p.manageNamespace ?? true)) {
      ManagedNamespace.ensure(scope, this.namespace, { dns: p.dns });
    }
    if (p.location !== undefined && (typeof p.location !== 'string' || !/^[^\x00-\x1f\x7f]{1,253}$/.test(p.location) || p.location.trim() === '')) {
      this.check.fail(`location ${show(p.location)} is empty, longer than 253 characters or holds control characters (give the region or location name, e.g. "usw1")`);
    }
    checkPodSettings(this.check, 'pods', p.pods);
    this.checkNames();
  }

  /**
   * The domain; undefined when missing or invalid. A wrong domain is reported once per cluster, by the
   * first service that reads it, and the hosts derived from it are not reported again.
   */
  public domain(required = true): string | undefined {
    const domain = this.props?.domain;
    if ((domain === undefined || domain === '') && !required) return undefined;
    if (typeof domain === 'string' && isDnsName(domain)) return domain;
    const reported = ClusterState.of(this.scope).list<unknown>('reported-domains');
    if (reported.includes(domain)) return undefined;
    reported.push(domain);
    if (this.check.required('domain', domain, 'give the DNS domain of the public hosts, e.g. "example.com"')) this.check.dnsName('domain', domain);
    return undefined;
  }

  /** A host: the user's (checked) or `<name>.<domain>`; undefined when neither is valid (reported once). */
  public host(field: string, given: string | undefined, name: string, domain: string | undefined): string | undefined {
    if (given !== undefined) return this.check.dnsName(field, given) ? given : undefined;
    return domain === undefined ? undefined : `${name}.${domain}`;
  }

  /** Creates a component's hardened workload from its spec and the user's options. */
  public component(spec: ComponentSpec): HardenedWorkload {
    const o = spec.options ?? {};
    if (o === null || typeof o !== 'object') this.check.fail(`${spec.field} ${show(o)} is not an options object`);
    checkPodSettings(this.check, `${spec.field}.pods`, o.pods);
    const workload = new HardenedWorkload(this.scope, spec.id, {
      id: spec.id,
      component: this.service,
      namespace: this.namespace,
      image: imageWithDefaults(o.image, spec.repository, spec.tag, this.props.imageRegistry),
      ports: spec.ports ?? catalogPorts(spec.id),
      replicas: o.replicas ?? spec.replicas,
      resources: { ...spec.resources, ...(o.resources ?? {}) },
      autoscaling: o.autoscaling,
      podDisruptionBudget: o.podDisruptionBudget,
      probe: spec.probe,
      writablePaths: spec.writablePaths,
      runAsUser: spec.runAsUser,
      files: spec.files,
      filesAnnotations: spec.filesAnnotations,
      pods: mergePodSettings(this.props.pods, o.pods),
      envFrom: o.envFrom,
    });
    this.wired.set(workload, new Set());
    this.components.push({ spec, workload });
    for (const [name, value] of Object.entries(spec.env ?? {})) this.env(workload, name, value);
    return workload;
  }

  /** Writes a configuration value the service wires (once per name and workload; renamed on request). */
  public env(workload: HardenedWorkload, name: string, value: string): void {
    if (this.claim(workload, name)) workload.addEnv(this.names[name] ?? name, value);
  }

  /** Writes a value from an existing Secret the service wires. */
  public secretEnv(workload: HardenedWorkload, name: string, secret: SecretKeyReference | undefined): void {
    if (secret && secret.name && secret.key && this.claim(workload, name)) workload.addSecretEnv(this.names[name] ?? name, secret);
  }

  /** Writes a value the kubelet reads from the pod (the node's IP...). */
  public fieldEnv(workload: HardenedWorkload, name: string, field: kplus.EnvFieldPaths): void {
    if (this.claim(workload, name)) workload.addFieldEnv(this.names[name] ?? name, field);
  }

  /**
   * A store: external when its options name one, else an embedded development store, which needs
   * `developmentStores: true` (without it, one error lists every store left to configure). Its port is
   * the one the catalog rows of this service dial.
   */
  public store(spec: StoreSpec): DataStore {
    const labels = EmbeddedStores.labels(spec.kind, this.service, spec.tenant);
    const portName = spec.portName ?? EmbeddedStores.portName(spec.kind)!;
    const port = CatalogPorts.ofPeer(spec.kind, this.service).find((p) => p.name === portName)?.servicePort;
    const options = spec.options ?? {};
    if (options === null || typeof options !== 'object') this.check.fail(`${spec.field} ${show(options)} is not a store (give { external } or { embedded })`);
    if (options.external === undefined && !this.props.developmentStores) this.missingStore(spec.field);
    if (options.external === undefined && this.props.developmentStores) {
      warnAtSynth(this.scope, `${spec.field}: embedded ${spec.engine} (development only: objects annotated genesys.cdk8s.io/development-only; give ${spec.field}.external for production)`);
    }
    return new DataStore(this.scope, spec.id, {
      engine: spec.engine,
      namespace: this.namespace,
      component: labels.component,
      instance: labels.instance,
      port: port!,
      options,
      database: spec.database,
      extraPorts: spec.extraPorts,
      pods: this.props.pods,
      field: spec.field,
    });
  }

  /**
   * An HTTPS endpoint outside the cluster (webhook receiver, aggregator, file storage): checked once,
   * then a peer with one port (`https` by default) open only to its CIDR groups. Undefined when it is
   * invalid (reported).
   */
  public external(field: string, endpoint: ExternalEndpointSpec | undefined, port: number, hostRequired = false): Peer | undefined {
    if (endpoint === undefined || endpoint === null || typeof endpoint !== 'object') {
      this.check.fail(`${field} ${show(endpoint)} is not an endpoint (give { name, cidrGroups })`);
      return undefined;
    }
    let ok = endpoint.name === undefined || this.check.dnsLabel(`${field}.name`, endpoint.name);
    if (hostRequired && !this.check.required(`${field}.host`, endpoint.host, 'give the host name clients dial')) ok = false;
    if (endpoint.host !== undefined && !this.check.dnsName(`${field}.host`, String(endpoint.host).toLowerCase())) ok = false;
    if (!this.check.cidrGroups(`${field}.cidrGroups`, endpoint.cidrGroups)) ok = false;
    const p = endpoint.port ?? port;
    if (!this.check.port(`${field}.port`, p)) ok = false;
    if (!ok) return undefined;
    return Peer.external({
      name: endpoint.name ?? field,
      host: endpoint.host,
      cidrGroups: endpoint.cidrGroups,
      ports: [{ name: 'https', port: p, appProtocol: 'https' }],
    });
  }

  /**
   * The user's `env` and `secretEnv` of every component, after the wiring: a name the service wires
   * is refused (configure the peer, store or location instead).
   */
  public finish(): void {
    for (const { spec, workload } of this.components) {
      const wired = this.wired.get(workload)!;
      const refuse = (name: string, where: string) =>
        this.check.fail(`${spec.field}.${where} sets ${name}, which the service wires from its connections (remove it and configure the peer, store or location instead)`);
      const o = spec.options ?? {};
      for (const [name, value] of Object.entries(o.env ?? {})) {
        if (wired.has(name) || Object.values(this.names).includes(name)) refuse(name, 'env');
        else workload.addEnv(name, value);
      }
      for (const s of o.secretEnv ?? []) {
        if (s && (wired.has(s.name) || Object.values(this.names).includes(s.name))) refuse(s.name, 'secretEnv');
        else workload.addSecretEnv(s?.name, s?.secret);
      }
    }
  }

  private claim(workload: HardenedWorkload, name: string): boolean {
    let set = this.wired.get(workload);
    if (!set) {
      set = new Set();
      this.wired.set(workload, set);
    }
    if (set.has(name)) return false;
    set.add(name);
    return true;
  }

  private checkNames(): void {
    const seen = new Set<string>();
    for (const [from, to] of Object.entries(this.names)) {
      if (!this.check.envName(`configurationNames[${from}]`, to)) continue;
      if (seen.has(to)) this.check.fail(`configurationNames gives two keys the name ${show(to)} (each key its own name)`);
      seen.add(to);
    }
  }

  /**
   * Records a store without an address. Inside a platform, the platform reports every service's in one
   * error (fields named by service, `gws.postgres`); a service on its own reports its own (`postgres`).
   */
  private missingStore(field: string): void {
    const boundary = ClusterBoundary.of(this.scope);
    const inPlatform = boundary !== this.scope.node.root;
    const missing = inPlatform ? ClusterState.of(this.scope).list<string>('missing-stores') : this.ownMissingStores;
    missing.push(inPlatform ? `${this.service}.${field}` : field);
    if (missing.length > 1) return;
    const where = inPlatform ? boundary as Construct : this.scope;
    const prefix = inPlatform ? '' : `${this.service}: `;
    reportLater(where, () => `${prefix}no store is configured for ${missing.join(', ')} (give each an external store, e.g. ${missing[0]}.external { host, cidrGroups, credentials }, or set developmentStores: true for in-cluster development stores)`);
  }
}

/** Reports one problem whose text is computed when the app is validated. */
function reportLater(scope: Construct, message: () => string): void {
  scope.node.addValidation({ validate: () => [message()] });
}
