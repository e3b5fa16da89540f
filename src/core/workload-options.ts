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

/** Every key of an existing ConfigMap or Secret as environment variables (`envFrom`). */
export interface EnvFromSource {
  /**
   * Name of a ConfigMap in the workload's namespace. Exactly one of `configMap` and `secret`.
   * @default - none
   */
  readonly configMap?: string;
  /**
   * Name of a Secret in the workload's namespace. Exactly one of `configMap` and `secret`.
   * @default - none
   */
  readonly secret?: string;
  /**
   * Prefix added to every variable name.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Start the pod even when the ConfigMap or Secret does not exist.
   * @default false
   */
  readonly optional?: boolean;
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

/**
 * How many pods run and how they scale: the sizing options every workload of every service takes.
 */
export interface SizingOptions {
  /**
   * Replicas (the starting count, and the minimum unless `autoscaling.minReplicas` says otherwise,
   * when autoscaling is on; `spec.replicas` is then left to the HorizontalPodAutoscaler).
   * @default - 1 (UCS-X: 2)
   */
  readonly replicas?: number;
  /**
   * Requests and limits.
   * @default - the component's defaults
   */
  readonly resources?: ResourceOptions;
  /**
   * Horizontal autoscaling on CPU and (when `memoryUtilizationPercent` is set) memory.
   * @default - no HorizontalPodAutoscaler
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Write a PodDisruptionBudget (`maxUnavailable: 1`). `true` needs at least two guaranteed replicas
   * (`replicas`, or `autoscaling.minReplicas`); `false` leaves it out.
   * @default - written when at least two replicas are guaranteed
   */
  readonly podDisruptionBudget?: boolean;
}

/** How a toleration matches a taint. */
export enum TolerationOperator {
  /** The taint's value equals `value`. */
  EQUAL = 'Equal',
  /** Any taint with the key (no `value`). */
  EXISTS = 'Exists',
}

/** The effect of a taint a toleration matches. */
export enum TaintEffect {
  /** Pods that do not tolerate the taint are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node for pods that do not tolerate the taint. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods that do not tolerate the taint are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** A toleration of a node taint. */
export interface PodToleration {
  /**
   * Taint key.
   * @default - every key (only with `TolerationOperator.EXISTS`)
   */
  readonly key?: string;
  /**
   * How the taint is matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * Taint value (with `TolerationOperator.EQUAL`).
   * @default - empty
   */
  readonly value?: string;
  /**
   * Taint effect to match.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * Seconds a pod stays bound after a `NoExecute` taint appears.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** What the scheduler does when a spread constraint cannot be met. */
export enum UnsatisfiableAction {
  /** Schedule the pod anyway, preferring placements that reduce the skew. */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
  /** Leave the pod pending. */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
}

/** A topology spread constraint over one workload's pods. */
export interface TopologySpread {
  /** Node label that defines the topology domains, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /**
   * Largest allowed difference in pod count between two domains.
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * What to do when the constraint cannot be met.
   * @default UnsatisfiableAction.SCHEDULE_ANYWAY
   */
  readonly whenUnsatisfiable?: UnsatisfiableAction;
}

/**
 * Pod settings every real deployment needs: registry credentials, node pools, spreading, priority
 * and extra metadata. Given on `GenesysPlatform`, on a service construct or on one component; the
 * more specific level wins field by field, maps (`nodeSelector`, `labels`, `annotations`) are
 * merged key by key and `imagePullSecrets` are added together.
 */
export interface PodSettings {
  /**
   * Names of the Secrets (type `kubernetes.io/dockerconfigjson`) used to pull the images.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Node labels the pods must run on, e.g. `{ "node-pool": "genesys" }`.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pods tolerate.
   * @default - none
   */
  readonly tolerations?: PodToleration[];
  /**
   * Topology spread constraints over each workload's own pods. An empty list writes none.
   * @default - spread across zones (`topology.kubernetes.io/zone`, skew 1, schedule anyway) when more than one replica can run
   */
  readonly topologySpread?: TopologySpread[];
  /**
   * PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Extra pod labels. The canonical `app.kubernetes.io/*` labels cannot be set here.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra pod annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
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

/** Merges pod settings, `specific` winning (see `PodSettings`). */
export function mergePodSettings(...levels: Array<PodSettings | undefined>): PodSettings {
  let out: PodSettings = {};
  for (const level of levels) {
    if (!level) continue;
    out = {
      ...out,
      ...level,
      imagePullSecrets: [...new Set([...(out.imagePullSecrets ?? []), ...(level.imagePullSecrets ?? [])])],
      nodeSelector: { ...(out.nodeSelector ?? {}), ...(level.nodeSelector ?? {}) },
      labels: { ...(out.labels ?? {}), ...(level.labels ?? {}) },
      annotations: { ...(out.annotations ?? {}), ...(level.annotations ?? {}) },
    };
  }
  return out;
}
