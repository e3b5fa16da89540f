export * from './model';
export * from './components';
export { ConnectionCatalog } from './catalog';
