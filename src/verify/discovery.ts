// Which manifest sets a directory holds: the directory itself, Helm charts, folders with their own
// peers.json. Internal.
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../shared';

/** Name of the file, beside the manifests, that describes peers outside them (see `VerifyPeer`). */
export const PEERS_FILE = 'peers.json';
/** The file that makes a folder a Helm chart (its `templates/` are a manifest set of their own). */
export const CHART_FILE = 'Chart.yaml';

/** One set of manifest files found under a directory. */
export interface ManifestSource {
  /** The folder the set is rooted at. */
  readonly root: string;
  /** The set's path relative to the directory given (`.` for the directory itself). */
  readonly name: string;
  /** Manifest files, in the order `kubectl apply -f` reads them (code-point order of the path). */
  readonly files: string[];
  /**
   * The set's own peers.json, or the one it inherits from the set it is nested in.
   * @default - none
   */
  readonly peersFile?: string;
  /** True for a Helm chart's `templates/`. */
  readonly chart: boolean;
  /**
   * The set this one is nested in.
   * @default - none: the directory given
   */
  readonly parent?: ManifestSource;
  /** Folders of the sets nested in this one. */
  readonly nested: string[];
}

/** Throws the usual message when the path is not a directory. */
export function checkDirectory(directory: string): void {
  if (typeof directory !== 'string' || directory === '') {
    throw new Error(`verify: manifest directory ${JSON.stringify(directory)} is not a path (give the folder cdk8s synth wrote, e.g. "dist")`);
  }
  if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
    throw new Error(`verify: manifest directory ${JSON.stringify(directory)} does not exist or is not a directory (give the folder cdk8s synth wrote, e.g. "dist")`);
  }
}

/** True for the files a set reads: `.yaml`, `.yml` and `.json`. */
export function isManifestFile(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name);
}

function sortedEntries(directory: string): fs.Dirent[] {
  return fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
}

/** Files of a Helm chart's templates (partials named `_*` are not rendered), recursively. */
function templateFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  const out: string[] = [];
  for (const entry of sortedEntries(directory)) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...templateFiles(full));
    else if (entry.isFile() && !entry.name.startsWith('_') && isManifestFile(entry.name)) out.push(full);
  }
  return out;
}

/**
 * The manifest sets under a directory, each verified on its own: the directory itself, every
 * folder below it with its own `peers.json` (a cluster, e.g. one region of a multi-region app),
 * and every Helm chart (a folder with `Chart.yaml`; its `templates/`). Other folders belong to the
 * set they are in. A set that holds nothing is still listed (the caller decides).
 */
export function discoverSets(directory: string): ManifestSource[] {
  const sets: ManifestSource[] = [];
  const make = (root: string, parent: ManifestSource | undefined): ManifestSource => {
    const chart = fs.existsSync(path.join(root, CHART_FILE));
    const ownPeers = path.join(root, PEERS_FILE);
    const set: { -readonly [K in keyof ManifestSource]: ManifestSource[K] } = {
      root,
      name: path.relative(directory, root) || '.',
      files: [],
      peersFile: fs.existsSync(ownPeers) ? ownPeers : parent?.peersFile,
      chart,
      parent,
      nested: [],
    };
    sets.push(set);
    if (chart) {
      set.files = templateFiles(path.join(root, 'templates'));
      return set;
    }
    const walk = (dir: string): void => {
      for (const entry of sortedEntries(dir)) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          // dot-folders are read, as kubectl apply -f DIR -R reads them
          if (entry.name === 'node_modules') continue;
          if (fs.existsSync(path.join(full, CHART_FILE)) || fs.existsSync(path.join(full, PEERS_FILE))) {
            set.nested.push(full);
            make(full, set);
          } else {
            walk(full);
          }
        } else if (entry.isFile() && isManifestFile(entry.name) && !(dir === root && entry.name === PEERS_FILE)) {
          set.files.push(full);
        }
      }
    };
    walk(root);
    return set;
  };
  make(directory, undefined);
  return sets;
}
