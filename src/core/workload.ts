import { createHash } from 'crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Annotations, Labels, serviceHost } from '../shared';
import { envNameProblem, notSecretLikeProblem, secretRef } from './checks';
import { ClusterState, StateKey } from './cluster';
import { registerPolicyOwner, Endpoint } from './connection';
import { ConfigurationValue } from './external-deployment';
import { Input, show } from './input';
import { Peer, PeerKind } from './peers';
import { applyPodSettings, harden } from './pod-spec';
import { PolicyDirection, WorkloadPolicy } from './policies';
import { podPort, protocolOf, WorkloadPort } from './ports';
import { cpuQuantity, memoryQuantity } from './quantities';
import { addScaling } from './scaling';
import { resolveWorkload, WorkloadModel } from './workload-model';
import { SecretKeyReference } from './workload-options';
import { HardenedWorkloadProps, WorkloadKind } from './workload-props';

/** The workloads of a cluster, for the uniqueness of names and selectors. */
const WORKLOADS = new StateKey<HardenedWorkload[]>('workloads', () => []);

/** The workloads of the cluster of `scope`, in the order created. @internal */
export function clusterWorkloads(scope: IConstruct): readonly HardenedWorkload[] {
  return ClusterState.of(scope).get(WORKLOADS);
}

/** Workloads deployed elsewhere whose too wide selector was reported. */
const WIDE_REPORTED = new WeakSet<HardenedWorkload>();

/** Models the kit resolved at the user's paths: the workload takes them as they are. */
const RESOLVED = new WeakSet<object>();

/** Creates a workload from a model resolved elsewhere (the kit resolves at the user's paths). */
export function buildWorkload(scope: Construct, id: string, model: WorkloadModel): HardenedWorkload {
  RESOLVED.add(model);
  return new HardenedWorkload(scope, id, model as unknown as HardenedWorkloadProps);
}

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
  /** The labels of the workload's Service (what a ServiceMonitor selects). */
  public readonly serviceLabels: { [key: string]: string };
  /** The ports served. */
  public readonly ports: WorkloadPort[];
  /** This workload as a connection end. */
  public readonly peer: Peer;
  /** The ingress NetworkPolicy. */
  public readonly ingressPolicy: WorkloadPolicy;
  /** The egress NetworkPolicy. */
  public readonly egressPolicy: WorkloadPolicy;
  /** The Deployment or StatefulSet; undefined when the pods are deployed elsewhere. */
  public readonly workload?: kplus.Workload;
  /** The main container, for environment added after construction; undefined when deployed elsewhere. */
  public readonly container?: kplus.Container;
  /**
   * When the pods are deployed elsewhere: the configuration the library would have given them
   * (for the chart's values), in the order it was added.
   */
  public readonly configuration: ConfigurationValue[] = [];
  /** True when the pods are created by something else (`deployedElsewhere`). */
  public readonly deployedElsewhere: boolean;
  /** The library's labels for the component (its `selectorLabels` unless deployed elsewhere). @internal */
  public readonly _identityLabels: { [key: string]: string };
  /** The ConfigMap holding `files`, when there are files. */
  public readonly configMap?: kplus.ConfigMap;
  private readonly input: Input;
  private readonly envNames = new Set<string>();
  private readonly service?: kplus.k8s.KubeService;

  public constructor(scope: Construct, id: string, props: HardenedWorkloadProps) {
    super(scope, id);
    const model = RESOLVED.has(props) ? props as unknown as WorkloadModel : resolveWorkload(Input.root(this, nameOf(props)), props);
    assertUniqueKeys(model);
    this.input = Input.root(this, model.name);
    this.id = model.id;
    this.namespace = model.namespace;
    this.name = model.elsewhere?.serviceName ?? model.name;
    this.ports = model.ports;
    this.deployedElsewhere = model.elsewhere !== undefined;
    this.selectorLabels = model.elsewhere?.podSelector ?? Labels.selector(model.id, model.component, model.instance);
    this.serviceLabels = model.elsewhere?.serviceLabels ?? this.selectorLabels;
    this._identityLabels = Labels.selector(model.id, model.component, model.instance);
    const objectLabels = Labels.metadata(model.id, model.component, model.instance);
    this.peer = Peer.fromSpec({
      kind: PeerKind.WORKLOAD,
      name: this.name,
      namespace: model.namespace,
      labels: this.selectorLabels,
      ports: this.ports,
      host: serviceHost(this.name, model.namespace),
    });
    this.ingressPolicy = new WorkloadPolicy(this, 'ingress', `${this.name}-ingress`, model.namespace, this.selectorLabels, PolicyDirection.INGRESS, objectLabels);
    this.egressPolicy = new WorkloadPolicy(this, 'egress', `${this.name}-egress`, model.namespace, this.selectorLabels, PolicyDirection.EGRESS, objectLabels);
    registerPolicyOwner(this, this);
    this.checkUnique();
    if (model.elsewhere) {
      // what the library would mount, for the chart's values
      for (const file of model.files) this.configuration.push({ name: file.path, note: `a file the chart must provide: ${JSON.stringify(file.content)}` });
      return;
    }

    const metadata = { name: this.name, namespace: model.namespace, labels: objectLabels };
    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', { metadata, automountToken: false });
    this.service = new kplus.k8s.KubeService(this, 'service', {
      metadata: { ...metadata, annotations: model.annotations },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selectorLabels },
        ports: this.ports.map((p) => ({
          name: p.name, port: p.port, targetPort: kplus.k8s.IntOrString.fromNumber(podPort(p)), protocol: protocolOf(p),
        })),
      },
    });

    const workload = this.createController(model, serviceAccount, objectLabels);
    this.workload = workload;
    this.container = workload.containers[0];
    for (const [k, v] of model.env) this.addEnv(k, v);
    for (const s of model.secretEnv) this.addSecretEnv(s.name, s.secret);
    this.addEnvFrom(model);
    const initContainers = this.addVolumes(model);
    this.configMap = this.addFiles(model, objectLabels);

    harden(workload, initContainers);
    canonicalResources(workload, model);
    applyPodSettings(workload, model.pods, this.selectorLabels, model.autoscaling?.maxReplicas ?? model.replicas);
    if (model.storage) this.addStorage(model.storage, objectLabels);
    addScaling(this, model, this.selectorLabels, objectLabels);
  }

  /** Adds an environment variable from an existing Secret (never a plaintext value). */
  public addSecretEnv(variableName: string, secret: SecretKeyReference): void {
    const name = variableName;
    if (!this.newEnvName('secretEnv', name)) return;
    const ref = secretRef(this.input.at(`secretEnv[${name}]`).at('secret'), secret);
    if (ref === undefined) {
      if (secret === undefined) this.input.at(`secretEnv[${name}]`).at('secret').fail('is missing (give { name, key } of an existing Secret)');
      return;
    }
    if (!this.container) {
      this.configuration.push({ name, secretName: ref.name, secretKey: ref.key });
      return;
    }
    const s = kplus.Secret.fromSecretName(this, `secret-${name}`, ref.name);
    this.container.env.addVariable(name, kplus.EnvValue.fromSecretValue({ secret: s, key: ref.key }));
  }

  /** Adds a plain configuration value to the main container; names that look like secrets are refused. */
  public addEnv(variableName: string, value: string): void {
    const name = variableName;
    if (!this.newEnvName('env', name)) return;
    const at = this.input.at(`env[${name}]`);
    if (typeof value !== 'string') {
      at.fail(`${show(value)} is not a string (give the value as text, e.g. "8080")`);
      return;
    }
    const secret = notSecretLikeProblem(name);
    if (secret !== undefined) {
      at.fail(secret);
      return;
    }
    if (!this.container) this.configuration.push({ name, value });
    else this.container.env.addVariable(name, kplus.EnvValue.fromValue(value));
  }

  /** Adds a value the kubelet reads from the pod (downward API), e.g. the node's IP. */
  public addFieldEnv(variableName: string, field: kplus.EnvFieldPaths): void {
    if (!this.newEnvName('env', variableName)) return;
    if (!this.container) this.configuration.push({ name: variableName, fieldPath: field });
    else this.container.env.addVariable(variableName, kplus.EnvValue.fromFieldRef(field));
  }

  /**
   * Sets the application protocol of a Service port (`kubernetes.io/ws` for WebSocket through a Gateway).
   * @internal
   */
  public _serviceAppProtocol(portName: string, appProtocol: string): void {
    const index = this.ports.findIndex((p) => p.name === portName);
    if (!this.service) {
      const name = `Service port ${portName}`;
      if (index >= 0 && !this.configuration.some((c) => c.name === name)) this.configuration.push({ name, note: `needs appProtocol ${appProtocol} on the chart's Service ${this.name}` });
      return;
    }
    if (index >= 0) ApiObject.of(this.service).addJsonPatch(JsonPatch.add(`/spec/ports/${index}/appProtocol`, appProtocol));
  }

  /** The named port; undefined when the workload does not serve it. */
  public findPort(name: string): WorkloadPort | undefined {
    return this.ports.find((p) => p.name === name);
  }

  /** Where clients in the cluster dial the named port. */
  public endpoint(portName: string): Endpoint {
    const port = this.findPort(portName);
    if (!port) this.input.report(`has no port named ${show(portName)} (ports: ${this.ports.map((p) => show(p.name)).join(', ')})`);
    return new Endpoint(serviceHost(this.name, this.namespace), port?.port ?? 0);
  }

  private newEnvName(field: string, name: string): boolean {
    const problem = typeof name === 'string' ? envNameProblem(name) : 'is not an environment variable name';
    if (problem !== undefined) {
      this.input.at(field).fail(`${show(name)} ${problem}`);
      return false;
    }
    if (this.envNames.has(name)) {
      this.input.report(`${field} ${show(name)} is set twice (give each variable one value)`);
      return false;
    }
    this.envNames.add(name);
    return true;
  }

  private createController(model: WorkloadModel, serviceAccount: kplus.ServiceAccount, objectLabels: { [key: string]: string }): kplus.Workload {
    const uid = model.runAsUser;
    const common = {
      metadata: { name: this.name, namespace: model.namespace, labels: objectLabels, annotations: model.annotations },
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      replicas: model.replicas,
      podMetadata: { labels: { ...(model.pods.labels ?? {}), ...objectLabels }, annotations: model.pods.annotations },
      securityContext: { user: uid, group: uid, fsGroup: uid, ensureNonRoot: true },
      containers: [mainContainer(model)],
    };
    let workload: kplus.Workload;
    if (model.kind === WorkloadKind.STATEFULSET) {
      const headless = new kplus.Service(this, 'headless', {
        metadata: { name: `${this.name}-headless`, namespace: model.namespace, labels: objectLabels },
        clusterIP: 'None',
        // the headless Service names the pods' own ports: one per pod port and protocol (two Service
        // ports sending to one pod port, such as a pooler port on an embedded store, are one here)
        ports: model.containerPorts.map((p) => ({
          name: p.name, port: p.number, targetPort: p.number, protocol: p.protocol as unknown as kplus.Protocol,
        })),
      });
      workload = new kplus.StatefulSet(this, 'statefulset', { ...common, service: headless });
      // cdk8s-plus selects by the construct-address label, which harden() removes from the pods
      ApiObject.of(headless).addJsonPatch(JsonPatch.replace('/spec/selector', { ...this.selectorLabels }));
      ApiObject.of(headless).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
    } else {
      workload = new kplus.Deployment(this, 'deployment', common);
    }
    workload.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    if (model.autoscaling) (workload as unknown as kplus.IScalable).markHasAutoscaler();
    return workload;
  }

  private addEnvFrom(model: WorkloadModel): void {
    model.envFrom.forEach((source, i) => {
      const entry = {
        ...(source.prefix !== undefined ? { prefix: source.prefix } : {}),
        ...(source.configMap !== undefined
          ? { configMapRef: { name: source.configMap, ...(source.optional ? { optional: true } : {}) } }
          : { secretRef: { name: source.secret, ...(source.optional ? { optional: true } : {}) } }),
      };
      ApiObject.of(this.workload!).addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/0/envFrom${i === 0 ? '' : '/-'}`, i === 0 ? [entry] : entry));
    });
  }

  /** emptyDir volumes where the process writes; seeded ones get an init container. Returns the init container count. */
  private addVolumes(model: WorkloadModel): number {
    model.writablePaths.forEach((path, i) => {
      this.container!.mount(path, kplus.Volume.fromEmptyDir(this, `writable-${i}`, `writable-${i}`));
    });
    model.seededPaths.forEach((path, i) => {
      const volume = kplus.Volume.fromEmptyDir(this, `seeded-${i}`, `seeded-${i}`);
      this.container!.mount(path, volume);
      const init = this.workload!.addInitContainer({
        name: `seed-${i}`,
        image: model.image,
        imagePullPolicy: model.pullPolicy as unknown as kplus.ImagePullPolicy,
        command: ['sh', '-c', `cp -a ${shellQuote(path)}/. /seed/`],
        securityContext: containerSecurity(model.runAsUser),
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
      });
      init.mount('/seed', volume);
    });
    return model.seededPaths.length;
  }

  /** The ConfigMap of `files`, mounted by subPath; its hash on the pods rolls them on a change. */
  private addFiles(model: WorkloadModel, objectLabels: { [key: string]: string }): kplus.ConfigMap | undefined {
    const files = model.files;
    if (files.length === 0) return undefined;
    const configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name: `${this.name}-config`, namespace: model.namespace, labels: objectLabels, annotations: model.filesAnnotations },
    });
    const volume = kplus.Volume.fromConfigMap(this, 'config-volume', configMap, { name: 'config' });
    files.forEach((file, i) => {
      const key = `file-${i}-${file.path.split('/').pop()}`.replace(/[^-._a-zA-Z0-9]/g, '-');
      configMap.addData(key, file.content);
      this.container!.mount(file.path, volume, { subPath: key, readOnly: true });
    });
    const hash = createHash('sha256').update(JSON.stringify(files)).digest('hex');
    this.workload!.podMetadata.addAnnotation(Annotations.CONFIG_HASH, hash);
    return configMap;
  }

  private addStorage(storage: NonNullable<WorkloadModel['storage']>, objectLabels: { [key: string]: string }): void {
    const api = ApiObject.of(this.workload!);
    api.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
      metadata: { name: 'data', labels: objectLabels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}),
        // the StatefulSet's typed conversion runs after patches: give the Quantity type it expects
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(`${storage.sizeGibibytes}Gi`) } },
      },
    }]));
    api.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'data', mountPath: storage.mountPath }));
  }

  /** Names and selector labels are unique among the cluster's workloads of one namespace. */
  private checkUnique(): void {
    const all = ClusterState.of(this).get(WORKLOADS);
    const earlier = all.filter((w) => w.namespace === this.namespace);
    all.push(this);
    const sameName = earlier.find((w) => w.name === this.name);
    if (sameName) {
      this.input.report(`duplicate workload name ${show(this.name)} in namespace ${show(this.namespace)} (also at ${sameName.node.path}): give one of them an instance`);
      return;
    }
    const key = JSON.stringify(this.selectorLabels);
    const sameLabels = earlier.find((w) => JSON.stringify(w.selectorLabels) === key);
    if (sameLabels) {
      this.input.report(`duplicate id ${show(this.id)} in namespace ${show(this.namespace)} (also at ${sameLabels.node.path}): both select the same pods; give one of them an instance`);
      return;
    }
    // a selector of pods deployed elsewhere must not also select another component's pods (reported
    // once, on the component deployed elsewhere)
    for (const other of earlier) {
      const [wide, narrow] = selects(this, other) ? [this, other] : selects(other, this) ? [other, this] : [undefined, undefined];
      if (!wide || !narrow || WIDE_REPORTED.has(wide)) continue;
      WIDE_REPORTED.add(wide);
      wide.input.report(`deployedElsewhere.podSelector ${show(wide.selectorLabels)} of ${wide.id} also selects the pods of ${narrow.id}: give labels that select only ${wide.id}'s pods (kubectl get pods -n ${this.namespace} --show-labels)`);
    }
  }
}

/** True when `a`'s pods are deployed elsewhere and its selector matches the labels `b`'s pods are known to carry. */
function selects(a: HardenedWorkload, b: HardenedWorkload): boolean {
  if (!a.deployedElsewhere) return false;
  const carried = b.deployedElsewhere
    ? b.selectorLabels
    : { ...b.selectorLabels, ...b._identityLabels, [Labels.PART_OF]: Labels.PART_OF_VALUE, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE };
  return Object.entries(a.selectorLabels).every(([k, v]) => carried[k] === v);
}

/**
 * What the API server requires of the lists a workload writes (their list-map keys), asserted: the
 * resolve phase reports every case a user can cause, so a failure here is a bug of the library.
 */
function assertUniqueKeys(model: WorkloadModel): void {
  const unique = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) throw new Error(`${model.namespace}/${model.name}: two ${what} share the key ${k} (the API server refuses them)`);
      seen.add(k);
    }
  };
  unique('Service ports', model.ports.map((p) => `${p.port}/${protocolOf(p)}`));
  unique('Service port names', model.ports.map((p) => p.name));
  unique('container ports', model.containerPorts.map((p) => `${p.number}/${p.protocol}`));
  unique('environment variables', [...model.env.map(([k]) => k), ...model.secretEnv.map((s) => s.name)]);
  unique('volume mounts', [...model.writablePaths, ...model.seededPaths, ...model.files.map((f) => f.path), ...(model.storage ? [model.storage.mountPath] : [])]);
}

/** The name a workload's messages start with, before its props are read. */
function nameOf(props: HardenedWorkloadProps): string {
  const p = (props ?? {}) as Partial<HardenedWorkloadProps>;
  const name = p.name ?? (p.instance ? `${p.id}-${p.instance}` : p.id);
  return typeof name === 'string' ? name : 'workload';
}

/** The main container's requests and limits in the API server's canonical form (see quantities.ts). */
function canonicalResources(workload: kplus.Workload, model: WorkloadModel): void {
  const r = model.resources;
  const at = '/spec/template/spec/containers/0/resources';
  const api = ApiObject.of(workload);
  // the controller's typed conversion runs after patches: give the Quantity type it expects
  const quantity = (text: string) => kplus.k8s.Quantity.fromString(text);
  api.addJsonPatch(JsonPatch.replace(`${at}/requests/cpu`, quantity(cpuQuantity(r.cpuRequestMillis))));
  api.addJsonPatch(JsonPatch.replace(`${at}/limits/cpu`, quantity(cpuQuantity(r.cpuLimitMillis))));
  api.addJsonPatch(JsonPatch.replace(`${at}/requests/memory`, quantity(memoryQuantity(r.memoryRequestMebibytes))));
  api.addJsonPatch(JsonPatch.replace(`${at}/limits/memory`, quantity(memoryQuantity(r.memoryLimitMebibytes))));
}

function containerSecurity(uid: number): kplus.ContainerSecurityContextProps {
  return { user: uid, group: uid, ensureNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false };
}

/** The main container: image, ports, probes, resources and security context. */
function mainContainer(model: WorkloadModel): kplus.ContainerProps {
  const res = model.resources;
  const probeFor = (initial: number): kplus.Probe => {
    const opts = {
      port: model.probe.port,
      initialDelaySeconds: Duration.seconds(initial),
      periodSeconds: Duration.seconds(model.probe.periodSeconds),
    };
    return model.probe.path ? kplus.Probe.fromHttpGet(model.probe.path, opts) : kplus.Probe.fromTcpSocket(opts);
  };
  return {
    name: 'main',
    image: model.image,
    imagePullPolicy: model.pullPolicy as unknown as kplus.ImagePullPolicy,
    ports: model.containerPorts.map((p) => ({ name: p.name, number: p.number, protocol: p.protocol as unknown as kplus.Protocol })),
    command: model.command,
    args: model.args,
    securityContext: containerSecurity(model.runAsUser),
    resources: {
      cpu: { request: kplus.Cpu.millis(res.cpuRequestMillis), limit: kplus.Cpu.millis(res.cpuLimitMillis) },
      memory: { request: Size.mebibytes(res.memoryRequestMebibytes), limit: Size.mebibytes(res.memoryLimitMebibytes) },
    },
    readiness: probeFor(5),
    liveness: probeFor(model.probe.initialDelaySeconds),
  };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, '\'"\'"\'')}'`;
}
