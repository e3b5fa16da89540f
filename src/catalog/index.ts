export * from './model';
export * from './components';
export { ConnectionCatalog } from './catalog';
export * from './stores';
