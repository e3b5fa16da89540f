/** Annotation keys the library writes on the objects it creates; the verifier and the reports read them. */
export class Annotations {
  /**
   * On NetworkPolicies, Ingresses and ConfigMaps: the catalog rows (`gws#15`) and declared
   * extensions (`ext:nexus-metrics`) the object implements, comma-separated and sorted.
   */
  public static readonly IMPLEMENTS = 'genesys.cdk8s.io/implements';
  /** On every object of an embedded development store: `"true"`. */
  public static readonly DEVELOPMENT_ONLY = 'genesys.cdk8s.io/development-only';
  /** A human note on an object (e.g. why it exists). */
  public static readonly NOTE = 'genesys.cdk8s.io/note';
  /** On pods: the SHA-256 of the workload's configuration files, so a change rolls the pods. */
  public static readonly CONFIG_HASH = 'genesys.cdk8s.io/config-sha256';

  private constructor() {}
}
