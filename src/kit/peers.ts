import { CatalogPorts, ComponentIds, ConnectionCatalog, GenesysPeerServices, PeerKindId } from '../catalog';
import { Peer, WorkloadPort } from '../core';
import { Labels } from '../shared';

/** Where another Genesys service runs in the cluster, and the port our workloads dial. */
export interface GenesysPeerOptions {
  /**
   * Namespace of its pods.
   * @default - the service's usual namespace (see each factory)
   */
  readonly namespace?: string;
  /**
   * Labels that select its pods.
   * @default - `app.kubernetes.io/name: <service name>` (see each factory)
   */
  readonly labels?: { [key: string]: string };
  /**
   * The Service port our workloads dial.
   * @default - the port the catalog rows dial (see each factory)
   */
  readonly port?: number;
  /**
   * The pod port behind it (NetworkPolicies name this one).
   * @default - the catalog's, else same as `port`
   */
  readonly targetPort?: number;
  /**
   * Name of its Service.
   * @default - the service's usual Service name (see each factory)
   */
  readonly serviceName?: string;
}

/** A Genesys service whose port Genesys does not document: the port is required. */
export interface GenesysPeerWithPortOptions {
  /** The Service port our workloads dial (the documentation says "depends on your ..."). */
  readonly port: number;
  /**
   * The pod port behind it.
   * @default - same as `port`
   */
  readonly targetPort?: number;
  /**
   * Namespace of its pods.
   * @default - the service's usual namespace (see each factory)
   */
  readonly namespace?: string;
  /**
   * Labels that select its pods.
   * @default - `app.kubernetes.io/name: <service name>`
   */
  readonly labels?: { [key: string]: string };
  /**
   * Name of its Service.
   * @default - the service's usual Service name
   */
  readonly serviceName?: string;
}

/** Name of the port of a Genesys peer our workloads dial. */
export const PEER_PORT = 'http';

/** A Genesys service outside the constructs, with the defaults of the catalog's peer table. */
function peerService(kind: PeerKindId, o: GenesysPeerOptions, dialled: boolean): Peer {
  const d = GenesysPeerServices.get(kind);
  const row = CatalogPorts.ofPeer(kind).find((p) => p.name === PEER_PORT);
  const port = o.port ?? row?.servicePort;
  const ports: WorkloadPort[] = dialled && port !== undefined
    ? [{ name: PEER_PORT, port, targetPort: o.targetPort ?? (o.port === undefined ? row?.podPort : undefined), appProtocol: 'http' }]
    : [];
  return Peer.inCluster({
    name: d.name,
    namespace: o.namespace ?? d.namespace,
    labels: o.labels ?? { [Labels.NAME]: d.name },
    serviceName: o.serviceName ?? d.serviceName,
    ports,
  });
}

/** A component of one of the four services seen from another: canonical labels, ports from the catalog. */
function component(id: string, o: GenesysPeerOptions): Peer {
  const service = ConnectionCatalog.serviceOfComponent(id)!;
  const ports = CatalogPorts.ofComponent(id).filter((p) => p.name !== 'metrics').map((p): WorkloadPort => {
    const http = p.name === PEER_PORT;
    return {
      name: p.name,
      port: (http ? o.port : undefined) ?? p.servicePort!,
      targetPort: (http ? o.targetPort : undefined) ?? (http && o.port !== undefined ? undefined : p.podPort),
      appProtocol: 'http',
    };
  });
  return Peer.inCluster({
    name: id,
    namespace: o.namespace ?? service,
    labels: o.labels ?? Labels.selector(id, service),
    serviceName: o.serviceName ?? id,
    ports,
  });
}

/**
 * Typed peers for the Genesys services this library does not build (GAuth, Tenant Service,
 * Voicemail, IWD, Designer, CX Contact) and for the four it does, as seen from another service
 * (namespace + canonical labels + ports). Defaults come from the catalog: where each runs
 * (`GenesysPeerServices`) and the ports its rows dial (`CatalogPorts`). When the real workload is
 * in the same app, a connection to such a peer is bound to it at synth and both sides are written.
 */
export class GenesysPeers {
  /** Genesys Authentication Service. Defaults: namespace `gauth`, Service `gauth-auth`, port 80 (gws#11). */
  public static authService(options: GenesysPeerOptions = {}): Peer {
    return peerService(PeerKindId.AUTH_SERVICE, options, true);
  }

  /** Tenant Service; its port is not documented, so it is required. Defaults: namespace `voice`, `app.kubernetes.io/name: tenant`. */
  public static tenantService(options: GenesysPeerWithPortOptions): Peer {
    return peerService(PeerKindId.TENANT_SERVICE, options ?? ({} as GenesysPeerWithPortOptions), true);
  }

  /** Tenant Service as a caller only (no port needed), e.g. for Digital Channels row 5. */
  public static tenantServiceCaller(options: GenesysPeerOptions = {}): Peer {
    return peerService(PeerKindId.TENANT_SERVICE, options, false);
  }

  /** Voicemail Service. Defaults: namespace `voice`, Service `voice-voicemail-service`, port 8081 (gws#17). */
  public static voicemail(options: GenesysPeerOptions = {}): Peer {
    return peerService(PeerKindId.VOICEMAIL, options, true);
  }

  /** Intelligent Workload Distribution; its port is not documented, so it is required. Defaults: namespace `iwd`, `app.kubernetes.io/name: iwd`. */
  public static iwd(options: GenesysPeerWithPortOptions): Peer {
    return peerService(PeerKindId.IWD, options ?? ({} as GenesysPeerWithPortOptions), true);
  }

  /** IWD as a caller only (UCS rows 8 and 14). Defaults: namespace `iwd`, `app.kubernetes.io/name: iwd`. */
  public static iwdCaller(options: GenesysPeerOptions = {}): Peer {
    return peerService(PeerKindId.IWD, options, false);
  }

  /** Designer, a caller of Digital Channels. Defaults: namespace `designer`, `app.kubernetes.io/name: designer`. */
  public static designer(options: GenesysPeerOptions = {}): Peer {
    return peerService(PeerKindId.DESIGNER, options, false);
  }

  /** CX Contact, a caller of Digital Channels. Defaults: namespace `cxc`, `app.kubernetes.io/name: cxc`. */
  public static cxContact(options: GenesysPeerOptions = {}): Peer {
    return peerService(PeerKindId.CX_CONTACT, options, false);
  }

  /** The GWS service proxy (`gws-service-proxy`), port `http` as nexus#7 dials it (80 to pod 8080). Default namespace `gws`. */
  public static gwsServiceProxy(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.GWS_SERVICE_PROXY, options);
  }

  /** The GWS Workspace Service (`gws-app-workspace`), port `http` (80 to pod 8080). Default namespace `gws`. */
  public static gwsWorkspace(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.GWS_APP_WORKSPACE, options);
  }

  /** Digital Channels (`nexus`), port `http` (80 to pod 8080). Default namespace `nexus`. */
  public static digitalChannels(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.NEXUS, options);
  }

  /**
   * Universal Contact Service (`ucsx`): port `http` 8080 (the API) and `http-80` 80, both to pod
   * 8080 (the decision on DC row 8 / UCS row 15). Default namespace `ucsx`.
   */
  public static universalContactService(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.UCSX, options);
  }

  private constructor() {}
}
