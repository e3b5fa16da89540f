import {
  ContainerImage,
  DnsOptions,
  EnvFromSource,
  ExternalDeployment,
  PodSettings,
  SecretEnvVar,
  SizingOptions,
} from '../core';

/**
 * What every Genesys service construct takes from its surroundings: given on a service, or once on
 * `GenesysPlatform` for all four services.
 */
export interface GenesysCommonProps {
  /** DNS domain of the public hosts (`wwe.<domain>`, `gws.<domain>`, `digital.<domain>`...). */
  readonly domain: string;
  /**
   * Cluster DNS, for the namespace's DNS egress policy.
   * @default - kube-dns in kube-system on 53
   */
  readonly dns?: DnsOptions;
  /**
   * Region or location of this deployment, carried into the services' configuration.
   * @default - not written
   */
  readonly location?: string;
  /**
   * Registry the Genesys images are pulled from, e.g. `registry.example.com/genesys`.
   * @default - none: the repositories as written
   */
  readonly imageRegistry?: string;
  /**
   * Pod settings of every workload of the service (registry credentials, node pool, tolerations,
   * spreading, priority, extra labels and annotations); each component's `pods` refines them.
   * @default - none beyond the zone spread of replicated workloads
   */
  readonly pods?: PodSettings;
  /**
   * Run the stores that are not given as external in the cluster, as development-only StatefulSets.
   * Without it, every store needs an external address, and synthesis fails with one error listing
   * the stores left to configure.
   * @default false
   */
  readonly developmentStores?: boolean;
  /**
   * New names for configuration keys the library chose itself (see each service's `...Environment`
   * class: keys from Genesys' samples keep their name), e.g. `{ GWS_REDIS_HOST: "REDIS_HOST" }`.
   * @default - the library's names
   */
  readonly configurationNames?: { [libraryName: string]: string };
}

/** What a Genesys service construct takes besides its own options: the common props and its namespace. */
export interface GenesysServiceProps extends GenesysCommonProps {
  /**
   * Namespace.
   * @default - the service id: `wwe`, `gws`, `nexus` or `ucsx`
   */
  readonly namespace?: string;
  /**
   * Give the namespace its Namespace object (Pod Security "restricted"), default-deny and DNS
   * policies (`ManagedNamespace`). Turn off when the namespace is managed elsewhere.
   * @default true
   */
  readonly manageNamespace?: boolean;
}

/** What every service's options share, on the service or inside `GenesysPlatform`. */
export interface GenesysServiceOptions {
  /**
   * Every component of the service is created by something else, such as Genesys' own Helm chart
   * (per-component settings in each component's `deployedElsewhere`). See `ExternalDeployment`.
   * @default - the library creates the pods
   */
  readonly deployedElsewhere?: ExternalDeployment;
}

/** Image, sizing, pod settings and extra configuration of one component (workload) of a service. */
export interface ComponentOptions extends SizingOptions {
  /**
   * Container image. When it names no registry, `imageRegistry` is used.
   * @default - the component's repository with its pinned tag (see each service)
   */
  readonly image?: ContainerImage;
  /**
   * Pod settings of this component, refining the service's `pods`.
   * @default - the service's
   */
  readonly pods?: PodSettings;
  /**
   * Every key of existing ConfigMaps or Secrets as environment variables.
   * @default - none
   */
  readonly envFrom?: EnvFromSource[];
  /**
   * Extra plain configuration values. Names the service wires from its connections are refused, and
   * so are names that look like secrets (use `secretEnv`).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Extra values from existing Secrets.
   * @default - none
   */
  readonly secretEnv?: SecretEnvVar[];
  /**
   * This component's pods are created by something else, such as Genesys' own Helm chart: the
   * library writes the policies, entry points and scraping around them, and the configuration they
   * need goes into the chart's values (`chartValues`). See `ExternalDeployment`.
   * @default - the service's `deployedElsewhere`, else the library creates the pods
   */
  readonly deployedElsewhere?: ExternalDeployment;
}
