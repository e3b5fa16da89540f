import { absolutePath, annotationMap, dnsLabel, dnsLabelProblem, portName, tcpPort } from './checks';
import { ElsewhereModel, EXTERNAL_DEPLOYMENT, resolveElsewhere } from './external-deployment';
import { ImagePullPolicy, imageReference } from './image';
import { Fields, Input, list, oneOf, shape, show, Spec, text, whole } from './input';
import {
  CONFIG_FILE, ENV, ENV_FROM, IMAGE, POD_SETTINGS, PROBE, SECRET_ENV, SIZING_FIELDS, STORAGE,
} from './option-specs';
import { podPort, PortProtocol, protocolOf, WorkloadPort } from './ports';
import {
  ConfigFile, EnvFromSource, PodSettings, ResourceOptions, SecretEnvVar,
} from './workload-options';
import { HardenedWorkloadProps, WorkloadKind } from './workload-props';

/** Default requests and limits of a workload. */
export const DEFAULT_RESOURCES: Required<ResourceOptions> = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 1000,
  memoryRequestMebibytes: 256,
  memoryLimitMebibytes: 512,
};

/** User and group id of the Genesys images. */
export const DEFAULT_UID = 500;

/** A port the container declares (one per pod port and protocol). */
export interface ContainerPortModel {
  /** Port name. */
  readonly name: string;
  /** Pod port. */
  readonly number: number;
  /** Protocol. */
  readonly protocol: PortProtocol;
}

/** Autoscaling with its bounds settled. */
export interface AutoscalingModel {
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** CPU target. */
  readonly cpuUtilizationPercent: number;
  /** Memory target. @default - not used */
  readonly memoryUtilizationPercent?: number;
}

/**
 * A workload as the builder takes it: every value checked and defaulted. Nothing a user wrote can
 * make the builder fail: a bad value was reported where the user wrote it and replaced here.
 */
export interface WorkloadModel {
  /** Component id. */
  readonly id: string;
  /** Service. */
  readonly component: string;
  /** Namespace. */
  readonly namespace: string;
  /** Instance. @default - none */
  readonly instance?: string;
  /** Object name. */
  readonly name: string;
  /** Image reference. */
  readonly image: string;
  /** Pull policy. */
  readonly pullPolicy: ImagePullPolicy;
  /** Ports served. */
  readonly ports: WorkloadPort[];
  /** Ports the container declares. */
  readonly containerPorts: ContainerPortModel[];
  /** Probes, with the pod port. */
  readonly probe: { readonly path?: string; readonly port: number; readonly initialDelaySeconds: number; readonly periodSeconds: number };
  /** Plain values, in order. */
  readonly env: Array<[string, string]>;
  /** Values from Secrets. */
  readonly secretEnv: SecretEnvVar[];
  /** Whole ConfigMaps or Secrets. */
  readonly envFrom: EnvFromSource[];
  /** emptyDir paths. */
  readonly writablePaths: string[];
  /** emptyDir paths seeded from the image. */
  readonly seededPaths: string[];
  /** Files from the ConfigMap. */
  readonly files: ConfigFile[];
  /** Entrypoint. @default - the image's */
  readonly command?: string[];
  /** Arguments. @default - the image's */
  readonly args?: string[];
  /** Controller kind. */
  readonly kind: WorkloadKind;
  /** Persistent volume. @default - none */
  readonly storage?: { readonly mountPath: string; readonly sizeGibibytes: number; readonly storageClassName?: string };
  /** User and group id. */
  readonly runAsUser: number;
  /** Pod settings. */
  readonly pods: PodSettings;
  /** Annotations of the controller and Service. @default - none */
  readonly annotations?: { [key: string]: string };
  /** Annotations of the files' ConfigMap. @default - none */
  readonly filesAnnotations?: { [key: string]: string };
  /** Replicas. */
  readonly replicas: number;
  /** Requests and limits. */
  readonly resources: Required<ResourceOptions>;
  /** Autoscaling. @default - none */
  readonly autoscaling?: AutoscalingModel;
  /** True when a PodDisruptionBudget is written. */
  readonly podDisruptionBudget: boolean;
  /** The pods are created elsewhere: who they are. @default - the library creates them */
  readonly elsewhere?: ElsewhereModel;
}

const PORT = shape<WorkloadPort>('a port', {
  name: portName,
  port: tcpPort,
  targetPort: tcpPort,
  protocol: oneOf(PortProtocol, 'a protocol', 'PortProtocol.TCP or UDP'),
  appProtocol: text(),
}, '{ name, port }');

/** How `HardenedWorkloadProps` is read. */
export const WORKLOAD_FIELDS: Fields<HardenedWorkloadProps> = {
  ...SIZING_FIELDS,
  id: dnsLabel(),
  component: dnsLabel(),
  namespace: dnsLabel(),
  instance: dnsLabel(),
  // room for the -headless, -ingress and -egress suffixes
  name: dnsLabel(63 - 9),
  image: IMAGE,
  ports: list(PORT, '[{ name: "http", port: 80, targetPort: 8080 }]'),
  probe: PROBE,
  env: ENV,
  secretEnv: SECRET_ENV,
  envFrom: ENV_FROM,
  writablePaths: list(absolutePath, '["/tmp"]', { key: (p) => p, why: 'each path is mounted once' }),
  seededPaths: list(absolutePath, '["/etc/app"]', { key: (p) => p, why: 'each path is mounted once' }),
  files: list(CONFIG_FILE, '[{ path, content }]'),
  command: list(text()),
  args: list(text()),
  kind: oneOf(WorkloadKind, 'a workload kind', 'WorkloadKind.DEPLOYMENT or STATEFULSET'),
  storage: STORAGE,
  runAsUser: uid(),
  pods: POD_SETTINGS,
  annotations: annotationMap,
  filesAnnotations: annotationMap,
  deployedElsewhere: EXTERNAL_DEPLOYMENT,
};

/** A user id: not 0 (root), since pods run as non-root. */
function uid(): Spec<number> {
  const number = whole(0, 2_147_483_647);
  return Object.assign((input: Input, value: unknown) => {
    if (value === 0) {
      input.fail('0 is root (Pod Security "restricted" runs pods as non-root: give the image\'s unprivileged user id, e.g. 500)');
      return undefined;
    }
    return number(input, value);
  }, { kind: number.kind });
}

const WORKLOAD_SHAPE = shape<HardenedWorkloadProps>('workload props', WORKLOAD_FIELDS, '{ id, component, namespace, image, ports }');

/** The object name of a workload: its name, or `<id>-<instance>`, or its id. */
export function workloadName(props: Pick<HardenedWorkloadProps, 'id' | 'instance' | 'name'>): string {
  return props.name ?? (props.instance ? `${props.id}-${props.instance}` : props.id);
}

/**
 * Reads and checks a workload's props (reported at `input`'s path, e.g. `services.workspace`) and
 * settles every default. Always returns a model, with placeholders where a required value was bad
 * (synthesis then fails on the reported problem, and the builder never trips over a bad value).
 */
export function resolveWorkload(input: Input, given: HardenedWorkloadProps): WorkloadModel {
  const props = input.read(WORKLOAD_SHAPE, given) ?? ({} as HardenedWorkloadProps);
  const id = requiredLabel(input, 'id', props.id, given?.id, 'give the component id, e.g. "gws-app-workspace"');
  const component = requiredLabel(input, 'component', props.component, given?.component, 'give the service, e.g. "gws"');
  const namespace = requiredLabel(input, 'namespace', props.namespace, given?.namespace, 'give the namespace');
  const name = workloadName({ id, instance: props.instance, name: props.name });
  if (props.name === undefined && !input.at('id').failedAround && dnsLabelProblem(name, 63 - 9) !== undefined) {
    input.at(props.instance !== undefined ? 'instance' : 'id').fail(`${show(props.instance ?? id)} makes the name ${show(name)}, which ${dnsLabelProblem(name, 54)} (give a shorter one, or a name)`);
  }
  if (given?.image === undefined && !input.at('image').failedAround) input.at('image').fail('is missing (give { repository, tag } or { repository, digest })');
  const declared = checkPorts(input.at('ports'), props.ports, given?.ports);
  const external = props.deployedElsewhere === undefined
    ? undefined
    : resolveElsewhere(input, props.deployedElsewhere, { name, namespace, id }, declared);
  const ports = external?.ports ?? declared;
  const kind = props.kind ?? WorkloadKind.DEPLOYMENT;
  if (props.storage !== undefined && kind !== WorkloadKind.STATEFULSET) {
    input.at('storage').fail('is set on a Deployment (persistent volumes need kind WorkloadKind.STATEFULSET)');
  }
  const sizing = resolveSizing(input, props);
  const mounts = resolveMounts(input, props, kind);
  return {
    id,
    component,
    namespace,
    instance: props.instance,
    name,
    image: props.image ? imageReference(props.image) : 'invalid',
    pullPolicy: props.image?.pullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
    ports,
    containerPorts: containerPorts(ports),
    probe: resolveProbe(input.at('probe'), props, ports),
    env: resolveEnv(input, props),
    secretEnv: props.secretEnv ?? [],
    envFrom: props.envFrom ?? [],
    ...mounts,
    command: props.command,
    args: props.args,
    kind,
    storage: props.storage?.mountPath !== undefined && kind === WorkloadKind.STATEFULSET
      ? { mountPath: props.storage.mountPath, sizeGibibytes: props.storage.sizeGibibytes ?? 10, storageClassName: props.storage.storageClassName }
      : undefined,
    runAsUser: props.runAsUser ?? DEFAULT_UID,
    pods: props.pods ?? {},
    annotations: props.annotations,
    filesAnnotations: props.filesAnnotations,
    ...sizing,
    elsewhere: external?.model,
  };
}

/** The paths mounted into the container: each once (the API server refuses two mounts of one path). */
function resolveMounts(input: Input, props: HardenedWorkloadProps, kind: WorkloadKind): Pick<WorkloadModel, 'writablePaths' | 'seededPaths' | 'files'> {
  const taken = new Map<string, string>();
  const keep = (field: string, paths: string[]) => paths.filter((path, i) => {
    const other = taken.get(path);
    if (other !== undefined) {
      input.at(field).item(i).fail(`${show(path)} is mounted twice (also ${other}: give each mount its own path)`);
      return false;
    }
    taken.set(path, input.at(field).item(i).path || field);
    return true;
  });
  if (props.storage?.mountPath !== undefined && kind === WorkloadKind.STATEFULSET) taken.set(props.storage.mountPath, 'storage.mountPath');
  const files = (props.files ?? []).filter((f) => f.path !== undefined && f.content !== undefined);
  const filePaths = keep('files', files.map((f) => f.path));
  return {
    writablePaths: keep('writablePaths', props.writablePaths ?? ['/tmp']),
    seededPaths: keep('seededPaths', props.seededPaths ?? []),
    files: files.filter((f) => filePaths.includes(f.path)),
  };
}

function requiredLabel(input: Input, field: string, read: string | undefined, given: unknown, fix: string): string {
  if (read !== undefined) return read;
  if (given === undefined || given === null) input.at(field).fail(`is missing (${fix})`);
  return 'invalid';
}

/** The ports: at least one, unique names, unique Service port per protocol. */
function checkPorts(input: Input, ports: WorkloadPort[] | undefined, given: unknown): WorkloadPort[] {
  if (ports === undefined) {
    if (given === undefined) input.fail('is missing (a workload needs at least one port its Service exposes)');
    return [];
  }
  const valid = ports.filter((p, i) => {
    if (p.name === undefined) {
      input.item(i).fail(`${show(p)} has no name (give each port a name, e.g. "http")`);
      return false;
    }
    if (p.port === undefined) {
      input.item(i).at('port').fail('is missing (give the Service port, e.g. 80)');
      return false;
    }
    return true;
  });
  if (valid.length === 0 && Array.isArray(given) && given.length === 0) input.fail('is empty (a workload needs at least one port its Service exposes)');
  const names = new Set<string>();
  const servicePorts = new Set<string>();
  const out: WorkloadPort[] = [];
  valid.forEach((p, i) => {
    if (names.has(p.name)) {
      input.item(i).at('name').fail(`${show(p.name)} is used twice (give each port its own name)`);
      return;
    }
    names.add(p.name);
    const key = `${protocolOf(p)}/${p.port}`;
    if (servicePorts.has(key)) {
      input.item(i).at('port').fail(`${p.port} (${protocolOf(p)}) is used by two ports (give each port its own Service port)`);
      return;
    }
    servicePorts.add(key);
    out.push(p);
  });
  return out;
}

/** The container's ports: one per pod port and protocol, named after the first port that sends to it. */
export function containerPorts(ports: WorkloadPort[]): ContainerPortModel[] {
  const seen = new Map<string, ContainerPortModel>();
  for (const p of ports) {
    const key = `${protocolOf(p)}/${podPort(p)}`;
    if (!seen.has(key)) seen.set(key, { name: p.name, number: podPort(p), protocol: protocolOf(p) });
  }
  return [...seen.values()];
}

function resolveProbe(input: Input, props: HardenedWorkloadProps, ports: WorkloadPort[]): WorkloadModel['probe'] {
  const probe = props.probe ?? {};
  const named = probe.port ?? ports[0]?.name;
  const port = ports.find((p) => p.name === named);
  if (probe.port !== undefined && !port && ports.length > 0) {
    input.at('port').fail(`${show(probe.port)} is not one of the workload's ports (${ports.map((p) => show(p.name)).join(', ')})`);
  }
  return {
    path: probe.path,
    port: port ? podPort(port) : 8080,
    initialDelaySeconds: probe.initialDelaySeconds ?? 30,
    periodSeconds: probe.periodSeconds ?? 10,
  };
}

function resolveEnv(input: Input, props: HardenedWorkloadProps): Array<[string, string]> {
  const env = Object.entries(props.env ?? {});
  const names = new Set(env.map(([k]) => k));
  (props.secretEnv ?? []).forEach((s, i) => {
    if (names.has(s.name)) input.at('secretEnv').item(i).at('name').fail(`${show(s.name)} is set twice (also in env: give each variable one value)`);
    names.add(s.name);
  });
  return env;
}

/** Replicas, resources, autoscaling and the disruption budget, their bounds agreeing. */
function resolveSizing(input: Input, props: HardenedWorkloadProps): Pick<WorkloadModel, 'replicas' | 'resources' | 'autoscaling' | 'podDisruptionBudget'> {
  const replicas = props.replicas ?? 1;
  const resources = { ...DEFAULT_RESOURCES, ...(props.resources ?? {}) };
  const r = input.at('resources');
  if (resources.cpuRequestMillis > resources.cpuLimitMillis) {
    r.at('cpuRequestMillis').fail(`${resources.cpuRequestMillis} exceeds cpuLimitMillis ${resources.cpuLimitMillis} (raise the limit or lower the request)`);
    resources.cpuRequestMillis = resources.cpuLimitMillis;
  }
  if (resources.memoryRequestMebibytes > resources.memoryLimitMebibytes) {
    r.at('memoryRequestMebibytes').fail(`${resources.memoryRequestMebibytes} exceeds memoryLimitMebibytes ${resources.memoryLimitMebibytes} (raise the limit or lower the request)`);
    resources.memoryRequestMebibytes = resources.memoryLimitMebibytes;
  }
  let autoscaling: AutoscalingModel | undefined;
  const a = props.autoscaling;
  const ai = input.at('autoscaling');
  if (a !== undefined && a.maxReplicas === undefined) {
    if (!ai.at('maxReplicas').failedAround) ai.fail(`${show(a)} has no maxReplicas (give at least { maxReplicas }, or leave autoscaling out)`);
  } else if (a !== undefined) {
    let min = a.minReplicas ?? replicas;
    if (min < 1) {
      ai.at('minReplicas').fail(`is missing and replicas is ${replicas} (an autoscaler keeps at least 1 replica: give minReplicas)`);
      min = 1;
    }
    if (min > a.maxReplicas!) {
      ai.at('minReplicas').fail(`${min} exceeds maxReplicas ${a.maxReplicas} (raise maxReplicas)`);
      min = a.maxReplicas!;
    }
    autoscaling = {
      minReplicas: min,
      maxReplicas: a.maxReplicas!,
      cpuUtilizationPercent: a.cpuUtilizationPercent ?? 70,
      memoryUtilizationPercent: a.memoryUtilizationPercent,
    };
  }
  const guaranteed = autoscaling ? autoscaling.minReplicas : replicas;
  if (props.podDisruptionBudget === true && guaranteed < 2) {
    input.at('podDisruptionBudget').fail(`is true, but only ${guaranteed} replica is guaranteed (a PodDisruptionBudget needs at least 2: raise replicas or autoscaling.minReplicas)`);
  }
  return { replicas, resources, autoscaling, podDisruptionBudget: (props.podDisruptionBudget ?? guaranteed > 1) && guaranteed > 1 };
}
