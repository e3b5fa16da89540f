import { Labels } from './labels';

/** Where the ingress controller runs. */
export interface IngressControllerPeerProps {
  /**
   * Namespace of the controller pods.
   * @default "ingress-nginx"
   */
  readonly namespace?: string;
  /**
   * Labels of the controller pods.
   * @default { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" }
   */
  readonly labels?: { [key: string]: string };
}

/** Where Prometheus runs. */
export interface PrometheusPeerProps {
  /**
   * Namespace of the Prometheus pods.
   * @default "monitoring"
   */
  readonly namespace?: string;
  /**
   * Labels of the Prometheus pods.
   * @default { "app.kubernetes.io/name": "prometheus" }
   */
  readonly labels?: { [key: string]: string };
}

/** A namespace and the labels that select pods in it. */
export interface PodLocation {
  /** Namespace. */
  readonly namespace: string;
  /** Pod labels. */
  readonly labels: { [key: string]: string };
}

/** Where the cluster services the library assumes run by default. */
export class DefaultLocations {
  /** The ingress controller: ingress-nginx's controller pods in `ingress-nginx`. */
  public static ingressController(props: IngressControllerPeerProps = {}): PodLocation {
    return {
      namespace: props.namespace ?? 'ingress-nginx',
      labels: props.labels ?? { [Labels.NAME]: 'ingress-nginx', [Labels.COMPONENT]: 'controller' },
    };
  }

  /** Prometheus: pods labelled `app.kubernetes.io/name: prometheus` in `monitoring`. */
  public static prometheus(props: PrometheusPeerProps = {}): PodLocation {
    return {
      namespace: props.namespace ?? 'monitoring',
      labels: props.labels ?? { [Labels.NAME]: 'prometheus' },
    };
  }

  /** Cluster DNS: kube-dns in `kube-system`. */
  public static dns(): PodLocation {
    return { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
  }

  /** Namespaces the library never writes into. */
  public static reservedNamespaces(): string[] {
    return ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  }

  private constructor() {}
}
