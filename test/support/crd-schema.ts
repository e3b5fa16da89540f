import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * Validation of custom resources against the openAPIV3Schema of their CRD, as a Kubernetes API server
 * does with strict field validation: types, enums, patterns, lengths, bounds, required fields, unknown
 * fields, and the uniqueness of list-map keys. CEL rules (x-kubernetes-validations) are not evaluated.
 * The CRDs are data outside the project (../shared/crds): tests that need them skip without them.
 */

/** Where the upstream CRDs are, when this machine has them. */
export const CRD_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');

/** The schemas of the CRDs in `CRD_DIR`, by `group/version/Kind`; empty without the folder. */
export function loadCrdSchemas(): Map<string, any> {
  const out = new Map<string, any>();
  if (!fs.existsSync(CRD_DIR)) return out;
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions ?? []) {
        if (v.served) out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema?.openAPIV3Schema);
      }
    }
  }
  return out;
}

/** The problems of an object against its schema: `path: message`. */
export function crdProblems(schema: any, object: any): string[] {
  const out: string[] = [];
  check(schema, object, '', out, true);
  return out;
}

function typeOf(value: any): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function check(schema: any, value: any, at: string, out: string[], root = false): void {
  if (!schema || value === undefined) return;
  if (schema['x-kubernetes-int-or-string'] && (typeof value === 'string' || Number.isInteger(value))) return;
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return;
  const type = schema.type;
  const actual = typeOf(value);
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) {
    out.push(`${at}: is ${actual}, not ${type}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
    const keys: string[] | undefined = schema['x-kubernetes-list-map-keys'];
    if (schema['x-kubernetes-list-type'] === 'map' && keys) {
      const seen = new Set<string>();
      for (const item of value) {
        const key = JSON.stringify(keys.map((k) => item?.[k]));
        if (seen.has(key)) out.push(`${at}: duplicate entries for key ${key}`);
        seen.add(key);
      }
    }
    value.forEach((v, i) => check(schema.items, v, `${at}[${i}]`, out));
    return;
  }
  if (actual !== 'object') return;
  for (const r of schema.required ?? []) if (value[r] === undefined) out.push(`${at}: ${r} is required`);
  for (const [k, v] of Object.entries(value)) {
    const child = at === '' ? k : `${at}.${k}`;
    if (schema.properties?.[k]) check(schema.properties[k], v, child, out);
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(schema.additionalProperties, v, child, out);
    else if (!(root && ['apiVersion', 'kind', 'metadata'].includes(k)) && schema.properties) out.push(`${child}: unknown field`);
  }
}
