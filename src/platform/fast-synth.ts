// The speed machinery of GenesysPlatform and PlatformSynth, in one place. It changes how fast the
// YAML is written, never what is written (test/platform/fast-synth.test.ts, and every example in
// test/examples compares PlatformSynth's YAML with plain `app.synth()`'s byte for byte). Each piece
// works around one behaviour of cdk8s 2.x, and stays only because it is measured to earn its place
// (BENCHMARKS.md, "What the speed machinery earns", with `bench/side-by-side.js`):
//
// 1. The synth window. `Chart.toJson()` calls `App._synthChart`, which resolves the dependencies of
//    the whole app and validates the whole app before it serializes the one chart. `App.synth()`
//    has done both for the whole app already and then calls `toJson()` on every chart: an app of N
//    platforms (one per region) costs O(N × constructs). While the app's `synth()` runs, a platform
//    registered here serializes only its own objects, as `_synthChart` does after its checks.
//    Outside it, `toJson()` is cdk8s's own.
// 2. The window also opens around plain `app.synth()` (and so `cdk8s synth`), not only PlatformSynth:
//    the app's `synth` is wrapped on the app instance, once, when its first platform registers.
// 3. The YAML writer (./yaml.ts). `Yaml.save` calls `Yaml.stringify`, which builds a `yaml` Document
//    for every object before writing it. For the duration of PlatformSynth's `app.synth()` only,
//    `Yaml.save` (the one cdk8s function replaced) writes the same bytes with the writer, records
//    the file, and never writes through a symbolic link. Whether the writer is used is decided once
//    per process by a probe: a document holding every case the writer handles, written by both.
//
// Nothing here patches a cdk8s class for longer than one PlatformSynth `app.synth()` call, and what
// it replaces is restored even when synthesis fails.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { stringifyYaml, yamlWriterAgrees } from './yaml';

/** Apps whose `synth()` is running: validated, their dependencies resolved, for its duration. */
const synthesizing = new WeakSet<IConstruct>();
/** Apps whose `synth` is wrapped. */
const wrapped = new WeakSet<IConstruct>();

function inWindow<T>(app: IConstruct, fn: () => T): T {
  if (synthesizing.has(app)) return fn();
  synthesizing.add(app);
  try {
    return fn();
  } finally {
    synthesizing.delete(app);
  }
}

/** The objects of `chart` alone, in dependency order: what `App._synthChart` returns after its checks. */
function ownObjects(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => o.toJson());
}

/**
 * Registers a chart (a GenesysPlatform) with the synth window: inside its app's `synth()` its
 * `toJson()` serializes only its own objects. Wraps the app's `synth` once, to open the window.
 */
export function attachFastSynth(chart: Chart): void {
  const app = chart.node.root;
  if (app instanceof App && !wrapped.has(app)) {
    wrapped.add(app);
    const synth = app.synth.bind(app);
    app.synth = () => inWindow(app, synth);
  }
  const toJson = chart.toJson.bind(chart);
  chart.toJson = () => (synthesizing.has(chart.node.root) ? ownObjects(chart) : toJson());
}

type Save = (file: string, docs: any[]) => void;
type Stringify = (...docs: any[]) => string;

/** The YAML text of `docs`, as cdk8s's `Yaml.stringify` (`original`) writes it. */
function yamlText(docs: any[], original: Stringify): string {
  if (!yamlWriterAgrees(original)) return original.apply(Yaml, docs);
  return stringifyYaml(docs, (d) => original.call(Yaml, d));
}

/**
 * Writes a file, never through a symbolic link: `O_NOFOLLOW` makes the open fail on a link in its
 * place (PlatformSynth refuses such a folder before it writes anything; this is the last guard).
 */
export function writeFileNoFollow(file: string, data: string | Buffer): void {
  let fd: number;
  try {
    // open(2) flags are bits: there is no string form of O_NOFOLLOW
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o666);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new Error(`PlatformSynth: ${file} is a symbolic link; synthesis does not write through links (remove the link, and let synthesis write the file)`);
    }
    throw e;
  }
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs `app.synth()` with the synth window open and `Yaml.save` writing through the YAML writer;
 * returns the files it wrote (absolute paths, in order). `Yaml.save` is restored afterwards, also
 * when synthesis fails.
 */
export function synthApp(app: App): string[] {
  const yaml = Yaml as unknown as { save: Save; stringify: Stringify };
  const original = yaml.save;
  const written: string[] = [];
  yaml.save = (file, docs) => {
    writeFileNoFollow(file, yamlText(docs, yaml.stringify));
    written.push(path.resolve(file));
  };
  try {
    inWindow(app, () => app.synth());
  } finally {
    yaml.save = original;
  }
  return written;
}

/** Writes the YAML of one chart of `app` (after `synthApp`) to `file`, as `app.synth()` writes a chart's file. */
export function writeChartYaml(app: App, chart: Chart, file: string): void {
  const docs = inWindow(app, () => chart.toJson());
  writeFileNoFollow(file, yamlText(docs, (Yaml as unknown as { stringify: Stringify }).stringify));
}
