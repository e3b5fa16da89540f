// Reading Kubernetes objects as written (plain JSON): identity, API group, pod templates, ports,
// the implements annotation. Internal.
import { Annotations, compareText } from '../shared';

/** Where each workload kind keeps its pod template. */
export const POD_TEMPLATE_PATHS: { [kind: string]: string[] } = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `kind/namespace/name` of an object, for messages. */
export function describeObject(object: any): string {
  const kind = object?.kind ?? '<no kind>';
  const name = object?.metadata?.name ?? '<no name>';
  const ns = object?.metadata?.namespace;
  return ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
}

/** The identity of an object in a cluster: API group, kind, namespace, name. */
export function identityOf(object: any): string {
  return `${groupOf(object.apiVersion)}|${object.kind}|${object.metadata?.namespace ?? ''}|${object.metadata?.name ?? ''}`;
}

/** The first path where two values differ, or undefined when they are equal as data. */
export function firstDifference(a: any, b: any, at = ''): string | undefined {
  if (a === b) return undefined;
  const name = at === '' ? '(root)' : at;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return name;
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareText);
  for (const key of keys) {
    const d = firstDifference(a[key], b[key], at === '' ? key : `${at}.${key}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * The pod template of a Pod (its metadata and spec) or of a workload of `apps`, `batch` or the core
 * group (see `POD_TEMPLATE_PATHS`); undefined for any other object.
 */
export function podTemplateOf(object: any): any {
  if (object.kind === 'Pod' && groupOf(object.apiVersion) === '') return { metadata: object.metadata, spec: object.spec };
  const keys = POD_TEMPLATE_PATHS[object.kind];
  if (!keys || !['apps', 'batch', ''].includes(groupOf(object.apiVersion))) return undefined;
  let value = object;
  for (const k of keys) value = value?.[k];
  return value;
}

/** A map of strings from an object of any values (labels, selectors); empty when there is none. */
export function stringMap(value: any): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = String(v);
  }
  return out;
}

/** The protocol of a port as Kubernetes defaults it (TCP). */
export function protocolOf(value: any): string {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : 'TCP';
}

/** A port number written as a number or as a string of digits. */
export function asNumber(value: any): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The references of an object's implements annotation (`genesys.cdk8s.io/implements`). */
export function refsOf(object: any): string[] {
  return String(object?.metadata?.annotations?.[Annotations.IMPLEMENTS] ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}
