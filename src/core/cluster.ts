import { IConstruct } from 'constructs';

const boundaries = new WeakSet<IConstruct>();

/**
 * Marks the constructs that stand for one Kubernetes cluster. Connections bind, namespaces are
 * shared and names must be unique within the nearest marked ancestor (or the app when none is
 * marked), so one app can hold several clusters, e.g. one platform per region.
 */
export class ClusterBoundary {
  /** Marks `scope` as one cluster. */
  public static mark(scope: IConstruct): void {
    boundaries.add(scope);
  }

  /** The cluster `scope` belongs to: its nearest marked ancestor (itself included), else the app root. */
  public static of(scope: IConstruct): IConstruct {
    for (const s of [...scope.node.scopes].reverse()) {
      if (boundaries.has(s)) return s;
    }
    return scope.node.root;
  }

  private constructor() {}
}
