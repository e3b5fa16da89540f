import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Connection } from './connection';
import { Check, show } from './errors';
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
    const check = new Check(this, `ingress ${props.name}`);
    check.dnsName('host', props.host);
    check.dnsLabel('name', props.name);
    check.dnsLabel('namespace', props.namespace);
    const tlsSecretName = props.tlsSecretName ?? `${props.name}-tls`;
    check.dnsName('tlsSecretName', tlsSecretName);
    const className = props.className ?? 'nginx';
    check.dnsName('className', className);
    this.host = props.host;
    this.url = `https://${props.host}`;
    if ((props.routes ?? []).length === 0) check.fail('routes is empty (route at least one path to a workload port)');

    this.connections = [];
    const httpPaths = this.routes(check, props);

    const annotations = behaviourAnnotations(check, props.behaviour ?? {});
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
  private routes(check: Check, props: EntryPointProps): kplus.k8s.HttpIngressPath[] {
    const paths = new Set<string>();
    const httpPaths: kplus.k8s.HttpIngressPath[] = [];
    for (const route of props.routes ?? []) {
      check.urlPath('route path', route.path);
      if (paths.has(route.path)) check.fail(`route path ${show(route.path)} is routed twice (each path goes to one backend)`);
      paths.add(route.path);
      if (route.workload.namespace !== props.namespace) {
        check.fail(`route ${show(route.path)} goes to ${route.workload.namespace}/${route.workload.name}, outside namespace ${show(props.namespace)} (an Ingress routes only to Services of its own namespace)`);
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

/** The ingress-nginx annotations of the typed behaviour (timeouts, body size, cookie affinity). */
function behaviourAnnotations(check: Check, b: IngressBehaviour): { [key: string]: string } {
  const annotations: { [key: string]: string } = {};
  const longTimeout = b.websocket ? 3600 : undefined;
  const read = b.readTimeoutSeconds ?? longTimeout;
  const send = b.sendTimeoutSeconds ?? longTimeout;
  check.integer('behaviour.readTimeoutSeconds', read, 1, 86400);
  check.integer('behaviour.sendTimeoutSeconds', send, 1, 86400);
  if (read !== undefined) annotations[`${NGINX}/proxy-read-timeout`] = String(read);
  if (send !== undefined) annotations[`${NGINX}/proxy-send-timeout`] = String(send);
  if (b.maxBodyMebibytes !== undefined) {
    check.integer('behaviour.maxBodyMebibytes', b.maxBodyMebibytes, 1, 10240);
    annotations[`${NGINX}/proxy-body-size`] = `${b.maxBodyMebibytes}m`;
  }
  if (b.cookieAffinity) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(b.cookieAffinity.cookieName ?? '')) {
      check.fail(`behaviour.cookieAffinity.cookieName ${show(b.cookieAffinity.cookieName)} is not a cookie name (letters, digits, '_' and '-')`);
    }
    const maxAge = b.cookieAffinity.maxAgeSeconds ?? 172800;
    check.integer('behaviour.cookieAffinity.maxAgeSeconds', maxAge, 1, 31536000);
    annotations[`${NGINX}/affinity`] = 'cookie';
    annotations[`${NGINX}/affinity-mode`] = 'persistent';
    annotations[`${NGINX}/session-cookie-name`] = b.cookieAffinity.cookieName;
    annotations[`${NGINX}/session-cookie-max-age`] = String(maxAge);
    annotations[`${NGINX}/session-cookie-samesite`] = 'None';
    annotations[`${NGINX}/session-cookie-secure`] = 'true';
  }
  return annotations;
}
