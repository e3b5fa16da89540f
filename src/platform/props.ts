import { ClusterNetworksProps, EntryPoints, Peer } from '../core';
import { GwsClusterOptions } from '../gws';
import { GenesysCommonProps } from '../kit';
import { NexusServiceOptions } from '../nexus';
import { UcsxStackOptions } from '../ucsx';
import { WwNginxStaticOptions } from '../wwe';

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

/**
 * Props of a platform (one cluster, one region): the common props every service takes (domain,
 * location, DNS, entry-point classes and controllers, registry, pod settings, development stores,
 * configuration names), given once, and the platform's own.
 */
export interface GenesysPlatformProps extends GenesysCommonProps {
  /**
   * How the entry points of every service are written: HTTPRoutes on Gateways (the default), or
   * Ingress objects; each service's `entryPoints` overrides it.
   * @default EntryPoints.gatewayApi()
   */
  readonly entryPoints?: EntryPoints;
  /** Services to run. @default - all four */
  readonly services?: PlatformServices;
  /** Namespaces. @default - `wwe`, `gws`, `nexus`, `ucsx` */
  readonly namespaces?: PlatformNamespaces;
  /**
   * The cluster's Pod and Service networks: external CIDR groups (stores, webhooks, aggregators,
   * file storage, Consul node agents) that overlap them are refused.
   * @default - not declared: overlaps are not checked
   */
  readonly clusterNetworks?: ClusterNetworksProps;
  /** Prometheus, which scrapes the metrics ports. @default Peer.prometheus() */
  readonly prometheus?: Peer;
  /** Write prometheus-operator ServiceMonitors. @default false */
  readonly monitoring?: boolean;
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
