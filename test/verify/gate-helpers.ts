// Copies of the committed example output, broken once each, for the gate tests (issue #20): every
// test compares the broken copy with the untouched one instead of counting today's lines.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import { Verifier, VerifyLine, VerifyOptions, VerifyReport, VerifyStatus } from '../../src/verify';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** The committed output of an example and its main YAML file. */
export function exampleDist(name: string): { dir: string; main: string } {
  return { dir: path.join(EXAMPLES, name, 'dist'), main: `${name}.k8s.yaml` };
}

const made: string[] = [];

/** A copy of an example's committed output, without its Helm chart copy unless `helm`. */
export function copyExample(name: string, helm = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gate-${name}-`));
  made.push(dir);
  fs.cpSync(exampleDist(name).dir, dir, { recursive: true });
  if (!helm) fs.rmSync(path.join(dir, 'helm'), { recursive: true, force: true });
  return dir;
}

/** Removes every copy made. */
export function cleanCopies(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function readDocs(file: string): any[] {
  return (jsYaml.loadAll(fs.readFileSync(file, 'utf-8')) as any[]).filter((d) => d);
}

export function writeDocs(file: string, docs: any[]): void {
  fs.writeFileSync(file, docs.map((d) => jsYaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n'));
}

/** Edits the documents of a copy's main YAML file. */
export function editDocs(dir: string, name: string, change: (docs: any[]) => any[]): void {
  const file = path.join(dir, `${name}.k8s.yaml`);
  writeDocs(file, change(readDocs(file)));
}

export const failing = (r: VerifyReport): VerifyLine[] => r.lines.filter((l) => l.status === VerifyStatus.FAIL || l.status === VerifyStatus.OPEN);

const baselines = new Map<string, VerifyReport>();

/** The report of the untouched copy of an example (helm chart left out). */
export function baseline(name: string, options: VerifyOptions = {}): VerifyReport {
  const key = `${name}|${JSON.stringify(options)}`;
  if (!baselines.has(key)) baselines.set(key, Verifier.verify(copyExample(name), options));
  return baselines.get(key)!;
}

/** Failing lines of a broken copy that the untouched example does not have. */
export function added(name: string, report: VerifyReport, options: VerifyOptions = {}): VerifyLine[] {
  const before = new Set(failing(baseline(name, options)).map((l) => l.text));
  return failing(report).filter((l) => !before.has(l.text));
}

/** The objects of a kind in documents. */
export function ofKind(docs: any[], kind: string): any[] {
  return docs.filter((d) => d.kind === kind);
}
