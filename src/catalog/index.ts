export * from './model';
export * from './components';
export { ConnectionCatalog } from './catalog';
export * from './stores';
export { CatalogPorts } from './ports';
export { GenesysPeerServices } from './peers';
export { CatalogExtensions } from './extensions';
