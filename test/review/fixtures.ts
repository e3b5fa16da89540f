// Copies of the examples' committed output, mutated the way a pull request would change them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

export const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

const made: string[] = [];

/** A fresh copy of an example's dist folder (removed after the test file). */
export function copyOf(example: string, options: { plain?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `review-${example}-`));
  made.push(dir);
  const from = path.join(EXAMPLES, example, 'dist');
  if (options.plain) {
    // what plain `cdk8s synth` writes: the manifests only
    for (const f of fs.readdirSync(from).filter((n) => n.endsWith('.k8s.yaml'))) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  } else {
    fs.cpSync(from, dir, { recursive: true });
  }
  return dir;
}

export function cleanUp(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** The manifest file at the top of a copy. */
export function manifestFile(dir: string): string {
  const f = fs.readdirSync(dir).find((n) => n.endsWith('.k8s.yaml'));
  if (!f) throw new Error(`no .k8s.yaml in ${dir}`);
  return path.join(dir, f);
}

/** Rewrites the top manifest file: `change` gets every object and returns the new list. */
export function mutate(dir: string, change: (objects: any[]) => any[]): void {
  const file = manifestFile(dir);
  const objects = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJSON()).filter((o) => o);
  const out = change(objects);
  fs.writeFileSync(file, out.map((o) => YAML.stringify(o)).join('---\n'));
}

/** The one object of a kind and name (and namespace). */
export function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name
    && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0];
}
