// Whether a Helm chart's templates copy the manifests of the set they are in: by the files'
// fingerprints first (no parsing), else as data. Internal.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { checkFileSize } from './input-limits';
import { ManifestSet, unescapeHelm } from './manifests';
import { describeObject, firstDifference, identityOf } from './objects';

/** A fingerprint of each file of a set that held objects, by base name. */
export type Fingerprints = Map<string, string>;

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Fingerprints of the files that gave a set its objects, by base name, when they are all YAML files
 * at the top of the set (or of a chart's templates); else undefined (then sets are compared as data).
 * @param unescape read Helm's escaped markers back first (a chart's templates)
 */
export function fingerprints(files: string[], base: string, unescape: boolean): Fingerprints | undefined {
  const out: Fingerprints = new Map();
  for (const file of files) {
    if (path.dirname(file) !== base || !/\.ya?ml$/i.test(file)) return undefined;
    checkFileSize(file);
    const text = fs.readFileSync(file, 'utf8');
    out.set(path.basename(file), hashText(unescape ? unescapeHelm(text) : text));
  }
  return out;
}

/** True when both are known and name the same files with the same contents. */
export function sameFingerprints(a: Fingerprints | undefined, b: Fingerprints | undefined): boolean {
  if (!a || !b || a.size !== b.size) return false;
  for (const [name, hash] of a) if (b.get(name) !== hash) return false;
  return true;
}

/** How a chart's objects differ from its parent set's, in words; undefined when equal as data. */
export function difference(chart: ManifestSet, parent: ManifestSet): string | undefined {
  const byKey = new Map(parent.objects.map((o) => [identityOf(o), o]));
  const missing: string[] = [];
  const changed: string[] = [];
  const added: string[] = [];
  const seen = new Set<string>();
  for (const o of chart.objects) {
    const key = identityOf(o);
    seen.add(key);
    const other = byKey.get(key);
    if (!other) added.push(describeObject(o));
    else if (firstDifference(other, o) !== undefined) changed.push(`${describeObject(o)} at ${firstDifference(other, o)}`);
  }
  for (const [key, o] of byKey) if (!seen.has(key)) missing.push(describeObject(o));
  if (missing.length + changed.length + added.length === 0) return undefined;
  const part = (what: string, list: string[]) => (list.length === 0 ? [] : [`${list.length} ${what} (${list.slice(0, 3).join('; ')}${list.length > 3 ? '; ...' : ''})`]);
  return [...part('missing', missing), ...part('changed', changed), ...part('added', added)].join(', ');
}
