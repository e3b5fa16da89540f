// The package's surface: the constructs and their props, the typed peers, the catalog as data, the
// verifier and PlatformSynth. Each folder's index.ts is what the other folders use; some of it (CIDR
// arithmetic, reference formats, the catalog's port tables, default locations) stays internal here.
export { Labels, Annotations, IngressControllerPeerProps, PrometheusPeerProps } from './shared';
export {
  GenesysService, Classification, Direction, PeerLocation, EndKind, PeerKindId, ConnectionEnd, CatalogConnection, ComponentGroup,
  ServiceTable, CatalogExtension, ComponentIds, ConnectionCatalog, CatalogExtensions,
} from './catalog';
export * from './core';
export * from './kit';
export * from './wwe';
export * from './gws';
export * from './nexus';
export * from './ucsx';
export * from './verify';
export * from './report';
export * from './platform';
