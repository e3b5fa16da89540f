// The reachability analysis of one manifest set, assembled from its parts: the cluster model, the
// decision of single flows, the enumeration of allowed flows and the Ingress routes. Internal: the
// verifier uses it directly, users through `ReachabilityAnalyzer`.
import { ClusterModel } from './cluster';
import { FlowFinder } from './flows';
import { IngressRoutes } from './ingress-routes';
import { ManifestSet } from './manifests';
import { Reachability } from './reachability';
import { DefaultLocations, IngressControllerPeerProps } from '../shared';

/** Options of the analyzer. */
export interface ReachabilityAnalyzerOptions {
  /**
   * Where the ingress controller runs; it is modeled as the virtual pod `virtual/ingress-controller`.
   * @default - namespace `ingress-nginx`, labels `app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`
   */
  readonly ingressController?: IngressControllerPeerProps;
  /**
   * Namespace of objects that have none.
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

/** The parts of one analysis, sharing the model and its caches. */
export class Analysis {
  /** Endpoints, namespaces, policies, Services and Ingresses of the manifests. */
  public readonly model: ClusterModel;
  /** Decides single flows. */
  public readonly reachability: Reachability;
  /** Enumerates allowed flows. */
  public readonly flows: FlowFinder;
  /** The Ingress routes. */
  public readonly routes: IngressRoutes;

  /** Reads the manifests, then adds the ingress controller's virtual pod (`virtual/ingress-controller`). */
  public constructor(manifests: ManifestSet, options: ReachabilityAnalyzerOptions = {}) {
    this.model = new ClusterModel(manifests, options.defaultNamespace ?? 'default');
    const controller = DefaultLocations.ingressController(options.ingressController ?? {});
    this.model.virtualAt('ingress-controller', controller.namespace, controller.labels);
    this.reachability = new Reachability(this.model);
    this.flows = new FlowFinder(this.model, this.reachability);
    this.routes = new IngressRoutes(this.model, this.reachability);
  }
}
