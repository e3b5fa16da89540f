import { Construct, IConstruct } from 'constructs';
import { CidrBlock } from '../shared';
import { Input, list, shape, text } from './input';

/** The id of the state construct a cluster boundary carries. */
const STATE_ID = 'GenesysClusterState';

/**
 * One kind of state a cluster keeps, typed: the module that owns the state declares its key (the
 * connections in `connection.ts`, the namespaces in `namespace.ts`, the workloads in `workload.ts`...),
 * and reads it with `ClusterState.of(scope).get(KEY)`.
 */
export class StateKey<T> {
  public constructor(
    /** A name for debugging. */
    public readonly name: string,
    /** Creates the state the first time a cluster reads it. */
    public readonly initial: () => T,
  ) {}
}

/**
 * What the library knows about one cluster while an app is built: the connections declared, the
 * workloads that own policies, the managed namespaces, the warnings... one typed value per `StateKey`.
 * It lives on the constructs as a child of the cluster's boundary (or of the app), so nothing is kept
 * in module-level registries.
 * @internal
 */
export class ClusterState extends Construct {
  /** The state of the cluster `scope` belongs to, created on first use. */
  public static of(scope: IConstruct): ClusterState {
    return ClusterState.on(ClusterBoundary.of(scope) as Construct);
  }

  /** The state held by `scope` itself, created when missing. */
  public static on(scope: Construct): ClusterState {
    const existing = scope.node.tryFindChild(STATE_ID);
    return existing instanceof ClusterState ? existing : new ClusterState(scope, STATE_ID);
  }

  private readonly values = new Map<StateKey<unknown>, unknown>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The cluster's value of one kind of state (created on first read; the same object afterwards). */
  public get<T>(key: StateKey<T>): T {
    if (!this.values.has(key)) this.values.set(key, key.initial());
    return this.values.get(key) as T;
  }
}

/**
 * Marks the constructs that stand for one Kubernetes cluster. Connections bind, namespaces are
 * shared and names must be unique within the nearest marked ancestor (or the app when none is
 * marked), so one app can hold several clusters, e.g. one platform per region.
 */
export class ClusterBoundary {
  /** Marks `scope` as one cluster (before anything is built inside it). */
  public static mark(scope: Construct): void {
    ClusterState.on(scope);
  }

  /** The cluster `scope` belongs to: its nearest marked ancestor (itself included), else the app root. */
  public static of(scope: IConstruct): IConstruct {
    for (const s of [...scope.node.scopes].reverse()) {
      if (s.node.tryFindChild(STATE_ID) instanceof ClusterState) return s;
    }
    return scope.node.root;
  }

  private constructor() {}
}

/** The cluster's own address ranges; egress to external CIDR groups must not overlap them. */
export interface ClusterNetworksProps {
  /**
   * Pod CIDRs of the cluster.
   * @default - not declared: overlaps are not refused, and external groups in private address space are warned about
   */
  readonly podCidrs?: string[];
  /**
   * Service CIDRs of the cluster.
   * @default - not declared: overlaps are not refused, and external groups in private address space are warned about
   */
  readonly serviceCidrs?: string[];
}

/** The cluster's own networks, which egress to external CIDR groups must not reach. */
export const CLUSTER_NETWORKS = new StateKey<Array<{ readonly name: string; readonly block: CidrBlock }>>('cluster-networks', () => []);

/** Declares the cluster's Pod and Service networks, so external CIDR groups overlapping them are refused. */
export class ClusterNetworks {
  /** Declares the networks of the cluster `scope` belongs to; invalid blocks are reported on `scope` (field `clusterNetworks`). */
  public static declare(scope: Construct, props: ClusterNetworksProps): void {
    const input = Input.root(scope).at('clusterNetworks');
    const given = input.read(CLUSTER_NETWORKS_SHAPE, props) ?? {};
    const networks = ClusterState.of(scope).get(CLUSTER_NETWORKS);
    for (const [name, cidrs] of [['Pod network', given.podCidrs], ['Service network', given.serviceCidrs]] as const) {
      for (const cidr of cidrs ?? []) networks.push({ name, block: CidrBlock.parse(cidr) });
    }
  }

  private constructor() {}
}

/** A block of the cluster's own networks (any valid CIDR). */
const networkCidr = text((v) => (CidrBlock.tryParse(v) ? undefined : 'is not a CIDR (give the cluster\'s blocks, e.g. "10.244.0.0/16")'), '"10.244.0.0/16"');

/** How `clusterNetworks` is read. */
export const CLUSTER_NETWORKS_SHAPE = shape<ClusterNetworksProps>('clusterNetworks', {
  podCidrs: list(networkCidr, '["10.244.0.0/16"]'),
  serviceCidrs: list(networkCidr, '["10.96.0.0/12"]'),
}, '{ podCidrs: ["10.244.0.0/16"], serviceCidrs: ["10.96.0.0/12"] }');
