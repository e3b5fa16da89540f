import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CatalogPorts, EmbeddedStores } from '../catalog';
import {
  CidrGroup,
  ConfigFile,
  DataStore,
  EntryPoint,
  EntryPointBehaviour,
  EntryPointRoute,
  EntryPoints,
  HardenedWorkload,
  ManagedNamespace,
  Peer,
  ProbeOptions,
  ResourceOptions,
  SecretKeyReference,
  StoreEngine,
  StoreOptions,
  warnAtSynth,
  WorkloadPort,
} from '../core';
import { ChartKeys, registerChartValues } from './chart-values';
import { describePeers } from './peers-description';
import { ComponentOptions, GenesysServiceOptions, GenesysServiceProps } from './props';
import { CommonModel, readServiceProps, resolveCommon, ServiceContext } from './resolve';
import { entryTarget } from '../core/entry-target';
import { CHART_POD_LABELS, ExternalDeployment } from '../core/external-deployment';
import { imageWithDefaults } from '../core/image';
import { Fields, Input } from '../core/input';
import { buildStore, resolveStore } from '../core/stores';
import { buildWorkload } from '../core/workload';
import { resolveWorkload } from '../core/workload-model';
import { mergePodSettings } from '../core/workload-options';

/** One component of a service: its id, defaults and the user's (read) options. */
export interface ComponentSpec {
  /** Canonical component id. */
  readonly id: string;
  /** Where its options are in the props, for messages (`services.workspace`, `nginx`...). */
  readonly field: string;
  /** The user's options, as read. @default - none */
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

/** An endpoint outside the cluster, as services take it (read with the service's specs). */
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
  /** The user's (read) options. @default - embedded (with `developmentStores`) */
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

/** One entry point of a service: its routes, host and behaviour; written as the service's `entryPoints` choice says unless given. */
export interface EntryPointSpec {
  /** Construct id. */
  readonly id: string;
  /** Object name. */
  readonly name: string;
  /** Host (checked). */
  readonly host: string;
  /** Routes. */
  readonly routes: EntryPointRoute[];
  /** Labels of the object. */
  readonly labels: { [key: string]: string };
  /** Internal class (`internalIngressClassName`) instead of the public one. @default false */
  readonly internal?: boolean;
  /** TLS Secret. @default `<name>-tls` */
  readonly tlsSecretName?: string;
  /** How this entry point is written, instead of the service's choice. @default - the service's */
  readonly entryPoints?: EntryPoints;
  /** Where that override is in the props, for its messages. @default - none */
  readonly entryPointsField?: string;
  /** Behaviour. @default - none */
  readonly behaviour?: EntryPointBehaviour;
  /** Rows or extension. @default - none */
  readonly refs?: string[];
  /** Reason of an extension. @default - none */
  readonly reason?: string;
  /** Rows the object alone stands for. @default - none */
  readonly ingressRefs?: string[];
}

/**
 * What every Genesys service construct shares, in one place: reading its props (once, at the user's
 * paths; inside a platform, the platform read them), the namespace and its policies, the components
 * (images, sizing, pod settings, ports from the catalog), the stores (external or development-only),
 * the entry points, and the configuration written into each workload (renamed on request, never
 * written twice, user values refused where the service wires the name itself).
 */
export class ServiceKit {
  /**
   * Starts a service: reads its props (unknown props refused), settles the common model, and sets up
   * the namespace. Returns the kit and the props as read.
   */
  public static start<P extends GenesysServiceProps>(scope: Construct, service: string, given: unknown, fields: Fields<P>,
    example: string): { kit: ServiceKit; props: P } {
    const root = Input.root(scope, service);
    const { props, context } = readServiceProps<P>(root, given, `${service} props`, fields, example);
    const own: ServiceContext = { input: root, common: resolveCommon(root, props), missingStores: [] };
    const kit = new ServiceKit(scope, service, props, context ?? own, context === undefined);
    return { kit, props };
  }

  /** Where the service's props are (report problems here, at the user's paths). */
  public readonly input: Input;
  /** The common props, settled. */
  public readonly common: CommonModel;
  /** The namespace the service runs in. */
  public readonly namespace: string;
  private readonly wired = new Map<HardenedWorkload, Set<string>>();
  private readonly components: Array<{ readonly spec: ComponentSpec; readonly workload: HardenedWorkload }> = [];
  private readonly names: { [libraryName: string]: string };
  private readonly ownEntryPoints?: EntryPoints;
  private readonly elsewhere?: ExternalDeployment;
  private readonly checkedTargets = new Map<string, boolean>();

  private constructor(private readonly scope: Construct, private readonly service: string, props: GenesysServiceProps,
    private readonly context: ServiceContext, private readonly standalone: boolean) {
    this.input = context.input;
    this.common = context.common;
    this.namespace = props.namespace ?? service;
    this.names = this.common.configurationNames;
    this.ownEntryPoints = (props as { entryPoints?: EntryPoints }).entryPoints;
    this.elsewhere = (props as GenesysServiceOptions).deployedElsewhere;
    if (!this.input.at('namespace').failedAround && (props.manageNamespace ?? true)) {
      ManagedNamespace.ensure(scope, this.namespace, { dns: this.common.dns });
    }
    if (!this.input.at('namespace').failedAround) describePeers(scope, this.namespace);
  }

  /** The domain; undefined when missing or bad (a missing one reported once, where it belongs). */
  public domain(required = true): string | undefined {
    const domain = this.common.domain;
    if (domain !== undefined || !required) return domain;
    const at = this.common.domainInput;
    if (!at.failedAround) at.fail('is missing (give the DNS domain of the public hosts, e.g. "example.com")');
    return undefined;
  }

  /** A host: the user's (read) or `<name>.<domain>`; undefined when neither is there. */
  public host(given: string | undefined, name: string, domain: string | undefined): string | undefined {
    if (given !== undefined) return given;
    return domain === undefined ? undefined : `${name}.${domain}`;
  }

  /**
   * The entry-point choice of the service (its own `entryPoints`, else the platform's), checked once
   * for public and internal entry points where it was given; undefined when it cannot serve them (reported).
   */
  private entryChoice(internal: boolean, override?: EntryPoints, field?: string): EntryPoints | undefined {
    const own = this.ownEntryPoints;
    const choice = override ?? own ?? this.common.entryPoints;
    const input = override ? this.input.at(field ?? 'entryPoints') : own ? this.input.at('entryPoints') : this.common.entryPointsInput;
    const key = `${input.path}|${internal}`;
    if (!this.checkedTargets.has(key)) this.checkedTargets.set(key, entryTarget(input, choice, internal) !== undefined);
    return this.checkedTargets.get(key) ? choice : undefined;
  }

  /** Creates a component's hardened workload from its spec and the user's options. */
  public component(spec: ComponentSpec): HardenedWorkload {
    const o = spec.options ?? {};
    // a service-wide deployedElsewhere is reported where the user wrote it
    const at = this.input.at(spec.field);
    const input = o.deployedElsewhere === undefined && this.elsewhere !== undefined ? at.withAliases({ deployedElsewhere: this.input.at('deployedElsewhere').path }) : at;
    const model = resolveWorkload(input, {
      id: spec.id,
      component: this.service,
      namespace: this.namespace,
      image: imageWithDefaults(o.image, spec.repository, spec.tag, this.common.imageRegistry),
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
      pods: mergePodSettings(this.common.pods, o.pods),
      envFrom: o.envFrom,
      deployedElsewhere: this.elsewhereOf(spec.id, o.deployedElsewhere),
    });
    const workload = built(this.scope, this.input.at(spec.field), () => buildWorkload(this.scope, spec.id, model));
    this.wired.set(workload, new Set());
    this.components.push({ spec, workload });
    for (const [name, value] of Object.entries(spec.env ?? {})) this.env(workload, name, value);
    return workload;
  }

  /** A component's `deployedElsewhere` (its own, else the service's), with the labels Genesys' chart is known to put. */
  private elsewhereOf(id: string, own: ExternalDeployment | undefined): ExternalDeployment | undefined {
    const given = own ?? this.elsewhere;
    if (given === undefined) return undefined;
    return { ...given, podSelector: given.podSelector ?? CHART_POD_LABELS[id] };
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
    const at = this.input.at(spec.field);
    if (options.external === undefined && !at.failedAround) {
      if (this.common.developmentStores) {
        warnAtSynth(this.scope, `${spec.field}: embedded ${spec.engine} (development only: objects annotated genesys.cdk8s.io/development-only; give ${spec.field}.external for production)`);
      } else {
        this.missingStore(at.path);
      }
    }
    const model = resolveStore(at, {
      engine: spec.engine,
      namespace: this.namespace,
      component: labels.component,
      instance: labels.instance,
      port: port!,
      options,
      database: spec.database,
      extraPorts: spec.extraPorts,
      pods: this.common.pods,
    });
    return built(this.scope, at, () => buildStore(this.scope, spec.id, model, at.at('embedded')));
  }

  /** An entry point written as the service's choice says; undefined when the choice cannot serve it (reported). */
  public entryPoint(spec: EntryPointSpec): EntryPoint | undefined {
    const entryPoints = this.entryChoice(spec.internal ?? false, spec.entryPoints, spec.entryPointsField);
    if (!entryPoints) return undefined;
    return new EntryPoint(this.scope, spec.id, {
      name: spec.name,
      namespace: this.namespace,
      host: spec.host,
      routes: spec.routes,
      entryPoints,
      internal: spec.internal,
      labels: spec.labels,
      tlsSecretName: spec.tlsSecretName,
      behaviour: spec.behaviour,
      refs: spec.refs,
      reason: spec.reason,
      ingressRefs: spec.ingressRefs,
    });
  }

  /**
   * An HTTPS endpoint outside the cluster (webhook receiver, aggregator, file storage), read with the
   * service's specs: a peer with one port (`https`) open only to its CIDR groups. Undefined when its
   * name, host (when required) or CIDR groups are missing (reported).
   */
  public external(field: string, endpoint: ExternalEndpointSpec, port: number, hostRequired = false): Peer | undefined {
    const at = this.input.at(field);
    let ok = true;
    if (hostRequired && endpoint.host === undefined) {
      if (!at.at('host').failedAround) at.at('host').fail('is missing (give the host name clients dial)');
      ok = false;
    }
    if (endpoint.cidrGroups === undefined) {
      if (!at.at('cidrGroups').failedAround) at.at('cidrGroups').fail('undefined is not a list of CIDR groups (give [{ name, cidrs: ["10.60.0.0/24"] }])');
      ok = false;
    }
    if (!ok) return undefined;
    return Peer.external({
      name: endpoint.name ?? field,
      host: endpoint.host,
      cidrGroups: endpoint.cidrGroups,
      ports: [{ name: 'https', port: endpoint.port ?? port, appProtocol: 'https' }],
    });
  }

  /**
   * The user's `env` and `secretEnv` of every component, after the wiring: a name the service wires
   * is refused (configure the peer, store or location instead). The components deployed elsewhere
   * keep their configuration for the values of `chart`, Genesys' chart of the service.
   */
  public finish(chart: ChartKeys): void {
    const renamed = Object.values(this.names);
    for (const { spec, workload } of this.components) {
      const wired = this.wired.get(workload)!;
      const at = this.input.at(spec.field);
      const o = spec.options ?? {};
      for (const [name, value] of Object.entries(o.env ?? {})) {
        if (wired.has(name) || renamed.includes(name)) at.at('env').failAlso(wiredByService(name));
        else workload.addEnv(name, value);
      }
      (o.secretEnv ?? []).forEach((s) => {
        if (wired.has(s.name) || renamed.includes(s.name)) at.at('secretEnv').failAlso(wiredByService(s.name));
        else workload.addSecretEnv(s.name, s.secret);
      });
    }
    registerChartValues(this.scope, {
      service: this.service,
      namespace: this.namespace,
      keys: chart,
      components: this.components.filter((c) => c.workload.deployedElsewhere).map((c) => ({ id: c.spec.id, workload: c.workload })),
    });
    const missing = this.context.missingStores;
    if (this.standalone && missing.length > 0) this.input.report(missingStoresMessage(missing));
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

  /** Records a store without an address: the platform (or the service on its own) reports all in one message. */
  private missingStore(path: string): void {
    this.context.missingStores.push(path);
  }
}

/**
 * Builds what a resolved model describes. The resolve phase checks every value a user can give, so
 * cdk8s or Node never sees a bad one; should one still throw, its message names the construct and the
 * prop it was built from.
 */
function built<T>(scope: Construct, input: Input, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw new Error(`[${scope.node.path}] ${input.path || 'props'}: ${(e as Error).message}`);
  }
}

/** The one message that lists every store left without an address. */
export function missingStoresMessage(missing: string[]): string {
  return `no store is configured for ${missing.join(', ')} (give each an external store, e.g. ${missing[0]}.external { host, cidrGroups, credentials }, or set developmentStores: true for in-cluster development stores)`;
}

function wiredByService(name: string): string {
  return `sets ${name}, which the service wires from its connections (remove it and configure the peer, store or location instead)`;
}
