import { ComponentIds as C } from './components';
import { componentEnd, peerEnd } from './ends';
import { CatalogExtension, GenesysService, PeerKindId as P } from './model';


const EXTENSIONS: CatalogExtension[] = [
  {
    ref: 'ext:nexus-metrics',
    service: GenesysService.NEXUS,
    source: peerEnd(P.PROMETHEUS, 'Prometheus'),
    destination: componentEnd(C.NEXUS, 'Digital Channels'),
    protocol: 'HTTP',
    portName: 'metrics',
    servicePort: 4004,
    podPort: 4004,
    option: 'NexusService monitoring',
    reason: 'Genesys documents Digital Channels metrics on port 4004, path /metrics (observability page), but no architecture row: Prometheus is let in only with monitoring on',
  },
  {
    ref: 'ext:ucsx-public-api',
    service: GenesysService.UCSX,
    source: peerEnd(P.INGRESS_CONTROLLER, 'Ingress controller (public)'),
    destination: componentEnd(C.UCSX, 'Universal Contact Service'),
    protocol: 'HTTP',
    portName: 'http',
    option: 'UcsxStack publicApi',
    reason: 'Genesys\' sample deployment routes ucsx.<domain> (/ucs/v3/, /ucs/v10/) to the UCS-X API, but no architecture row documents public access to UCS-X: off unless publicApi is set',
  },
  {
    ref: 'ext:ucsx-config-api',
    service: GenesysService.UCSX,
    source: peerEnd(P.INGRESS_CONTROLLER, 'Ingress controller (public)'),
    destination: componentEnd(C.UCSX, 'Universal Contact Service'),
    protocol: 'HTTP',
    portName: 'config',
    servicePort: 8500,
    podPort: 8500,
    option: 'UcsxStack publicApi.configurationApi',
    reason: 'the administrative configuration API (Genesys sample: /ucs/v3/config to port 8500): published only with a second opt-in besides publicApi',
  },
  {
    ref: 'ext:ucsx-internal-api',
    service: GenesysService.UCSX,
    source: peerEnd(P.INGRESS_CONTROLLER, 'Ingress controller (internal)'),
    destination: componentEnd(C.UCSX, 'Universal Contact Service'),
    protocol: 'HTTP',
    portName: 'http',
    option: 'UcsxStack internalApi',
    reason: 'an internal entry point to the UCS-X API with cookie affinity for CometD long polling; no architecture row documents it: off unless internalApi is set',
  },
];

/**
 * The declared extensions: openings that options add beyond the documentation's tables, each with its
 * id (`ext:<id>`), the option that turns it on and the reason. Users declare their own through
 * `Connection.declare` with an `ext:` reference and a reason.
 */
export class CatalogExtensions {
  /** Every built-in extension. */
  public static all(): CatalogExtension[] {
    return [...EXTENSIONS];
  }

  /** One extension by reference; throws for an unknown one. */
  public static get(ref: string): CatalogExtension {
    const found = EXTENSIONS.find((e) => e.ref === ref);
    if (!found) throw new Error(`catalog: no extension ${JSON.stringify(ref)} (extensions: ${EXTENSIONS.map((e) => e.ref).join(', ')})`);
    return found;
  }

  /** True when the reference is a built-in extension. */
  public static has(ref: string): boolean {
    return EXTENSIONS.some((e) => e.ref === ref);
  }

  private constructor() {}
}
