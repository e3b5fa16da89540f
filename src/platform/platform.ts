import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterBoundary, DnsOptions, Peer, PodSettings } from '../core';
import { Check } from '../core/errors';
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

  public constructor(scope: Construct, id: string, props: GenesysPlatformProps) {
    super(scope, id, { disableResourceNameHashes: true });
    hookSynth(this.node.root);
    ClusterBoundary.mark(this);
    const check = new Check(this, 'platform');
    check.dnsName('domain', props.domain);
    if (props.location !== undefined) check.dnsLabel('location', props.location);
    this.location = props.location;
    const enabled = { wwe: true, gws: true, nexus: true, ucsx: true, ...(props.services ?? {}) };
    const ns = { wwe: 'wwe', gws: 'gws', nexus: 'nexus', ucsx: 'ucsx', ...(props.namespaces ?? {}) };
    const peers = props.peers ?? {};
    const common: GenesysServiceProps = {
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
    const authService = peers.authService ?? GenesysPeers.authService();
    // Typed peers of the four services in their namespaces: bound to the real workloads at synth
    // when the service runs here.
    const digitalChannels = this.peerOf(enabled.nexus, peers.digitalChannels, () => GenesysPeers.digitalChannels({ namespace: ns.nexus }));
    const ucs = this.peerOf(enabled.ucsx, peers.universalContactService, () => GenesysPeers.universalContactService({ namespace: ns.ucsx }));
    const gwsProxy = this.peerOf(enabled.gws, peers.gwsServiceProxy, () => GenesysPeers.gwsServiceProxy({ namespace: ns.gws }));
    const gwsWorkspace = this.peerOf(enabled.gws, peers.gwsWorkspace, () => GenesysPeers.gwsWorkspace({ namespace: ns.gws }));

    if (enabled.gws) {
      this.gws = new GwsCluster(this, 'gws', {
        ...(props.gws ?? {}),
        ...common,
        namespace: ns.gws,
        authService,
        tenantService: peers.tenantService,
        voicemail: peers.voicemail ?? GenesysPeers.voicemail(),
        iwd: peers.iwd,
        digitalChannels,
        universalContactService: ucs,
      });
    }
    if (enabled.nexus) {
      this.nexus = new NexusService(this, 'nexus', {
        ...(props.nexus ?? {}),
        ...common,
        namespace: ns.nexus,
        prometheus: props.prometheus,
        monitoring: props.monitoring,
        designer: peers.designer ?? GenesysPeers.designer(),
        tenantService: peers.tenantService ?? GenesysPeers.tenantServiceCaller(),
        cxContact: peers.cxContact ?? GenesysPeers.cxContact(),
        gws: gwsProxy,
        universalContactService: ucs,
      });
    }
    if (enabled.ucsx) {
      this.ucsx = new UcsxStack(this, 'ucsx', {
        ...(props.ucsx ?? {}),
        ...common,
        namespace: ns.ucsx,
        prometheus: props.prometheus,
        monitoring: props.monitoring,
        authService,
        iwd: peers.iwd ?? GenesysPeers.iwdCaller(),
        digitalChannels,
        gwsWorkspace,
      });
    }
    if (enabled.wwe) {
      const urls = props.publicUrls ?? {};
      this.wwe = new WwNginxStatic(this, 'wwe', {
        ...(props.wwe ?? {}),
        ...common,
        namespace: ns.wwe,
        authUrl: urls.auth ?? `https://gauth.${props.domain}`,
        webrtcUrl: urls.webrtc ?? `https://webrtc.${props.domain}`,
        telemetryUrl: urls.telemetry ?? `https://telemetry.${props.domain}`,
        gwsUrl: this.gws?.publicUrl ?? `https://gws.${props.domain}`,
        digitalChannelsUrl: this.nexus?.url ?? `https://digital.${props.domain}`,
      });
    }
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
