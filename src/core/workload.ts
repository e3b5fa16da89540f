import { createHash } from 'crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ClusterBoundary } from './cluster';
import { registerPolicyOwner, Endpoint } from './connection';
import { Check, show } from './errors';
import { ContainerImage, imageReference, ImagePullPolicy } from './image';
import { Annotations, Labels, serviceHost } from '../shared';
import { Peer, PeerKind } from './peers';
import { PolicyDirection, WorkloadPolicy } from './policies';
import { podPort, protocolOf, WorkloadPort } from './ports';

/** Which controller runs the pods. */
export enum WorkloadKind {
  /** A Deployment (stateless services). */
  DEPLOYMENT = 'Deployment',
  /** A StatefulSet (embedded stores with persistent volumes). */
  STATEFULSET = 'StatefulSet',
}

/** A value taken from a key of an existing Secret. Secret values are never written into manifests. */
export interface SecretKeyReference {
  /** Name of the Secret in the workload's namespace. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** An environment variable whose value comes from an existing Secret. */
export interface SecretEnvVar {
  /** Variable name. */
  readonly name: string;
  /** Where the value is. */
  readonly secret: SecretKeyReference;
}

/** CPU and memory requests and limits. */
export interface ResourceOptions {
  /** CPU request in millicores. @default 100 */
  readonly cpuRequestMillis?: number;
  /** CPU limit in millicores. @default 1000 */
  readonly cpuLimitMillis?: number;
  /** Memory request in MiB. @default 256 */
  readonly memoryRequestMebibytes?: number;
  /** Memory limit in MiB. @default 512 */
  readonly memoryLimitMebibytes?: number;
}

/** Liveness and readiness probes. */
export interface ProbeOptions {
  /**
   * HTTP path to probe; without it the probe opens a TCP connection.
   * @default - TCP probe
   */
  readonly path?: string;
  /**
   * Name of the port to probe.
   * @default - the first port
   */
  readonly port?: string;
  /** Seconds before the first liveness probe. @default 30 */
  readonly initialDelaySeconds?: number;
  /** Seconds between probes. @default 10 */
  readonly periodSeconds?: number;
}

/** Horizontal autoscaling. */
export interface AutoscalingOptions {
  /** Fewest replicas. @default - the workload's replicas */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Target average CPU utilization in percent of the request. @default 70 */
  readonly cpuUtilizationPercent?: number;
  /** Target average memory utilization in percent of the request. @default - not used */
  readonly memoryUtilizationPercent?: number;
}

/** A file mounted read-only into the container from a ConfigMap the workload owns. */
export interface ConfigFile {
  /** Absolute path of the file in the container. */
  readonly path: string;
  /** File content. Must not contain secret values. */
  readonly content: string;
}

/** A PersistentVolumeClaim template of a StatefulSet. */
export interface PersistentStorage {
  /** Where the volume is mounted. */
  readonly mountPath: string;
  /** Size in GiB. @default 10 */
  readonly sizeGibibytes?: number;
  /** StorageClass. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** Props of a hardened workload. */
export interface HardenedWorkloadProps {
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
  /** Replicas. @default 1 */
  readonly replicas?: number;
  /** Requests and limits. @default - see ResourceOptions */
  readonly resources?: ResourceOptions;
  /** Liveness and readiness probes. @default - TCP on the first port */
  readonly probe?: ProbeOptions;
  /** Horizontal autoscaling. @default - none */
  readonly autoscaling?: AutoscalingOptions;
  /** Plain configuration values. Never secrets: use `secretEnv`. @default - none */
  readonly env?: { [name: string]: string };
  /** Values from existing Secrets. @default - none */
  readonly secretEnv?: SecretEnvVar[];
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
  /** Annotations of the pods. @default - none */
  readonly podAnnotations?: { [key: string]: string };
  /** Annotations of the Deployment or StatefulSet and the Service. @default - none */
  readonly annotations?: { [key: string]: string };
  /** Spread replicas across zones (when more than one replica can run). @default true */
  readonly zoneSpread?: boolean;
  /**
   * Write a PodDisruptionBudget (`maxUnavailable: 1`). `true` needs at least two guaranteed replicas
   * (`replicas`, or `autoscaling.minReplicas`); `false` leaves it out.
   * @default - written when at least two replicas are guaranteed
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Annotations of the ConfigMap that holds `files` (e.g. the catalog rows it stands for).
   * @default - none
   */
  readonly filesAnnotations?: { [key: string]: string };
}

const workloadsByApp = new WeakMap<IConstruct, HardenedWorkload[]>();

const DEFAULT_RESOURCES: Required<ResourceOptions> = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 1000,
  memoryRequestMebibytes: 256,
  memoryLimitMebibytes: 512,
};

/**
 * One deployable with the library's hardened defaults.
 *
 * Creates: a Deployment (or StatefulSet), a ClusterIP Service exposing every port, a
 * ServiceAccount without token automount, one ingress and one egress NetworkPolicy (filled by the
 * connections declared on it), a PodDisruptionBudget when more than one replica can run, and a
 * HorizontalPodAutoscaler when autoscaling is set. Pods run under Pod Security "restricted":
 * non-root, seccomp RuntimeDefault, no privilege escalation, all capabilities dropped, read-only
 * root filesystem with emptyDir volumes where the process writes.
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
  /** The Service. */
  public readonly service: kplus.Service;
  /** The Deployment or StatefulSet. */
  public readonly workload: kplus.Workload;
  /** The main container, for environment added after construction. */
  public readonly container: kplus.Container;
  /** The ConfigMap holding `files`, when there are files. */
  public readonly configMap?: kplus.ConfigMap;
  private readonly check: Check;

  public constructor(scope: Construct, id: string, props: HardenedWorkloadProps) {
    super(scope, id);
    this.id = props.id;
    this.namespace = props.namespace;
    this.name = props.name ?? (props.instance ? `${props.id}-${props.instance}` : props.id);
    this.ports = [...props.ports];
    const check = (this.check = new Check(this, this.name));

    check.dnsLabel('id', props.id);
    check.dnsLabel('component', props.component);
    check.dnsLabel('namespace', props.namespace);
    check.dnsLabel('name', this.name, 63 - 7); // room for the -ingress / -egress policy suffix
    if (props.instance !== undefined) check.dnsLabel('instance', props.instance);
    const replicas = props.replicas ?? 1;
    check.integer('replicas', replicas, 0, 1000);
    if (this.ports.length === 0) check.fail('ports is empty (a workload needs at least one port its Service exposes)');
    const names = new Set<string>();
    const servicePorts = new Set<string>();
    const podPorts = new Map<string, string>();
    for (const p of this.ports) {
      check.portName('ports.name', p.name);
      check.port(`ports[${p.name}].port`, p.port);
      check.port(`ports[${p.name}].targetPort`, p.targetPort);
      if (names.has(p.name)) check.fail(`port name ${show(p.name)} is used twice (give each port its own name)`);
      names.add(p.name);
      const sp = `${protocolOf(p)}/${p.port}`;
      if (servicePorts.has(sp)) check.fail(`Service port ${p.port} (${protocolOf(p)}) is used by two ports (give each port its own Service port)`);
      servicePorts.add(sp);
      const pp = `${protocolOf(p)}/${podPort(p)}`;
      if (podPorts.has(pp) && podPorts.get(pp) !== p.name) {
        // two Service ports may send to one pod port; the container declares it once
      }
      if (!podPorts.has(pp)) podPorts.set(pp, p.name);
    }

    this.selectorLabels = Labels.selector(props.id, props.component, props.instance);
    const objectLabels = Labels.metadata(props.id, props.component, props.instance);
    const image = imageReference(check, 'image', props.image);
    const res = { ...DEFAULT_RESOURCES, ...(props.resources ?? {}) };
    check.integer('resources.cpuRequestMillis', res.cpuRequestMillis, 1, 1_000_000);
    check.integer('resources.cpuLimitMillis', res.cpuLimitMillis, 1, 1_000_000);
    check.integer('resources.memoryRequestMebibytes', res.memoryRequestMebibytes, 1, 10_000_000);
    check.integer('resources.memoryLimitMebibytes', res.memoryLimitMebibytes, 1, 10_000_000);
    if (res.cpuRequestMillis > res.cpuLimitMillis) check.fail(`resources.cpuRequestMillis ${res.cpuRequestMillis} exceeds cpuLimitMillis ${res.cpuLimitMillis} (raise the limit or lower the request)`);
    if (res.memoryRequestMebibytes > res.memoryLimitMebibytes) check.fail(`resources.memoryRequestMebibytes ${res.memoryRequestMebibytes} exceeds memoryLimitMebibytes ${res.memoryLimitMebibytes} (raise the limit or lower the request)`);
    const uid = props.runAsUser ?? 500;
    check.integer('runAsUser', uid, 1, 2147483647);

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

    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name: this.name, namespace: props.namespace, labels: objectLabels },
      automountToken: false,
    });

    this.service = new kplus.Service(this, 'service', {
      metadata: { name: this.name, namespace: props.namespace, labels: objectLabels, annotations: props.annotations },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: this.ports.map((p) => ({ name: p.name, port: p.port, targetPort: podPort(p), protocol: protocolOf(p) as unknown as kplus.Protocol })),
    });
    for (const [k, v] of Object.entries(this.selectorLabels)) this.service.selectLabel(k, v);

    const probePortName = props.probe?.port ?? this.ports[0]?.name;
    const probePort = this.ports.find((p) => p.name === probePortName);
    if (props.probe?.port !== undefined && !probePort) {
      check.fail(`probe.port ${show(props.probe.port)} is not one of the workload's ports (${this.ports.map((p) => show(p.name)).join(', ')})`);
    }
    if (props.probe?.path !== undefined && !props.probe.path.startsWith('/')) {
      check.fail(`probe.path ${show(props.probe.path)} is not an absolute HTTP path (start it with "/")`);
    }
    const probeNumber = probePort ? podPort(probePort) : 8080;
    const probeFor = (initial: number): kplus.Probe => {
      const opts = {
        port: probeNumber,
        initialDelaySeconds: Duration.seconds(initial),
        periodSeconds: Duration.seconds(props.probe?.periodSeconds ?? 10),
      };
      return props.probe?.path ? kplus.Probe.fromHttpGet(props.probe.path, opts) : kplus.Probe.fromTcpSocket(opts);
    };

    const containerSecurity: kplus.ContainerSecurityContextProps = {
      user: uid,
      group: uid,
      ensureNonRoot: true,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    };
    const pullPolicy = (props.image?.pullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT) as unknown as kplus.ImagePullPolicy;
    const containerPorts: kplus.ContainerPort[] = [];
    const usedNames = new Set<string>();
    for (const [key, name] of podPorts) {
      if (usedNames.has(name)) continue; // reported above; the container cannot declare it twice
      usedNames.add(name);
      const [protocol, number] = key.split('/');
      containerPorts.push({ name, number: Number(number), protocol: protocol as kplus.Protocol });
    }

    const kind = props.kind ?? WorkloadKind.DEPLOYMENT;
    const common = {
      metadata: { name: this.name, namespace: props.namespace, labels: objectLabels, annotations: props.annotations },
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      replicas,
      podMetadata: { labels: objectLabels, annotations: props.podAnnotations },
      securityContext: { user: uid, group: uid, fsGroup: uid, ensureNonRoot: true },
      containers: [{
        name: 'main',
        image,
        imagePullPolicy: pullPolicy,
        ports: containerPorts,
        command: props.command,
        args: props.args,
        securityContext: containerSecurity,
        resources: {
          cpu: { request: kplus.Cpu.millis(res.cpuRequestMillis), limit: kplus.Cpu.millis(res.cpuLimitMillis) },
          memory: { request: Size.mebibytes(res.memoryRequestMebibytes), limit: Size.mebibytes(res.memoryLimitMebibytes) },
        },
        readiness: probeFor(5),
        liveness: probeFor(props.probe?.initialDelaySeconds ?? 30),
      }],
    };
    if (kind === WorkloadKind.STATEFULSET) {
      this.workload = new kplus.StatefulSet(this, 'statefulset', { ...common, service: this.service });
    } else {
      if (props.storage) check.fail('storage is set on a Deployment (persistent volumes need kind WorkloadKind.STATEFULSET)');
      this.workload = new kplus.Deployment(this, 'deployment', common);
    }
    this.workload.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    // cdk8s-plus selects a StatefulSet's Service by the construct-address label, which harden()
    // removes from the pods: select by the canonical labels only.
    ApiObject.of(this.service).addJsonPatch(JsonPatch.replace('/spec/selector', { ...this.selectorLabels }));
    this.container = this.workload.containers[0];

    for (const [k, v] of Object.entries(props.env ?? {})) {
      if (check.envName('env', k)) this.container.env.addVariable(k, kplus.EnvValue.fromValue(v));
    }
    for (const s of props.secretEnv ?? []) this.addSecretEnv(s.name, s.secret);

    const writable = props.writablePaths ?? ['/tmp'];
    const seeded = props.seededPaths ?? [];
    writable.forEach((path, i) => {
      if (!path.startsWith('/')) check.fail(`writablePaths ${show(path)} is not an absolute path`);
      const volume = kplus.Volume.fromEmptyDir(this, `writable-${i}`, `writable-${i}`);
      this.container.mount(path, volume);
    });
    seeded.forEach((path, i) => {
      if (!path.startsWith('/')) check.fail(`seededPaths ${show(path)} is not an absolute path`);
      const volume = kplus.Volume.fromEmptyDir(this, `seeded-${i}`, `seeded-${i}`);
      this.container.mount(path, volume);
      const init = this.workload.addInitContainer({
        name: `seed-${i}`,
        image,
        imagePullPolicy: pullPolicy,
        command: ['sh', '-c', `cp -a ${shellQuote(path)}/. /seed/`],
        securityContext: containerSecurity,
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
      });
      init.mount('/seed', volume);
    });
    if (props.files && props.files.length > 0) {
      const data: { [key: string]: string } = {};
      const configMap = new kplus.ConfigMap(this, 'config', {
        metadata: { name: `${this.name}-config`, namespace: props.namespace, labels: objectLabels, annotations: props.filesAnnotations },
      });
      this.configMap = configMap;
      props.files.forEach((file, i) => {
        if (!file.path.startsWith('/')) check.fail(`files[${i}].path ${show(file.path)} is not an absolute path`);
        const key = `file-${i}-${file.path.split('/').pop()}`.replace(/[^-._a-zA-Z0-9]/g, '-');
        data[key] = file.content;
        configMap.addData(key, file.content);
      });
      const volume = kplus.Volume.fromConfigMap(this, 'config-volume', configMap, { name: 'config' });
      props.files.forEach((file, i) => {
        const key = `file-${i}-${file.path.split('/').pop()}`.replace(/[^-._a-zA-Z0-9]/g, '-');
        this.container.mount(file.path, volume, { subPath: key, readOnly: true });
      });
      // files are mounted by subPath, which a running pod never sees change: roll the pods instead
      const hash = createHash('sha256').update(JSON.stringify(props.files)).digest('hex');
      this.workload.podMetadata.addAnnotation(Annotations.CONFIG_HASH, hash);
    }

    const initCount = seeded.length;
    harden(this.workload, 1, initCount);
    if (props.storage) {
      const size = props.storage.sizeGibibytes ?? 10;
      check.integer('storage.sizeGibibytes', size, 1, 1_000_000);
      if (!props.storage.mountPath.startsWith('/')) check.fail(`storage.mountPath ${show(props.storage.mountPath)} is not an absolute path`);
      const apiObject = ApiObject.of(this.workload);
      apiObject.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
        metadata: { name: 'data', labels: objectLabels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          ...(props.storage.storageClassName ? { storageClassName: props.storage.storageClassName } : {}),
          // the StatefulSet's typed conversion runs after patches: give the Quantity type it expects
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(`${size}Gi`) } },
        },
      }]));
      apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'data', mountPath: props.storage.mountPath }));
    }

    const maxReplicas = props.autoscaling?.maxReplicas ?? replicas;
    const minReplicas = props.autoscaling?.minReplicas ?? replicas;
    if ((props.zoneSpread ?? true) && maxReplicas > 1) {
      ApiObject.of(this.workload).addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [{
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selectorLabels },
      }]));
    }
    const guaranteed = props.autoscaling ? minReplicas : replicas;
    if (props.podDisruptionBudget === true && guaranteed < 2) {
      check.fail(`podDisruptionBudget is true, but only ${guaranteed} replica is guaranteed (a PodDisruptionBudget needs at least 2: raise replicas or autoscaling.minReplicas)`);
    }
    if (props.podDisruptionBudget ?? guaranteed > 1) {
      new ApiObject(this, 'pdb', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: this.name, namespace: props.namespace, labels: objectLabels },
        spec: { maxUnavailable: 1, selector: { matchLabels: this.selectorLabels } },
      });
    }
    if (props.autoscaling) {
      const a = props.autoscaling;
      check.integer('autoscaling.minReplicas', minReplicas, 1, 1000);
      check.integer('autoscaling.maxReplicas', a.maxReplicas, 1, 1000);
      if (minReplicas > a.maxReplicas) check.fail(`autoscaling.minReplicas ${minReplicas} exceeds maxReplicas ${a.maxReplicas} (raise maxReplicas)`);
      const cpu = a.cpuUtilizationPercent ?? 70;
      check.integer('autoscaling.cpuUtilizationPercent', cpu, 1, 1000);
      check.integer('autoscaling.memoryUtilizationPercent', a.memoryUtilizationPercent, 1, 1000);
      const metrics: any[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }];
      if (a.memoryUtilizationPercent !== undefined) {
        metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilizationPercent } } });
      }
      new ApiObject(this, 'hpa', {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: this.name, namespace: props.namespace, labels: objectLabels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind, name: this.name },
          minReplicas,
          maxReplicas: a.maxReplicas,
          metrics,
        },
      });
    }
  }

  private checkUnique(): void {
    const root = ClusterBoundary.of(this);
    let all = workloadsByApp.get(root);
    if (!all) {
      all = [];
      workloadsByApp.set(root, all);
    }
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

  /** Adds an environment variable from an existing Secret (never a plaintext value). */
  public addSecretEnv(variableName: string, secret: SecretKeyReference): void {
    const name = variableName;
    if (!this.check.envName('secretEnv', name)) return;
    if (!secret || !this.check.required(`secretEnv[${name}].secret.name`, secret.name, 'name the Secret that holds the value')) return;
    this.check.dnsLabel(`secretEnv[${name}].secret.name`, secret.name, 253);
    if (!this.check.required(`secretEnv[${name}].secret.key`, secret.key, `name the key inside Secret ${show(secret.name)}`)) return;
    const ref = kplus.Secret.fromSecretName(this, `secret-${name}`, secret.name);
    this.container.env.addVariable(name, kplus.EnvValue.fromSecretValue({ secret: ref, key: secret.key }));
  }

  /** Adds a plain configuration value to the main container. */
  public addEnv(variableName: string, value: string): void {
    const name = variableName;
    if (this.check.envName('env', name)) this.container.env.addVariable(name, kplus.EnvValue.fromValue(value));
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
}

/**
 * Pod Security "restricted" fields cdk8s-plus-27 cannot express: seccomp RuntimeDefault on the pod
 * and `drop: [ALL]` capabilities on every container. Written in this one place, as JSON patches.
 */
function harden(workload: kplus.Workload, containers: number, initContainers: number): void {
  const api = ApiObject.of(workload);
  api.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  // cdk8s-plus labels every pod with its construct address; selectors here use only the canonical labels.
  api.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  for (let i = 0; i < containers; i++) {
    api.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/${i}/securityContext/capabilities`, { drop: ['ALL'] }));
    api.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/${i}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  }
  for (let i = 0; i < initContainers; i++) {
    api.addJsonPatch(JsonPatch.add(`/spec/template/spec/initContainers/${i}/securityContext/capabilities`, { drop: ['ALL'] }));
    api.addJsonPatch(JsonPatch.add(`/spec/template/spec/initContainers/${i}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, '\'"\'"\'')}'`;
}
