import { Labels } from '../shared';
import { Peer } from './peers';

/**
 * What an implementation of the Gateway API needs the library to know, for what the standard channel
 * leaves open: where its data-plane pods run (the NetworkPolicies admit exactly them), and how it
 * expresses cookie affinity, timeouts and a request body limit (its own policy resource, a field of
 * the standard channel, or not at all).
 * @internal
 */
export interface GatewayProfile {
  /** Short name (messages, reports). */
  readonly name: string;
  /** Where the data-plane pods of a Gateway run; undefined when they are not pods a NetworkPolicy can select. */
  readonly dataPlane: (gateway: GatewayReference) => DataPlaneLocation | undefined;
  /** Why the data plane has no default location. @default - none */
  readonly dataPlaneNote?: string;
  /** How cookie affinity is written. */
  readonly affinity: AffinityStyle;
  /** True when the implementation honours HTTPRoute `timeouts` (standard channel). */
  readonly timeouts: boolean;
  /** How a request body limit is written. */
  readonly bodySize: BodySizeStyle;
}

/** How a profile writes cookie affinity. @internal */
export enum AffinityStyle {
  /** Envoy Gateway's BackendTrafficPolicy with a cookie consistent hash. */
  ENVOY_BACKEND_TRAFFIC_POLICY = 'envoy-backend-traffic-policy',
  /** Istio's DestinationRule with an HTTP cookie consistent hash. */
  ISTIO_DESTINATION_RULE = 'istio-destination-rule',
  /** Not expressible with the standard channel: synthesis warns. */
  NONE = 'none',
}

/** How a profile writes a request body limit. @internal */
export enum BodySizeStyle {
  /** NGINX Gateway Fabric's ClientSettingsPolicy. */
  NGINX_CLIENT_SETTINGS_POLICY = 'nginx-client-settings-policy',
  /** Not expressible: synthesis warns. */
  NONE = 'none',
}

/** A Gateway an entry point attaches to (its routes' parentRef). */
export interface GatewayReference {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. */
  readonly namespace: string;
  /**
   * Listener the routes attach to.
   * @default - every listener whose hostname matches the route's
   */
  readonly sectionName?: string;
}

/** Where the pods that forward traffic to the workloads run (an entry point's NetworkPolicy source). */
export interface DataPlaneLocation {
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels that select the pods (at least one). */
  readonly labels: { [key: string]: string };
}

/** The label GEP-1762 asks implementations to put on the data plane they deploy for a Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Data plane in the Gateway's namespace, labelled with its name (GEP-1762). */
function inGatewayNamespace(gateway: GatewayReference): DataPlaneLocation {
  return { namespace: gateway.namespace, labels: { [GATEWAY_NAME_LABEL]: gateway.name } };
}

/**
 * An implementation of the Gateway API, for what the standard channel leaves open (cookie affinity,
 * timeouts, body size) and where its data plane runs. Every value can be overridden
 * (`GatewayApiOptions.dataPlane`).
 */
export class GatewayImplementation {
  /**
   * Envoy Gateway: the Envoy data plane runs in the controller's namespace `envoy-gateway-system`,
   * labelled with the Gateway it serves; cookie affinity through a BackendTrafficPolicy
   * (`gateway.envoyproxy.io/v1alpha1`, consistent hash on a cookie); HTTPRoute timeouts. A body limit
   * is not written (Envoy Gateway buffers requests by its own settings): synthesis warns.
   */
  public static readonly ENVOY_GATEWAY = new GatewayImplementation({
    name: 'envoy-gateway',
    dataPlane: (g) => ({
      namespace: 'envoy-gateway-system',
      labels: { 'gateway.envoyproxy.io/owning-gateway-name': g.name, 'gateway.envoyproxy.io/owning-gateway-namespace': g.namespace },
    }),
    affinity: AffinityStyle.ENVOY_BACKEND_TRAFFIC_POLICY,
    timeouts: true,
    bodySize: BodySizeStyle.NONE,
  });

  /**
   * NGINX Gateway Fabric: the NGINX data plane runs in the Gateway's namespace, labelled with its
   * name; a body limit through a ClientSettingsPolicy (`gateway.nginx.org/v1alpha1`). Cookie affinity
   * needs NGINX Plus and the experimental channel's `sessionPersistence`, and HTTPRoute timeouts are
   * not honoured: synthesis warns for both.
   */
  public static readonly NGINX_GATEWAY_FABRIC = new GatewayImplementation({
    name: 'nginx-gateway-fabric',
    dataPlane: inGatewayNamespace,
    affinity: AffinityStyle.NONE,
    timeouts: false,
    bodySize: BodySizeStyle.NGINX_CLIENT_SETTINGS_POLICY,
  });

  /**
   * Istio: the gateway deployment runs in the Gateway's namespace, labelled with its name; cookie
   * affinity through a DestinationRule (`networking.istio.io/v1`); HTTPRoute timeouts. A body limit is
   * not written: synthesis warns.
   */
  public static readonly ISTIO = new GatewayImplementation({
    name: 'istio',
    dataPlane: inGatewayNamespace,
    affinity: AffinityStyle.ISTIO_DESTINATION_RULE,
    timeouts: true,
    bodySize: BodySizeStyle.NONE,
  });

  /**
   * Cilium: the Envoy data plane runs inside the Cilium agent on every node, not as pods a
   * NetworkPolicy selects (Cilium gives its traffic the `ingress` identity, admitted by a
   * CiliumNetworkPolicy): give `dataPlane` with the pods your Kubernetes NetworkPolicies can select,
   * or synthesis fails. HTTPRoute timeouts; no cookie affinity or body limit: synthesis warns.
   */
  public static readonly CILIUM = new GatewayImplementation({
    name: 'cilium',
    dataPlane: () => undefined,
    dataPlaneNote: 'Cilium runs the gateway\'s Envoy inside its node agent, which a Kubernetes NetworkPolicy cannot select by pod labels',
    affinity: AffinityStyle.NONE,
    timeouts: true,
    bodySize: BodySizeStyle.NONE,
  });

  /**
   * Any other implementation: the data plane in the Gateway's namespace labelled with its name (the
   * label GEP-1762 asks of implementations that deploy it), HTTPRoute timeouts (standard channel), no
   * cookie affinity or body limit: synthesis warns.
   */
  public static readonly GENERIC = new GatewayImplementation({
    name: 'generic',
    dataPlane: inGatewayNamespace,
    affinity: AffinityStyle.NONE,
    timeouts: true,
    bodySize: BodySizeStyle.NONE,
  });

  /** Short name, e.g. `envoy-gateway`. */
  public readonly name: string;
  /** @internal */
  public readonly _profile: GatewayProfile;

  private constructor(profile: GatewayProfile) {
    this.name = profile.name;
    this._profile = profile;
  }
}

/** What an ingress controller does with the typed behaviour of an entry point. @internal */
export interface IngressProfileSpec {
  /** Short name. */
  readonly name: string;
  /** The controller's annotations for the behaviour; undefined entries: not expressible. */
  readonly annotations: boolean;
  /** Default ingress class. @default - none */
  readonly className?: string;
  /** Default internal class. @default - none */
  readonly internalClassName?: string;
  /** Default controller location. @default - none */
  readonly controller?: DataPlaneLocation;
  /** Why it warns at every synthesis. @default - not legacy */
  readonly legacy?: string;
}

/** An ingress controller, for the annotations that express an entry point's behaviour. */
export class IngressProfile {
  /**
   * ingress-nginx, retired by Kubernetes SIG Network in March 2026 (no more releases or security
   * fixes): its annotations express affinity, timeouts and body size; synthesis warns that it is
   * retired. Defaults: class `nginx` (internal `nginx-internal`), controller pods in `ingress-nginx`.
   */
  public static readonly INGRESS_NGINX = new IngressProfile({
    name: 'ingress-nginx',
    annotations: true,
    className: 'nginx',
    internalClassName: 'nginx-internal',
    controller: { namespace: 'ingress-nginx', labels: { [Labels.NAME]: 'ingress-nginx', [Labels.COMPONENT]: 'controller' } },
    legacy: 'ingress-nginx was retired in March 2026 (no more releases or security fixes): move to the Gateway API (EntryPoints.gatewayApi)',
  });

  /**
   * Any other ingress controller: no controller-specific annotation is written (give yours in
   * `annotations`); synthesis warns for each behaviour an entry point needs. Its class and controller
   * must be given.
   */
  public static readonly GENERIC = new IngressProfile({ name: 'generic', annotations: false });

  /** Short name. */
  public readonly name: string;
  /** @internal */
  public readonly _spec: IngressProfileSpec;

  private constructor(spec: IngressProfileSpec) {
    this.name = spec.name;
    this._spec = spec;
  }
}

/** Entry points through the Gateway API: one HTTPRoute per entry point. */
export interface GatewayApiOptions {
  /**
   * The implementation (where its data plane runs, how it expresses what the standard channel leaves open).
   * @default GatewayImplementation.GENERIC
   */
  readonly implementation?: GatewayImplementation;
  /**
   * The Gateway public entry points attach to.
   * @default - `genesys-public` in namespace `gateway`
   */
  readonly publicGateway?: GatewayReference;
  /**
   * The Gateway internal entry points (GWS `gws-int.<domain>`, the UCS-X internal API) attach to;
   * the public Gateway is refused here.
   * @default - `genesys-internal` in the public Gateway's namespace
   */
  readonly internalGateway?: GatewayReference;
  /**
   * Write the two Gateways for this GatewayClass (one HTTPS listener per host, TLS from each entry
   * point's Secret, a ReferenceGrant in each service namespace, routes admitted from the service
   * namespaces only). Without it the Gateways are the team's: they must admit routes from the service
   * namespaces (`allowedRoutes`).
   * @default - the Gateways are not written
   */
  readonly gatewayClassName?: string;
  /**
   * Where the public Gateway's data-plane pods run.
   * @default - the implementation's location for the Gateway
   */
  readonly dataPlane?: DataPlaneLocation;
  /**
   * Where the internal Gateway's data-plane pods run.
   * @default - the implementation's location for the internal Gateway
   */
  readonly internalDataPlane?: DataPlaneLocation;
}

/** Entry points through Ingress objects, for clusters on an ingress controller. */
export interface IngressApiOptions {
  /**
   * The controller, for its annotations and defaults.
   * @default IngressProfile.GENERIC
   */
  readonly profile?: IngressProfile;
  /**
   * Ingress class of public entry points.
   * @default - the profile's (`nginx` for ingress-nginx); required for the generic profile
   */
  readonly className?: string;
  /**
   * The controller pods of the public class (an ingress rule on each routed pod port).
   * @default - the profile's; required for the generic profile
   */
  readonly controller?: Peer;
  /**
   * Ingress class of internal entry points; it must differ from the public class, or internal entry
   * points would be published by the public controller (refused at synth).
   * @default - the profile's (`nginx-internal`); required for the generic profile when a service has internal entry points
   */
  readonly internalClassName?: string;
  /**
   * The controller pods of the internal class.
   * @default - `controller`
   */
  readonly internalController?: Peer;
  /**
   * Annotations added to every Ingress (a cert-manager issuer, external-dns...). The library's own
   * keys win; a key the library writes with another value is refused.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** The kind of an entry-point choice. @internal */
export enum EntryPointApi {
  /** HTTPRoutes on Gateways. */
  GATEWAY = 'gateway',
  /** Ingress objects. */
  INGRESS = 'ingress',
}

/**
 * How browser-facing entry points are written: HTTPRoutes on the Gateway API (the default), or
 * Ingress objects for clusters on an ingress controller.
 */
export class EntryPoints {
  /** HTTPRoutes attached to Gateways (see `GatewayApiOptions`). */
  public static gatewayApi(options: GatewayApiOptions = {}): EntryPoints {
    return new EntryPoints(EntryPointApi.GATEWAY, options, undefined);
  }

  /** Ingress objects for an ingress controller (see `IngressApiOptions`). */
  public static ingress(options: IngressApiOptions = {}): EntryPoints {
    return new EntryPoints(EntryPointApi.INGRESS, undefined, options);
  }

  /** @internal */
  public readonly _api: EntryPointApi;
  /** @internal */
  public readonly _gateway?: GatewayApiOptions;
  /** @internal */
  public readonly _ingress?: IngressApiOptions;

  private constructor(api: EntryPointApi, gateway: GatewayApiOptions | undefined, ingress: IngressApiOptions | undefined) {
    this._api = api;
    this._gateway = gateway;
    this._ingress = ingress;
  }
}

/** The default Gateways when none is named. */
export const DEFAULT_GATEWAY_NAMESPACE = 'gateway';
