import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';

/** A synthesized app: every object it wrote, and the folder. */
export interface Synthesized {
  readonly objects: any[];
  readonly dir: string;
}

/** Builds an app with `build`, synthesizes it into a fresh temporary folder and parses what was written. */
export function synthesize(build: (app: App) => void): Synthesized {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-test-'));
  const app = new App({ outdir: dir });
  build(app);
  app.synth();
  const objects: any[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const value = doc.toJS();
      if (value) objects.push(value);
    }
  }
  return { objects, dir };
}

/** What a failed synthesis left: its message and every file written (none is expected). */
export interface Failure {
  readonly message: string;
  readonly written: string[];
}

/** Builds and synthesizes an app that must fail; returns the message and the files written. */
export function synthesisFailure(build: (app: App) => void): Failure {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-test-'));
  const app = new App({ outdir: dir });
  let message: string | undefined;
  try {
    build(app);
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  if (message === undefined) throw new Error('expected synthesis to fail, but it succeeded');
  return { message, written: listFiles(dir) };
}

/** Synthesis must fail: returns the error message and asserts nothing was written. */
export function synthesisError(build: (app: App) => void): string {
  const { message, written } = synthesisFailure(build);
  if (written.length > 0) throw new Error(`synthesis failed but wrote ${written.join(', ')}`);
  return message;
}

/** `synthesize` with one chart (no resource-name hashes) to build into. */
export function synthesizeChart(build: (chart: Chart) => void, id = 'test'): Synthesized {
  return synthesize((app) => build(new Chart(app, id, { disableResourceNameHashes: true })));
}

/** `synthesisFailure` with one chart to build into. */
export function chartSynthesisFailure(build: (chart: Chart) => void, id = 'test'): Failure {
  return synthesisFailure((app) => build(new Chart(app, id, { disableResourceNameHashes: true })));
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

/** The one object of a kind and name (and namespace, when given). */
export function find(objects: any[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter((o) =>
    o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0];
}

/** The pod spec of a Deployment or StatefulSet. */
export function podSpec(workload: any): any {
  return workload.spec.template.spec;
}

/** Every object of a kind. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** `Kind namespace/name` of every object, sorted. */
export function inventory(objects: any[]): string[] {
  return objects.map((o) => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`).sort();
}

/** The main container of a Deployment or StatefulSet. */
export function mainContainer(workload: any): any {
  return workload.spec.template.spec.containers.find((c: any) => c.name === 'main');
}

/** The environment of a container as a map (Secret references as `secret:<name>/<key>`, other references as JSON). */
export function containerEnv(container: any): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) out[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef) out[e.name] = `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`;
    else out[e.name] = JSON.stringify(e.valueFrom);
  }
  return out;
}
