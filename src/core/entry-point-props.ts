import { EntryPoints } from './entry-points';
import { flag, Input, shape, Spec, text, whole } from './input';
import { HardenedWorkload } from './workload';

/** How a path matches. */
export enum PathMatchType {
  /** The path and everything below it (`PathPrefix` on an HTTPRoute, `Prefix` on an Ingress). */
  PREFIX = 'Prefix',
  /** The path exactly. */
  EXACT = 'Exact',
}

/** Cookie-based session affinity (sticky sessions), e.g. for CometD long polling. */
export interface CookieAffinity {
  /** Name of the affinity cookie. */
  readonly cookieName: string;
  /**
   * Cookie lifetime in seconds.
   * @default 172800 (two days)
   */
  readonly maxAgeSeconds?: number;
}

/**
 * The typed behaviour of an entry point, written the way the chosen Gateway implementation or
 * ingress controller expresses it (see `GatewayImplementation`, `IngressProfile`); where it cannot,
 * synthesis warns, naming the row that needs it.
 */
export interface EntryPointBehaviour {
  /**
   * Sticky sessions by cookie.
   * @default - none
   */
  readonly cookieAffinity?: CookieAffinity;
  /**
   * Seconds the gateway waits for a response (long polling and WebSockets need long ones).
   * @default - the implementation's default
   */
  readonly readTimeoutSeconds?: number;
  /**
   * Seconds the gateway waits while sending a request.
   * @default - the implementation's default
   */
  readonly sendTimeoutSeconds?: number;
  /**
   * Allow WebSocket upgrades (on the Gateway API: the Service port's `appProtocol` is
   * `kubernetes.io/ws`); read and send timeouts are one hour unless given.
   * @default false
   */
  readonly websocket?: boolean;
  /**
   * Largest request body in MiB.
   * @default - the implementation's default
   */
  readonly maxBodyMebibytes?: number;
}

/** One path of an entry point and the workload port it reaches. */
export interface EntryPointRoute {
  /** URL path, e.g. `/` or `/nexus/v3`. */
  readonly path: string;
  /**
   * How the path matches.
   * @default PathMatchType.PREFIX
   */
  readonly pathType?: PathMatchType;
  /** The workload the path is routed to (in the entry point's namespace). */
  readonly workload: HardenedWorkload;
  /** Name of the workload's port. */
  readonly port: string;
}

/** Props of an entry point. */
export interface EntryPointProps {
  /** Name of the HTTPRoute or Ingress. */
  readonly name: string;
  /** Namespace (the routed workloads' namespace). */
  readonly namespace: string;
  /** Host name, e.g. `gws.example.com`. */
  readonly host: string;
  /** Paths and where they go (at least one). */
  readonly routes: EntryPointRoute[];
  /** Labels of the object (usually the component labels of the service). */
  readonly labels: { [key: string]: string };
  /**
   * How the entry point is written: an HTTPRoute on a Gateway, or an Ingress.
   * @default EntryPoints.gatewayApi()
   */
  readonly entryPoints?: EntryPoints;
  /**
   * An internal entry point: the internal Gateway, or the internal ingress class and controller.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Secret holding the TLS certificate for the host (on the Gateway API: used by the Gateways the
   * library writes).
   * @default - `<name>-tls`
   */
  readonly tlsSecretName?: string;
  /**
   * Typed behaviour (affinity, timeouts, WebSocket, body size).
   * @default - none
   */
  readonly behaviour?: EntryPointBehaviour;
  /**
   * Catalog references the entry point implements (the gateway's rules and the route).
   * @default - none
   */
  readonly refs?: string[];
  /**
   * Why the entry point exists, required when `refs` names an extension (`ext:<id>`).
   * @default - none
   */
  readonly reason?: string;
  /**
   * Further references the route object alone stands for (e.g. a browser-to-gateway row whose ends
   * are both outside the cluster's workloads).
   * @default - none
   */
  readonly ingressRefs?: string[];
}

const COOKIE_AFFINITY_FIELDS = shape<CookieAffinity>('cookie affinity', {
  cookieName: text((v) => (/^[A-Za-z0-9_-]{1,64}$/.test(v) ? undefined : 'is not a cookie name (letters, digits, \'_\' and \'-\')'), '"gws-route"'),
  maxAgeSeconds: whole(1, 31536000),
}, '{ cookieName: "gws-route" }');

/** How `CookieAffinity` is read (a cookie name is required). */
export const COOKIE_AFFINITY: Spec<CookieAffinity> = Object.assign((input: Input, value: unknown) => {
  const read = COOKIE_AFFINITY_FIELDS(input, value);
  if (read !== undefined && read.cookieName === undefined) {
    if (!input.at('cookieName').failedAround) input.at('cookieName').fail('is missing (name the affinity cookie, e.g. "gws-route")');
    return undefined;
  }
  return read;
}, { kind: COOKIE_AFFINITY_FIELDS.kind, fields: COOKIE_AFFINITY_FIELDS.fields });

/** How `EntryPointBehaviour` is read. */
export const ENTRY_POINT_BEHAVIOUR: Spec<EntryPointBehaviour> = shape<EntryPointBehaviour>('entry-point behaviour', {
  cookieAffinity: COOKIE_AFFINITY,
  readTimeoutSeconds: whole(1, 86400),
  sendTimeoutSeconds: whole(1, 86400),
  websocket: flag,
  maxBodyMebibytes: whole(1, 10240),
}, '{ readTimeoutSeconds: 300 }');
