/** The DNS suffix of Services in the cluster. */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** The in-cluster DNS name of a Service: `<service>.<namespace>.svc.cluster.local`. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** Orders text by code point, the same on every machine (unlike localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The name of a data store's port, by engine (`postgres`, `redis`, `elasticsearch`, `consul`):
 * the engine's name, except Elasticsearch's HTTP API (`http`). Catalog rows and stores share it.
 */
export function storePortName(engine: string): string {
  return engine === 'elasticsearch' ? 'http' : engine;
}
