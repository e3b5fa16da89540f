import { ExternalDeployment } from './external-deployment';
import { ContainerImage } from './image';
import { WorkloadPort } from './ports';
import {
  ConfigFile,
  EnvFromSource,
  PersistentStorage,
  PodSettings,
  ProbeOptions,
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
  /**
   * The pods are created by something else (Genesys' own Helm chart...): no Deployment, Service,
   * ServiceAccount, autoscaler or disruption budget is written, only the policies and what routes to
   * and scrapes the given pods. The configuration the workload would get is kept for the chart's
   * values (`configuration`).
   * @default - the library creates the pods
   */
  readonly deployedElsewhere?: ExternalDeployment;
}
