// How an object changed, as field paths only (values could be secrets), and the security-relevant
// fields of pod templates with their values (images, security contexts, service accounts, host
// namespaces: none of them holds a secret).
import { compareText } from '../shared';
import { podTemplateOf } from '../verify/objects';

/** Fields of a list whose elements are told apart by name (`containers[app]`, `env[DB_HOST]`). */
function elementName(item: any): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  for (const key of ['name', 'key', 'mountPath', 'containerPort', 'port']) {
    if (typeof item[key] === 'string' || typeof item[key] === 'number') return String(item[key]);
  }
  return undefined;
}

function isKeyed(list: any[]): boolean {
  const names = list.map(elementName);
  return names.every((n) => n !== undefined) && new Set(names).size === names.length;
}

/**
 * The paths where two values differ, as deep as the structure goes: `spec.replicas`,
 * `spec.template.spec.containers[app].env[DB_HOST]`, `data.<key>`. A list whose elements all carry a
 * distinct name is compared by name, any other list as a whole. Never values.
 */
export function changedPaths(a: any, b: any, at = ''): string[] {
  if (a === b) return [];
  const here = at === '' ? '(root)' : at;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return [here];
  if (Array.isArray(a)) {
    if (isKeyed(a) && isKeyed(b)) {
      const byName = (l: any[]) => new Map(l.map((x) => [elementName(x)!, x]));
      const ma = byName(a);
      const mb = byName(b);
      const names = [...new Set([...ma.keys(), ...mb.keys()])];
      const out = names.flatMap((n) => changedPaths(ma.get(n), mb.get(n), `${at}[${n}]`));
      if (out.length === 0 && names.some((n, i) => elementName(a[i]) !== n)) return [`${here} (order)`];
      return out;
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [here];
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareText);
  return keys.flatMap((k) => changedPaths(a[k], b[k], at === '' ? k : `${at}.${k}`));
}

/** The security-relevant fields of an object's pod template, path → value as text. */
export function securityFields(object: any): Map<string, string> {
  const out = new Map<string, string>();
  const template = podTemplateOf(object);
  const spec = template?.spec;
  if (!spec || typeof spec !== 'object') return out;
  const put = (path: string, value: any) => {
    if (value !== undefined) out.set(path, typeof value === 'string' ? value : JSON.stringify(value));
  };
  put('serviceAccountName', spec.serviceAccountName);
  put('automountServiceAccountToken', spec.automountServiceAccountToken);
  put('hostNetwork', spec.hostNetwork);
  put('hostPID', spec.hostPID);
  put('hostIPC', spec.hostIPC);
  put('securityContext', spec.securityContext);
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of Array.isArray(spec[field]) ? spec[field] : []) {
      put(`${field}[${c?.name}].image`, c?.image);
      put(`${field}[${c?.name}].securityContext`, c?.securityContext);
    }
  }
  return out;
}

/** Host namespace fields that, turned on, put a pod beside the node's own traffic (outside NetworkPolicies). */
export const HOST_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'];
