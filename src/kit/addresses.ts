import { Connection, DataStore, HardenedWorkload } from '../core';
import { ServiceKit } from './service';
import { Address } from './wiring';

/** Configuration keys of one store in a service's environment; a key left out is not written. */
export interface StoreKeys {
  /** Key of the host. @default - not written */
  readonly host?: string;
  /** Key of the port. @default - not written */
  readonly port?: string;
  /** Key of the store's URL (`postgresql://`, `redis://` or `rediss://`, `http://` or `https://`). @default - not written */
  readonly url?: string;
  /** Key of the TLS flag (`true`/`false`). @default - not written */
  readonly tls?: string;
  /** Key of the database name. @default - not written */
  readonly database?: string;
  /** Key of the user name, when the store has one. @default - not written */
  readonly user?: string;
  /** Key of the password, from the store's Secret reference. @default - not written */
  readonly password?: string;
}

/** The address as one URL value (`http://host:port` plus a path). */
export function envUrl(kit: ServiceKit, key: string, path = ''): Address {
  return (source: HardenedWorkload, c: Connection) => kit.env(source, key, `${c.url()}${path}`);
}

/** The address of a store: host, port, URL, TLS, database, user and password keys, as `keys` names them. */
export function storeAddress(kit: ServiceKit, store: DataStore, keys: StoreKeys, database?: (source: HardenedWorkload) => string): Address {
  return (source: HardenedWorkload, c: Connection) => {
    const e = c.endpoint;
    const values: Array<[string | undefined, string | undefined]> = [
      [keys.host, e.host],
      [keys.port, String(e.port)],
      [keys.url, `${store.scheme}://${e.host}:${e.port}`],
      [keys.tls, String(store.tls)],
      [keys.database, database ? database(source) : store.database],
      [keys.user, store.username],
    ];
    for (const [key, value] of values) {
      if (key !== undefined && value !== undefined && value !== '') kit.env(source, key, value);
    }
    if (keys.password !== undefined) kit.secretEnv(source, keys.password, store.credentials);
  };
}
