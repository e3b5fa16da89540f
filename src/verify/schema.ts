import * as path from 'path';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { groupOf, ManifestSet } from './manifests';

// kubernetes-models 4.3.1 carries the Kubernetes 1.27.1 OpenAPI schemas and validates with ajv.
// Its schemas do not set `additionalProperties: false`, so an unknown field (a typo such as
// `readinessprobe`) passes `validate()`. The strict pass below walks each object against the same
// schemas and reports every field the schema does not know. The schemas are module-private in
// kubernetes-models: they are captured as the models register them with their validator.

const schemas = new Map<string, any>();
let captureInstalled = false;

function installCapture(): void {
  if (captureInstalled) return;
  captureInstalled = true;
  const modelsDir = path.dirname(require.resolve('kubernetes-models/package.json'));
  const validatorPath = require.resolve('@kubernetes-models/validate', { paths: [modelsDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validator = require(validatorPath);
  const original = validator.register;
  validator.register = (id: string, schema: any) => {
    if (!schemas.has(id)) schemas.set(id, schema);
    return original(id, schema);
  };
}

const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;

function loadModel(apiVersion: string, kind: string): any {
  if (!API_VERSION.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  let module: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const model = module?.[kind];
  return typeof model === 'function' && model.kind === kind ? model : undefined;
}

function knownGroup(apiVersion: string): boolean {
  try {
    require.resolve(`kubernetes-models/${apiVersion}`);
    return true;
  } catch {
    return false;
  }
}

function schemaIdOf(model: any): string | undefined {
  const symbol = Object.getOwnPropertySymbols(model.prototype).find((s) => s.description === 'SCHEMA_ID');
  return symbol ? model.prototype[symbol] : undefined;
}

function isPlainObject(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolve(schema: any): any {
  let current = schema;
  for (let i = 0; i < 20 && current && typeof current.$ref === 'string'; i++) {
    current = schemas.get(current.$ref.replace(/#$/, ''));
  }
  return current;
}

/** Walks a value against a schema and collects the paths of fields the schema does not know. */
function unknownFields(schemaIn: any, value: any, at: string, out: string[]): void {
  if (value === null || value === undefined) return;
  const schema = resolve(schemaIn);
  if (!schema || typeof schema !== 'object') return;
  for (const combinator of ['oneOf', 'anyOf']) {
    if (Array.isArray(schema[combinator])) {
      const branches = schema[combinator].filter((b: any) => !(b && b.type === 'null'));
      // a nullable reference: follow it; real alternatives (int-or-string) hold no fields
      if (branches.length === 1) unknownFields(branches[0], value, at, out);
    }
  }
  if (Array.isArray(schema.allOf)) schema.allOf.forEach((s: any) => unknownFields(s, value, at, out));
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => unknownFields(schema.items, v, `${at}[${i}]`, out));
    return;
  }
  if (!isPlainObject(value)) return;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return;
  const properties = schema.properties;
  const additional = schema.additionalProperties;
  for (const [key, v] of Object.entries(value)) {
    const child = at === '' ? key : `${at}.${key}`;
    if (properties && Object.prototype.hasOwnProperty.call(properties, key)) {
      unknownFields(properties[key], v, child, out);
    } else if (additional && typeof additional === 'object') {
      unknownFields(additional, v, child, out);
    } else if (properties || additional === false) {
      out.push(child);
    }
  }
}

/** The field names a schema allows at a path (for the fix in the message). */
function knownAt(rootId: string, fieldPath: string): string[] {
  let schema = resolve({ $ref: rootId });
  const parts = fieldPath.replace(/\[\d+\]/g, '.[]').split('.').filter((p) => p !== '');
  parts.pop();
  for (const part of parts) {
    schema = followBranches(schema);
    if (!schema) return [];
    schema = resolve(part === '[]' ? schema.items : schema.properties?.[part] ?? schema.additionalProperties);
  }
  schema = followBranches(schema);
  return schema?.properties ? Object.keys(schema.properties) : [];
}

function followBranches(schemaIn: any): any {
  let schema = resolve(schemaIn);
  for (let i = 0; i < 5 && schema; i++) {
    const list = schema.oneOf ?? schema.anyOf;
    if (!Array.isArray(list)) break;
    const branches = list.filter((b: any) => !(b && b.type === 'null'));
    if (branches.length !== 1) break;
    schema = resolve(branches[0]);
  }
  return schema;
}

function ajvPath(error: any): string {
  return String(error.instancePath ?? '').replace(/^\//, '').split('/').filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** Checks of custom resources the library writes, whose schema kubernetes-models does not carry. */
function checkCustomResource(object: any): CheckFinding[] | undefined {
  if (groupOf(object.apiVersion) === 'monitoring.coreos.com' && object.kind === 'ServiceMonitor') {
    const out: CheckFinding[] = [finding('schema', FindingSeverity.NOTE, object,
      'ServiceMonitor is a prometheus-operator custom resource, not in the Kubernetes 1.27 schema: only its minimal shape (metadata.name, spec.selector, spec.endpoints[].port or targetPort) is checked')];
    const spec = object.spec;
    const fail = (message: string, at?: string) => out.push(finding('schema', FindingSeverity.ERROR, object, message, at));
    if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') fail('metadata.name is missing (name the ServiceMonitor)', 'metadata.name');
    if (!isPlainObject(spec)) {
      fail(`spec ${JSON.stringify(spec)} is not an object (give selector and endpoints)`, 'spec');
      return out;
    }
    if (!isPlainObject(spec.selector)) fail(`spec.selector ${JSON.stringify(spec.selector)} is not a label selector (give { matchLabels: {...} } selecting the Service)`, 'spec.selector');
    if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) {
      fail(`spec.endpoints ${JSON.stringify(spec.endpoints)} is not a non-empty list (give at least one { port: "<service port name>" })`, 'spec.endpoints');
    } else {
      spec.endpoints.forEach((e: any, i: number) => {
        if (!isPlainObject(e) || (typeof e.port !== 'string' && e.targetPort === undefined)) {
          fail(`spec.endpoints[${i}] ${JSON.stringify(e)} names no port (give port: "<service port name>")`, `spec.endpoints[${i}]`);
        }
      });
    }
    return out;
  }
  return undefined;
}

/**
 * Validates every object against the Kubernetes 1.27 schema (kubernetes-models 4.3.1, Kubernetes
 * 1.27.1): types, enums and required fields through the models' own validation, and unknown fields
 * (which the published schemas let through) through a strict walk of the same schemas.
 *
 * Custom resources are not in that schema: a prometheus-operator ServiceMonitor is checked for its
 * minimal shape, other custom resources are reported as notes (not validated).
 */
export class SchemaCheck {
  /** Checks every object of the set; returns the problems and notes (empty when all is valid). */
  public static check(manifests: ManifestSet): CheckFinding[] {
    installCapture();
    const out: CheckFinding[] = [];
    for (const object of manifests.objects) out.push(...SchemaCheck.checkObject(object));
    return out;
  }

  /** Checks one object. */
  public static checkObject(object: any): CheckFinding[] {
    installCapture();
    const custom = checkCustomResource(object);
    if (custom) return custom;
    const model = loadModel(object.apiVersion, object.kind);
    if (!model) {
      if (knownGroup(object.apiVersion)) {
        return [finding('schema', FindingSeverity.ERROR, object, `kind ${JSON.stringify(object.kind)} does not exist in ${object.apiVersion} of Kubernetes 1.27 (check the kind's spelling and API version)`, 'kind')];
      }
      return [finding('schema', FindingSeverity.NOTE, object, `no Kubernetes 1.27 schema for ${object.apiVersion} ${object.kind} (a custom resource?): not validated; validate it against its CustomResourceDefinition`)];
    }
    const out: CheckFinding[] = [];
    try {
      new model(object).validate();
    } catch (e: any) {
      const errors: any[] = Array.isArray(e?.errors) ? e.errors : [];
      if (errors.length === 0) {
        out.push(finding('schema', FindingSeverity.ERROR, object, `does not match the Kubernetes 1.27 schema: ${e?.message ?? e}`));
      }
      const seen = new Set<string>();
      for (const error of errors) {
        const at = ajvPath(error);
        const extra = error.params?.allowedValues ? ` (allowed: ${error.params.allowedValues.join(', ')})` : '';
        const text = `${at || '(root)'} ${error.message}${extra}, got ${JSON.stringify(error.data)}`;
        if (seen.has(text)) continue;
        seen.add(text);
        out.push(finding('schema', FindingSeverity.ERROR, object, `${text} (fix the value to match the Kubernetes 1.27 schema)`, at || undefined));
      }
    }
    const id = schemaIdOf(model);
    if (id && schemas.has(id)) {
      const unknown: string[] = [];
      unknownFields({ $ref: id }, object, '', unknown);
      for (const at of unknown) {
        const field = at.split('.').pop() ?? at;
        const known = knownAt(id, at);
        const hint = known.find((k) => k.toLowerCase() === field.replace(/\[\d+\]$/, '').toLowerCase());
        const fix = hint ? `did you mean ${JSON.stringify(hint)}?` : known.length > 0 ? `known fields there: ${known.join(', ')}` : 'remove it';
        out.push(finding('schema', FindingSeverity.ERROR, object, `${at} is not a field of ${object.apiVersion} ${object.kind} in Kubernetes 1.27 (${fix})`, at));
      }
    }
    return out;
  }

  private constructor() {}
}
