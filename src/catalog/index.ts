export * from './model';
export * from './components';
export { ConnectionCatalog } from './catalog';
export * from './stores';
export { GWS_SERVICE_PORT, GWS_POD_PORT, UCSX_API_PORT, UCSX_METRICS_PORT } from './rows';
