// `diff BASE HEAD`: the change between two synthesized folders as connections. Each manifest set of
// both folders is read into a snapshot (snapshot.ts) and the snapshots of the same name compared.
import * as fs from 'fs';
import * as path from 'path';
import { changedPaths, HOST_FIELDS, securityFields } from './object-changes';
import { kindOf, RangeState, SetSnapshot, snapshotOf } from './snapshot';
import { compareText, isExtensionRef, sortRefs } from '../shared';
import { AddressRange, formatRange, subtractRanges } from '../shared/net';
import { difference } from '../verify/chart-copies';
import { checkDirectory, discoverSets, ManifestSource } from '../verify/discovery';
import { ManifestSet, readManifestSource } from '../verify/manifests';
import { describeObject } from '../verify/objects';
import { VerifyOptions } from '../verify/options';

/** The file that marks a probe suite's folder (written by `probe`); `diff` and sets skip it. */
export const PROBE_MARKER = 'probe-plan.json';

/** How much a change matters, in the order of the exit codes. */
export enum ChangeLevel {
  /** Nothing changed. */
  NONE = 0,
  /** Something changed, no new reach. */
  CHANGE = 1,
  /** A new opening or a widened reach: a flow, an address range, an entry point, a host namespace. */
  WIDENED = 2,
}

/** One change of a catalog row or an extension. */
export interface RefChange {
  /** The row (`gws#9`) or extension (`ext:<id>`). */
  readonly ref: string;
  /** `opened`, `closed`, `status`, `ports`, `peers`, `flows`, `declared`, `withdrawn`. */
  readonly what: string;
  /** The change in words. */
  readonly text: string;
  /** Flows that the row or extension now covers (and did not). */
  readonly added: string[];
  /** Flows that it no longer covers. */
  readonly removed: string[];
  /** True when it gained a flow that was not allowed before. */
  readonly widened: boolean;
}

/** One change of a set, outside the rows. */
export interface ItemChange {
  /** The change in words (never a value of data or environment). */
  readonly text: string;
  /** True when it widens reach. */
  readonly widened: boolean;
}

/** The changes of one manifest set. */
export interface SetDiff {
  /** The set's folder name (`.`, `euw1`, `helm`...). */
  readonly set: string;
  /** `added`, `removed` or `changed`. */
  readonly state: string;
  /** Changes of catalog rows and extensions. */
  readonly refs: RefChange[];
  /** Allowed flows that appeared, each with what declares it in HEAD. */
  readonly flowsAdded: ItemChange[];
  /** Allowed flows that disappeared, each with what declared it in BASE. */
  readonly flowsRemoved: ItemChange[];
  /** Flows in both whose declaration changed (e.g. undocumented → an extension). */
  readonly flowsReclassified: ItemChange[];
  /** Address ranges of ipBlocks that changed, per workload, direction and port. */
  readonly ranges: ItemChange[];
  /** Entry points added (`+`) and removed (`-`). */
  readonly entryPoints: ItemChange[];
  /** Stores that moved between development, external and in-cluster peers. */
  readonly stores: ItemChange[];
  /** `Kind`: added/removed/changed objects. */
  readonly objects: { [kind: string]: { added: string[]; removed: string[]; changed: string[] } };
  /** Security-relevant fields of pod templates that changed, with their values. */
  readonly security: ItemChange[];
}

/** The whole comparison. */
export interface DiffResult {
  /** The BASE folder. */
  readonly base: string;
  /** The HEAD folder. */
  readonly head: string;
  /** The sets that changed, by name. */
  readonly sets: SetDiff[];
  /** NOTE lines: sets compared once, skipped folders. */
  readonly notes: string[];
  /** The highest level of any change: the exit status. */
  readonly level: ChangeLevel;
}

/** True when a folder is a probe suite's (holds the probe plan). */
function isProbeFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, PROBE_MARKER));
}

/** A manifest set of a folder. */
export interface FolderSet {
  /** The set's objects. */
  readonly manifests: ManifestSet;
  /**
   * For a Helm chart holding the objects of the set it is in: that set's name.
   * @default - none: not a copy
   */
  readonly copyOf?: string;
}

/** The sets of a folder by name, with the probe suite's files left out; a Helm chart copying its set is marked. */
export function readSets(directory: string, notes: string[], side: string): Map<string, FolderSet> {
  checkDirectory(directory);
  const out = new Map<string, FolderSet>();
  const sources = discoverSets(directory);
  const read = (s: ManifestSource): ManifestSet => readManifestSource({ ...s, files: s.files.filter((f) => !underProbeFolder(f, s.root)) });
  const cache = new Map<ManifestSource, ManifestSet>();
  const get = (s: ManifestSource) => {
    let m = cache.get(s);
    if (!m) {
      m = read(s);
      cache.set(s, m);
    }
    return m;
  };
  for (const source of sources) {
    if (isProbeFolder(source.root)) {
      notes.push(`${side} ${source.name}: a probe suite (left out)`);
      continue;
    }
    const manifests = get(source);
    if (manifests.objects.length === 0) continue;
    const copy = source.chart && source.parent && get(source.parent).objects.length > 0 && difference(manifests, get(source.parent)) === undefined;
    out.set(source.name, { manifests, copyOf: copy ? source.parent!.name : undefined });
  }
  return out;
}

function underProbeFolder(file: string, root: string): boolean {
  let dir = path.dirname(file);
  while (dir.length >= root.length) {
    if (isProbeFolder(dir)) return true;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return false;
}

const empty = (name: string): SetSnapshot => ({
  name, rows: new Map(), flows: new Map(), ranges: new Map(), entryPoints: new Set(), stores: new Map(), objects: new Map(),
});

function minus<T>(a: Iterable<T>, b: { has(x: T): boolean }): T[] {
  return [...a].filter((x) => !b.has(x));
}

function declaration(rows: string[], extensions: string[]): string {
  if (rows.length > 0) return `row ${rows.join(', ')}`;
  if (extensions.length > 0) return `extension ${extensions.join(', ')}`;
  return 'undocumented';
}

/** The changes of the rows and extensions between two snapshots. */
function refChanges(base: SetSnapshot, head: SetSnapshot): RefChange[] {
  const out: RefChange[] = [];
  const refs = sortRefs([...new Set([...base.rows.keys(), ...head.rows.keys()])]);
  for (const ref of refs) {
    const b = base.rows.get(ref);
    const h = head.rows.get(ref);
    const bFlows = new Set(b?.flows ?? []);
    const hFlows = new Set(h?.flows ?? []);
    const added = minus(hFlows, bFlows);
    const removed = minus(bFlows, hFlows);
    // wider only with a flow that was not allowed before (a flow moving between rows is not)
    const wider = added.some((f) => !base.flows.has(f));
    const who = `${(h ?? b)!.source} -> ${(h ?? b)!.destination}`;
    const bStatus = b?.status ?? 'absent';
    const hStatus = h?.status ?? 'absent';
    if (bStatus !== 'PASS' && hStatus === 'PASS') {
      out.push({ ref, what: 'opened', text: `${ref} ${who} opened (${bStatus} → PASS, ports ${h!.ports})`, added, removed, widened: wider });
      continue;
    }
    if (bStatus === 'PASS' && hStatus !== 'PASS') {
      out.push({ ref, what: 'closed', text: `${ref} ${who} closed (PASS → ${hStatus}${h ? `, ports ${h.ports}` : ''})`, added, removed, widened: wider });
      continue;
    }
    if (bStatus !== hStatus) {
      out.push({ ref, what: 'status', text: `${ref} ${who} ${bStatus} → ${hStatus}`, added, removed, widened: wider });
      continue;
    }
    const ports = (flows: Set<string>) => new Set([...flows].map((f) => f.replace(/^.* /, '')));
    const bPorts = ports(bFlows);
    const hPorts = ports(hFlows);
    const podPortsChanged = minus(hPorts, bPorts).length + minus(bPorts, hPorts).length > 0;
    if (b!.ports !== h!.ports || podPortsChanged) {
      const podText = podPortsChanged ? `, pod ports ${[...bPorts].sort(compareText).join(',') || '-'} → ${[...hPorts].sort(compareText).join(',') || '-'}` : ' (same pod ports)';
      out.push({ ref, what: 'ports', text: `${ref} ${who} port changed: Service ports ${b!.ports} → ${h!.ports}${podText}`, added, removed, widened: wider });
      continue;
    }
    if (added.length + removed.length > 0) {
      out.push({ ref, what: 'peers', text: `${ref} ${who} peers changed (${added.length} flows added, ${removed.length} removed)`, added, removed, widened: wider });
    }
  }
  // extensions: the flows each declares
  const extFlows = (s: SetSnapshot) => {
    const m = new Map<string, Set<string>>();
    for (const f of s.flows.values()) for (const e of f.extensions) m.set(e, (m.get(e) ?? new Set()).add(f.flow));
    return m;
  };
  const be = extFlows(base);
  const he = extFlows(head);
  for (const ref of sortRefs([...new Set([...be.keys(), ...he.keys()])]).filter(isExtensionRef)) {
    const bf = be.get(ref) ?? new Set<string>();
    const hf = he.get(ref) ?? new Set<string>();
    const added = minus(hf, bf);
    const removed = minus(bf, hf);
    if (added.length + removed.length === 0) continue;
    const what = bf.size === 0 ? 'declared' : hf.size === 0 ? 'withdrawn' : 'flows';
    const text = what === 'declared' ? `${ref} declared (${added.length} flows)` : what === 'withdrawn' ? `${ref} withdrawn (${removed.length} flows)`
      : `${ref} flows changed (${added.length} added, ${removed.length} removed)`;
    out.push({ ref, what, text, added, removed, widened: added.some((f) => !base.flows.has(f)) });
  }
  return out;
}

function flowChanges(base: SetSnapshot, head: SetSnapshot): Pick<SetDiff, 'flowsAdded' | 'flowsRemoved' | 'flowsReclassified'> {
  const flowsAdded: ItemChange[] = [];
  const flowsRemoved: ItemChange[] = [];
  const flowsReclassified: ItemChange[] = [];
  for (const [flow, h] of head.flows) {
    const b = base.flows.get(flow);
    if (!b) {
      flowsAdded.push({ text: `${flow} (${declaration(h.rows, h.extensions)})`, widened: true });
    } else {
      const was = declaration(b.rows, b.extensions);
      const now = declaration(h.rows, h.extensions);
      if (was !== now) flowsReclassified.push({ text: `${flow}: ${was} → ${now}`, widened: false });
    }
  }
  for (const [flow, b] of base.flows) {
    if (!head.flows.has(flow)) flowsRemoved.push({ text: `${flow} (was ${declaration(b.rows, b.extensions)})`, widened: false });
  }
  const byText = (a: ItemChange, b: ItemChange) => compareText(a.text, b.text);
  return { flowsAdded: flowsAdded.sort(byText), flowsRemoved: flowsRemoved.sort(byText), flowsReclassified: flowsReclassified.sort(byText) };
}

function rangesText(ranges: AddressRange[]): string {
  return ranges.map(formatRange).join(', ');
}

function rangeChanges(base: SetSnapshot, head: SetSnapshot): ItemChange[] {
  const out: ItemChange[] = [];
  const keys = [...new Set([...base.ranges.keys(), ...head.ranges.keys()])].sort(compareText);
  for (const key of keys) {
    const b: RangeState | undefined = base.ranges.get(key);
    const h: RangeState | undefined = head.ranges.get(key);
    const more = subtractRanges(h?.ranges ?? [], b?.ranges ?? []);
    const less = subtractRanges(b?.ranges ?? [], h?.ranges ?? []);
    if (more.length + less.length === 0) continue;
    const refs = (h ?? b)!.refs;
    const parts = [more.length > 0 ? `+ ${rangesText(more)}` : '', less.length > 0 ? `- ${rangesText(less)}` : ''].filter((p) => p !== '');
    out.push({ text: `${key}: ${parts.join(' ')}${refs.length > 0 ? ` [${refs.join(', ')}]` : ''}`, widened: more.length > 0 });
  }
  return out;
}

function objectChanges(base: SetSnapshot, head: SetSnapshot): Pick<SetDiff, 'objects' | 'security'> {
  const objects: SetDiff['objects'] = {};
  const security: ItemChange[] = [];
  const entry = (kind: string) => (objects[kind] ??= { added: [], removed: [], changed: [] });
  const ids = [...new Set([...base.objects.keys(), ...head.objects.keys()])].sort(compareText);
  for (const id of ids) {
    const b = base.objects.get(id);
    const h = head.objects.get(id);
    const o = (h ?? b)!;
    const name = describeObject(o).replace(/^\S+ /, '');
    if (!b) {
      entry(kindOf(o)).added.push(name);
    } else if (!h) {
      entry(kindOf(o)).removed.push(name);
    } else {
      const paths = changedPaths(b, h);
      if (paths.length > 0) entry(kindOf(o)).changed.push(`${name}: ${paths.join(', ')}`);
    }
    const bs = b ? securityFields(b) : new Map<string, string>();
    const hs = h ? securityFields(h) : new Map<string, string>();
    for (const field of [...new Set([...bs.keys(), ...hs.keys()])].sort(compareText)) {
      const was = bs.get(field);
      const now = hs.get(field);
      if (was === now) continue;
      const hostOn = HOST_FIELDS.includes(field) && now === 'true';
      security.push({ text: `${describeObject(o)} ${field}: ${was ?? '(unset)'} → ${now ?? '(unset)'}`, widened: hostOn });
    }
  }
  for (const kind of Object.keys(objects)) {
    const e = objects[kind];
    if (e.added.length + e.removed.length + e.changed.length === 0) delete objects[kind];
  }
  return { objects, security };
}

function setDiff(name: string, base: SetSnapshot | undefined, head: SetSnapshot | undefined): SetDiff {
  const b = base ?? empty(name);
  const h = head ?? empty(name);
  const entryPoints: ItemChange[] = [
    ...minus(h.entryPoints, b.entryPoints).map((text) => ({ text: `+ ${text}`, widened: true })),
    ...minus(b.entryPoints, h.entryPoints).map((text) => ({ text: `- ${text}`, widened: false })),
  ];
  const stores: ItemChange[] = [];
  for (const key of [...new Set([...b.stores.keys(), ...h.stores.keys()])].sort(compareText)) {
    const was = b.stores.get(key);
    const now = h.stores.get(key);
    if (was !== now) stores.push({ text: `${key}: ${was ?? '(not reached)'} → ${now ?? '(not reached)'}`, widened: false });
  }
  return {
    set: name,
    state: !base ? 'added' : !head ? 'removed' : 'changed',
    refs: refChanges(b, h),
    ...flowChanges(b, h),
    ranges: rangeChanges(b, h),
    entryPoints,
    stores,
    ...objectChanges(b, h),
  };
}

/** True when a set's diff holds no change. */
export function isEmpty(d: SetDiff): boolean {
  return d.refs.length + d.flowsAdded.length + d.flowsRemoved.length + d.flowsReclassified.length + d.ranges.length
    + d.entryPoints.length + d.stores.length + d.security.length + Object.keys(d.objects).length === 0;
}

/** The level of one set's changes. */
export function levelOf(d: SetDiff): ChangeLevel {
  if (isEmpty(d)) return ChangeLevel.NONE;
  const widened = [...d.refs, ...d.flowsAdded, ...d.ranges, ...d.entryPoints, ...d.security].some((c) => c.widened);
  return widened ? ChangeLevel.WIDENED : ChangeLevel.CHANGE;
}

/** Compares two synthesized folders. */
export function diffDirectories(base: string, head: string, options: VerifyOptions = {}): DiffResult {
  const notes: string[] = [];
  const baseSets = readSets(base, notes, 'base');
  const headSets = readSets(head, notes, 'head');
  if (baseSets.size === 0 && headSets.size === 0) {
    throw new Error(`diff: neither ${base} nor ${head} holds Kubernetes manifests (give the folders cdk8s synth wrote, e.g. base/dist and dist)`);
  }
  const names = [...new Set([...baseSets.keys(), ...headSets.keys()])].sort(compareText);
  const sets: SetDiff[] = [];
  let level = ChangeLevel.NONE;
  for (const name of names) {
    const b = baseSets.get(name);
    const h = headSets.get(name);
    // a chart copying its set on both sides is that set's change: compared once
    if ((b === undefined || b.copyOf !== undefined) && (h === undefined || h.copyOf !== undefined)) {
      notes.push(`${name}: a Helm chart holding the objects of ${(b ?? h)!.copyOf} (compared once)`);
      continue;
    }
    if (b && h && (b.copyOf === undefined) !== (h.copyOf === undefined)) {
      const copySide = b.copyOf !== undefined ? 'base' : 'head';
      notes.push(`${name}: a Helm chart holding the objects of ${(b.copyOf ?? h.copyOf)} in ${copySide} only (compared on its own; regenerate the chart with its set)`);
    }
    const d = setDiff(name, b && snapshotOf(name, b.manifests, options), h && snapshotOf(name, h.manifests, options));
    if (isEmpty(d)) continue;
    sets.push(d);
    level = Math.max(level, levelOf(d));
  }
  return { base, head, sets, notes, level };
}
