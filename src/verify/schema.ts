import * as fs from 'fs';
import * as path from 'path';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { ManifestSet } from './manifests';
import { groupOf } from './objects';

// kubernetes-models 4.3.1 carries the Kubernetes 1.27.1 OpenAPI schemas, one module per type, each
// registering its schema with an ajv-based validator. Compiling those validators costs about a
// second per process (most of a verify run), so the schemas are read from the modules' text
// instead (each holds its schema as a JSON literal, its id and the modules of the types it refers
// to) and interpreted here, for the few keywords they use: type with nullable, format, enum,
// required, properties, additionalProperties, items, oneOf and $ref. Errors read as ajv words them.
//
// The published schemas do not set `additionalProperties: false`, so an unknown field (a typo such
// as `readinessprobe`) passes them; a strict walk over the same schemas reports every field they do
// not know.

const schemas = new Map<string, any>();
const loadedFiles = new Set<string>();
let modelsDir: string | undefined;

function kubernetesModelsDir(): string {
  if (!modelsDir) modelsDir = path.dirname(require.resolve('kubernetes-models/package.json'));
  return modelsDir;
}

/** Reads a `_schemas` module of kubernetes-models and the modules it requires (text only, no code run). */
function loadSchemaFile(file: string): void {
  if (loadedFiles.has(file)) return;
  loadedFiles.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/require\("([^"]+)"\)/g)) {
    const request = m[1];
    if (request === '@kubernetes-models/validate' || request === '@kubernetes-models/base') continue;
    const resolved = request.startsWith('.')
      ? path.resolve(path.dirname(file), request.endsWith('.js') ? request : `${request}.js`)
      : require.resolve(request, { paths: [path.dirname(file)] });
    loadSchemaFile(resolved);
  }
  const literal = /\nconst schema = (\{[\s\S]*?\n\});/.exec(text);
  const id = /register\)\("([^"]+)", schema\)/.exec(text);
  if (literal && id && !schemas.has(id[1])) schemas.set(id[1], JSON.parse(literal[1]));
}

const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;

interface ModelInfo {
  readonly id: string;
}

const modelCache = new Map<string, ModelInfo | null>();

/** The schema id of a kind of an API version of Kubernetes 1.27, loading its schemas; undefined when there is none. */
function loadModel(apiVersion: string, kind: string): ModelInfo | undefined {
  const key = `${apiVersion}|${kind}`;
  const cached = modelCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let found: ModelInfo | null = null;
  if (API_VERSION.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    const file = path.join(kubernetesModelsDir(), apiVersion, `${kind}.js`);
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      const id = new RegExp(`setSchema\\)\\(${kind}, "([^"]+)"`).exec(text);
      const schemaFile = /require\("(\.[^"]*_schemas\/[^"]+)"\)/.exec(text);
      // a kind is a model with apiVersion and kind (DeploymentSpec and the like are types inside them)
      if (id && schemaFile && text.includes(`${kind}.kind = "${kind}"`)) {
        loadSchemaFile(path.resolve(path.dirname(file), schemaFile[1]));
        if (schemas.has(id[1])) found = { id: id[1] };
      }
    }
  }
  modelCache.set(key, found);
  return found ?? undefined;
}

function knownGroup(apiVersion: string): boolean {
  return API_VERSION.test(apiVersion) && fs.existsSync(path.join(kubernetesModelsDir(), apiVersion, 'index.js'));
}

function isPlainObject(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const refCache = new Map<string, any>();

function resolve(schema: any): any {
  let current = schema;
  for (let i = 0; i < 20 && current && typeof current.$ref === 'string'; i++) {
    const ref: string = current.$ref;
    let next = refCache.get(ref);
    if (next === undefined) {
      next = schemas.get(ref.endsWith('#') ? ref.slice(0, -1) : ref);
      if (next !== undefined) refCache.set(ref, next);
    }
    current = next;
  }
  return current;
}

/** One schema violation, as ajv reports it. */
interface SchemaError {
  /** Where, e.g. `spec.replicas` ('' for the object itself). */
  readonly at: string;
  readonly message: string;
  readonly data: any;
  readonly allowed?: any[];
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const QUANTITY = /^[+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+)(?:[KMGTPE]i|(?:[YZEPTGMkhdcmunpfazy]|da)|[eE][+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+))?$/;
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** Formats of the schemas: number formats apply to numbers, string formats to strings (as ajv-formats and kubernetes-models define them). */
function formatHolds(format: string, value: any): boolean {
  switch (format) {
    case 'int32': return typeof value !== 'number' || (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX);
    case 'int64': return typeof value !== 'number' || Number.isInteger(value);
    case 'byte': return typeof value !== 'string' || BASE64.test(value);
    case 'quantity': return typeof value !== 'string' || QUANTITY.test(value);
    case 'date-time': return typeof value !== 'string' || DATE_TIME.test(value);
    default: return true; // double, float, string
  }
}

function typeHolds(type: string, value: any): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return isPlainObject(value);
    case 'null': return value === null;
    default: return true;
  }
}

function deepEqual(a: any, b: any): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Validates a value against a schema as ajv does with allErrors: the type first (null allowed when
 * nullable), formats, enum, then for objects required and properties, for arrays items; oneOf
 * reports its branches' errors and its own when not exactly one branch holds, except for a
 * nullable reference (`oneOf: [{ $ref }, { type: null }]`), which reports the reference's errors.
 */
function validate(schemaIn: any, value: any, at: string, out: SchemaError[]): void {
  const schema = resolve(schemaIn);
  if (!schema || typeof schema !== 'object') return;
  const type: string | undefined = typeof schema.type === 'string' ? schema.type : undefined;
  const typeOk = type === undefined || typeHolds(type, value) || (value === null && schema.nullable === true);
  if (!typeOk) out.push({ at, message: `must be ${type}`, data: value });
  if (typeof schema.format === 'string' && !formatHolds(schema.format, value)) {
    out.push({ at, message: `must match format "${schema.format}"`, data: value });
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e: any) => deepEqual(e, value))) {
    out.push({ at, message: 'must be equal to one of the allowed values', data: value, allowed: schema.enum });
  }
  if (Array.isArray(schema.oneOf)) {
    const branches: any[] = schema.oneOf;
    const nullIndex = branches.findIndex((b) => b && b.type === 'null' && Object.keys(b).length === 1);
    if (nullIndex >= 0 && branches.length === 2) {
      if (value !== null) validate(branches[1 - nullIndex], value, at, out);
    } else {
      const errors: SchemaError[][] = branches.map((b) => {
        const list: SchemaError[] = [];
        validate(b, value, at, list);
        return list;
      });
      const passing = errors.filter((e) => e.length === 0).length;
      if (passing !== 1) {
        if (passing === 0) out.push(...errors.flat());
        out.push({ at, message: 'must match exactly one schema in oneOf', data: value });
      }
    }
  }
  if (Array.isArray(value)) {
    if (schema.items && (type === undefined || type === 'array')) {
      value.forEach((v, i) => validate(schema.items, v, `${at}[${i}]`, out));
    }
    return;
  }
  if (!isPlainObject(value) || (type !== undefined && type !== 'object')) return;
  for (const key of Array.isArray(schema.required) ? schema.required : []) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || value[key] === undefined) {
      out.push({ at, message: `must have required property '${key}'`, data: value });
    }
  }
  const properties = schema.properties;
  const additional = schema.additionalProperties;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const child = at === '' ? key : `${at}.${key}`;
    if (properties && Object.prototype.hasOwnProperty.call(properties, key)) validate(properties[key], v, child, out);
    else if (additional && typeof additional === 'object') validate(additional, v, child, out);
  }
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

/** Checks of custom resources the library writes, whose schema kubernetes-models does not carry. */
function checkCustomResource(object: any): CheckFinding[] | undefined {
  if (groupOf(object.apiVersion) === 'monitoring.coreos.com' && object.kind === 'ServiceMonitor') {
    const out: CheckFinding[] = [];
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
    // the whole object against the typed prometheus-operator models (loaded only when one is present)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ServiceMonitor } = require('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor');
    try {
      new ServiceMonitor(object).validate();
    } catch (e: any) {
      fail(`is not a valid ServiceMonitor for the prometheus-operator models: ${String(e?.message ?? e).split('\n')[0]}`);
    }
    return out;
  }
  return undefined;
}

/**
 * Validates every object against the Kubernetes 1.27 schema (kubernetes-models 4.3.1, Kubernetes
 * 1.27.1): types, formats, enums and required fields, and unknown fields (which the published
 * schemas let through) through a strict walk of the same schemas.
 *
 * Custom resources are not in that schema: a prometheus-operator ServiceMonitor is validated against
 * the typed prometheus-operator models, other custom resources are reported as notes (not validated).
 */
export class SchemaCheck {
  /** Checks every object of the set; returns the problems and notes (empty when all is valid). */
  public static check(manifests: ManifestSet): CheckFinding[] {
    const out: CheckFinding[] = [];
    for (const object of manifests.objects) out.push(...SchemaCheck.checkObject(object));
    return out;
  }

  /** Checks one object. */
  public static checkObject(object: any): CheckFinding[] {
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
    const errors: SchemaError[] = [];
    validate({ $ref: model.id }, object, '', errors);
    const seen = new Set<string>();
    for (const error of errors) {
      const extra = error.allowed ? ` (allowed: ${error.allowed.join(', ')})` : '';
      const text = `${error.at || '(root)'} ${error.message}${extra}, got ${JSON.stringify(error.data)}`;
      if (seen.has(text)) continue;
      seen.add(text);
      out.push(finding('schema', FindingSeverity.ERROR, object, `${text} (fix the value to match the Kubernetes 1.27 schema)`, error.at || undefined));
    }
    const unknown: string[] = [];
    unknownFields({ $ref: model.id }, object, '', unknown);
    for (const at of unknown) {
      const field = at.split('.').pop() ?? at;
      const known = knownAt(model.id, at);
      const hint = known.find((k) => k.toLowerCase() === field.replace(/\[\d+\]$/, '').toLowerCase());
      const fix = hint ? `did you mean ${JSON.stringify(hint)}?` : known.length > 0 ? `known fields there: ${known.join(', ')}` : 'remove it';
      out.push(finding('schema', FindingSeverity.ERROR, object, `${at} is not a field of ${object.apiVersion} ${object.kind} in Kubernetes 1.27 (${fix})`, at));
    }
    return out;
  }

  private constructor() {}
}

/** What the Kubernetes 1.27 schema says of one field, for `mapBySchema`. Internal. */
export interface SchemaFieldInfo {
  /** The field is a `resource.Quantity`. */
  readonly quantity: boolean;
  /** The field is a list. */
  readonly list: boolean;
  /** The field is a map (string keys, no fixed fields). */
  readonly map: boolean;
  /** The field is a struct (fixed fields). */
  readonly struct: boolean;
  /** The field is required by its parent (or is an item of a list or a value of a map). */
  readonly required: boolean;
}

/**
 * Rebuilds an object bottom-up along its Kubernetes 1.27 schema: `visit` gets every field the
 * schema knows (after its children) and returns its new value, or undefined to drop it from its
 * parent. Fields the schema does not know are kept as written. Undefined when the schema does not
 * know the kind (custom resources). Internal.
 */
export function mapBySchema(object: any, visit: (value: any, info: SchemaFieldInfo, at: string) => any): any {
  const model = loadModel(object?.apiVersion, object?.kind);
  if (!model) return undefined;
  return mapNode({ $ref: model.id }, object, '', true, visit);
}

function mapNode(schemaIn: any, value: any, at: string, required: boolean, visit: (value: any, info: SchemaFieldInfo, at: string) => any): any {
  const isQuantity = (s: any) => Array.isArray(s?.oneOf) && s.oneOf.some((b: any) => resolve(b)?.format === 'quantity');
  const schema = followBranches(schemaIn);
  const quantity = isQuantity(resolve(schemaIn)) || isQuantity(schema);
  let out = value;
  if (schema && typeof schema === 'object' && !quantity) {
    if (Array.isArray(value) && schema.items) {
      out = value.map((v, i) => {
        const mapped = mapNode(schema.items, v, `${at}[${i}]`, true, visit);
        return mapped === undefined ? v : mapped;
      });
    } else if (isPlainObject(value) && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
      const requiredKeys: string[] = Array.isArray(schema.required) ? schema.required : [];
      const properties = schema.properties;
      const additional = schema.additionalProperties;
      out = {};
      for (const [key, v] of Object.entries(value)) {
        const child = at === '' ? key : `${at}.${key}`;
        let mapped: any = v;
        if (properties && Object.prototype.hasOwnProperty.call(properties, key)) {
          mapped = mapNode(properties[key], v, child, requiredKeys.includes(key), visit);
        } else if (additional && typeof additional === 'object') {
          mapped = mapNode(additional, v, child, true, visit);
        }
        if (mapped !== undefined) out[key] = mapped;
      }
    }
  }
  const info: SchemaFieldInfo = {
    quantity,
    list: schema?.type === 'array',
    map: schema?.type === 'object' && !schema.properties && !!schema.additionalProperties,
    struct: !!schema?.properties,
    required,
  };
  return visit(out, info, at);
}
