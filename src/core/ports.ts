/** Transport protocol of a port. */
export enum PortProtocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
}

/**
 * A named port owned by the destination of connections: the Service port clients dial and the
 * pod (target) port NetworkPolicies must name.
 */
export interface WorkloadPort {
  /** Port name, a DNS label of at most 15 characters (e.g. `http`, `metrics`). */
  readonly name: string;
  /** The Service port clients dial. */
  readonly port: number;
  /**
   * The container (pod) port traffic arrives on. NetworkPolicies use this one.
   * @default - same as `port`
   */
  readonly targetPort?: number;
  /**
   * Transport protocol.
   * @default PortProtocol.TCP
   */
  readonly protocol?: PortProtocol;
  /**
   * Application protocol, shown in reports and used for endpoint URLs (`http`, `https`, `postgres`, `redis`...).
   * @default "http"
   */
  readonly appProtocol?: string;
}

/** The pod port of a named port. */
export function podPort(port: WorkloadPort): number {
  return port.targetPort ?? port.port;
}

/** The transport protocol of a named port. */
export function protocolOf(port: WorkloadPort): PortProtocol {
  return port.protocol ?? PortProtocol.TCP;
}
