import { GenesysPeerService, PeerKindId } from './model';

const CHART = 'the usual namespace, Service and labels of its Genesys Helm chart (library default; override per deployment)';

const PEERS: GenesysPeerService[] = [
  { kind: PeerKindId.AUTH_SERVICE, name: 'gauth-auth', namespace: 'gauth', serviceName: 'gauth-auth', origin: 'Genesys sample: Service gauth-auth on port 80 (GWS_SERVICE_AUTH_URL)' },
  { kind: PeerKindId.TENANT_SERVICE, name: 'tenant', namespace: 'voice', serviceName: 'tenant', origin: CHART },
  { kind: PeerKindId.VOICEMAIL, name: 'voice-voicemail', namespace: 'voice', serviceName: 'voice-voicemail-service', path: '/fs', origin: 'Genesys sample: GWS_SERVICE_VOICEMAIL_URL = http://voice-voicemail-service.voice.svc:8081/fs' },
  { kind: PeerKindId.IWD, name: 'iwd', namespace: 'iwd', serviceName: 'iwd', origin: CHART },
  { kind: PeerKindId.DESIGNER, name: 'designer', namespace: 'designer', serviceName: 'designer', origin: CHART },
  { kind: PeerKindId.CX_CONTACT, name: 'cxc', namespace: 'cxc', serviceName: 'cxc', origin: CHART },
];

/**
 * The Genesys services outside this library's constructs (GAuth, Tenant Service, Voicemail, IWD,
 * Designer, CX Contact): where each runs by default. Their ports are read from the rows that dial
 * them (`CatalogPorts.ofPeer`); a peer no row gives a port (Tenant Service, IWD) needs one from the user.
 */
export class GenesysPeerServices {
  /** Every known peer service. */
  public static all(): GenesysPeerService[] {
    return [...PEERS];
  }

  /** The defaults of one peer kind; throws for a kind that is not a Genesys service. */
  public static get(kind: string): GenesysPeerService {
    const found = PEERS.find((p) => p.kind === kind);
    if (!found) throw new Error(`catalog: ${JSON.stringify(kind)} is not a Genesys peer service (kinds: ${PEERS.map((p) => p.kind).join(', ')})`);
    return found;
  }

  private constructor() {}
}
