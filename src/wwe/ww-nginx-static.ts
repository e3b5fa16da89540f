import { Construct } from 'constructs';
import { ComponentIds, GenesysService, PeerKindId } from '../catalog';
import { EntryPoint, EntryPoints, HardenedWorkload, Peer } from '../core';
import { absolutePath, absolutePathProblem, browserUrl, dnsName, looksSecret } from '../core/checks';
import { ENTRY_POINTS } from '../core/entry-target';
import { Fields, map, text, whole } from '../core/input';
import {
  Bind, Binding, COMPONENT_OPTIONS, ComponentOptions, GenesysServiceOptions, GenesysServiceProps, SERVICE_FIELDS, ServiceKit,
  SHARED_OPTION_FIELDS, wireTable,
} from '../kit/internal';
import { Annotations } from '../shared';

/** The public URLs WWE hands to the browser (catalog rows wwe#2 to wwe#6). */
export interface WweBrowserEndpoints {
  /** Genesys Authentication (wwe#2). Key `authUrl` of the runtime configuration: library choice. */
  readonly authUrl: string;
  /** Genesys Web Services and Applications (wwe#3). Key `gwsUrl`: the name Genesys' sample WWE configuration uses. */
  readonly gwsUrl: string;
  /** WebRTC Media Service (wwe#4). Key `webrtcUrl`: library choice. */
  readonly webrtcUrl: string;
  /** Telemetry Service (wwe#5). Key `telemetryUrl`: library choice. */
  readonly telemetryUrl: string;
  /** Digital Channels (wwe#6). Key `digitalChannelsUrl`: library choice. */
  readonly digitalChannelsUrl: string;
}

/** The WwNginxStatic settings of its own (everything but what GenesysServiceProps holds); GenesysPlatform takes these. */
export interface WwNginxStaticOptions extends GenesysServiceOptions {
  /**
   * How its entry points are written: HTTPRoutes on Gateways, or Ingress objects.
   * @default - the platform's choice; on its own, EntryPoints.gatewayApi()
   */
  readonly entryPoints?: EntryPoints;
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
   * User and group id NGINX runs as.
   * @default 101 (the `nginx` user of the unprivileged NGINX image; Genesys-built bundles use 500)
   */
  readonly runAsUser?: number;
  /**
   * Image, sizing, autoscaling, PodDisruptionBudget, pod settings and extra configuration of the NGINX
   * pods. The image is the WWE bundle: pin it by digest (`{ repository, digest }`); it must follow the
   * unprivileged NGINX layout (see `WwNginxStatic.DEFAULT_IMAGE_REPOSITORY`).
   * @default - `WwNginxStatic.DEFAULT_IMAGE_REPOSITORY` at `WwNginxStatic.DEFAULT_IMAGE_TAG`, one replica, no autoscaling
   */
  readonly nginx?: ComponentOptions;
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
const SETTING_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** The rows of the browser's own traffic to other services, carried as public URLs in the runtime configuration. */
const BROWSER_ROWS = ['wwe#2', 'wwe#3', 'wwe#4', 'wwe#5', 'wwe#6'];

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
  /** The Ingress with TLS (absent when the host is invalid, which is reported). */
  public readonly entryPoint?: EntryPoint;
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

  public constructor(scope: Construct, id: string, given: WwNginxStaticProps) {
    super(scope, id);
    const { kit, props } = ServiceKit.start<WwNginxStaticProps>(this, GenesysService.WWE, given, WWE_PROPS, '{ domain: "example.com" }');
    this.namespace = kit.namespace;
    const domain = kit.domain();
    this.host = kit.host(props.host, 'wwe', domain) ?? '';
    this.url = `https://${this.host}`;
    this.browserEndpoints = browserEndpoints(props, domain);
    const documentRoot = props.documentRoot ?? '/usr/share/nginx/html';
    const configPath = props.runtimeConfigPath ?? '/config/runtime.json';
    this.configUrl = `${this.url}${configPath}`;
    this.runtimeConfig = this.configFile(props, kit.common.location);

    this.nginx = kit.component({
      id: ComponentIds.WWE_NGINX,
      field: 'nginx',
      options: props.nginx,
      repository: WwNginxStatic.DEFAULT_IMAGE_REPOSITORY,
      tag: WwNginxStatic.DEFAULT_IMAGE_TAG,
      resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256 },
      probe: { path: '/index.html', port: 'http', initialDelaySeconds: 10 },
      runAsUser: props.runAsUser ?? WwNginxStatic.DEFAULT_UID,
      writablePaths: [CACHE_DIR, RUN_DIR, TEMP_DIR],
      files: [{ path: `${documentRoot}${configPath}`, content: this.runtimeConfig }],
      // the ConfigMap carrying the URLs is where WWE's side of rows 2-6 lives
      filesAnnotations: { [Annotations.IMPLEMENTS]: BROWSER_ROWS.join(', ') },
    });
    if (this.host) {
      this.entryPoint = kit.entryPoint({
        id: 'ingress',
        name: ComponentIds.WWE_NGINX,
        host: this.host,
        routes: [{ path: '/', workload: this.nginx, port: 'http' }],
        labels: this.nginx.selectorLabels,
        tlsSecretName: props.tlsSecretName,
        refs: ['wwe#1', 'wwe#9'],
        // the Ingress object also stands for wwe#7 (the browser meets the inbound gateway there);
        // the controller → pod rule does not
        ingressRefs: ['wwe#7'],
      });
    }
    // every row is implemented by the entry point, the runtime configuration, or outside the cluster
    const entry = Bind.elsewhere('the WWE Ingress and the ingress controller rule');
    const config = Bind.elsewhere('the runtime configuration carries the public URL; the browser dials it');
    wireTable(this, kit.input, GenesysService.WWE, {
      ends: new Map([
        [ComponentIds.WWE_NGINX, Bind.workloads(this.nginx)],
        [PeerKindId.INGRESS_CONTROLLER, entry],
        [PeerKindId.INGRESS_PROXY, Bind.elsewhere('both ends are the cluster\'s ingress layer')],
      ]),
      rows: new Map([
        ['wwe#1', { source: entry }],
        ...BROWSER_ROWS.map((ref): [string, { source: Binding }] => [ref, { source: config }]),
        ['wwe#7', { source: entry }],
      ]),
    });
    kit.finish({
      chart: 'wwe-nginx',
      values: { gwsUrl: { value: this.browserEndpoints.gwsUrl, from: 'wwe#3: the GWS public URL the browser dials (key of Genesys\' sample WWE values)' } },
    });
  }

  /** The runtime configuration served to the browser: public URLs and settings, never a secret. */
  private configFile(props: WwNginxStaticProps, location: string | undefined): string {
    const settings = props.settings ?? {};
    const config: { [key: string]: unknown } = { wweUrl: this.url, ...this.browserEndpoints };
    if (location !== undefined) config.location = location;
    if (Object.keys(settings).length > 0) config.settings = sortKeys(settings);
    return `${JSON.stringify(config, undefined, 2)}\n`;
  }

  /** The NGINX workload as a connection end. */
  public get peer(): Peer {
    return this.nginx.peer;
  }
}

/** The public URLs the browser calls (rows 2-6): the given ones (read), else derived from the domain. */
function browserEndpoints(props: WwNginxStaticProps, domain: string | undefined): WweBrowserEndpoints {
  const d = domain ?? 'invalid.domain';
  return {
    authUrl: props.authUrl ?? `https://gauth.${d}`,
    gwsUrl: props.gwsUrl ?? `https://gws.${d}`,
    webrtcUrl: props.webrtcUrl ?? `https://webrtc.${d}`,
    telemetryUrl: props.telemetryUrl ?? `https://telemetry.${d}`,
    digitalChannelsUrl: props.digitalChannelsUrl ?? `https://digital.${d}`,
  };
}

/** A public URL handed to the browser (the rule lives with the other input rules). */
export const httpsUrl = browserUrl;

/** How `WwNginxStaticOptions` is read. */
export const WWE_OPTION_FIELDS: Fields<WwNginxStaticOptions> = {
  ...SHARED_OPTION_FIELDS,
  entryPoints: ENTRY_POINTS,
  host: dnsName,
  tlsSecretName: dnsName,
  runAsUser: whole(1, 2_147_483_647),
  nginx: COMPONENT_OPTIONS,
  authUrl: httpsUrl,
  gwsUrl: httpsUrl,
  webrtcUrl: httpsUrl,
  telemetryUrl: httpsUrl,
  digitalChannelsUrl: httpsUrl,
  settings: map(text(), (key) => {
    if (!SETTING_KEY.test(key)) return 'is not a setting name (a letter, then letters, digits or \'_\', at most 64)';
    return looksSecret(key) ? 'looks like a secret, but the runtime configuration is served to every browser (keep secrets out of it)' : undefined;
  }, '{ "clientId": "wwe" }'),
  documentRoot: absolutePath,
  runtimeConfigPath: text((v) => absolutePathProblem(v)
    ?? (/^(\/[A-Za-z0-9._-]+)+$/.test(v) ? undefined : 'is not a URL path of a file (segments of letters, digits, \'.\', \'_\' and \'-\', e.g. "/config/runtime.json")'), '"/config/runtime.json"'),
};

export const WWE_PROPS: Fields<WwNginxStaticProps> = { ...SERVICE_FIELDS, ...WWE_OPTION_FIELDS };

function sortKeys(o: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
