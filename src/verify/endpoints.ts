// The ends of traffic the reachability analysis reasons about.

/** A port a pod's container declares. */
export interface ReachabilityEndpointPort {
  /**
   * Port name.
   * @default - unnamed
   */
  readonly name?: string;
  /** Container port number. */
  readonly port: number;
  /** Protocol: `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
}

/**
 * One end of traffic the analyzer reasons about: the pods of one pod template in the manifests,
 * or a virtual endpoint (pods outside the manifests, or an external address).
 */
export interface ReachabilityEndpoint {
  /**
   * Unique key: `<namespace>/<Kind>/<name>` for pod templates, `virtual/<name>` for virtual pods,
   * `external/<name>` for external addresses.
   */
  readonly key: string;
  /** Kind of the object holding the pod template (`Deployment`...), or `Virtual` / `External`. */
  readonly kind: string;
  /** Object name (or the virtual endpoint's name). */
  readonly name: string;
  /**
   * Namespace of in-cluster pods.
   * @default - none: an external address
   */
  readonly namespace?: string;
  /** Pod labels (empty for external addresses). */
  readonly labels: { [key: string]: string };
  /**
   * IP address of an external endpoint, matched by ipBlock rules.
   * @default - none: in-cluster pods are matched by selectors only
   */
  readonly ip?: string;
  /** True for endpoints that are not pod templates of the manifests. */
  readonly virtual: boolean;
  /** Ports the pod's containers declare (for named ports); empty for virtual endpoints. */
  readonly ports: ReachabilityEndpointPort[];
}

/** A virtual endpoint: pods outside the manifests (namespace and labels) or an external address (ip). */
export interface VirtualEndpointProps {
  /** Name, unique among virtual endpoints, e.g. `prometheus` or `managed-postgres`. */
  readonly name: string;
  /**
   * Namespace of in-cluster pods. Give either a namespace (with labels) or an ip.
   * @default - none: an external address
   */
  readonly namespace?: string;
  /**
   * Labels of the in-cluster pods.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * IPv4 or IPv6 address of an external endpoint.
   * @default - none: in-cluster pods
   */
  readonly ip?: string;
}
