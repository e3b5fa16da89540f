// The canonical form of an object: what the API server stores and returns for what is written, so
// that a second apply (kubectl, Argo CD, Flux) finds nothing to change. Internal.
import { CheckFinding, finding, FindingSeverity } from './findings';
import { ManifestSet } from './manifests';
import { canonicalQuantity } from './quantity';
import { mapBySchema } from './schema';

/**
 * What the API server stores for an object, modelled on its Kubernetes 1.27 schema:
 *
 * - every `resource.Quantity` field (resources, limits, storage requests, emptyDir size limits...,
 *   the fields whose schema is a Quantity) in canonical form (`1000m` → `1`, `1024Mi` → `1Gi`,
 *   `1.5Gi` → `1536Mi`, `0.5Ki` → `512`); a quantity the server cannot parse is left as written
 *   (the api-server rule reports it);
 * - empty optional lists and maps dropped (`egress: []`, `labels: {}`, `selector: {}` of a
 *   Service): the API's Go types serialise them with `omitempty`, so they do not come back;
 * - required fields and structs kept, empty or not (`podSelector: {}`, `emptyDir: {}`,
 *   `securityContext: {}`);
 * - custom resources (kinds the 1.27 schema does not know) stored as written.
 */
export function normalise(object: any): any {
  const mapped = mapBySchema(object, (value, info) => {
    if (info.quantity && (typeof value === 'string' || typeof value === 'number')) return canonicalQuantity(value) ?? value;
    if (info.required) return value;
    if (info.list && Array.isArray(value) && value.length === 0) return undefined;
    if (info.map && value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
    return value;
  });
  return mapped === undefined ? object : mapped;
}

/** Every path where two values differ (`(root)` when they differ at the top). */
export function differences(a: any, b: any, at = '', out: string[] = []): string[] {
  if (a === b) return out;
  const here = at === '' ? '(root)' : at;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    out.push(here);
    return out;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) {
      out.push(here);
      return out;
    }
    a.forEach((v, i) => differences(v, b[i], `${at}[${i}]`, out));
    return out;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    differences(a[key], b[key], at === '' ? key : `${at}.${key}`, out);
  }
  return out;
}

function show(value: any): string {
  return value === undefined ? '(dropped)' : JSON.stringify(value);
}

function valueAt(object: any, at: string): any {
  let current = object;
  for (const part of at.split(/\.|(?=\[)/)) {
    if (current === undefined || current === null) return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    current = index ? current[Number(index[1])] : current[part];
  }
  return current;
}

/**
 * The canonical-form rule: one finding per object that the API server would store differently
 * from what is written (see `normalise`), naming each path with the value written and the value
 * stored. Such an object is reported "configured" by every second `kubectl apply` and drifts in
 * GitOps tools.
 */
export function checkCanonicalForm(manifests: ManifestSet, rule: string): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const object of manifests.objects) {
    const stored = normalise(object);
    const paths = differences(object, stored);
    if (paths.length === 0) continue;
    const details = paths.map((p) => `${p}: ${show(valueAt(object, p))} is stored as ${show(valueAt(stored, p))}`);
    out.push(finding(rule, FindingSeverity.ERROR, object,
      `is not in the form the API server stores, so every apply reports it changed: ${details.join('; ')} (write the stored form: canonical quantities, no empty optional lists or maps)`));
  }
  return out;
}
