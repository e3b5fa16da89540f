// PlatformSynth's output folder: it writes only the files it writes, only inside the folder, never
// through a symbolic link, and deletes only files an earlier synthesis of the same app recorded
// there. Every check runs before anything is written or deleted; a refusal names the path and the fix.
import * as fs from 'fs';
import * as path from 'path';

/** The file in the output folder that lists what the last synthesis wrote (relative paths). */
export const WRITTEN_FILES = '.cdk8s-genesys-cx-files.json';

/** Files of these names are written by PlatformSynth (besides the manifests). */
const OWN_NAMES = new Set(['connections.json', 'peers.json', 'connections.svg', 'CONNECTIONS.md', 'construct-metadata.json', WRITTEN_FILES]);

/** A region folder's name: a DNS label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A manifest's name: what cdk8s writes for a chart (`<chart><app.outputFileExtension>`), and its copy in a Helm chart. */
function isManifest(name: string, extension: string): boolean {
  return name.length > extension.length && name.endsWith(extension);
}

/** The folders PlatformSynth writes inside a cluster's folder. */
export const OWN_FOLDERS = ['helm', 'helm/templates', 'chart-values'];

/**
 * Whether a relative path (with `/`) is one PlatformSynth writes: `[region/]file` (a manifest or one
 * of its own files), `[region/]helm/Chart.yaml`, `[region/]helm/templates/<manifest>` or
 * `[region/]chart-values/<chart>.yaml` (values for Genesys' charts).
 */
function isOwnPath(rel: string, extension: string): boolean {
  const parts = rel.split('/');
  if (parts.length > 1 && DNS_LABEL.test(parts[0]!) && parts[0] !== 'helm' && parts[0] !== 'chart-values') parts.shift();
  const name = parts[parts.length - 1]!;
  if (parts.length === 1) return OWN_NAMES.has(name) || isManifest(name, extension);
  if (parts.length === 2) return (parts[0] === 'helm' && name === 'Chart.yaml') || (parts[0] === 'chart-values' && isManifest(name, '.yaml'));
  return parts.length === 3 && parts[0] === 'helm' && parts[1] === 'templates' && isManifest(name, extension);
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The first symbolic link on the way from `outdir` (itself excluded) to `rel`, the file included. */
function linkOnPath(outdir: string, rel: string): string | undefined {
  let at = outdir;
  for (const part of rel.split('/')) {
    at = path.join(at, part);
    const st = lstat(at);
    if (!st) return undefined;
    if (st.isSymbolicLink()) return at;
  }
  return undefined;
}

function refuse(message: string): never {
  throw new Error(`PlatformSynth: ${message}`);
}

/** What the previous synthesis recorded: validated, ready to clean up after this one. */
export interface PreviousFiles {
  /** Relative paths (with `/`), each checked: inside the folder, a name PlatformSynth writes, no link on the way. */
  readonly files: string[];
}

/**
 * Reads and checks the record of the previous synthesis in `outdir`, before anything is written:
 * every entry must be a relative path inside the folder, without `.` or `..`, of a name PlatformSynth
 * writes, with no symbolic link on the way. A record that fails is refused, naming the entry.
 */
export function readPrevious(outdir: string, extension: string): PreviousFiles {
  const record = path.join(outdir, WRITTEN_FILES);
  const st = lstat(record);
  if (!st) return { files: [] };
  const fix = `restore ${record} from version control, or delete it (synthesis then deletes nothing, and rewrites it)`;
  if (!st.isFile()) refuse(`${record} is not a regular file (a symbolic link or a folder): ${fix}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(record, 'utf8'));
  } catch (e) {
    refuse(`${record} is not JSON (${(e as Error).message}): ${fix}`);
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) refuse(`${record} has no "files" list: ${fix}`);
  for (const entry of files) {
    const shown = JSON.stringify(entry);
    if (typeof entry !== 'string' || entry === '') refuse(`${record} lists ${shown}, which is not a file name: ${fix}`);
    if (path.isAbsolute(entry) || /^[a-zA-Z]:/.test(entry) || entry.includes('\\') || entry.split('/').some((p) => p === '' || p === '.' || p === '..')) {
      refuse(`${record} lists ${shown}, which is not a plain relative path inside ${outdir} (no "..", ".", "\\", leading "/" or empty part): ${fix}`);
    }
    if (!isOwnPath(entry, extension)) {
      refuse(`${record} lists ${shown}, which is not a file PlatformSynth writes (manifests, connections.json, peers.json, connections.svg, `
        + `CONNECTIONS.md, helm/Chart.yaml, helm/templates/, chart-values/): ${fix}`);
    }
    const link = linkOnPath(outdir, entry);
    if (link) refuse(`${record} lists ${shown}, and ${link} is a symbolic link: synthesis deletes nothing through a link (${fix}; remove the link)`);
    const target = lstat(path.join(outdir, entry));
    if (target && !target.isFile()) refuse(`${record} lists ${shown}, which is not a regular file: ${fix}`);
  }
  return { files: files as string[] };
}

/** The stem of a manifest's name: `0001-usw1.k8s.yaml` → `usw1`. */
function stem(file: string, extension: string): string {
  const base = path.posix.basename(file);
  return base.slice(0, -extension.length).replace(/^\d{4}-/, '');
}

/**
 * Refuses to write into a folder that another app wrote: the previous record names manifests and
 * none of them is one of this app's charts. Two apps in one folder would delete each other's files.
 */
export function checkSameApp(outdir: string, previous: PreviousFiles, charts: string[], extension: string): void {
  const before = new Set(previous.files.filter((f) => !f.split('/').includes('helm') && f.endsWith(extension)).map((f) => stem(f, extension)));
  if (before.size === 0 || charts.length === 0 || charts.some((c) => before.has(c))) return;
  refuse(`${outdir} holds the output of another app (its ${WRITTEN_FILES} names the charts ${[...before].sort().join(', ')}; this app's are `
    + `${[...charts].sort().join(', ')}), and synthesis would delete that app's files: give each app its own outdir. If this app's charts were `
    + `renamed, delete ${path.join(outdir, WRITTEN_FILES)} and the old files yourself`);
}

/**
 * Refuses a symbolic link where synthesis writes: the folders it writes into (`dirs`, relative,
 * `''` for `outdir` itself), and, inside them, any entry with a name PlatformSynth writes.
 */
export function checkNoLinks(outdir: string, dirs: string[], extension: string): void {
  const fix = 'synthesis never writes through a link: remove the link (and commit the file synthesis writes in its place)';
  for (const dir of dirs) {
    const full = path.join(outdir, dir);
    const link = dir === '' ? undefined : linkOnPath(outdir, dir);
    if (link) refuse(`${link} is a symbolic link, and synthesis writes into ${full}: ${fix}`);
    const st = lstat(full);
    if (!st) continue;
    if (!st.isDirectory()) refuse(`${full} is not a folder, and synthesis writes its files there: move it away`);
    for (const e of fs.readdirSync(full, { withFileTypes: true })) {
      if (!e.isSymbolicLink()) continue;
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      if (isOwnPath(rel, extension) || OWN_FOLDERS.some((f) => f.split('/').pop() === e.name)) {
        refuse(`${path.join(full, e.name)} is a symbolic link where synthesis writes a file: ${fix}`);
      }
    }
  }
}

/**
 * Writes the record of this synthesis (`written`, absolute paths) and deletes what the previous one
 * recorded and this one did not write: only those files, checked by `readPrevious`, and the folders
 * they leave empty.
 */
export function recordWritten(outdir: string, written: ReadonlySet<string>, previous: PreviousFiles,
  write: (file: string, text: string) => void): void {
  const files = [...written].filter((f) => fs.existsSync(f)).map((f) => path.relative(outdir, f).split(path.sep).join('/'))
    .filter((f) => f !== WRITTEN_FILES).sort();
  const keep = new Set(files);
  for (const stale of previous.files) {
    if (keep.has(stale)) continue;
    const full = path.join(outdir, ...stale.split('/'));
    // checked before synthesis: no link on the way, a regular file if it is there
    if (!lstat(full)?.isFile() || linkOnPath(outdir, stale)) continue;
    fs.unlinkSync(full);
    removeEmptyParents(path.dirname(full), outdir);
  }
  write(path.join(outdir, WRITTEN_FILES), JSON.stringify({ generatedBy: 'cdk8s-genesys-cx', files }, null, 2) + '\n');
}

function removeEmptyParents(dir: string, outdir: string): void {
  for (let d = dir; d.startsWith(outdir + path.sep) && lstat(d)?.isDirectory() && fs.readdirSync(d).length === 0; d = path.dirname(d)) {
    fs.rmdirSync(d);
  }
}
