import { Construct, IConstruct } from 'constructs';
import { CidrBlock } from '../shared';

/** The id of the state construct a cluster boundary carries. */
const STATE_ID = 'GenesysClusterState';

/**
 * What the library knows about one cluster while an app is built: the connections declared, the
 * workloads that own policies, the managed namespaces. It lives on the constructs as a child of the
 * cluster's boundary (or of the app), so nothing is kept in module-level registries.
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

  /** Entries by kind: `connections`, `owners`, `namespaces`, `workloads`. */
  private readonly lists = new Map<string, unknown[]>();
  /** Bumped on every change that affects the policies' rules. */
  public version = 0;
  /** The version the policies were last derived at. */
  public boundVersion = -1;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The entries of one kind, in the order they were added (a live list). */
  public list<T>(kind: string): T[] {
    let list = this.lists.get(kind);
    if (!list) {
      list = [];
      this.lists.set(kind, list);
    }
    return list as T[];
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
   * @default - not declared: not checked
   */
  readonly podCidrs?: string[];
  /**
   * Service CIDRs of the cluster.
   * @default - not declared: not checked
   */
  readonly serviceCidrs?: string[];
}

/** Declares the cluster's Pod and Service networks, so external CIDR groups overlapping them are refused. */
export class ClusterNetworks {
  /** Declares the networks of the cluster `scope` belongs to; invalid blocks are reported on `scope`. */
  public static declare(scope: Construct, props: ClusterNetworksProps): void {
    const list = ClusterState.of(scope).list<{ readonly name: string; readonly block: unknown }>('cluster-networks');
    const problems: string[] = [];
    for (const [name, cidrs] of [['Pod network', props.podCidrs], ['Service network', props.serviceCidrs]] as const) {
      for (const cidr of cidrs ?? []) {
        const block = typeof cidr === 'string' ? CidrBlock.tryParse(cidr) : undefined;
        if (block) list.push({ name, block });
        else problems.push(`clusterNetworks: ${JSON.stringify(cidr)} is not a CIDR (give the cluster's ${name} blocks, e.g. "10.244.0.0/16")`);
      }
    }
    if (problems.length > 0) scope.node.addValidation({ validate: () => problems });
  }

  private constructor() {}
}
