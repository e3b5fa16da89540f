import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SynthWarnings } from '../core';
import { ConnectionReport } from '../report';
import { synthApp, writeChartYaml, writeFileNoFollow } from './fast-synth';
import { checkNoLinks, checkSameApp, OWN_FOLDERS, readPrevious, recordWritten } from './folder';
import { GenesysPlatform } from './platform';
import { guardCustomResources } from '../shared';

export { WRITTEN_FILES } from './folder';

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

/**
 * Synthesizes an app and writes, beside the YAML of every platform, the review outputs
 * (`connections.json`, `CONNECTIONS.md`, `connections.svg`, `peers.json`) and a Helm chart. With
 * several platforms in one app (one per region), each gets its own folder named after its id.
 * Validation runs first: on any problem nothing but the (empty) output folder is written.
 */
export class PlatformSynth {
  /**
   * Synthesizes `app` into its outdir. Platform ids name the region folders, so each must be a DNS
   * label, and unique (an id such as `..`, or the same id twice under different parents, is refused).
   * Synthesis writes only its own files, only inside the folder, never through a symbolic link; it
   * deletes only the files the previous synthesis recorded in `.cdk8s-genesys-cx-files.json` and did
   * not write again. It refuses, before anything is written or deleted: a symbolic link where it
   * writes, a record that names a path outside the folder, through a link, or of a file it does not
   * write, and a folder whose record belongs to another app (none of its charts is this app's).
   * Other files in the folder (the team's own, `helm/custom.txt` included) are never touched.
   */
  public static async synth(app: App, options: PlatformSynthOptions = {}): Promise<SynthesizedCluster[]> {
    const outdir = path.resolve(app.outdir);
    const extension = app.outputFileExtension;
    const platforms = app.node.findAll().filter(GenesysPlatform.isPlatform) as GenesysPlatform[];
    if (isChartTemplates(outdir)) return synthIntoChart(app, outdir, platforms);
    const regions = platforms.length > 1 ? platforms.map((p) => p.node.id) : [];
    if (platforms.length > 1) checkFolders(outdir, platforms);
    // every check before anything is written or deleted
    const previous = readPrevious(outdir, extension);
    checkSameApp(outdir, previous, [...new Set([...app.charts.map((c) => Names.toDnsLabel(c)), ...regions])], extension);
    const helm = options.helm ?? true;
    // the folders synthesis writes into: the output folder, the regions', their Helm charts' and chart values'
    const clusterDirs = regions.length > 0 ? regions : [''];
    checkNoLinks(outdir, ['', ...regions, ...clusterDirs.flatMap((r) => OWN_FOLDERS.map((f) => join(r, f)))], extension);

    // every file this synthesis writes, by path (not by modification time: file systems stamp files
    // with a coarse clock that can read earlier than the one the synthesis started by)
    const written = new Set<string>();
    // the same files app.synth() writes, the same bytes, faster (see fast-synth.ts)
    for (const file of synthApp(app)) written.add(file);
    if (recordsMetadata(app)) written.add(path.join(outdir, 'construct-metadata.json'));
    const clusters: SynthesizedCluster[] = [];
    const write = async (scope: IConstruct, name: string, directory: string, objects: number) => {
      for (const file of await ConnectionReport.write(scope, directory, { title: name, svg: options.svg })) written.add(file);
      if (helm) {
        const manifests = [...written].filter((f) => path.dirname(f) === directory && f.endsWith(extension));
        for (const file of writeHelmChart(directory, name, options.chartVersion ?? '0.1.0', manifests)) written.add(file);
      }
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
        const file = `${platform.node.id}${extension}`;
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
    recordWritten(outdir, written, previous, writeFileNoFollow);
    return clusters;
  }

  private constructor() {}
}

/**
 * True when the output folder is a Helm chart's `templates/` (`cdk8s synth --format helm` points the
 * app there): every file in it is rendered as a manifest, so nothing but the manifests may go in.
 */
function isChartTemplates(outdir: string): boolean {
  return path.basename(outdir) === 'templates';
}

/**
 * Into a chart's templates: the manifests only, as `app.synth()` writes them. The review outputs,
 * the record and the Helm copy would be rendered as manifests there; synthesize in the YAML format
 * (a folder of its own) for them.
 */
function synthIntoChart(app: App, outdir: string, platforms: GenesysPlatform[]): SynthesizedCluster[] {
  synthApp(app);
  const scopes: IConstruct[] = platforms.length > 0 ? platforms : [app];
  return scopes.map((scope) => ({
    name: platforms.length > 0 ? scope.node.id : 'app',
    directory: outdir,
    objects: platforms.length > 0 ? objectCount(scope as GenesysPlatform) : app.charts.reduce((n, c) => n + objectCount(c), 0),
    warnings: SynthWarnings.of(scope),
  }));
}

/** A relative folder inside another (`''` for the output folder itself). */
function join(dir: string, sub: string): string {
  return dir === '' ? sub : `${dir}/${sub}`;
}

/** Number of Kubernetes objects a chart writes. */
function objectCount(chart: Chart): number {
  return chart.node.findAll().filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === chart).length;
}

/**
 * Copies the manifests this synthesis wrote into a folder into a Helm chart (`helm/Chart.yaml`,
 * `helm/templates/`). Other files in `helm/` are left as they are; the templates of an earlier
 * synthesis that are not written again are deleted with the other stale files.
 */
function writeHelmChart(directory: string, name: string, version: string, manifests: string[]): string[] {
  const helm = path.join(directory, 'helm');
  const written = [path.join(helm, 'Chart.yaml')];
  fs.mkdirSync(path.join(helm, 'templates'), { recursive: true });
  writeFileNoFollow(path.join(helm, 'Chart.yaml'), [
    'apiVersion: v2',
    `name: ${name}`,
    `description: Genesys Multicloud CX private edition (${name}), generated by cdk8s-genesys-cx`,
    'type: application',
    `version: ${version}`,
    '',
  ].join('\n'));
  for (const file of manifests.map((f) => path.basename(f)).sort()) {
    // the manifests are final: keep Helm from reading template actions in them. Only `{{` opens an
    // action (a lone `}}` is text to Go's template parser), so only `{{` is escaped. Then each custom
    // resource is guarded by its kind, so a cluster without its CRD installs every other object
    const text = fs.readFileSync(path.join(directory, file), 'utf8');
    const target = path.join(helm, 'templates', file);
    written.push(target);
    writeFileNoFollow(target, guardCustomResources(text.includes('{{') ? text.replace(/\{\{/g, '{{ "{{" }}') : text));
  }
  return written;
}

/**
 * Every region folder is a DNS label directly inside `outdir`, and no two platforms share one;
 * refused before anything is written.
 */
function checkFolders(outdir: string, platforms: GenesysPlatform[]): void {
  const bad = platforms.filter((p) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(p.node.id) || path.dirname(path.resolve(outdir, p.node.id)) !== outdir);
  if (bad.length > 0) {
    throw new Error(`PlatformSynth: platform id ${bad.map((p) => JSON.stringify(p.node.id)).join(', ')} cannot name a folder inside ${outdir} (with several platforms each id names its region's folder: use a DNS label such as "usw1")`);
  }
  const byId = new Map<string, string[]>();
  for (const p of platforms) byId.set(p.node.id, [...(byId.get(p.node.id) ?? []), p.node.path]);
  const twice = [...byId].filter(([, paths]) => paths.length > 1);
  if (twice.length > 0) {
    throw new Error(`PlatformSynth: ${twice.map(([id, paths]) => `platforms ${paths.map((p) => JSON.stringify(p)).join(' and ')} share the id "${id}"`).join('; ')}, `
      + `which names the region's folder ${path.join(outdir, twice[0]![0])}: one would overwrite the other. Give each platform its own id (e.g. "usw1", "euw1")`);
  }
}

/** Whether app.synth() also writes `construct-metadata.json` (cdk8s's `recordConstructMetadata`, an option it keeps private). */
function recordsMetadata(app: App): boolean {
  return (app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata === true;
}
