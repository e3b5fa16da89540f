/**
 * The Gateway API objects the library writes, typed from the Gateway API reference (standard channel,
 * v1.6: HTTPRoute and Gateway `gateway.networking.k8s.io/v1`, ReferenceGrant `v1beta1`, the version
 * every install of the standard channel stores, BackendTLSPolicy `v1`), with only the fields the
 * library uses. The model packages of the Gateway API on the registry are ES modules for Node 22+,
 * which a CommonJS jsii library cannot load: hence these interfaces. Tests validate what is written
 * against the upstream CRDs.
 */

/** The API group. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A reference to a Gateway (and one of its listeners). */
export interface ParentReferenceJson {
  /** API group of the parent. @default - gateway.networking.k8s.io */
  readonly group?: string;
  /** Kind of the parent. @default - Gateway */
  readonly kind?: string;
  /** Namespace of the parent. @default - the route's */
  readonly namespace?: string;
  /** Name of the parent. */
  readonly name: string;
  /** Listener of the parent. @default - every listener */
  readonly sectionName?: string;
}

/** A path match of an HTTPRoute rule. */
export interface HttpPathMatchJson {
  /** How the path matches. */
  readonly type: 'PathPrefix' | 'Exact';
  /** The path. */
  readonly value: string;
}

/** A backend of an HTTPRoute rule: a Service port. */
export interface HttpBackendRefJson {
  /** Name of the Service. */
  readonly name: string;
  /** Its port. */
  readonly port: number;
}

/** One rule of an HTTPRoute. */
export interface HttpRouteRuleJson {
  /** What the rule matches. */
  readonly matches: Array<{ readonly path: HttpPathMatchJson }>;
  /** Where it sends. */
  readonly backendRefs: HttpBackendRefJson[];
  /** Durations such as `300s` (standard channel since v1.2). @default - the implementation's */
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
}

/** An HTTPRoute. */
export interface HttpRouteJson {
  /** API version. */
  readonly apiVersion: 'gateway.networking.k8s.io/v1';
  /** Kind. */
  readonly kind: 'HTTPRoute';
  /** Object metadata. */
  readonly metadata: object;
  /** The specification. */
  readonly spec: {
    readonly parentRefs: ParentReferenceJson[];
    readonly hostnames: string[];
    readonly rules: HttpRouteRuleJson[];
  };
}

/** A listener of a Gateway. */
export interface ListenerJson {
  /** Listener name (the routes' sectionName). */
  readonly name: string;
  /** Host it serves. */
  readonly hostname: string;
  /** Port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: 'HTTPS';
  /** TLS termination and certificates. */
  readonly tls: {
    readonly mode: 'Terminate';
    readonly certificateRefs: Array<{ readonly kind: 'Secret'; readonly name: string; readonly namespace?: string }>;
  };
  /** Which routes may attach. */
  readonly allowedRoutes: {
    readonly kinds: Array<{ readonly kind: 'HTTPRoute' }>;
    readonly namespaces: {
      readonly from: 'Same' | 'Selector';
      readonly selector?: { readonly matchExpressions: Array<{ readonly key: string; readonly operator: 'In'; readonly values: string[] }> };
    };
  };
}

/** A Gateway. */
export interface GatewayJson {
  /** API version. */
  readonly apiVersion: 'gateway.networking.k8s.io/v1';
  /** Kind. */
  readonly kind: 'Gateway';
  /** Object metadata. */
  readonly metadata: object;
  /** The specification. */
  readonly spec: {
    readonly gatewayClassName: string;
    readonly listeners: ListenerJson[];
  };
}

/** A ReferenceGrant: objects of other namespaces may reference these. */
export interface ReferenceGrantJson {
  /** API version. */
  readonly apiVersion: 'gateway.networking.k8s.io/v1beta1';
  /** Kind. */
  readonly kind: 'ReferenceGrant';
  /** Object metadata. */
  readonly metadata: object;
  /** The specification. */
  readonly spec: {
    readonly from: Array<{ readonly group: string; readonly kind: string; readonly namespace: string }>;
    readonly to: Array<{ readonly group: string; readonly kind: string; readonly name?: string }>;
  };
}

/** A BackendTLSPolicy: the gateway connects to a Service with TLS, validating its certificate. */
export interface BackendTlsPolicyJson {
  /** API version. */
  readonly apiVersion: 'gateway.networking.k8s.io/v1';
  /** Kind. */
  readonly kind: 'BackendTLSPolicy';
  /** Object metadata. */
  readonly metadata: object;
  /** The specification. */
  readonly spec: {
    readonly targetRefs: Array<{ readonly group: ''; readonly kind: 'Service'; readonly name: string; readonly sectionName?: string }>;
    readonly validation: {
      readonly hostname: string;
      readonly caCertificateRefs?: Array<{ readonly group: ''; readonly kind: 'ConfigMap'; readonly name: string }>;
      readonly wellKnownCACertificates?: 'System';
    };
  };
}

/** A duration as the Gateway API writes it (`300s`). */
export function gatewayDuration(seconds: number): string {
  return `${seconds}s`;
}
