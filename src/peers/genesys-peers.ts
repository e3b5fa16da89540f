import { ComponentIds, GenesysService, UCSX_API_PORT } from '../catalog';
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
   * @default - the port Genesys documents (see each factory)
   */
  readonly port?: number;
  /**
   * The pod port behind it (NetworkPolicies name this one).
   * @default - same as `port`
   */
  readonly targetPort?: number;
  /**
   * Name of its Service.
   * @default - the service name (see each factory)
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
   * @default - the service name
   */
  readonly serviceName?: string;
}

/** Name of the port of a Genesys peer our workloads dial. */
export const PEER_PORT = 'http';

function make(name: string, namespace: string, o: GenesysPeerOptions, port: number | undefined, extraPorts: WorkloadPort[] = []): Peer {
  const ports: WorkloadPort[] = [];
  const p = o.port ?? port;
  if (p !== undefined) ports.push({ name: PEER_PORT, port: p, targetPort: o.targetPort });
  ports.push(...extraPorts);
  return Peer.inCluster({
    name,
    namespace: o.namespace ?? namespace,
    labels: o.labels ?? { [Labels.NAME]: name },
    serviceName: o.serviceName ?? name,
    ports,
  });
}

/**
 * Typed peers for the Genesys services this library does not build (GAuth, Tenant Service,
 * Voicemail, IWD, Designer, CX Contact) and for the four it does, as seen from another service
 * (namespace + canonical labels + ports). When the real workload is in the same app, a connection
 * to such a peer is bound to it at synth and both sides are written.
 */
export class GenesysPeers {
  /** Genesys Authentication Service. Defaults: namespace `gauth`, `app.kubernetes.io/name: gauth-auth`, port 80 (documented). */
  public static authService(options: GenesysPeerOptions = {}): Peer {
    return make('gauth-auth', 'gauth', options, 80);
  }

  /** Tenant Service; its port is not documented, so it is required. Defaults: namespace `voice`, `app.kubernetes.io/name: tenant`. */
  public static tenantService(options: GenesysPeerWithPortOptions): Peer {
    return make('tenant', 'voice', options, options.port);
  }

  /** Tenant Service as a caller only (no port needed), e.g. for Digital Channels row 5. */
  public static tenantServiceCaller(options: GenesysPeerOptions = {}): Peer {
    return make('tenant', 'voice', options, undefined);
  }

  /** Voicemail Service. Defaults: namespace `voice`, `app.kubernetes.io/name: voice-voicemail`, port 8081 (documented). */
  public static voicemail(options: GenesysPeerOptions = {}): Peer {
    return make('voice-voicemail', 'voice', options, 8081);
  }

  /** Intelligent Workload Distribution; its port is not documented, so it is required. Defaults: namespace `iwd`, `app.kubernetes.io/name: iwd`. */
  public static iwd(options: GenesysPeerWithPortOptions): Peer {
    return make('iwd', 'iwd', options, options.port);
  }

  /** IWD as a caller only (UCS rows 8 and 14). Defaults: namespace `iwd`, `app.kubernetes.io/name: iwd`. */
  public static iwdCaller(options: GenesysPeerOptions = {}): Peer {
    return make('iwd', 'iwd', options, undefined);
  }

  /** Designer, a caller of Digital Channels. Defaults: namespace `designer`, `app.kubernetes.io/name: designer`. */
  public static designer(options: GenesysPeerOptions = {}): Peer {
    return make('designer', 'designer', options, undefined);
  }

  /** CX Contact, a caller of Digital Channels. Defaults: namespace `cxc`, `app.kubernetes.io/name: cxc`. */
  public static cxContact(options: GenesysPeerOptions = {}): Peer {
    return make('cxc', 'cxc', options, undefined);
  }

  /** The GWS service proxy (`gws-service-proxy`), port 80 to pod 8080. Default namespace `gws`. */
  public static gwsServiceProxy(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.GWS_SERVICE_PROXY, GenesysService.GWS, options, 80, 8080);
  }

  /** The GWS Workspace Service (`gws-app-workspace`), port 80 to pod 8080. Default namespace `gws`. */
  public static gwsWorkspace(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.GWS_APP_WORKSPACE, GenesysService.GWS, options, 80, 8080);
  }

  /** Digital Channels (`nexus`), port 80 to pod 8080. Default namespace `nexus`. */
  public static digitalChannels(options: GenesysPeerOptions = {}): Peer {
    return component(ComponentIds.NEXUS, GenesysService.NEXUS, options, 80, 8080);
  }

  /**
   * Universal Contact Service (`ucsx`): port `http` 8080 (the API) and `http-80` 80, both to pod
   * 8080 (DESIGN decision on DC row 8 / UCS row 15). Default namespace `ucsx`.
   */
  public static universalContactService(options: GenesysPeerOptions = {}): Peer {
    const api = options.port ?? UCSX_API_PORT;
    const target = options.targetPort ?? UCSX_API_PORT;
    return Peer.inCluster({
      name: ComponentIds.UCSX,
      namespace: options.namespace ?? GenesysService.UCSX,
      labels: options.labels ?? Labels.selector(ComponentIds.UCSX, GenesysService.UCSX),
      serviceName: options.serviceName ?? ComponentIds.UCSX,
      ports: [
        { name: PEER_PORT, port: api, targetPort: target },
        { name: UCSX_LEGACY_PORT, port: 80, targetPort: target },
      ],
    });
  }

  /** Any other in-cluster caller (no port), e.g. a custom component. */
  public static caller(name: string, namespace: string, labels: { [key: string]: string }): Peer {
    return Peer.inCluster({ name, namespace, labels });
  }

  private constructor() {}
}

/** Name of the UCS-X Service port 80 (the port Digital Channels row 8 documents). */
export const UCSX_LEGACY_PORT = 'http-80';

function component(id: string, service: GenesysService, o: GenesysPeerOptions, port: number, targetPort: number): Peer {
  return Peer.inCluster({
    name: id,
    namespace: o.namespace ?? service,
    labels: o.labels ?? Labels.selector(id, service),
    serviceName: o.serviceName ?? id,
    ports: [{ name: PEER_PORT, port: o.port ?? port, targetPort: o.targetPort ?? targetPort }],
  });
}
