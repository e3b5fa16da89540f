import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterBoundary, ClusterNetworks, ClusterNetworksProps, DnsOptions, Peer, PodSettings } from '../core';
import { Check, propsOf } from '../core/errors';
import { GwsCluster, GwsClusterOptions } from '../gws';
import { GenesysPeers, GenesysServiceProps } from '../kit';
import { NexusService, NexusServiceOptions } from '../nexus';
import { UcsxStack, UcsxStackOptions } from '../ucsx';
import { WwNginxStatic, WwNginxStaticOptions } from '../wwe';

/**
 * Apps inside `App.synth()`. It validates the app and resolves its dependencies once, then writes
 * every chart through `Chart.toJson()`, which does both again for the whole app each time: with one
 * platform per region, O(regions × constructs). A platform serialized inside the window skips that.
 */
const synthesizing = new WeakSet<IConstruct>();
const hooked = new WeakSet<IConstruct>();

function whileSynthesizing<T>(app: IConstruct, fn: () => T): T {
  if (synthesizing.has(app)) return fn();
  synthesizing.add(app);
  try {
    return fn();
  } finally {
    synthesizing.delete(app);
  }
}

/** Marks the app for the duration of its synth() (once per app, whichever platform comes first). */
function hookSynth(root: IConstruct): void {
  if (!(root instanceof App) || hooked.has(root)) return;
  hooked.add(root);
  const synth = root.synth.bind(root);
  root.synth = () => whileSynthesizing(root, synth);
}

/** Namespaces of the four services. */
export interface PlatformNamespaces {
  /** Workspace Web Edition. @default "wwe" */
  readonly wwe?: string;
  /** Genesys Web Services and Applications. @default "gws" */
  readonly gws?: string;
  /** Digital Channels. @default "nexus" */
  readonly nexus?: string;
  /** Universal Contact Service. @default "ucsx" */
  readonly ucsx?: string;
}

/** Which services the platform runs. */
export interface PlatformServices {
  /** Workspace Web Edition. @default true */
  readonly wwe?: boolean;
  /** Genesys Web Services and Applications. @default true */
  readonly gws?: boolean;
  /** Digital Channels. @default true */
  readonly nexus?: boolean;
  /** Universal Contact Service. @default true */
  readonly ucsx?: boolean;
}

/**
 * The Genesys services outside these constructs, declared once for all four services. A service
 * of this platform that is turned off is reached through its typed peer instead.
 */
export interface PlatformPeers {
  /** Genesys Authentication (GWS, UCS-X rows). @default GenesysPeers.authService() */
  readonly authService?: Peer;
  /**
   * Tenant Service: GWS dials it (its port is not documented, so this is required when GWS runs)
   * and it calls Digital Channels. E.g. `GenesysPeers.tenantService({ port: 8080 })`.
   * @default - none: required when GWS runs
   */
  readonly tenantService?: Peer;
  /** Voicemail (GWS row 17). @default GenesysPeers.voicemail() */
  readonly voicemail?: Peer;
  /**
   * Intelligent Workload Distribution: GWS dials it (port not documented, required when GWS runs)
   * and it calls UCS-X and UDM. E.g. `GenesysPeers.iwd({ port: 8080 })`.
   * @default - none: required when GWS runs
   */
  readonly iwd?: Peer;
  /** Designer, a caller of Digital Channels. @default GenesysPeers.designer() */
  readonly designer?: Peer;
  /** CX Contact, a caller of Digital Channels. @default GenesysPeers.cxContact() */
  readonly cxContact?: Peer;
  /** Digital Channels when NexusService is turned off. @default GenesysPeers.digitalChannels() in the nexus namespace */
  readonly digitalChannels?: Peer;
  /** UCS-X when UcsxStack is turned off. @default GenesysPeers.universalContactService() in the ucsx namespace */
  readonly universalContactService?: Peer;
  /** The GWS service proxy when GwsCluster is turned off. @default GenesysPeers.gwsServiceProxy() in the gws namespace */
  readonly gwsServiceProxy?: Peer;
  /** The GWS Workspace Service when GwsCluster is turned off. @default GenesysPeers.gwsWorkspace() in the gws namespace */
  readonly gwsWorkspace?: Peer;
}

/** Public URLs of the services the browser reaches that are not built here (WWE rows 2, 4, 5). */
export interface PlatformPublicUrls {
  /** Genesys Authentication. @default `https://gauth.<domain>` */
  readonly auth?: string;
  /** WebRTC Media Service. @default `https://webrtc.<domain>` */
  readonly webrtc?: string;
  /** Telemetry Service. @default `https://telemetry.<domain>` */
  readonly telemetry?: string;
}

/** Props of a platform (one cluster, one region). */
export interface GenesysPlatformProps {
  /** DNS domain of the public hosts. */
  readonly domain: string;
  /**
   * Region or location of this cluster, carried into every service's configuration; with several
   * platforms in one app (one per region) it names the output folder.
   * @default - single location: not written
   */
  readonly location?: string;
  /** Services to run. @default - all four */
  readonly services?: PlatformServices;
  /** Namespaces. @default - `wwe`, `gws`, `nexus`, `ucsx` */
  readonly namespaces?: PlatformNamespaces;
  /** Cluster DNS. @default - kube-dns in kube-system on 53 */
  readonly dns?: DnsOptions;
  /**
   * The cluster's Pod and Service networks: external CIDR groups (stores, webhooks, aggregators,
   * file storage, Consul node agents) that overlap them are refused.
   * @default - not declared: overlaps are not checked
   */
  readonly clusterNetworks?: ClusterNetworksProps;
  /** The ingress controller of every entry point. @default Peer.ingressController() */
  readonly ingressController?: Peer;
  /** Ingress class of every public entry point. @default "nginx" */
  readonly ingressClassName?: string;
  /** Ingress class of the internal entry points (GWS `gws-int.<domain>`, the optional UCS-X internal API). @default "nginx-internal" */
  readonly internalIngressClassName?: string;
  /** The ingress controller of the internal class. @default - `ingressController` */
  readonly internalIngressController?: Peer;
  /**
   * Pod settings of every workload of every service (registry credentials, node pool, tolerations,
   * spreading, priority, extra labels and annotations); each service's and component's `pods` refine them.
   * @default - none beyond the zone spread of replicated workloads
   */
  readonly pods?: PodSettings;
  /**
   * Run the stores no service gives as external in the cluster, as development-only StatefulSets.
   * Without it, every store needs an external address and synthesis fails with one error listing the
   * stores left to configure.
   * @default false
   */
  readonly developmentStores?: boolean;
  /**
   * New names for configuration keys the library chose itself, for every service (see
   * `GenesysServiceProps.configurationNames`).
   * @default - the library's names
   */
  readonly configurationNames?: { [libraryName: string]: string };
  /** Prometheus, which scrapes the metrics ports. @default Peer.prometheus() */
  readonly prometheus?: Peer;
  /** Write prometheus-operator ServiceMonitors. @default false */
  readonly monitoring?: boolean;
  /** Registry of the Genesys images. @default - the repositories as written */
  readonly imageRegistry?: string;
  /** Genesys services outside these constructs. @default - see PlatformPeers */
  readonly peers?: PlatformPeers;
  /** Public URLs of browser-facing services outside these constructs. @default - see PlatformPublicUrls */
  readonly publicUrls?: PlatformPublicUrls;
  /** Workspace Web Edition settings. @default - defaults of WwNginxStatic */
  readonly wwe?: WwNginxStaticOptions;
  /** GWS settings. @default - defaults of GwsCluster */
  readonly gws?: GwsClusterOptions;
  /** Digital Channels settings. @default - defaults of NexusService */
  readonly nexus?: NexusServiceOptions;
  /** UCS-X settings. @default - defaults of UcsxStack */
  readonly ucsx?: UcsxStackOptions;
}

/** What every service of the platform takes from the platform's props. */
function commonProps(props: GenesysPlatformProps): GenesysServiceProps {
  return {
    domain: props.domain,
    dns: props.dns,
    ingressController: props.ingressController,
    ingressClassName: props.ingressClassName,
    internalIngressController: props.internalIngressController,
    internalIngressClassName: props.internalIngressClassName,
    location: props.location,
    imageRegistry: props.imageRegistry,
    pods: props.pods,
    developmentStores: props.developmentStores,
    configurationNames: props.configurationNames,
  };
}

/**
 * Genesys Multicloud CX private edition in one cluster: `WwNginxStatic`, `GwsCluster`,
 * `NexusService` and `UcsxStack` (each optional) with the shared peers declared once.
 *
 * A chart and a cluster boundary: the cross-service rows (GWS ↔ Digital Channels, GWS ↔ UCS-X,
 * Digital Channels → UCS-X) are written at both ends when both services run here, and WWE's
 * browser configuration carries the other services' public URLs. Several platforms in one app
 * (one per region) stay separate: their connections never bind across.
 */
export class GenesysPlatform extends Chart {
  /** True when `x` is a GenesysPlatform. */
  public static isPlatform(x: any): x is GenesysPlatform {
    return x instanceof GenesysPlatform;
  }

  /**
   * Runs `fn` as if inside the app's synth(): for PlatformSynth, right after app.synth(), with the
   * app validated and its dependencies resolved.
   * @internal
   */
  public static _afterSynth<T>(app: App, fn: () => T): T {
    return whileSynthesizing(app, fn);
  }

  /** The location, if any. */
  public readonly location?: string;
  /** Workspace Web Edition, when it runs. */
  public readonly wwe?: WwNginxStatic;
  /** GWS, when it runs. */
  public readonly gws?: GwsCluster;
  /** Digital Channels, when it runs. */
  public readonly nexus?: NexusService;
  /** UCS-X, when it runs. */
  public readonly ucsx?: UcsxStack;

  public constructor(scope: Construct, id: string, given: GenesysPlatformProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const props = propsOf(this, 'platform', given, '{ domain: "example.com", peers: { tenantService, iwd } }');
    hookSynth(this.node.root);
    ClusterBoundary.mark(this);
    if (props.clusterNetworks !== undefined) ClusterNetworks.declare(this, props.clusterNetworks);
    const enabled = { wwe: true, gws: true, nexus: true, ucsx: true, ...(props.services ?? {}) };
    // the location names the region's folder; GWS checks it (it also names hosts) when it runs
    if (props.location !== undefined && !enabled.gws) new Check(this, 'platform').dnsLabel('location', props.location);
    this.location = props.location;
    const ns = { wwe: 'wwe', gws: 'gws', nexus: 'nexus', ucsx: 'ucsx', ...(props.namespaces ?? {}) };
    const common = commonProps(props);
    const peers = this.peers(props, enabled, ns);
    const p = props.peers ?? {};
    // the documented default Prometheus, given explicitly: UcsxStack asks for one when monitoring is on
    const monitoring = { prometheus: props.prometheus ?? Peer.prometheus(), monitoring: props.monitoring };
    if (enabled.gws) {
      this.gws = new GwsCluster(this, 'gws', {
        ...(props.gws ?? {}),
        ...common,
        namespace: ns.gws,
        authService: peers.auth,
        tenantService: p.tenantService,
        voicemail: p.voicemail ?? GenesysPeers.voicemail(),
        iwd: p.iwd,
        digitalChannels: peers.digitalChannels,
        universalContactService: peers.ucs,
      });
    }
    if (enabled.nexus) {
      this.nexus = new NexusService(this, 'nexus', {
        ...(props.nexus ?? {}),
        ...common,
        ...monitoring,
        namespace: ns.nexus,
        designer: p.designer ?? GenesysPeers.designer(),
        tenantService: p.tenantService ?? GenesysPeers.tenantServiceCaller(),
        cxContact: p.cxContact ?? GenesysPeers.cxContact(),
        gws: peers.gwsProxy,
        universalContactService: peers.ucs,
      });
    }
    if (enabled.ucsx) {
      this.ucsx = new UcsxStack(this, 'ucsx', {
        ...(props.ucsx ?? {}),
        ...common,
        ...monitoring,
        namespace: ns.ucsx,
        authService: peers.auth,
        iwd: p.iwd ?? GenesysPeers.iwdCaller(),
        digitalChannels: peers.digitalChannels,
        gwsWorkspace: peers.gwsWorkspace,
      });
    }
    if (enabled.wwe) {
      // URLs the user did not give are derived by WWE from the domain (one message if it is wrong)
      const urls = props.publicUrls ?? {};
      this.wwe = new WwNginxStatic(this, 'wwe', {
        ...(props.wwe ?? {}),
        ...common,
        namespace: ns.wwe,
        authUrl: urls.auth,
        webrtcUrl: urls.webrtc,
        telemetryUrl: urls.telemetry,
        gwsUrl: this.gws?.publicUrl,
        digitalChannelsUrl: this.nexus?.host ? this.nexus.url : undefined,
      });
    }
  }

  /** The shared peers, declared once: GAuth, and the typed peers of the four services in their namespaces. */
  private peers(props: GenesysPlatformProps, enabled: Required<PlatformServices>, ns: Required<PlatformNamespaces>) {
    const p = props.peers ?? {};
    // bound to the real workloads at synth when the service runs here
    return {
      auth: p.authService ?? GenesysPeers.authService(),
      digitalChannels: this.peerOf(enabled.nexus, p.digitalChannels, () => GenesysPeers.digitalChannels({ namespace: ns.nexus })),
      ucs: this.peerOf(enabled.ucsx, p.universalContactService, () => GenesysPeers.universalContactService({ namespace: ns.ucsx })),
      gwsProxy: this.peerOf(enabled.gws, p.gwsServiceProxy, () => GenesysPeers.gwsServiceProxy({ namespace: ns.gws })),
      gwsWorkspace: this.peerOf(enabled.gws, p.gwsWorkspace, () => GenesysPeers.gwsWorkspace({ namespace: ns.gws })),
    };
  }

  /** The peer of one of the four services: its workloads here when it runs, else the given or default typed peer. */
  private peerOf(runsHere: boolean, given: Peer | undefined, typed: () => Peer): Peer {
    return runsHere ? typed() : given ?? typed();
  }

  /**
   * The chart's manifests. Inside the app's synth() only this chart's objects are serialized (the
   * app is already validated, its dependencies resolved); elsewhere the same as `Chart.toJson()`.
   */
  public toJson(): any[] {
    if (!synthesizing.has(this.node.root)) return super.toJson();
    return new DependencyGraph(this.node).topology()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === this)
      .map((o) => o.toJson());
  }
}
