/** Label keys every workload of the library carries; selectors use only these. */
export class Labels {
  /** The component id, e.g. `gws-app-workspace`. */
  public static readonly NAME = 'app.kubernetes.io/name';
  /** The Genesys service the component belongs to, e.g. `gws`. */
  public static readonly COMPONENT = 'app.kubernetes.io/component';
  /** Always `genesys-multicloud-cx`. */
  public static readonly PART_OF = 'app.kubernetes.io/part-of';
  /** Distinguishes two copies of one component id (for example two embedded stores). */
  public static readonly INSTANCE = 'app.kubernetes.io/instance';
  /** Set by the library on the objects it writes. */
  public static readonly MANAGED_BY = 'app.kubernetes.io/managed-by';
  /** The label Kubernetes puts on every namespace. */
  public static readonly NAMESPACE_NAME = 'kubernetes.io/metadata.name';
  /** The value of `app.kubernetes.io/part-of`. */
  public static readonly PART_OF_VALUE = 'genesys-multicloud-cx';
  /** The value of `app.kubernetes.io/managed-by`. */
  public static readonly MANAGED_BY_VALUE = 'cdk8s-genesys-cx';

  /**
   * The selector labels of one component: name, component and part-of, plus instance when given.
   */
  public static selector(id: string, component: string, instance?: string): { [key: string]: string } {
    const labels: { [key: string]: string } = {
      [Labels.NAME]: id,
      [Labels.COMPONENT]: component,
      [Labels.PART_OF]: Labels.PART_OF_VALUE,
    };
    if (instance !== undefined) labels[Labels.INSTANCE] = instance;
    return labels;
  }

  /** Selector labels plus `managed-by`, for object metadata. */
  public static metadata(id: string, component: string, instance?: string): { [key: string]: string } {
    return { ...Labels.selector(id, component, instance), [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE };
  }

  private constructor() {}
}
