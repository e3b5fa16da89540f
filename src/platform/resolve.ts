import { GenesysPlatformProps, PlatformNamespaces, PlatformPeers, PlatformPublicUrls, PlatformServices } from './props';
import { CLUSTER_NETWORKS_SHAPE } from '../core/cluster';
import { ENTRY_POINTS } from '../core/entry-target';
import { Fields, flag, Input, shape, Spec } from '../core/input';
import { namespaceName } from '../core/namespace';
import { PEER } from '../core/peer-spec';
import { GWS_OPTION_FIELDS } from '../gws/specs';
import { COMMON_FIELDS, CommonModel, ServiceContext, withContext } from '../kit/internal';
import { NEXUS_OPTION_FIELDS } from '../nexus/nexus-service';
import { UCSX_OPTION_FIELDS } from '../ucsx/specs';
import { httpsUrl, WWE_OPTION_FIELDS } from '../wwe/ww-nginx-static';

/**
 * Where a service's fields come from when the platform sets them itself: the platform's own path.
 * A user who sets one of them inside the service's options is told to set it on the platform.
 */
export const PLATFORM_OWNED: { readonly [service: string]: { readonly [field: string]: string } } = {
  wwe: { authUrl: 'publicUrls.auth', webrtcUrl: 'publicUrls.webrtc', telemetryUrl: 'publicUrls.telemetry' },
  gws: {
    authService: 'peers.authService',
    tenantService: 'peers.tenantService',
    voicemail: 'peers.voicemail',
    iwd: 'peers.iwd',
    digitalChannels: 'peers.digitalChannels',
    universalContactService: 'peers.universalContactService',
  },
  nexus: {
    prometheus: 'prometheus',
    monitoring: 'monitoring',
    designer: 'peers.designer',
    tenantService: 'peers.tenantService',
    cxContact: 'peers.cxContact',
    gws: 'peers.gwsServiceProxy',
    universalContactService: 'peers.universalContactService',
  },
  ucsx: {
    prometheus: 'prometheus',
    monitoring: 'monitoring',
    authService: 'peers.authService',
    iwd: 'peers.iwd',
    digitalChannels: 'peers.digitalChannels',
    gwsWorkspace: 'peers.gwsWorkspace',
  },
};

/** A service's options inside the platform: its own fields, and the platform's fields refused with where they belong. */
function serviceOptions<T>(service: string, fields: Fields<T>, example: string): Spec<T> {
  const owned = PLATFORM_OWNED[service];
  const refused: { [field: string]: Spec<unknown> } = {};
  for (const [field, platformPath] of Object.entries(owned)) {
    const base = (fields as { [key: string]: Spec<unknown> })[field];
    refused[field] = Object.assign((input: Input, value: unknown) => {
      if (value !== undefined) input.fail(`is set by the platform (give ${platformPath} on the platform instead)`);
      return undefined;
    }, { kind: base.kind });
  }
  return shape<T>(`${service} options`, { ...fields, ...refused } as Fields<T>, example);
}

const flags = <T>(what: string, keys: Array<keyof T>) => shape<T>(what, Object.fromEntries(keys.map((k) => [k, flag])) as unknown as Fields<T>, '{ gws: false }');

/** How `GenesysPlatformProps` is read. */
export const PLATFORM_FIELDS: Fields<GenesysPlatformProps> = {
  ...COMMON_FIELDS,
  entryPoints: ENTRY_POINTS,
  services: flags<PlatformServices>('services', ['wwe', 'gws', 'nexus', 'ucsx']),
  namespaces: shape<PlatformNamespaces>('namespaces', { wwe: namespaceName, gws: namespaceName, nexus: namespaceName, ucsx: namespaceName }, '{ gws: "genesys-gws" }'),
  clusterNetworks: CLUSTER_NETWORKS_SHAPE,
  prometheus: PEER,
  monitoring: flag,
  peers: shape<PlatformPeers>('peers', {
    authService: PEER,
    tenantService: PEER,
    voicemail: PEER,
    iwd: PEER,
    designer: PEER,
    cxContact: PEER,
    digitalChannels: PEER,
    universalContactService: PEER,
    gwsServiceProxy: PEER,
    gwsWorkspace: PEER,
  }, '{ tenantService: GenesysPeers.tenantService({ port: 8080 }) }'),
  publicUrls: shape<PlatformPublicUrls>('publicUrls', { auth: httpsUrl, webrtc: httpsUrl, telemetry: httpsUrl }, '{ auth: "https://gauth.example.com" }'),
  wwe: serviceOptions('wwe', WWE_OPTION_FIELDS, '{ host: "wwe.example.com" }'),
  gws: serviceOptions('gws', GWS_OPTION_FIELDS, '{ postgres: { external } }'),
  nexus: serviceOptions('nexus', NEXUS_OPTION_FIELDS, '{ redis: { external } }'),
  ucsx: serviceOptions('ucsx', UCSX_OPTION_FIELDS, '{ fileStorage }'),
};

/**
 * The props a platform passes one of its services: the service's options as the platform read them,
 * plus the fields the platform sets, with the context that says where each is in the platform's props.
 */
export function serviceProps<T extends object>(root: Input, common: CommonModel, missingStores: string[], service: string,
  options: object | undefined, set: { [field: string]: unknown }): T {
  const aliases: { [field: string]: string } = { ...PLATFORM_OWNED[service], namespace: `namespaces.${service}` };
  for (const field of Object.keys(COMMON_FIELDS)) aliases[field] = field;
  const context: ServiceContext = { input: root.under(service).withAliases(aliases), common, missingStores };
  return withContext({ ...(options ?? {}), ...set } as T, context);
}
