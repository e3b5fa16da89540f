import { createHash } from 'crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Annotations, Labels, serviceHost } from '../shared';
import { ClusterState } from './cluster';
import { registerPolicyOwner, Endpoint } from './connection';
import { Check, show } from './errors';
import { ContainerImage, imageReference, ImagePullPolicy } from './image';
import { Peer, PeerKind } from './peers';
import { applyPodSettings, checkPodSettings, harden } from './pod-spec';
import { PolicyDirection, WorkloadPolicy } from './policies';
import { podPort, protocolOf, WorkloadPort } from './ports';
import { addScaling, checkSizing } from './scaling';
import {
  ConfigFile,
  EnvFromSource,
  PersistentStorage,
  PodSettings,
  ProbeOptions,
  ResourceOptions,
  SecretKeyReference,
  SecretEnvVar,
  SizingOptions,
} from './workload-options';

/** Which controller runs the pods. */
export enum WorkloadKind {
  /** A Deployment (stateless services). */
  DEPLOYMENT = 'Deployment',
  /** A StatefulSet (embedded stores with persistent volumes), with a headless Service. */
  STATEFULSET = 'StatefulSet',
}

/** Props of a hardened workload. */
export interface HardenedWorkloadProps extends SizingOptions {
  /** Component id, the value of `app.kubernetes.io/name` (e.g. `gws-app-workspace`). */
  readonly id: string;
  /** Service the component belongs to, the value of `app.kubernetes.io/component` (e.g. `gws`). */
  readonly component: string;
  /** Namespace. */
  readonly namespace: string;
  /**
   * Instance, the value of `app.kubernetes.io/instance`, when two copies of one id exist.
   * @default - none
   */
  readonly instance?: string;
  /**
   * Name of the objects (Deployment, Service, ServiceAccount...).
   * @default - the id, or `<id>-<instance>` with an instance
   */
  readonly name?: string;
  /** Container image. */
  readonly image: ContainerImage;
  /** Ports the workload serves. The Service exposes all of them. */
  readonly ports: WorkloadPort[];
  /** Liveness and readiness probes. @default - TCP on the first port */
  readonly probe?: ProbeOptions;
  /** Plain configuration values. Never secrets: use `secretEnv`. @default - none */
  readonly env?: { [name: string]: string };
  /** Values from existing Secrets. @default - none */
  readonly secretEnv?: SecretEnvVar[];
  /** Every key of existing ConfigMaps or Secrets as variables. @default - none */
  readonly envFrom?: EnvFromSource[];
  /** Paths the process writes to, each an emptyDir (the root filesystem is read-only). @default ["/tmp"] */
  readonly writablePaths?: string[];
  /**
   * Writable paths whose image content must be kept: an init container copies the image's files
   * into the emptyDir first (e.g. a configuration directory the process rewrites).
   * @default - none
   */
  readonly seededPaths?: string[];
  /** Read-only files from a ConfigMap the workload owns. @default - none */
  readonly files?: ConfigFile[];
  /** Entrypoint. @default - the image's */
  readonly command?: string[];
  /** Arguments. @default - the image's */
  readonly args?: string[];
  /** Controller kind. @default WorkloadKind.DEPLOYMENT */
  readonly kind?: WorkloadKind;
  /** Persistent volume (StatefulSet only). @default - none */
  readonly storage?: PersistentStorage;
  /** User and group id the containers run as. @default 500 (Genesys images) */
  readonly runAsUser?: number;
  /** Registry credentials, node pool, spreading, priority and extra pod metadata. @default - see PodSettings */
  readonly pods?: PodSettings;
  /** Annotations of the Deployment or StatefulSet and the Service. @default - none */
  readonly annotations?: { [key: string]: string };
  /**
   * Annotations of the ConfigMap that holds `files` (e.g. the catalog rows it stands for).
   * @default - none
   */
  readonly filesAnnotations?: { [key: string]: string };
}

const DEFAULT_RESOURCES: Required<ResourceOptions> = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 1000,
  memoryRequestMebibytes: 256,
  memoryLimitMebibytes: 512,
};

/**
 * One deployable with the library's hardened defaults.
 *
 * Creates: a Deployment (or a StatefulSet with its headless Service), a ClusterIP Service exposing
 * every port, a ServiceAccount without token automount, one ingress and one egress NetworkPolicy
 * (filled by the connections declared on it), a PodDisruptionBudget when at least two replicas are
 * guaranteed, and a HorizontalPodAutoscaler when autoscaling is set (then `spec.replicas` is left
 * to it). Pods run under Pod Security "restricted": non-root, seccomp RuntimeDefault, no privilege
 * escalation, all capabilities dropped, read-only root filesystem with emptyDir volumes where the
 * process writes.
 */
export class HardenedWorkload extends Construct {
  /** Object name (Deployment, Service, ServiceAccount). */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Component id. */
  public readonly id: string;
  /** The labels that select the pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** The ports served. */
  public readonly ports: WorkloadPort[];
  /** This workload as a connection end. */
  public readonly peer: Peer;
  /** The ingress NetworkPolicy. */
  public readonly ingressPolicy: WorkloadPolicy;
  /** The egress NetworkPolicy. */
  public readonly egressPolicy: WorkloadPolicy;
  /** The Deployment or StatefulSet. */
  public readonly workload: kplus.Workload;
  /** The main container, for environment added after construction. */
  public readonly container: kplus.Container;
  /** The ConfigMap holding `files`, when there are files. */
  public readonly configMap?: kplus.ConfigMap;
  private readonly check: Check;
  private readonly envNames = new Set<string>();

  public constructor(scope: Construct, id: string, props: HardenedWorkloadProps) {
    super(scope, id);
    this.id = props.id;
    this.namespace = props.namespace;
    this.name = props.name ?? (props.instance ? `${props.id}-${props.instance}` : props.id);
    const check = (this.check = new Check(this, this.name));
    const podPorts = checkIdentity(check, props, this.name, props.ports ?? []);
    // a malformed port is reported above and left out, so nothing below trips over it
    this.ports = (props.ports ?? []).filter((p) => p && typeof p.name === 'string' && Number.isInteger(p.port));
    checkSizing(check, props);
    checkPodSettings(check, 'pods', props.pods);

    this.selectorLabels = Labels.selector(props.id, props.component, props.instance);
    const objectLabels = Labels.metadata(props.id, props.component, props.instance);
    this.peer = Peer.fromSpec({
      kind: PeerKind.WORKLOAD,
      name: this.name,
      namespace: props.namespace,
      labels: this.selectorLabels,
      ports: this.ports,
      host: serviceHost(this.name, props.namespace),
    });
    this.ingressPolicy = new WorkloadPolicy(this, 'ingress', `${this.name}-ingress`, props.namespace, this.selectorLabels, PolicyDirection.INGRESS, objectLabels);
    this.egressPolicy = new WorkloadPolicy(this, 'egress', `${this.name}-egress`, props.namespace, this.selectorLabels, PolicyDirection.EGRESS, objectLabels);
    registerPolicyOwner(this, this);
    this.checkUnique();

    const metadata = { name: this.name, namespace: props.namespace, labels: objectLabels };
    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', { metadata, automountToken: false });
    new kplus.k8s.KubeService(this, 'service', {
      metadata: { ...metadata, annotations: props.annotations },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selectorLabels },
        ports: this.ports.map((p) => ({
          name: p.name, port: p.port, targetPort: kplus.k8s.IntOrString.fromNumber(podPort(p)), protocol: protocolOf(p),
        })),
      },
    });

    const image = imageReference(check, 'image', props.image);
    this.workload = this.createController(props, image, serviceAccount, podPorts, objectLabels);
    this.container = this.workload.containers[0];
    for (const [k, v] of Object.entries(props.env ?? {})) this.addEnv(k, v);
    for (const s of props.secretEnv ?? []) this.addSecretEnv(s?.name, s?.secret);
    this.addEnvFrom(props.envFrom ?? []);
    const initContainers = this.addVolumes(props, image);
    this.configMap = this.addFiles(props, objectLabels);

    harden(this.workload, initContainers);
    applyPodSettings(this.workload, props.pods ?? {}, this.selectorLabels, this.maxReplicas(props));
    if (props.storage) this.addStorage(props.storage, objectLabels);
    addScaling(this, props, this.name, props.namespace, this.selectorLabels, objectLabels, check);
  }

  /** Adds an environment variable from an existing Secret (never a plaintext value). */
  public addSecretEnv(variableName: string, secret: SecretKeyReference): void {
    const name = variableName;
    if (!this.newEnvName('secretEnv', name)) return;
    if (!this.check.secretRef(`secretEnv[${name}].secret`, secret)) return;
    const ref = kplus.Secret.fromSecretName(this, `secret-${name}`, secret.name);
    this.container.env.addVariable(name, kplus.EnvValue.fromSecretValue({ secret: ref, key: secret.key }));
  }

  /** Adds a plain configuration value to the main container; names that look like secrets are refused. */
  public addEnv(variableName: string, value: string): void {
    const name = variableName;
    if (!this.newEnvName('env', name)) return;
    if (typeof value !== 'string') {
      this.check.fail(`env[${name}] ${show(value)} is not a string (give the value as text, e.g. "8080")`);
      return;
    }
    if (!this.check.notSecretLike(`env[${name}]`, name)) return;
    this.container.env.addVariable(name, kplus.EnvValue.fromValue(value));
  }

  /** Adds a value the kubelet reads from the pod (downward API), e.g. the node's IP. */
  public addFieldEnv(variableName: string, field: kplus.EnvFieldPaths): void {
    if (this.newEnvName('env', variableName)) this.container.env.addVariable(variableName, kplus.EnvValue.fromFieldRef(field));
  }

  /** The named port; undefined when the workload does not serve it. */
  public findPort(name: string): WorkloadPort | undefined {
    return this.ports.find((p) => p.name === name);
  }

  /** Where clients in the cluster dial the named port. */
  public endpoint(portName: string): Endpoint {
    const port = this.findPort(portName);
    if (!port) this.check.fail(`has no port named ${show(portName)} (ports: ${this.ports.map((p) => show(p.name)).join(', ')})`);
    return new Endpoint(serviceHost(this.name, this.namespace), port?.port ?? 0);
  }

  private newEnvName(field: string, name: string): boolean {
    if (!this.check.envName(field, name)) return false;
    if (this.envNames.has(name)) {
      this.check.fail(`${field} ${show(name)} is set twice (give each variable one value)`);
      return false;
    }
    this.envNames.add(name);
    return true;
  }

  private maxReplicas(props: HardenedWorkloadProps): number {
    return props.autoscaling?.maxReplicas ?? props.replicas ?? 1;
  }

  private createController(props: HardenedWorkloadProps, image: string, serviceAccount: kplus.ServiceAccount,
    podPorts: Map<string, string>, objectLabels: { [key: string]: string }): kplus.Workload {
    const uid = props.runAsUser ?? 500;
    const common = {
      metadata: { name: this.name, namespace: props.namespace, labels: objectLabels, annotations: props.annotations },
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      replicas: props.replicas ?? 1,
      podMetadata: { labels: { ...(props.pods?.labels ?? {}), ...objectLabels }, annotations: props.pods?.annotations },
      securityContext: { user: uid, group: uid, fsGroup: uid, ensureNonRoot: true },
      containers: [mainContainer(this.check, props, image, this.ports, podPorts)],
    };
    let workload: kplus.Workload;
    if ((props.kind ?? WorkloadKind.DEPLOYMENT) === WorkloadKind.STATEFULSET) {
      const headless = new kplus.Service(this, 'headless', {
        metadata: { name: `${this.name}-headless`, namespace: props.namespace, labels: objectLabels },
        clusterIP: 'None',
        ports: this.ports.map((p) => ({
          name: p.name, port: podPort(p), targetPort: podPort(p), protocol: protocolOf(p) as unknown as kplus.Protocol,
        })),
      });
      workload = new kplus.StatefulSet(this, 'statefulset', { ...common, service: headless });
      // cdk8s-plus selects by the construct-address label, which harden() removes from the pods
      ApiObject.of(headless).addJsonPatch(JsonPatch.replace('/spec/selector', { ...this.selectorLabels }));
      ApiObject.of(headless).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
    } else {
      if (props.storage) this.check.fail('storage is set on a Deployment (persistent volumes need kind WorkloadKind.STATEFULSET)');
      workload = new kplus.Deployment(this, 'deployment', common);
    }
    workload.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    if (props.autoscaling) (workload as unknown as kplus.IScalable).markHasAutoscaler();
    return workload;
  }

  private addEnvFrom(sources: EnvFromSource[]): void {
    sources.forEach((source, i) => {
      const field = `envFrom[${i}]`;
      if (!source || (source.configMap === undefined) === (source.secret === undefined)) {
        this.check.fail(`${field} ${show(source)} names ${source?.configMap !== undefined ? 'both a ConfigMap and a Secret' : 'neither a ConfigMap nor a Secret'} (give exactly one of configMap and secret)`);
        return;
      }
      if (!this.check.dnsName(`${field}.${source.configMap !== undefined ? 'configMap' : 'secret'}`, source.configMap ?? source.secret)) return;
      if (source.prefix !== undefined && !this.check.envName(`${field}.prefix`, source.prefix)) return;
      const entry = {
        ...(source.prefix !== undefined ? { prefix: source.prefix } : {}),
        ...(source.configMap !== undefined
          ? { configMapRef: { name: source.configMap, ...(source.optional ? { optional: true } : {}) } }
          : { secretRef: { name: source.secret, ...(source.optional ? { optional: true } : {}) } }),
      };
      ApiObject.of(this.workload).addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/0/envFrom${i === 0 ? '' : '/-'}`, i === 0 ? [entry] : entry));
    });
  }

  /** emptyDir volumes where the process writes; seeded ones get an init container. Returns the init container count. */
  private addVolumes(props: HardenedWorkloadProps, image: string): number {
    const seeded = props.seededPaths ?? [];
    (props.writablePaths ?? ['/tmp']).forEach((path, i) => {
      if (!this.check.absolutePath('writablePaths', path)) return;
      this.container.mount(path, kplus.Volume.fromEmptyDir(this, `writable-${i}`, `writable-${i}`));
    });
    seeded.forEach((path, i) => {
      if (!this.check.absolutePath('seededPaths', path)) return;
      const volume = kplus.Volume.fromEmptyDir(this, `seeded-${i}`, `seeded-${i}`);
      this.container.mount(path, volume);
      const init = this.workload.addInitContainer({
        name: `seed-${i}`,
        image,
        imagePullPolicy: (props.image?.pullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT) as unknown as kplus.ImagePullPolicy,
        command: ['sh', '-c', `cp -a ${shellQuote(path)}/. /seed/`],
        securityContext: containerSecurity(props.runAsUser ?? 500),
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
      });
      init.mount('/seed', volume);
    });
    return seeded.length;
  }

  /** The ConfigMap of `files`, mounted by subPath; its hash on the pods rolls them on a change. */
  private addFiles(props: HardenedWorkloadProps, objectLabels: { [key: string]: string }): kplus.ConfigMap | undefined {
    const files = props.files ?? [];
    if (files.length === 0) return undefined;
    const configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name: `${this.name}-config`, namespace: props.namespace, labels: objectLabels, annotations: props.filesAnnotations },
    });
    const volume = kplus.Volume.fromConfigMap(this, 'config-volume', configMap, { name: 'config' });
    files.forEach((file, i) => {
      if (!this.check.absolutePath(`files[${i}].path`, file?.path)) return;
      const key = `file-${i}-${file.path.split('/').pop()}`.replace(/[^-._a-zA-Z0-9]/g, '-');
      configMap.addData(key, file.content);
      this.container.mount(file.path, volume, { subPath: key, readOnly: true });
    });
    const hash = createHash('sha256').update(JSON.stringify(files)).digest('hex');
    this.workload.podMetadata.addAnnotation(Annotations.CONFIG_HASH, hash);
    return configMap;
  }

  private addStorage(storage: PersistentStorage, objectLabels: { [key: string]: string }): void {
    const size = storage.sizeGibibytes ?? 10;
    this.check.integer('storage.sizeGibibytes', size, 1, 1_000_000);
    this.check.absolutePath('storage.mountPath', storage.mountPath);
    if (storage.storageClassName !== undefined) this.check.dnsName('storage.storageClassName', storage.storageClassName);
    const api = ApiObject.of(this.workload);
    api.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
      metadata: { name: 'data', labels: objectLabels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}),
        // the StatefulSet's typed conversion runs after patches: give the Quantity type it expects
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(`${size}Gi`) } },
      },
    }]));
    api.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'data', mountPath: storage.mountPath }));
  }

  /** Names and selector labels are unique among the cluster's workloads of one namespace. */
  private checkUnique(): void {
    const all = ClusterState.of(this).list<HardenedWorkload>('workloads');
    const earlier = all.filter((w) => w.namespace === this.namespace);
    all.push(this);
    const sameName = earlier.find((w) => w.name === this.name);
    if (sameName) {
      this.check.fail(`duplicate workload name ${show(this.name)} in namespace ${show(this.namespace)} (also at ${sameName.node.path}): give one of them an instance`);
      return;
    }
    const key = JSON.stringify(this.selectorLabels);
    const sameLabels = earlier.find((w) => JSON.stringify(w.selectorLabels) === key);
    if (sameLabels) {
      this.check.fail(`duplicate id ${show(this.id)} in namespace ${show(this.namespace)} (also at ${sameLabels.node.path}): both select the same pods; give one of them an instance`);
    }
  }
}

/** Checks names and ports; returns the pod ports the container declares (`protocol/port` → name). */
function checkIdentity(check: Check, props: HardenedWorkloadProps, name: string, ports: WorkloadPort[]): Map<string, string> {
  check.dnsLabel('id', props.id);
  check.dnsLabel('component', props.component);
  check.dnsLabel('namespace', props.namespace);
  check.dnsLabel('name', name, 63 - 9); // room for the -headless, -ingress and -egress suffixes
  if (props.instance !== undefined) check.dnsLabel('instance', props.instance);
  if (ports.length === 0) check.fail('ports is empty (a workload needs at least one port its Service exposes)');
  const names = new Set<string>();
  const servicePorts = new Set<string>();
  const podPorts = new Map<string, string>();
  for (const p of ports) {
    if (!p || typeof p !== 'object') {
      check.fail(`ports entry ${show(p)} is not a port (give { name, port })`);
      continue;
    }
    if (p.name === undefined) {
      check.fail(`ports entry ${show(p)} has no name (give each port a name, e.g. "http")`);
      continue;
    }
    if (!check.portName('ports.name', p.name)) continue;
    if (p.port === undefined) check.fail(`ports[${p.name}].port is missing (give the Service port, e.g. 80)`);
    check.port(`ports[${p.name}].port`, p.port);
    check.port(`ports[${p.name}].targetPort`, p.targetPort);
    if (names.has(p.name)) {
      check.fail(`port name ${show(p.name)} is used twice (give each port its own name)`);
      continue;
    }
    names.add(p.name);
    const sp = `${protocolOf(p)}/${p.port}`;
    if (servicePorts.has(sp)) check.fail(`Service port ${p.port} (${protocolOf(p)}) is used by two ports (give each port its own Service port)`);
    servicePorts.add(sp);
    // two Service ports may send to one pod port; the container declares it once, under the first name
    const pp = `${protocolOf(p)}/${podPort(p)}`;
    if (!podPorts.has(pp)) podPorts.set(pp, p.name);
  }
  return podPorts;
}

function containerSecurity(uid: number): kplus.ContainerSecurityContextProps {
  return { user: uid, group: uid, ensureNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false };
}

/** The main container: image, ports, probes, resources and security context. */
function mainContainer(check: Check, props: HardenedWorkloadProps, image: string, ports: WorkloadPort[],
  podPorts: Map<string, string>): kplus.ContainerProps {
  const res = { ...DEFAULT_RESOURCES, ...(props.resources ?? {}) };
  const probePortName = props.probe?.port ?? ports[0]?.name;
  const probePort = ports.find((p) => p?.name === probePortName);
  if (props.probe?.port !== undefined && !probePort) {
    check.fail(`probe.port ${show(props.probe.port)} is not one of the workload's ports (${ports.map((p) => show(p?.name)).join(', ')})`);
  }
  if (props.probe?.path !== undefined) check.urlPath('probe.path', props.probe.path);
  check.integer('probe.initialDelaySeconds', props.probe?.initialDelaySeconds, 0, 3600);
  check.integer('probe.periodSeconds', props.probe?.periodSeconds, 1, 3600);
  const probeFor = (initial: number): kplus.Probe => {
    const opts = {
      port: probePort ? podPort(probePort) : 8080,
      initialDelaySeconds: Duration.seconds(initial),
      periodSeconds: Duration.seconds(props.probe?.periodSeconds ?? 10),
    };
    return props.probe?.path ? kplus.Probe.fromHttpGet(props.probe.path, opts) : kplus.Probe.fromTcpSocket(opts);
  };
  return {
    name: 'main',
    image,
    imagePullPolicy: imagePullPolicy(check, props.image) as unknown as kplus.ImagePullPolicy,
    ports: [...podPorts].map(([key, name]) => {
      const [protocol, number] = key.split('/');
      return { name, number: Number(number), protocol: protocol as kplus.Protocol };
    }),
    command: props.command,
    args: props.args,
    securityContext: containerSecurity(props.runAsUser ?? 500),
    resources: {
      cpu: { request: kplus.Cpu.millis(res.cpuRequestMillis), limit: kplus.Cpu.millis(res.cpuLimitMillis) },
      memory: { request: Size.mebibytes(res.memoryRequestMebibytes), limit: Size.mebibytes(res.memoryLimitMebibytes) },
    },
    readiness: probeFor(5),
    liveness: probeFor(props.probe?.initialDelaySeconds ?? 30),
  };
}

function imagePullPolicy(check: Check, image: ContainerImage | undefined): ImagePullPolicy {
  const policy = image?.pullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
  if (!Object.values(ImagePullPolicy).includes(policy)) {
    check.fail(`image.pullPolicy ${show(policy)} is not a pull policy (use ImagePullPolicy.IF_NOT_PRESENT, ALWAYS or NEVER)`);
    return ImagePullPolicy.IF_NOT_PRESENT;
  }
  return policy;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, '\'"\'"\'')}'`;
}
