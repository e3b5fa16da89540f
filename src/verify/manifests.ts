import * as fs from 'fs';
import * as path from 'path';

/** Name of the file, beside the manifests, that describes peers outside them (see `VerifyPeer`). */
export const PEERS_FILE = 'peers.json';

const origins = new WeakMap<object, string>();

/** Where an object was read from (file path), or `object #<n>` for in-memory objects. */
export function originOf(object: any): string | undefined {
  return object && typeof object === 'object' ? origins.get(object) : undefined;
}

function isManifest(value: any): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value)
    && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/** `kind/namespace/name` of an object, for messages. */
export function describeObject(object: any): string {
  const kind = object?.kind ?? '<no kind>';
  const name = object?.metadata?.name ?? '<no name>';
  const ns = object?.metadata?.namespace;
  return ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
}

/**
 * A set of Kubernetes objects to verify: read from a directory of synthesized manifests or taken
 * from memory (e.g. `chart.toJson()`).
 *
 * From a directory, every `.yaml`, `.yml` and `.json` file is read, in sub-directories too, in
 * name order; YAML files may hold several documents. `kind: List` objects are expanded. JSON files
 * that hold no Kubernetes object (`connections.json`, `construct-metadata.json`...) and YAML
 * documents without `apiVersion` and `kind` are ignored and listed in `notes`. A `peers.json` at the
 * top of the directory is not a manifest: it describes peers outside the manifests (see `VerifyPeer`).
 */
export class ManifestSet {
  /**
   * Reads every manifest under a directory.
   * @param directory folder `cdk8s synth` wrote, e.g. `dist/`
   */
  public static fromDirectory(directory: string): ManifestSet {
    if (typeof directory !== 'string' || directory === '') {
      throw new Error(`verify: manifest directory ${JSON.stringify(directory)} is not a path (give the folder cdk8s synth wrote, e.g. "dist")`);
    }
    if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
      throw new Error(`verify: manifest directory ${JSON.stringify(directory)} does not exist or is not a directory (give the folder cdk8s synth wrote, e.g. "dist")`);
    }
    const objects: any[] = [];
    const notes: string[] = [];
    const peersFile = path.join(directory, PEERS_FILE);
    for (const file of listFiles(directory)) {
      if (path.resolve(file) === path.resolve(peersFile)) continue;
      readFile(file, objects, notes);
    }
    return new ManifestSet(objects, notes, fs.existsSync(peersFile) ? peersFile : undefined, directory);
  }

  /**
   * Reads the given manifest files (YAML or JSON), e.g. the files a cdk8s validation plugin receives.
   * @param files paths of `.yaml`, `.yml` or `.json` files
   */
  public static fromFiles(files: string[]): ManifestSet {
    const objects: any[] = [];
    const notes: string[] = [];
    for (const file of files) readFile(file, objects, notes);
    return new ManifestSet(objects, notes, undefined, undefined);
  }

  /**
   * Takes objects from memory, e.g. `chart.toJson()` or `app.charts.flatMap((c) => c.toJson())`.
   * @param objects Kubernetes objects (plain JSON)
   */
  public static fromObjects(objects: any[]): ManifestSet {
    if (!Array.isArray(objects)) {
      throw new Error(`verify: objects must be an array of Kubernetes objects, got ${typeof objects} (pass chart.toJson())`);
    }
    const out: any[] = [];
    const notes: string[] = [];
    objects.forEach((o, i) => {
      if (collect(o, `object #${i + 1}`, out) === 0) notes.push(`object #${i + 1}: no apiVersion and kind (ignored)`);
    });
    return new ManifestSet(out, notes, undefined, undefined);
  }

  /** The Kubernetes objects, in reading order. */
  public readonly objects: any[];
  /** Files and documents that were ignored, with the reason. */
  public readonly notes: string[];
  /**
   * Path of the `peers.json` found at the top of the directory.
   * @default - none
   */
  public readonly peersFile?: string;
  /**
   * The directory the objects were read from.
   * @default - none (objects from memory)
   */
  public readonly directory?: string;

  private constructor(objects: any[], notes: string[], peersFile: string | undefined, directory: string | undefined) {
    this.objects = objects;
    this.notes = notes;
    this.peersFile = peersFile;
    this.directory = directory;
  }

  /** The objects of one kind (and API group when given, e.g. `networking.k8s.io`). */
  public ofKind(kind: string, group?: string): any[] {
    return this.objects.filter((o) => o.kind === kind && (group === undefined || groupOf(o.apiVersion) === group));
  }

  /** Where an object was read from: `file#document` or `object #n`. */
  public originOf(object: any): string {
    return originOf(object) ?? 'unknown';
  }
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function collect(value: any, origin: string, out: any[]): number {
  if (Array.isArray(value)) {
    return value.reduce((n, v, i) => n + collect(v, `${origin}[${i}]`, out), 0);
  }
  if (!isManifest(value)) return 0;
  if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
    return collect(value.items ?? [], origin, out);
  }
  origins.set(value, origin);
  out.push(value);
  return 1;
}

function readFile(file: string, objects: any[], notes: string[]): void {
  if (!fs.existsSync(file)) {
    throw new Error(`verify: manifest file ${JSON.stringify(file)} does not exist (give the path of a synthesized YAML or JSON file)`);
  }
  const text = fs.readFileSync(file, 'utf-8');
  if (/\.json$/i.test(file)) {
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch (e: any) {
      throw new Error(`verify: ${file} is not valid JSON (${e.message}); fix or remove the file`);
    }
    if (collect(parsed, file, objects) === 0) notes.push(`${file}: no Kubernetes object (ignored)`);
    return;
  }
  // loaded here, not at the top: synthesizing an app never parses YAML, so it skips the cost
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML: typeof import('yaml') = require('yaml');
  const documents = YAML.parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((doc, i) => {
    if (doc.errors && doc.errors.length > 0) {
      throw new Error(`verify: ${file} document ${i + 1} is not valid YAML (${doc.errors[0].message}); fix the file`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (collect(value, `${file}#${i + 1}`, objects) === 0) notes.push(`${file} document ${i + 1}: no apiVersion and kind (ignored)`);
  });
}

function listFiles(directory: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      out.push(...listFiles(full));
    } else if (entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}
