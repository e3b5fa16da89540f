import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterNetworks, Peer } from '../core';
import { dnsLabel } from '../core/checks';
import { ClusterBoundary } from '../core/cluster';
import { Input, propsObject, shape } from '../core/input';
import { GwsCluster, GwsClusterProps } from '../gws';
import { GenesysPeers } from '../kit';
import { missingStoresMessage, resolveCommon } from '../kit/internal';
import { NexusService, NexusServiceProps } from '../nexus';
import { UcsxStack, UcsxStackProps } from '../ucsx';
import { WwNginxStatic, WwNginxStaticProps } from '../wwe';
import { attachFastSynth } from './fast-synth';
import { GenesysPlatformProps, PlatformNamespaces, PlatformServices } from './props';
import { PLATFORM_FIELDS, serviceProps } from './resolve';

const PLATFORM_SHAPE = shape<GenesysPlatformProps>('the platform props', PLATFORM_FIELDS, '{ domain: "example.com", peers: { tenantService, iwd } }');
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
    // inside the app's synth() the platform serializes only its own objects (see fast-synth.ts)
    attachFastSynth(this);
    ClusterBoundary.mark(this);
    const root = Input.root(this);
    const raw = propsObject<GenesysPlatformProps>(root, given, 'the platform props', '{ domain: "example.com", peers: { tenantService, iwd } }');
    const props = (raw && PLATFORM_SHAPE(root, raw)) ?? ({} as GenesysPlatformProps);
    if (raw !== undefined && props.domain === undefined && !root.at('domain').failedAround) {
      root.at('domain').fail('is missing (give the DNS domain of the public hosts, e.g. "example.com")');
    }
    if (props.clusterNetworks !== undefined) ClusterNetworks.declare(this, props.clusterNetworks);
    const enabled = { wwe: true, gws: true, nexus: true, ucsx: true, ...(props.services ?? {}) };
    // the location names the region's folder; GWS checks it (it also names hosts) when it runs
    if (props.location !== undefined && !enabled.gws) dnsLabel()(root.at('location'), props.location);
    this.location = props.location;
    const ns = { wwe: 'wwe', gws: 'gws', nexus: 'nexus', ucsx: 'ucsx', ...(props.namespaces ?? {}) };
    const common = resolveCommon(root, props, props.entryPoints);
    const missingStores: string[] = [];
    this.node.addValidation({ validate: () => (missingStores.length > 0 ? [missingStoresMessage(missingStores)] : []) });
    const forService = <T extends object>(service: string, options: object | undefined, set: { [field: string]: unknown }) =>
      serviceProps<T>(root, common, missingStores, service, options, set);
    const set = this.serviceFields(props, enabled, ns);
    if (enabled.gws) this.gws = new GwsCluster(this, 'gws', forService<GwsClusterProps>('gws', props.gws, set.gws));
    if (enabled.nexus) this.nexus = new NexusService(this, 'nexus', forService<NexusServiceProps>('nexus', props.nexus, set.nexus));
    if (enabled.ucsx) this.ucsx = new UcsxStack(this, 'ucsx', forService<UcsxStackProps>('ucsx', props.ucsx, set.ucsx));
    if (enabled.wwe) {
      // URLs the user did not give are derived by WWE from the domain
      const urls = props.publicUrls ?? {};
      const wwe = props.wwe ?? {};
      this.wwe = new WwNginxStatic(this, 'wwe', forService<WwNginxStaticProps>('wwe', wwe, {
        namespace: ns.wwe,
        authUrl: urls.auth,
        webrtcUrl: urls.webrtc,
        telemetryUrl: urls.telemetry,
        gwsUrl: this.gws?.publicUrl ?? wwe.gwsUrl,
        digitalChannelsUrl: (this.nexus?.host ? this.nexus.url : undefined) ?? wwe.digitalChannelsUrl,
      }));
    }
  }

  /**
   * What the platform sets on each service: its namespace, the shared peers (declared once: GAuth,
   * the typed peers of the four services in their namespaces, bound to the real workloads at synth
   * when the service runs here), monitoring.
   */
  private serviceFields(props: GenesysPlatformProps, enabled: Required<PlatformServices>, ns: Required<PlatformNamespaces>) {
    const p = props.peers ?? {};
    const auth = p.authService ?? GenesysPeers.authService();
    const digitalChannels = this.peerOf(enabled.nexus, p.digitalChannels, () => GenesysPeers.digitalChannels({ namespace: ns.nexus }));
    const ucs = this.peerOf(enabled.ucsx, p.universalContactService, () => GenesysPeers.universalContactService({ namespace: ns.ucsx }));
    const gwsProxy = this.peerOf(enabled.gws, p.gwsServiceProxy, () => GenesysPeers.gwsServiceProxy({ namespace: ns.gws }));
    const gwsWorkspace = this.peerOf(enabled.gws, p.gwsWorkspace, () => GenesysPeers.gwsWorkspace({ namespace: ns.gws }));
    // the documented default Prometheus, given explicitly: UcsxStack asks for one when monitoring is on
    const monitoring = { prometheus: props.prometheus ?? Peer.prometheus(), monitoring: props.monitoring };
    return {
      gws: {
        namespace: ns.gws,
        authService: auth,
        tenantService: p.tenantService,
        voicemail: p.voicemail ?? GenesysPeers.voicemail(),
        iwd: p.iwd,
        digitalChannels,
        universalContactService: ucs,
      },
      nexus: {
        ...monitoring,
        namespace: ns.nexus,
        designer: p.designer ?? GenesysPeers.designer(),
        tenantService: p.tenantService ?? GenesysPeers.tenantServiceCaller(),
        cxContact: p.cxContact ?? GenesysPeers.cxContact(),
        gws: gwsProxy,
        universalContactService: ucs,
      },
      ucsx: { ...monitoring, namespace: ns.ucsx, authService: auth, iwd: p.iwd ?? GenesysPeers.iwdCaller(), digitalChannels, gwsWorkspace },
    };
  }

  /** The peer of one of the four services: its workloads here when it runs, else the given or default typed peer. */
  private peerOf(runsHere: boolean, given: Peer | undefined, typed: () => Peer): Peer {
    return runsHere ? typed() : given ?? typed();
  }
}
