import { Construct } from 'constructs';
import { ComponentIds, ConnectionCatalog, GenesysService } from '../catalog';
import {
  AutoscalingOptions,
  ContainerImage,
  EntryPoint,
  HardenedWorkload,
  Peer,
  ResourceOptions,
} from '../core';
import { Check, isDnsName, show } from '../core/errors';
import { Annotations } from '../shared';
import { GenesysServiceProps } from '../peers';
import { setUpService } from '../peers/service-setup';

/** Sizing and availability of the WWE NGINX pods. */
export interface WweNginxOptions {
  /**
   * Replicas (the starting count when autoscaling is on).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Requests and limits.
   * @default - CPU 50m request / 500m limit, memory 64 MiB request / 256 MiB limit
   */
  readonly resources?: ResourceOptions;
  /**
   * Horizontal autoscaling on CPU and (when `memoryUtilizationPercent` is set) memory.
   * @default - no HorizontalPodAutoscaler
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Write a PodDisruptionBudget (`maxUnavailable: 1`). `true` requires at least two replicas
   * (`replicas`, or `autoscaling.minReplicas`); `false` leaves it out even then.
   * @default - written when at least two replicas run
   */
  readonly podDisruptionBudget?: boolean;
}

/** The public URLs WWE hands to the browser (catalog rows wwe#2 to wwe#6). */
export interface WweBrowserEndpoints {
  /** Genesys Authentication (wwe#2). */
  readonly authUrl: string;
  /** Genesys Web Services and Applications (wwe#3). */
  readonly gwsUrl: string;
  /** WebRTC Media Service (wwe#4). */
  readonly webrtcUrl: string;
  /** Telemetry Service (wwe#5). */
  readonly telemetryUrl: string;
  /** Digital Channels (wwe#6). */
  readonly digitalChannelsUrl: string;
}

/** The WwNginxStatic settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface WwNginxStaticOptions {
  /**
   * Public host of WWE.
   * @default `wwe.<domain>`
   */
  readonly host?: string;
  /**
   * Secret with the TLS certificate of the host.
   * @default "wwe-nginx-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * The WWE bundle image. Pin it by digest for immutability (`{ repository, digest }`). The image
   * must follow the unprivileged NGINX layout (see `WwNginxStatic.DEFAULT_IMAGE_REPOSITORY`).
   * @default - `WwNginxStatic.DEFAULT_IMAGE_REPOSITORY` at `WwNginxStatic.DEFAULT_IMAGE_TAG`
   */
  readonly image?: ContainerImage;
  /**
   * User and group id NGINX runs as.
   * @default 101 (the `nginx` user of the unprivileged NGINX image; Genesys-built bundles use 500)
   */
  readonly runAsUser?: number;
  /**
   * Sizing, autoscaling and PodDisruptionBudget.
   * @default - one replica, no autoscaling
   */
  readonly nginx?: WweNginxOptions;
  /**
   * Public URL of Genesys Authentication the browser calls (wwe#2). Pass the GAuth entry point URL.
   * @default `https://gauth.<domain>`
   */
  readonly authUrl?: string;
  /**
   * Public URL of GWS the browser calls (wwe#3). Pass `GwsCluster`'s entry point URL.
   * @default `https://gws.<domain>`
   */
  readonly gwsUrl?: string;
  /**
   * Public URL of the WebRTC Media Service (wwe#4).
   * @default `https://webrtc.<domain>`
   */
  readonly webrtcUrl?: string;
  /**
   * Public URL of the Telemetry Service (wwe#5).
   * @default `https://telemetry.<domain>`
   */
  readonly telemetryUrl?: string;
  /**
   * Public URL of Digital Channels (wwe#6). Pass `NexusService`'s entry point URL.
   * @default `https://digital.<domain>`
   */
  readonly digitalChannelsUrl?: string;
  /**
   * Further public settings written under `settings` in the runtime configuration (for example an
   * OAuth client id). The file is served to every browser: never put a secret here; keys that look
   * like secrets (password, secret, token, private key, API key) are refused.
   * @default - none
   */
  readonly settings?: { [key: string]: string };
  /**
   * NGINX document root inside the image.
   * @default "/usr/share/nginx/html"
   */
  readonly documentRoot?: string;
  /**
   * URL path of the runtime configuration file, below the document root.
   * @default "/config/runtime.json"
   */
  readonly runtimeConfigPath?: string;
}

/** Props of the Workspace Web Edition static NGINX. */
export interface WwNginxStaticProps extends GenesysServiceProps, WwNginxStaticOptions {}

const CACHE_DIR = '/var/cache/nginx';
const RUN_DIR = '/var/run';
const TEMP_DIR = '/tmp';
const SECRET_LIKE = /(passw(or)?d|secret|token|private.?key|api.?key|credential)/i;
const SETTING_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const URL_PATH = /^(\/[A-Za-z0-9._-]+)+$/;

/**
 * Workspace Web Edition: the immutable WWE bundle served by a non-root NGINX, reachable only
 * through the ingress controller, with no egress besides cluster DNS.
 *
 * Creates (through core): the namespace (`wwe` by default) with default-deny and DNS policies; a
 * hardened Deployment `wwe-nginx` (UID 101, read-only root filesystem, emptyDir volumes for
 * NGINX's cache `/var/cache/nginx`, run `/var/run` and temp `/tmp` directories, probes on
 * `/index.html`), a Service `http` 80 → pod 8080, a ServiceAccount without token, a ConfigMap with
 * the runtime configuration served to the browser, one ingress and one egress NetworkPolicy, an
 * Ingress `wwe.<domain>` with TLS, and optionally a HorizontalPodAutoscaler and a PodDisruptionBudget.
 *
 * Catalog rows:
 * - wwe#1 (browser → WWE, 443) and wwe#9 (ingress controller → WWE, 8080): the Ingress and the
 *   ingress rule from the controller to pod port 8080, the only rule of the ingress policy;
 * - wwe#7 (browser → inbound gateway, 443): the Ingress itself (TLS host on the controller); listed
 *   in the Ingress's `genesys.cdk8s.io/implements` annotation, no NetworkPolicy of ours is involved;
 * - wwe#8 (ingress proxy → ingress controller): both ends are the cluster's ingress layer, outside
 *   the library's workloads; nothing is written for it;
 * - wwe#2 to wwe#6 (browser → GAuth, GWS, WebRTC, Telemetry, Digital Channels): the browser's own
 *   traffic to other services' entry points; WWE carries their public https URLs in the runtime
 *   configuration file (ConfigMap annotated with these rows), and the egress policy stays empty.
 *
 * Default image: `nginxinc/nginx-unprivileged` (see `DEFAULT_IMAGE_REPOSITORY` for why).
 */
export class WwNginxStatic extends Construct {
  /**
   * Repository of the default image: the unprivileged NGINX build. It is the layout the WWE bundle
   * must follow to run under Pod Security "restricted": NGINX listens on 8080 (no capability to bind
   * low ports), has no `user` directive (no setuid), keeps its pid file and temp files under `/tmp`
   * and its cache under `/var/cache/nginx`, so a read-only root filesystem with emptyDir volumes
   * there is enough. Replace it with your WWE bundle built on it, pinned by digest.
   */
  public static readonly DEFAULT_IMAGE_REPOSITORY = 'nginxinc/nginx-unprivileged';
  /** Tag of the default image: the version this construct was written against; pin your own. */
  public static readonly DEFAULT_IMAGE_TAG = '1.27.3-alpine';
  /** Default user and group id (the `nginx` user of the unprivileged NGINX image). */
  public static readonly DEFAULT_UID = 101;

  /** The NGINX workload. */
  public readonly nginx: HardenedWorkload;
  /** The Ingress with TLS. */
  public readonly entryPoint: EntryPoint;
  /** Namespace. */
  public readonly namespace: string;
  /** Public host. */
  public readonly host: string;
  /** `https://<host>`. */
  public readonly url: string;
  /** Where the browser fetches the runtime configuration. */
  public readonly configUrl: string;
  /** The runtime configuration (JSON) served to the browser. */
  public readonly runtimeConfig: string;
  /** The public URLs carried in the runtime configuration. */
  public readonly browserEndpoints: WweBrowserEndpoints;

  public constructor(scope: Construct, id: string, props: WwNginxStaticProps) {
    super(scope, id);
    const { check, namespace } = setUpService(this, GenesysService.WWE, props);
    const domain = props.domain;
    this.namespace = namespace;

    // Row 9 carries the Service port and the pod port; row 1 is the same traffic seen from the browser.
    const row1 = ConnectionCatalog.get('wwe#1');
    const row7 = ConnectionCatalog.get('wwe#7');
    const row9 = ConnectionCatalog.get('wwe#9');
    const browserRows = ['wwe#2', 'wwe#3', 'wwe#4', 'wwe#5', 'wwe#6'].map((r) => ConnectionCatalog.get(r).ref);

    this.host = props.host ?? `wwe.${domain}`;
    this.url = `https://${this.host}`;

    const endpoints: WweBrowserEndpoints = {
      authUrl: props.authUrl ?? `https://gauth.${domain}`,
      gwsUrl: props.gwsUrl ?? `https://gws.${domain}`,
      webrtcUrl: props.webrtcUrl ?? `https://webrtc.${domain}`,
      telemetryUrl: props.telemetryUrl ?? `https://telemetry.${domain}`,
      digitalChannelsUrl: props.digitalChannelsUrl ?? `https://digital.${domain}`,
    };
    for (const [field, value] of Object.entries(endpoints)) checkHttpsUrl(check, field, value);
    this.browserEndpoints = endpoints;

    const documentRoot = props.documentRoot ?? '/usr/share/nginx/html';
    if (!/^(\/[A-Za-z0-9._-]+)+$/.test(documentRoot) || documentRoot.split('/').includes('..')) {
      check.fail(`documentRoot ${show(documentRoot)} is not an absolute directory path (e.g. "/usr/share/nginx/html")`);
    }
    const configPath = props.runtimeConfigPath ?? '/config/runtime.json';
    if (!URL_PATH.test(configPath) || configPath.split('/').some((s) => s === '.' || s === '..')) {
      check.fail(`runtimeConfigPath ${show(configPath)} is not a URL path of a file (segments of letters, digits, '.', '_' and '-', e.g. "/config/runtime.json")`);
    }
    this.configUrl = `${this.url}${configPath}`;

    const settings = props.settings ?? {};
    for (const [key, value] of Object.entries(settings)) {
      if (!SETTING_KEY.test(key)) {
        check.fail(`settings key ${show(key)} is not a setting name (a letter, then letters, digits or '_', at most 64)`);
      } else if (SECRET_LIKE.test(key)) {
        check.fail(`settings key ${show(key)} looks like a secret, but the runtime configuration is served to every browser (keep secrets out of it)`);
      }
      if (typeof value !== 'string') check.fail(`settings[${key}] ${show(value)} is not a string`);
    }
    if (props.location !== undefined && (typeof props.location !== 'string' || props.location.trim() === '' || props.location.length > 253)) {
      check.fail(`location ${show(props.location)} is empty or longer than 253 characters (give the region or location name, e.g. "/USW1")`);
    }

    const config: { [key: string]: unknown } = {
      wweUrl: this.url,
      ...endpoints,
    };
    if (props.location !== undefined) config.location = props.location;
    if (Object.keys(settings).length > 0) config.settings = sortKeys(settings);
    this.runtimeConfig = `${JSON.stringify(config, undefined, 2)}\n`;

    const sizing = props.nginx ?? {};
    const replicas = sizing.replicas ?? 1;
    const image: ContainerImage = {
      repository: WwNginxStatic.DEFAULT_IMAGE_REPOSITORY,
      tag: props.image ? undefined : WwNginxStatic.DEFAULT_IMAGE_TAG,
      ...(props.image ?? {}),
      registry: props.image?.registry ?? props.imageRegistry,
    };

    this.nginx = new HardenedWorkload(this, 'nginx', {
      id: ComponentIds.WWE_NGINX,
      component: GenesysService.WWE,
      namespace: this.namespace,
      image,
      ports: [{ name: 'http', port: row9.servicePort!, targetPort: row9.podPort!, appProtocol: 'http' }],
      replicas,
      resources: {
        cpuRequestMillis: 50,
        cpuLimitMillis: 500,
        memoryRequestMebibytes: 64,
        memoryLimitMebibytes: 256,
        ...(sizing.resources ?? {}),
      },
      autoscaling: sizing.autoscaling,
      podDisruptionBudget: sizing.podDisruptionBudget,
      probe: { path: '/index.html', port: 'http', initialDelaySeconds: 10 },
      runAsUser: props.runAsUser ?? WwNginxStatic.DEFAULT_UID,
      writablePaths: [CACHE_DIR, RUN_DIR, TEMP_DIR],
      files: [{ path: `${documentRoot}${configPath}`, content: this.runtimeConfig }],
      // the ConfigMap carrying the URLs is where WWE's side of rows 2-6 lives
      filesAnnotations: { [Annotations.IMPLEMENTS]: browserRows.join(', ') },
    });

    this.entryPoint = new EntryPoint(this, 'ingress', {
      name: ComponentIds.WWE_NGINX,
      namespace: this.namespace,
      host: this.host,
      routes: [{ path: '/', workload: this.nginx, port: 'http' }],
      controller: props.ingressController ?? Peer.ingressController(),
      labels: this.nginx.selectorLabels,
      tlsSecretName: props.tlsSecretName,
      className: props.ingressClassName,
      refs: [row1.ref, row9.ref],
      // the Ingress object also stands for wwe#7 (the browser meets the inbound gateway there);
      // the controller → pod rule does not
      ingressRefs: [row7.ref],
    });
  }

  /** The NGINX workload as a connection end. */
  public get peer(): Peer {
    return this.nginx.peer;
  }

  /** The peer of a component of this construct (`wwe-nginx`). */
  public peerOf(componentId: string): Peer {
    if (componentId === ComponentIds.WWE_NGINX) return this.nginx.peer;
    throw new Error(`wwe: no component ${show(componentId)} (WwNginxStatic has only "${ComponentIds.WWE_NGINX}")`);
  }
}

/** Checks a public URL handed to the browser: https, a DNS host, no credentials, query or fragment. */
function checkHttpsUrl(check: Check, field: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    check.fail(`${field} ${show(value)} is not a URL (give an https URL such as "https://gws.example.com")`);
    return;
  }
  if (url.protocol !== 'https:') {
    check.fail(`${field} ${show(value)} is not an https URL (WWE is served over https and the browser refuses mixed content; give "https://<host>")`);
    return;
  }
  if (url.username !== '' || url.password !== '') {
    check.fail(`${field} ${show(value)} carries credentials, but the runtime configuration is public (remove "user:password@")`);
  }
  if (!isDnsName(url.hostname) || /^\d+(\.\d+){3}$/.test(url.hostname)) {
    check.fail(`${field} ${show(value)} does not name a DNS host (give the public host name of the service's entry point, not an address)`);
  }
  if (url.search !== '' || url.hash !== '') {
    check.fail(`${field} ${show(value)} has a query or fragment (give the base URL only)`);
  }
}

function sortKeys(o: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
