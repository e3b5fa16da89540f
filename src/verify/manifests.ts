import * as fs from 'fs';
import * as path from 'path';
import { CHART_FILE, checkDirectory, discoverSets, ManifestSource, PEERS_FILE } from './discovery';
import { checkFileSize, checkObjectCount, checkTime, documentProblem, recordProblems } from './input-limits';
import { describeObject, firstDifference, groupOf, identityOf } from './objects';

const origins = new WeakMap<object, string>();
const sourceFiles = new WeakMap<object, string>();

/** The file an object was read from (internal); undefined for in-memory objects. */
export function fileOf(object: any): string | undefined {
  return object && typeof object === 'object' ? sourceFiles.get(object) : undefined;
}

/** Where an object was read from (`file#document`), or `object #<n>` for in-memory objects. */
export function originOf(object: any): string | undefined {
  return object && typeof object === 'object' ? origins.get(object) : undefined;
}

function isManifest(value: any): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value)
    && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/** Two objects with the same API group, kind, namespace and name in one manifest set. */
export interface DuplicateObject {
  /** The object, e.g. `NetworkPolicy gws/gws-app-workspace-ingress`. */
  readonly resource: string;
  /** Where the first copy was read (`file#document`). */
  readonly first: string;
  /** Where the later copy was read (`file#document`). */
  readonly second: string;
  /** True when both copies are equal as data (one is verified, the other ignored). */
  readonly identical: boolean;
  /**
   * The first field path where the copies differ.
   * @default - none (identical copies)
   */
  readonly difference?: string;
}

/**
 * A set of Kubernetes objects to verify: read from a directory of synthesized manifests or taken
 * from memory (e.g. `chart.toJson()`).
 *
 * From a directory, every `.yaml`, `.yml` and `.json` file is read, in sub-directories too, in
 * code-point order of the path (as `kubectl apply -f` reads a folder); YAML files may hold several
 * documents. `kind: List` objects are expanded. JSON files that hold no Kubernetes object
 * (`connections.json`, `construct-metadata.json`...) and YAML documents without `apiVersion` and
 * `kind` are ignored and listed in `notes`. A `peers.json` at the top of the directory is not a
 * manifest: it describes peers outside the manifests (see `VerifyPeer`).
 *
 * Folders below the directory that hold a `Chart.yaml` (a Helm chart) or their own `peers.json`
 * (another cluster) are sets of their own: they are not read into this one (see `nestedSets`;
 * `Verifier.verify` verifies each). A Helm chart's set is its `templates/`, with the escaped
 * template markers `{{ "{{" }}` and `{{ "}}" }}` read back as `{{` and `}}`.
 *
 * Two objects with the same API group, kind, namespace and name are listed in `duplicates`: equal
 * copies are read once, and of differing copies the later one is kept (as `kubectl apply` leaves it).
 */
export class ManifestSet {
  /**
   * Reads the manifests of a directory (the set rooted there; nested sets are listed in `nestedSets`).
   * @param directory folder `cdk8s synth` wrote, e.g. `dist/`
   */
  public static fromDirectory(directory: string): ManifestSet {
    checkDirectory(directory);
    return readManifestSource(discoverSets(directory)[0]);
  }

  /**
   * Reads the given manifest files (YAML or JSON), e.g. the files a cdk8s validation plugin receives.
   * @param files paths of `.yaml`, `.yml` or `.json` files
   */
  public static fromFiles(files: string[]): ManifestSet {
    const reader = new Reader();
    for (const file of files) reader.readFile(file, false);
    return reader.finish({ peersFile: undefined, directory: undefined, nestedSets: [], helmChart: false });
  }

  /**
   * Takes objects from memory, e.g. `chart.toJson()` or `app.charts.flatMap((c) => c.toJson())`.
   * @param objects Kubernetes objects (plain JSON)
   */
  public static fromObjects(objects: any[]): ManifestSet {
    if (!Array.isArray(objects)) {
      throw new Error(`verify: objects must be an array of Kubernetes objects, got ${typeof objects} (pass chart.toJson())`);
    }
    const reader = new Reader();
    objects.forEach((o, i) => {
      if (reader.collect(o, `object #${i + 1}`) === 0) reader.notes.push(`object #${i + 1}: no apiVersion and kind (ignored)`);
    });
    return reader.finish({ peersFile: undefined, directory: undefined, nestedSets: [], helmChart: false });
  }

  /** @internal */
  public static _create(objects: any[], notes: string[], duplicates: DuplicateObject[], where: SetPlace): ManifestSet {
    return new ManifestSet(objects, notes, duplicates, where);
  }

  /** The Kubernetes objects, in reading order (one of each duplicate). */
  public readonly objects: any[];
  /** Files and documents that were ignored, with the reason. */
  public readonly notes: string[];
  /**
   * Path of the `peers.json` of the set (its own, or the one of the set it is nested in).
   * @default - none
   */
  public readonly peersFile?: string;
  /**
   * The directory the objects were read from.
   * @default - none (objects from memory or files)
   */
  public readonly directory?: string;
  /** Folders below the directory that are manifest sets of their own (Helm charts, clusters with their own peers.json). */
  public readonly nestedSets: string[];
  /** True when the set is a Helm chart's templates (Helm installs Namespaces first, whatever the file order). */
  public readonly helmChart: boolean;
  /** Objects read more than once (same API group, kind, namespace and name). */
  public readonly duplicates: DuplicateObject[];

  private constructor(objects: any[], notes: string[], duplicates: DuplicateObject[], where: SetPlace) {
    this.objects = objects;
    this.notes = notes;
    this.duplicates = duplicates;
    this.peersFile = where.peersFile;
    this.directory = where.directory;
    this.nestedSets = where.nestedSets;
    this.helmChart = where.helmChart;
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

/** Reads one manifest set found under a directory (see `discoverSets`). */
export function readManifestSource(source: ManifestSource): ManifestSet {
  const reader = new Reader();
  for (const file of source.files) reader.readFile(file, source.chart);
  for (const nested of source.nested) {
    const what = fs.existsSync(path.join(nested, CHART_FILE)) ? 'a Helm chart' : `a folder with its own ${PEERS_FILE}`;
    reader.notes.push(`${nested}: ${what}, a manifest set of its own (not read into this one)`);
  }
  return reader.finish({ peersFile: source.peersFile, directory: source.root, nestedSets: source.nested, helmChart: source.chart });
}

/** Where a set comes from (internal). */
interface SetPlace {
  readonly peersFile?: string;
  readonly directory?: string;
  readonly nestedSets: string[];
  readonly helmChart: boolean;
}

/** Helm renders `{{ "{{" }}` as `{{` and `{{ "}}" }}` as `}}`: the escaping the platform's chart copy uses. */
export function unescapeHelm(text: string): string {
  return text.includes('{{') ? text.replace(/\{\{ "(\{\{|\}\})" \}\}/g, '$1') : text;
}

/** The document (1-based) a line of a multi-document YAML text belongs to. */
function documentOfLine(text: string, line: number): number {
  const lines = text.split('\n', line + 1);
  let document = 1;
  let content = false;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const l = lines[i];
    if (/^---(\s|$)/.test(l)) {
      if (content) document++;
      content = true; // a leading separator opens the first document
    } else if (l.trim() !== '' && !l.startsWith('#') && !l.startsWith('%')) {
      content = true;
    }
  }
  return document;
}

/**
 * A multi-document YAML text cut before each line that starts with the document marker `---`
 * (YAML forbids that marker at the start of a line inside a scalar, so the cut never splits a
 * document), with the 0-based line each piece starts at.
 */
export function documentChunks(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  const marker = /^---(?=[ \t\r]|$)/gm;
  let start = 0;
  let line = 0;
  let match: RegExpExecArray | null;
  while ((match = marker.exec(text)) !== null) {
    if (match.index === 0) continue;
    const piece = text.slice(start, match.index);
    // directives and comments before the first marker belong to the first document
    if (start === 0 && !/^(?![ \t]*(#|%|\r?$)).+/m.test(piece)) continue;
    out.push({ text: piece, line });
    line += piece.split('\n').length - 1;
    start = match.index;
  }
  out.push({ text: text.slice(start), line });
  return out;
}

/** Reads files into objects, notes and duplicates (internal). */
class Reader {
  public readonly notes: string[] = [];
  /** Documents left out because they break a bound of the input (see input-limits). */
  public readonly problems: string[] = [];
  private readonly objects: Array<any | undefined> = [];
  private readonly seen = new Map<string, number>();
  private readonly duplicates: DuplicateObject[] = [];

  private file?: string;

  public readFile(file: string, chart: boolean): void {
    this.file = file;
    if (!fs.existsSync(file)) {
      throw new Error(`verify: manifest file ${JSON.stringify(file)} does not exist (give the path of a synthesized YAML or JSON file)`);
    }
    checkTime(`reading ${file}`);
    checkFileSize(file);
    let text = fs.readFileSync(file, 'utf-8');
    if (/\.json$/i.test(file)) {
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch (e: any) {
        throw new Error(`verify: ${file} is not valid JSON (${e.message}); fix or remove the file`);
      }
      const problem = documentProblem(parsed, file);
      if (problem) {
        this.problems.push(problem);
        return;
      }
      if (this.collect(parsed, file) === 0) this.notes.push(`${file}: no Kubernetes object (ignored)`);
      return;
    }
    if (chart) text = unescapeHelm(text);
    // loaded here, not at the top: synthesizing an app never parses YAML, so it skips the cost
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jsYaml: typeof import('js-yaml') = require('js-yaml');
    // document by document (the parser builds a whole text at once): a bound broken stops the
    // reading before the rest is built, and a big file is never held parsed all at once
    let index = 0;
    for (const chunk of documentChunks(text)) {
      let values: unknown[];
      try {
        values = jsYaml.loadAll(chunk.text, { filename: file });
      } catch (e: any) {
        const line: number | undefined = e?.mark?.line === undefined ? undefined : e.mark.line + chunk.line;
        const where = line !== undefined ? ` document ${documentOfLine(text, line)}` : '';
        const at = line !== undefined ? ` at line ${line + 1}, column ${(e.mark.column ?? 0) + 1}` : '';
        throw new Error(`verify: ${file}${where} is not valid YAML (${e?.reason ?? e?.message ?? e}${at}); fix the file`);
      }
      for (const value of values) {
        const i = index++;
        if (value === null || value === undefined) continue;
        const problem = documentProblem(value, `${file} document ${i + 1}`);
        if (problem) {
          this.problems.push(problem);
          continue;
        }
        if (this.collect(value, `${file}#${i + 1}`) === 0) this.notes.push(`${file} document ${i + 1}: no apiVersion and kind (ignored)`);
      }
    }
  }

  public collect(value: any, origin: string): number {
    if (Array.isArray(value)) {
      return value.reduce((n: number, v: any, i: number) => n + this.collect(v, `${origin}[${i}]`), 0);
    }
    if (!isManifest(value)) return 0;
    checkObjectCount(this.objects.length + 1, this.file ?? origin);
    if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
      return this.collect(value.items ?? [], origin);
    }
    origins.set(value, origin);
    if (this.file !== undefined) sourceFiles.set(value, this.file);
    const key = identityOf(value);
    const at = this.seen.get(key);
    if (at === undefined) {
      this.seen.set(key, this.objects.length);
      this.objects.push(value);
      return 1;
    }
    const earlier = this.objects[at];
    const difference = firstDifference(earlier, value);
    this.duplicates.push({
      resource: describeObject(value),
      first: originOf(earlier) ?? 'unknown',
      second: origin,
      identical: difference === undefined,
      difference,
    });
    if (difference !== undefined) {
      // the later copy wins, as a second `kubectl apply` of it would leave the cluster
      this.objects[at] = undefined;
      this.seen.set(key, this.objects.length);
      this.objects.push(value);
    }
    return 1;
  }

  public finish(where: SetPlace): ManifestSet {
    const set = ManifestSet._create(this.objects.filter((o) => o !== undefined), this.notes, this.duplicates, where);
    recordProblems(set, this.problems);
    return set;
  }
}
