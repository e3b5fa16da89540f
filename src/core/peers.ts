import { DefaultLocations, IngressControllerPeerProps, PrometheusPeerProps, serviceHost } from '../shared';
import { cidrInside } from './checks';
import { podPort, protocolOf, PortProtocol, WorkloadPort } from './ports';

/** What kind of thing a peer is. */
export enum PeerKind {
  /** A workload created by this library in this app: both sides of a connection are written. */
  WORKLOAD = 'workload',
  /** Pods in the cluster that this app does not create (another Genesys service, the ingress controller, Prometheus). */
  CLUSTER = 'cluster',
  /** Addresses outside the cluster's pod network, as named CIDR groups. */
  EXTERNAL = 'external',
}

/** A named group of CIDRs, e.g. the subnets of a managed database. */
export interface CidrGroup {
  /** Name of the group, shown in reports (e.g. `managed-postgres`). */
  readonly name: string;
  /** CIDRs of the group, e.g. `10.20.0.0/24`. */
  readonly cidrs: string[];
  /**
   * CIDRs inside `cidrs` to leave out (e.g. a cloud metadata address inside a block, such as
   * `100.100.100.200/32` inside `100.64.0.0/10`).
   * @default - none
   */
  readonly except?: string[];
  /**
   * Why the group needs more addresses than one /8 (IPv4) or /32 (IPv6) holds, in one block or in
   * its blocks together with the peer's other groups and with the other external peers the same
   * workload reaches; without it such groups are refused. Link-local, loopback and cloud metadata
   * addresses are refused either way, written as IPv4 or in an IPv6 form that carries IPv4
   * (`::ffff:169.254.169.254`, NAT64 `64:ff9b::/96`).
   * @default - none: wide groups are refused
   */
  readonly allowWideCidr?: string;
}

/** A Genesys service or other pods in the cluster that this app does not create. */
export interface ClusterPeerProps {
  /** Short name for messages and reports, e.g. `gauth`. */
  readonly name: string;
  /** Namespace the pods run in. */
  readonly namespace: string;
  /** Labels that select the pods (at least one). */
  readonly labels: { [key: string]: string };
  /**
   * The ports the peer serves, Service port and pod port. Only needed when our workloads connect to it.
   * @default - none
   */
  readonly ports?: WorkloadPort[];
  /**
   * The Service name clients dial.
   * @default - the peer's name
   */
  readonly serviceName?: string;
}

/** An endpoint outside the cluster's pod network. */
export interface ExternalPeerProps {
  /** Short name for messages and reports, e.g. `managed-postgres`. */
  readonly name: string;
  /** The CIDR groups traffic may go to or come from (at least one CIDR). */
  readonly cidrGroups: CidrGroup[];
  /**
   * Host name clients dial (shown in configuration).
   * @default - none: endpoint URLs cannot be derived
   */
  readonly host?: string;
  /**
   * Ports the endpoint serves.
   * @default - none
   */
  readonly ports?: WorkloadPort[];
}

/** The internal description every peer carries. */
export interface PeerSpec {
  /** Kind of peer. */
  readonly kind: PeerKind;
  /** Short name. */
  readonly name: string;
  /** Namespace of in-cluster peers. @default - none (external) */
  readonly namespace?: string;
  /** Selector labels of in-cluster peers. @default - none (external) */
  readonly labels?: { [key: string]: string };
  /** CIDR groups of external peers. @default - none (in-cluster) */
  readonly cidrGroups?: CidrGroup[];
  /** Host clients dial. @default - none */
  readonly host?: string;
  /** Ports the peer serves. @default - none */
  readonly ports?: WorkloadPort[];
}

/** A NetworkPolicy peer, as written into a policy. */
export interface PolicyPeer {
  /** Pod selector labels. @default - none */
  readonly podLabels?: { [key: string]: string };
  /** Namespace name (selected by kubernetes.io/metadata.name). @default - none: the policy's own namespace */
  readonly namespace?: string;
  /** CIDR block. @default - none */
  readonly cidr?: string;
  /** Exceptions inside the CIDR block. @default - none */
  readonly except?: string[];
}

/**
 * One end of a connection: a workload of this app, other pods in the cluster, or an external
 * endpoint. Create peers with the static factories, or take `workload.peer`.
 */
export class Peer {
  /** Other pods in the cluster, e.g. another Genesys service in its own namespace. */
  public static inCluster(props: ClusterPeerProps): Peer {
    return new Peer({
      kind: PeerKind.CLUSTER,
      name: props.name,
      namespace: props.namespace,
      labels: props.labels,
      ports: props.ports,
      host: props.namespace ? serviceHost(props.serviceName ?? props.name, props.namespace) : undefined,
    });
  }

  /** The ingress controller that terminates TLS and routes browser traffic. */
  public static ingressController(props: IngressControllerPeerProps = {}): Peer {
    return Peer.inCluster({ name: 'ingress-controller', ...DefaultLocations.ingressController(props) });
  }

  /** Prometheus, which scrapes metrics ports. */
  public static prometheus(props: PrometheusPeerProps = {}): Peer {
    return Peer.inCluster({ name: 'prometheus', ...DefaultLocations.prometheus(props) });
  }

  /** An endpoint outside the pod network, as named CIDR groups; only our side's rule is written. */
  public static external(props: ExternalPeerProps): Peer {
    return new Peer({
      kind: PeerKind.EXTERNAL,
      name: props.name,
      cidrGroups: props.cidrGroups,
      host: props.host,
      ports: props.ports,
    });
  }

  /** Any peer from its full description (used by workloads for themselves). */
  public static fromSpec(spec: PeerSpec): Peer {
    return new Peer(spec);
  }

  /** The peer's description. */
  public readonly spec: PeerSpec;
  /** Set when the peer's owner (e.g. a DataStore) reports its problems itself. @internal */
  public _checkedByOwner = false;

  protected constructor(spec: PeerSpec) {
    this.spec = spec;
  }

  /** Kind of peer. */
  public get kind(): PeerKind {
    return this.spec.kind;
  }

  /** Short name for messages and reports. */
  public get name(): string {
    return this.spec.name;
  }

  /** Namespace of an in-cluster peer. */
  public get namespace(): string | undefined {
    return this.spec.namespace;
  }

  /** The named port, if the peer serves it. */
  public findPort(name: string): WorkloadPort | undefined {
    return (this.spec.ports ?? []).find((p) => p.name === name);
  }

  /** The names of the ports the peer serves. */
  public get portNames(): string[] {
    return (this.spec.ports ?? []).map((p) => p.name);
  }

  /**
   * The NetworkPolicy peers that select this peer, seen from a policy in `policyNamespace`.
   */
  public policyPeers(policyNamespace: string): PolicyPeer[] {
    if (this.spec.kind === PeerKind.EXTERNAL) {
      const out: PolicyPeer[] = [];
      for (const group of this.spec.cidrGroups ?? []) {
        for (const cidr of group.cidrs ?? []) {
          const except = (group.except ?? []).filter((e) => cidrInside(cidr, e));
          out.push(except.length > 0 ? { cidr, except } : { cidr });
        }
      }
      return out;
    }
    return [{
      podLabels: this.spec.labels ?? {},
      namespace: this.spec.namespace === policyNamespace ? undefined : this.spec.namespace,
    }];
  }

  /** A short human description, e.g. `gws/gws-app-workspace` or `external managed-postgres`. */
  public describe(): string {
    if (this.spec.kind === PeerKind.EXTERNAL) return `external ${this.spec.name}`;
    return `${this.spec.namespace}/${this.spec.name}`;
  }
}

/** Port facts a policy rule needs. */
export interface PolicyPort {
  /** Pod port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: PortProtocol;
}

/** The pod port and protocol of a named port. */
export function policyPort(port: WorkloadPort): PolicyPort {
  return { port: podPort(port), protocol: protocolOf(port) };
}
