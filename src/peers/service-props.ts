import { DnsOptions, Peer } from '../core';

/**
 * What every Genesys service construct takes from its surroundings; `GenesysPlatform` sets these
 * once for all four services.
 */
export interface GenesysServiceProps {
  /** DNS domain of the public hosts (`wwe.<domain>`, `gws.<domain>`, `digital.<domain>`, `ucsx.<domain>`...). */
  readonly domain: string;
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
  /**
   * Cluster DNS, for the namespace's DNS egress policy.
   * @default - kube-dns in kube-system on 53
   */
  readonly dns?: DnsOptions;
  /**
   * Ingress class of the public entry points.
   * @default "nginx"
   */
  readonly ingressClassName?: string;
  /**
   * The ingress controller that routes browser traffic to the entry points.
   * @default Peer.ingressController()
   */
  readonly ingressController?: Peer;
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
}
