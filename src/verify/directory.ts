// Verifying a directory: each manifest set on its own, one at a time (only one set's objects are
// held), a Helm chart that copies its set verified once, the NOTE lines that say so. Internal.
import * as path from 'path';
import { difference, Fingerprints, fingerprints, sameFingerprints } from './chart-copies';
import { checkDirectory, discoverSets, ManifestSource } from './discovery';
import { CheckFinding } from './findings';
import { inputFileLines } from './gate-inputs';
import { checkTime, problemsOf } from './input-limits';
import { fileOf, ManifestSet, readManifestSource } from './manifests';
import { VerifyOptions } from './options';
import { noManifestsReport, SetResult, VerifyLine, VerifyReport, VerifyStatus } from './report';
import { verifyManifestSet } from './verify-set';

/** A set that was verified. */
interface Verified {
  readonly source: ManifestSource;
  readonly objects: number;
  readonly result: SetResult;
}

/** The verification of every manifest set under a directory. */
class DirectoryRun {
  private readonly sources: ManifestSource[];
  private readonly verified: Verified[] = [];
  /** NOTE lines, printed after the set each belongs to (a chart's after its parent's). */
  private readonly notesAfter = new Map<ManifestSource, VerifyLine[]>();
  /** Fingerprints of the sets that hold Helm charts, to spot a chart copying its set. */
  private readonly printed = new Map<ManifestSource, Fingerprints | undefined>();

  public constructor(private readonly directory: string, private readonly options: VerifyOptions) {
    checkDirectory(directory);
    this.sources = discoverSets(directory);
  }

  public run(): VerifyReport {
    const inputLines = inputFileLines(this.directory);
    for (const source of this.sources) this.verifySource(source);
    const report = this.verified.length === 0 ? noManifestsReport(this.directory) : this.report();
    return inputLines.length === 0 ? report : new VerifyReport([...inputLines, ...report.lines], report.findings);
  }

  private verifySource(source: ManifestSource): void {
    if (source.files.length === 0) {
      if (source.chart) this.note(source, 'a Helm chart without templates (nothing to verify)');
      return;
    }
    checkTime(`starting set ${source.name}`);
    const manifests = source.chart && source.parent ? this.chartToVerify(source, source.parent) : readManifestSource(source);
    if (!manifests) return;
    if (manifests.objects.length === 0 && problemsOf(manifests).length === 0) {
      if (source.parent) this.note(source, 'no Kubernetes objects (nothing to verify)');
      return;
    }
    if (!source.chart && this.sources.some((s) => s.parent === source && s.chart)) {
      const files = [...new Set(manifests.objects.map((o) => fileOf(o)!))];
      this.printed.set(source, fingerprints(files, source.root, false));
    }
    this.verified.push({ source, objects: manifests.objects.length, result: verifyManifestSet(manifests, this.options, source.name) });
  }

  /** A chart's manifests to verify, or undefined when they copy the set the chart is in (verified once). */
  private chartToVerify(source: ManifestSource, parent: ManifestSource): ManifestSet | undefined {
    if (sameFingerprints(fingerprints(source.files, path.join(source.root, 'templates'), true), this.printed.get(parent))) {
      this.note(source, `a Helm chart whose templates are the manifests of ${parent.name} (verified once)`);
      return undefined;
    }
    const manifests = readManifestSource(source);
    const parentManifests = readManifestSource(parent);
    if (parentManifests.objects.length > 0) {
      const diff = difference(manifests, parentManifests);
      if (diff === undefined) {
        this.note(source, `a Helm chart whose templates hold the objects of ${parent.name} (verified once)`);
        return undefined;
      }
      this.note(source, `a Helm chart whose templates differ from the manifests of ${parent.name}: ${diff} (verified on its own)`);
    }
    return manifests;
  }

  private note(source: ManifestSource, text: string): void {
    const anchor = source.parent ?? source;
    const list = this.notesAfter.get(anchor) ?? [];
    list.push({ status: VerifyStatus.NOTE, check: 'set', set: source.name, text: `NOTE set ${source.name}: ${text}` });
    this.notesAfter.set(anchor, list);
  }

  /** Each set's lines (after a NOTE naming it when there are several), then its notes; the notes left, last. */
  private report(): VerifyReport {
    const lines: VerifyLine[] = [];
    const findings: CheckFinding[] = [];
    const several = this.verified.length > 1;
    for (const { source, objects, result } of this.verified) {
      if (several) {
        const maps = result.peersConfigMaps ?? 0;
        const described = maps > 0 ? `, ${maps} genesys-cx-peers ConfigMap${maps === 1 ? '' : 's'}` : '';
        lines.push({ status: VerifyStatus.NOTE, check: 'set', set: source.name, text: `NOTE set ${source.name}: ${objects} objects, ${this.peersText(source)}${described}` });
      }
      lines.push(...result.lines);
      findings.push(...result.findings);
      lines.push(...(this.notesAfter.get(source) ?? []));
      this.notesAfter.delete(source);
    }
    for (const rest of this.notesAfter.values()) lines.push(...rest);
    return new VerifyReport(lines, findings);
  }

  private peersText(source: ManifestSource): string {
    if (this.options.peers !== undefined) return 'peers from the options';
    return source.peersFile ? `peers ${path.relative(this.directory, source.peersFile) || source.peersFile}` : 'no peers file';
  }
}

/** Verifies every manifest set under a directory, one at a time (only one set's objects are held). */
export function verifyDirectory(directory: string, options: VerifyOptions): VerifyReport {
  return new DirectoryRun(directory, options).run();
}
