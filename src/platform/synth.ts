import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SynthWarnings } from '../core';
import { ConnectionReport } from '../report';
import { synthApp, writeChartYaml } from './fast-synth';
import { GenesysPlatform } from './platform';

/** Options of a platform synthesis. */
export interface PlatformSynthOptions {
  /**
   * Render the connection diagram to SVG.
   * @default true
   */
  readonly svg?: boolean;
  /**
   * Also write each platform as a Helm chart (`helm/` beside the YAML).
   * @default true
   */
  readonly helm?: boolean;
  /**
   * Version of the Helm charts.
   * @default "0.1.0"
   */
  readonly chartVersion?: string;
}

/** What a synthesis wrote for one cluster. */
export interface SynthesizedCluster {
  /** Platform id (the region's folder name), or the app for an app without platforms. */
  readonly name: string;
  /** The folder. */
  readonly directory: string;
  /** Number of Kubernetes objects. */
  readonly objects: number;
  /** The configuration warnings of the cluster (rows left unwired, development-only objects). */
  readonly warnings: string[];
}

/** The file in the output folder that lists what the last synthesis wrote (relative paths). */
export const WRITTEN_FILES = '.cdk8s-genesys-cx-files.json';

/**
 * Synthesizes an app and writes, beside the YAML of every platform, the review outputs
 * (`connections.json`, `CONNECTIONS.md`, `connections.svg`, `peers.json`) and a Helm chart. With
 * several platforms in one app (one per region), each gets its own folder named after its id.
 * Validation runs first: on any problem nothing but the (empty) output folder is written.
 */
export class PlatformSynth {
  /**
   * Synthesizes `app` into its outdir. Platform ids name the region folders, so each must be a DNS
   * label (an id such as `..` is refused before anything is written). Files the previous synthesis
   * wrote into the folder (listed in `.cdk8s-genesys-cx-files.json`) and not written again are
   * removed; nothing else in the folder is touched.
   */
  public static async synth(app: App, options: PlatformSynthOptions = {}): Promise<SynthesizedCluster[]> {
    const outdir = path.resolve(app.outdir);
    const platforms = app.node.findAll().filter(GenesysPlatform.isPlatform) as GenesysPlatform[];
    if (platforms.length > 1) checkFolders(outdir, platforms);
    const previous = readWritten(outdir);
    // every file this synthesis writes, by path (not by modification time: file systems stamp files
    // with a coarse clock that can read earlier than the one the synthesis started by)
    const written = new Set<string>();
    // the same files app.synth() writes, the same bytes, faster (see fast-synth.ts)
    for (const file of synthApp(app)) written.add(file);
    if (recordsMetadata(app)) written.add(path.join(outdir, 'construct-metadata.json'));
    const clusters: SynthesizedCluster[] = [];
    const write = async (scope: IConstruct, name: string, directory: string, objects: number) => {
      for (const file of await ConnectionReport.write(scope, directory, { title: name, svg: options.svg })) written.add(file);
      if (options.helm ?? true) for (const file of writeHelmChart(directory, name, options.chartVersion ?? '0.1.0')) written.add(file);
      clusters.push({ name, directory, objects, warnings: SynthWarnings.of(scope) });
    };
    if (platforms.length <= 1) {
      await write(platforms[0] ?? app, platforms[0]?.node.id ?? 'app', outdir, app.charts.reduce((n, c) => n + objectCount(c), 0));
    } else {
      // one folder per platform (region): move the file app.synth() wrote for it (written again only
      // when cdk8s named it otherwise, e.g. with an index prefix for dependent charts)
      for (const platform of platforms) {
        const directory = path.join(outdir, platform.node.id);
        fs.mkdirSync(directory, { recursive: true });
        const file = `${platform.node.id}${app.outputFileExtension}`;
        if (written.has(path.join(outdir, file))) {
          fs.renameSync(path.join(outdir, file), path.join(directory, file));
          written.delete(path.join(outdir, file));
        } else {
          writeChartYaml(app, platform, path.join(directory, file));
        }
        written.add(path.join(directory, file));
        await write(platform, platform.node.id, directory, objectCount(platform));
      }
    }
    recordWritten(outdir, written, previous);
    return clusters;
  }

  private constructor() {}
}

/** Number of Kubernetes objects a chart writes. */
function objectCount(chart: Chart): number {
  return chart.node.findAll().filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === chart).length;
}

/** Copies the YAML of a folder into a Helm chart (`helm/Chart.yaml`, `helm/templates/`). */
function writeHelmChart(directory: string, name: string, version: string): string[] {
  const helm = path.join(directory, 'helm');
  const written = [path.join(helm, 'Chart.yaml')];
  fs.rmSync(helm, { recursive: true, force: true });
  fs.mkdirSync(path.join(helm, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(helm, 'Chart.yaml'), [
    'apiVersion: v2',
    `name: ${name}`,
    `description: Genesys Multicloud CX private edition (${name}), generated by cdk8s-genesys-cx`,
    'type: application',
    `version: ${version}`,
    '',
  ].join('\n'));
  for (const file of fs.readdirSync(directory).sort()) {
    if (!file.endsWith('.yaml')) continue;
    // the manifests are final: keep Helm from reading template markers in them (the bytes are
    // copied as they are when there is none: `{` and `}` never occur inside a UTF-8 sequence)
    const bytes = fs.readFileSync(path.join(directory, file));
    const target = path.join(helm, 'templates', file);
    written.push(target);
    if (!bytes.includes('{{') && !bytes.includes('}}')) {
      fs.writeFileSync(target, bytes);
      continue;
    }
    fs.writeFileSync(target, bytes.toString('utf8').replace(/\{\{|\}\}/g, (m) => `{{ "${m}" }}`));
  }
  return written;
}

/** Every region folder is a DNS label directly inside `outdir`; refused before anything is written. */
function checkFolders(outdir: string, platforms: GenesysPlatform[]): void {
  const bad = platforms.filter((p) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(p.node.id) || path.dirname(path.resolve(outdir, p.node.id)) !== outdir);
  if (bad.length > 0) {
    throw new Error(`PlatformSynth: platform id ${bad.map((p) => JSON.stringify(p.node.id)).join(', ')} cannot name a folder inside ${outdir} (with several platforms each id names its region's folder: use a DNS label such as "usw1")`);
  }
}

function readWritten(outdir: string): string[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(outdir, WRITTEN_FILES), 'utf8'));
    return Array.isArray(parsed.files) ? parsed.files.filter((f: unknown) => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether app.synth() also writes `construct-metadata.json` (cdk8s's `recordConstructMetadata`, an option it keeps private). */
function recordsMetadata(app: App): boolean {
  return (app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata === true;
}

/** Lists what this synthesis wrote, and removes what the previous one wrote and this one did not. */
function recordWritten(outdir: string, paths: ReadonlySet<string>, previous: string[]): void {
  const written = [...paths].filter((f) => fs.existsSync(f)).map((f) => path.relative(outdir, f))
    .filter((f) => f !== WRITTEN_FILES).sort();
  const keep = new Set(written);
  for (const stale of previous) {
    const full = path.resolve(outdir, stale);
    // only files inside the folder, and only those a synthesis wrote before
    if (keep.has(stale) || !full.startsWith(outdir + path.sep) || !fs.existsSync(full)) continue;
    fs.rmSync(full);
    removeEmptyParents(path.dirname(full), outdir);
  }
  fs.writeFileSync(path.join(outdir, WRITTEN_FILES), JSON.stringify({ generatedBy: 'cdk8s-genesys-cx', files: written }, null, 2) + '\n');
}

function removeEmptyParents(dir: string, outdir: string): void {
  for (let d = dir; d.startsWith(outdir + path.sep) && fs.readdirSync(d).length === 0; d = path.dirname(d)) fs.rmdirSync(d);
}
