// The list-map keys the API server enforces, shared by the rules of api-server.ts, and the table of
// the custom resources' keyed lists (their CRDs' x-kubernetes-list-map-keys). Internal.

import { groupOf } from './objects';

/** Reports a problem of the object at a path. */
export type Fail = (message: string, at?: string) => void;

export function isObject(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function show(value: any): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Fails every entry of a list whose key an earlier entry already has, as the API server refuses
 * it: `<list>: duplicate entries for key [port=5432,protocol="TCP"]`.
 * @param keyOf the key of an entry, as `[field, value]` pairs; undefined to ignore the entry
 */
export function unique(list: any, at: string, keyOf: (item: any) => Array<[string, any]> | undefined, fix: string, fail: Fail): void {
  if (!Array.isArray(list)) return;
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const key = isObject(item) ? keyOf(item) : undefined;
    if (!key) return;
    const text = `[${key.map(([k, v]) => `${k}=${show(v)}`).join(',')}]`;
    const first = seen.get(text);
    if (first === undefined) {
      seen.set(text, i);
      return;
    }
    fail(`${at}: duplicate entries for key ${text} (entries ${first} and ${i}); the API server refuses the object: ${fix}`, `${at}[${i}]`);
  });
}

export const byName = (item: any): Array<[string, any]> | undefined => (item.name === undefined ? undefined : [['name', item.name]]);

// ---------------------------------------------------------------------------------------------
// List-map keys of the custom resources the library writes (their CRDs' x-kubernetes-list-map-keys,
// spec only: the library writes no status). A test compares this table with the CRDs.

/** One keyed list of a custom resource: its path (`[]` steps into list items) and its keys. */
export interface KeyedList {
  /** Path of the list from the object's root, e.g. `spec.listeners`. */
  readonly path: string;
  /** The fields that identify an item (empty: the items themselves form a set). */
  readonly keys: string[];
}

const HEADER_MODIFIERS = ['requestHeaderModifier', 'responseHeaderModifier'].flatMap((m) => ['add', 'set'].map((op) => `${m}.${op}`));

/** Keyed lists of custom resources, by `group/kind`. */
export const CUSTOM_RESOURCE_LIST_KEYS: { [groupKind: string]: KeyedList[] } = {
  // ServiceMonitor (prometheus-operator CRD): no keyed list in spec
  'monitoring.coreos.com/ServiceMonitor': [],
  // Gateway API reference, Gateway: listeners by name; per-port frontend TLS by port
  'gateway.networking.k8s.io/Gateway': [
    { path: 'spec.listeners', keys: ['name'] },
    { path: 'spec.tls.frontend.perPort', keys: ['port'] },
  ],
  // Gateway API reference, ListenerSet: listeners by name
  'gateway.networking.k8s.io/ListenerSet': [{ path: 'spec.listeners', keys: ['name'] }],
  // Gateway API reference, HTTPRoute: header and query matches, header modifiers by name
  'gateway.networking.k8s.io/HTTPRoute': [
    { path: 'spec.rules[].matches[].headers', keys: ['name'] },
    { path: 'spec.rules[].matches[].queryParams', keys: ['name'] },
    ...HEADER_MODIFIERS.map((m) => ({ path: `spec.rules[].filters[].${m}`, keys: ['name'] })),
    ...HEADER_MODIFIERS.map((m) => ({ path: `spec.rules[].backendRefs[].filters[].${m}`, keys: ['name'] })),
  ],
  // Gateway API reference, GRPCRoute: header matches and header modifiers by name
  'gateway.networking.k8s.io/GRPCRoute': [
    { path: 'spec.rules[].matches[].headers', keys: ['name'] },
    ...HEADER_MODIFIERS.map((m) => ({ path: `spec.rules[].filters[].${m}`, keys: ['name'] })),
    ...HEADER_MODIFIERS.map((m) => ({ path: `spec.rules[].backendRefs[].filters[].${m}`, keys: ['name'] })),
  ],
  'gateway.networking.k8s.io/GatewayClass': [],
  'gateway.networking.k8s.io/ReferenceGrant': [],
  'gateway.networking.k8s.io/BackendTLSPolicy': [],
};

/** Every list at a path (`a.b[].c`) of a value, with its concrete path. */
function listsAt(value: any, path: string): Array<{ list: any[]; at: string }> {
  const out: Array<{ list: any[]; at: string }> = [];
  const steps = path.split('.');
  const walk = (current: any, i: number, at: string) => {
    if (current === undefined || current === null) return;
    if (i === steps.length) {
      if (Array.isArray(current)) out.push({ list: current, at });
      return;
    }
    const step = steps[i];
    const each = step.endsWith('[]');
    const field = each ? step.slice(0, -2) : step;
    const next = isObject(current) ? current[field] : undefined;
    const here = at === '' ? field : `${at}.${field}`;
    if (each) {
      if (Array.isArray(next)) next.forEach((item, j) => walk(item, i + 1, `${here}[${j}]`));
    } else {
      walk(next, i + 1, here);
    }
  };
  walk(value, 0, '');
  return out;
}

export function checkCustomResourceLists(object: any, fail: Fail): void {
  const lists = CUSTOM_RESOURCE_LIST_KEYS[`${groupOf(object.apiVersion)}/${object.kind}`];
  for (const { path, keys } of lists ?? []) {
    for (const { list, at } of listsAt(object, path)) {
      unique(list, at, (item) => (keys.every((k) => item[k] !== undefined) ? keys.map((k) => [k, item[k]]) : undefined),
        `give each entry its own ${keys.join(' and ')}`, fail);
    }
  }
}

