export * from './props';
export { GwsEnvironment } from './environment';
export { GwsCluster } from './cluster';
