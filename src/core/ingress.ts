import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { dnsLabel, dnsName, urlPath } from './checks';
import { Connection } from './connection';
import { flag, Input, shape, show, Spec, text, whole } from './input';
import { Annotations, Labels, sortRefs } from '../shared';
import { Peer } from './peers';
import { HardenedWorkload } from './workload';

/** How an Ingress path matches. */
export enum IngressPathType {
  /** Matches the path and everything below it. */
  PREFIX = 'Prefix',
  /** Matches the path exactly. */
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
 * Typed ingress behaviour, written as ingress-nginx annotations (the default ingress class).
 * No raw annotation strings are needed in user code.
 */
export interface IngressBehaviour {
  /**
   * Sticky sessions by cookie.
   * @default - none
   */
  readonly cookieAffinity?: CookieAffinity;
  /**
   * Seconds the controller waits for a response (long polling and WebSockets need long ones).
   * @default - the controller's default (60)
   */
  readonly readTimeoutSeconds?: number;
  /**
   * Seconds the controller waits while sending a request.
   * @default - the controller's default (60)
   */
  readonly sendTimeoutSeconds?: number;
  /**
   * Allow WebSocket upgrades; sets read and send timeouts to one hour unless given.
   * @default false
   */
  readonly websocket?: boolean;
  /**
   * Largest request body in MiB.
   * @default - the controller's default (1)
   */
  readonly maxBodyMebibytes?: number;
}

/** One path of an entry point and the workload port it reaches. */
export interface IngressRoute {
  /** URL path, e.g. `/` or `/nexus/v3`. */
  readonly path: string;
  /**
   * How the path matches.
   * @default IngressPathType.PREFIX
   */
  readonly pathType?: IngressPathType;
  /** The workload the path is routed to (in the entry point's namespace). */
  readonly workload: HardenedWorkload;
  /** Name of the workload's port. */
  readonly port: string;
}

/** Props of an entry point. */
export interface EntryPointProps {
  /** Name of the Ingress object. */
  readonly name: string;
  /** Namespace (the routed workloads' namespace). */
  readonly namespace: string;
  /** Public host name, e.g. `gws.example.com`. */
  readonly host: string;
  /** Paths and where they go (at least one). */
  readonly routes: IngressRoute[];
  /** The ingress controller; it gets an ingress rule to each routed pod port. */
  readonly controller: Peer;
  /** Labels of the Ingress object (usually the component labels of the service). */
  readonly labels: { [key: string]: string };
  /**
   * Secret holding the TLS certificate for the host.
   * @default - `<name>-tls`
   */
  readonly tlsSecretName?: string;
  /**
   * Ingress class.
   * @default "nginx"
   */
  readonly className?: string;
  /**
   * Typed behaviour (affinity, timeouts, WebSocket).
   * @default - none
   */
  readonly behaviour?: IngressBehaviour;
  /**
   * Catalog references the entry point implements (the controller's rules and the Ingress).
   * @default - none
   */
  readonly refs?: string[];
  /**
   * Why the entry point exists, required when `refs` names an extension (`ext:<id>`).
   * @default - none
   */
  readonly reason?: string;
  /**
   * Further references the Ingress object alone stands for (e.g. a browser-to-gateway row whose
   * ends are both outside the cluster's workloads).
   * @default - none
   */
  readonly ingressRefs?: string[];
}

const NGINX = 'nginx.ingress.kubernetes.io';

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

/** How `IngressBehaviour` is read. */
export const INGRESS_BEHAVIOUR: Spec<IngressBehaviour> = shape<IngressBehaviour>('ingress behaviour', {
  cookieAffinity: COOKIE_AFFINITY,
  readTimeoutSeconds: whole(1, 86400),
  sendTimeoutSeconds: whole(1, 86400),
  websocket: flag,
  maxBodyMebibytes: whole(1, 10240),
}, '{ readTimeoutSeconds: 300 }');

/**
 * A browser-facing entry point: an Ingress with TLS for one host, plus, for every routed path,
 * a connection from the ingress controller to the routed workload's pod port.
 */
export class EntryPoint extends Construct {
  /** The public host. */
  public readonly host: string;
  /** `https://<host>`. */
  public readonly url: string;
  /** The connections from the ingress controller, one per route. */
  public readonly connections: Connection[];

  public constructor(scope: Construct, id: string, props: EntryPointProps) {
    super(scope, id);
    const input = Input.root(this, `ingress ${props.name}`);
    dnsName(input.at('host'), props.host);
    dnsLabel()(input.at('name'), props.name);
    dnsLabel()(input.at('namespace'), props.namespace);
    const tlsSecretName = props.tlsSecretName ?? `${props.name}-tls`;
    dnsName(input.at('tlsSecretName'), tlsSecretName);
    const className = props.className ?? 'nginx';
    dnsName(input.at('className'), className);
    this.host = props.host;
    this.url = `https://${props.host}`;
    if ((props.routes ?? []).length === 0) input.at('routes').fail('is empty (route at least one path to a workload port)');

    this.connections = [];
    const httpPaths = this.routes(input, props);

    const annotations = behaviourAnnotations(INGRESS_BEHAVIOUR(input.at('behaviour'), props.behaviour) ?? {});
    annotations[`${NGINX}/ssl-redirect`] = 'true';
    const ingressRefs = [...(props.refs ?? []), ...(props.ingressRefs ?? [])];
    if (ingressRefs.length > 0) annotations[Annotations.IMPLEMENTS] = sortRefs([...new Set(ingressRefs)]).join(', ');

    new kplus.k8s.KubeIngress(this, 'ingress', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE },
        annotations,
      },
      spec: {
        ingressClassName: className,
        tls: [{ hosts: [props.host], secretName: tlsSecretName }],
        rules: [{ host: props.host, http: { paths: httpPaths } }],
      },
    });
  }

  /** One path per route, and the controller's connection to the routed pod port. */
  private routes(input: Input, props: EntryPointProps): kplus.k8s.HttpIngressPath[] {
    const paths = new Set<string>();
    const httpPaths: kplus.k8s.HttpIngressPath[] = [];
    for (const route of props.routes ?? []) {
      urlPath(input.at('route path'), route.path);
      if (paths.has(route.path)) input.report(`route path ${show(route.path)} is routed twice (each path goes to one backend)`);
      paths.add(route.path);
      if (route.workload.namespace !== props.namespace) {
        input.report(`route ${show(route.path)} goes to ${route.workload.namespace}/${route.workload.name}, outside namespace ${show(props.namespace)} (an Ingress routes only to Services of its own namespace)`);
      }
      const port = route.workload.findPort(route.port);
      this.connections.push(Connection.declare(this, {
        source: props.controller,
        destination: route.workload.peer,
        port: route.port,
        refs: props.refs,
        reason: props.reason,
      }));
      httpPaths.push({
        path: route.path,
        pathType: route.pathType ?? IngressPathType.PREFIX,
        backend: { service: { name: route.workload.name, port: { number: port?.port ?? 0 } } },
      });
    }
    return httpPaths;
  }
}

/** The ingress-nginx annotations of the typed behaviour (timeouts, body size, cookie affinity), read and checked. */
function behaviourAnnotations(b: IngressBehaviour): { [key: string]: string } {
  const annotations: { [key: string]: string } = {};
  const longTimeout = b.websocket ? 3600 : undefined;
  const read = b.readTimeoutSeconds ?? longTimeout;
  const send = b.sendTimeoutSeconds ?? longTimeout;
  if (read !== undefined) annotations[`${NGINX}/proxy-read-timeout`] = String(read);
  if (send !== undefined) annotations[`${NGINX}/proxy-send-timeout`] = String(send);
  if (b.maxBodyMebibytes !== undefined) annotations[`${NGINX}/proxy-body-size`] = `${b.maxBodyMebibytes}m`;
  if (b.cookieAffinity && b.cookieAffinity.cookieName !== undefined) {
    annotations[`${NGINX}/affinity`] = 'cookie';
    annotations[`${NGINX}/affinity-mode`] = 'persistent';
    annotations[`${NGINX}/session-cookie-name`] = b.cookieAffinity.cookieName;
    annotations[`${NGINX}/session-cookie-max-age`] = String(b.cookieAffinity.maxAgeSeconds ?? 172800);
    annotations[`${NGINX}/session-cookie-samesite`] = 'None';
    annotations[`${NGINX}/session-cookie-secure`] = 'true';
  }
  return annotations;
}
