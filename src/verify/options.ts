import { InputLimitOptions } from './input-limits';
import { VerifyPeer } from './peers-file';
import { PolicyRule } from './rules';
import { IngressControllerPeerProps, PrometheusPeerProps } from '../shared';

/** Options of `Verifier.verify`. */
export interface VerifyOptions {
  /**
   * Peers outside the manifests (see `VerifyPeer`), for every manifest set.
   * @default - the `peers.json` of each manifest set, or none
   */
  readonly peers?: VerifyPeer[];
  /**
   * Where the ingress controller runs (a virtual pod).
   * @default - namespace `ingress-nginx`, labels `app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`
   */
  readonly ingressController?: IngressControllerPeerProps;
  /**
   * Where Prometheus runs (a virtual pod).
   * @default - namespace `monitoring`, labels `app.kubernetes.io/name: prometheus`
   */
  readonly prometheus?: PrometheusPeerProps;
  /**
   * Service ports to test instead of the documented ones, by catalog reference, e.g. `{ "gws#11": 8080 }`.
   * @default - none
   */
  readonly portOverrides?: { [ref: string]: number };
  /**
   * Test the ports of the destination's peers entries (when they give any) instead of the row's
   * documented port. When false, peers ports are used only for rows that document no port.
   * @default true
   */
  readonly peerPortsWin?: boolean;
  /**
   * Catalog rows (references such as `gws#10`) that may stay unchecked: when one cannot be checked
   * (an end not in the manifests and not described, no port), it prints SKIP instead of failing.
   * @default - none: every row that cannot be checked fails
   */
  readonly allowSkipped?: string[];
  /**
   * Also test that strangers (a pod in an unrelated namespace, an external address in
   * documentation ranges) reach none of our workloads and that our workloads reach none of them.
   * @default true
   */
  readonly strangers?: boolean;
  /**
   * Validate every object against the Kubernetes 1.27 schema.
   * @default true
   */
  readonly schema?: boolean;
  /**
   * Check the library's policy rules.
   * @default true
   */
  readonly policy?: boolean;
  /**
   * Policy rules not to check.
   * @default - none
   */
  readonly skipRules?: PolicyRule[];
  /**
   * Namespace of objects that have none.
   * @default "default"
   */
  readonly defaultNamespace?: string;
  /**
   * Bounds on the input (file sizes, document size with YAML aliases expanded, aliases, objects,
   * wall time): a bound broken is a FAIL line naming the file.
   * @default - the defaults of `InputLimitOptions`
   */
  readonly limits?: InputLimitOptions;
  /**
   * The cluster's own networks (pod, Service and node CIDRs): an ipBlock reaching into them is a
   * failure, whatever the peers declare (pods are reached by selectors, never by address).
   * @default - none known
   */
  readonly clusterNetworks?: string[];
}
