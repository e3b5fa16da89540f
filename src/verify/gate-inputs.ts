// What the gate reads, checked against what `kubectl apply -f DIR -R` and `helm install` apply
// (issue #20): symlinks, extensions kubectl matches case-sensitively, files and folders Helm
// renders or installs beside templates/, template actions other than the escaped literals the
// library writes, a missing peers file, and a peers file that disagrees with the peers the
// manifests describe (the genesys-cx-peers ConfigMaps). Every problem is a FAIL line. Internal.
import * as fs from 'fs';
import * as path from 'path';
import { CHART_FILE } from './discovery';
import { currentLimits } from './input-limits';
import { ManifestSet } from './manifests';
import { groupOf } from './objects';
import { readPeersFile } from './peers-file';
import { VerifyLine, VerifyStatus } from './report';
import { compareText, HELM_GUARD_LINE } from '../shared';

/** Name of the check. */
export const INPUT_FILES_CHECK = 'input-files';

/** Name and key of the ConfigMap each service namespace carries its peers in. */
const PEERS_CONFIG_MAP = 'genesys-cx-peers';
const PEERS_KEY = 'peers.json';

/** The extensions kubectl reads in a folder, exactly (`filepath.Ext` compared case-sensitively). */
const KUBECTL_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** The escaped template markers the library writes into a Helm chart (Helm renders them as `{{` and `}}`). */
const ESCAPED_LITERALS = ['{{ "{{" }}', '{{ "}}" }}'];

function line(reason: string, set: string | undefined): VerifyLine {
  return { status: VerifyStatus.FAIL, check: INPUT_FILES_CHECK, reason, set, text: `FAIL ${INPUT_FILES_CHECK}: ${reason}` };
}

function sorted(dir: string): string[] {
  return fs.readdirSync(dir).sort(compareText);
}

/** The 1-based lines of a text where a template action other than the escaped literals starts. */
export function templateActions(text: string): Array<{ line: number; action: string }> {
  const out: Array<{ line: number; action: string }> = [];
  let at = text.indexOf('{{');
  while (at >= 0) {
    const literal = ESCAPED_LITERALS.find((l) => text.startsWith(l, at));
    if (literal) {
      at = text.indexOf('{{', at + literal.length);
      continue;
    }
    // a guard line around a custom resource, as the library writes it (the whole line)
    const lineEnd = text.indexOf('\n', at);
    if ((at === 0 || text[at - 1] === '\n') && HELM_GUARD_LINE.test(text.slice(at, lineEnd < 0 ? text.length : lineEnd))) {
      at = text.indexOf('{{', lineEnd < 0 ? text.length : lineEnd);
      continue;
    }
    const end = text.indexOf('}}', at + 2);
    const action = text.slice(at, end < 0 ? Math.min(text.length, at + 40) : Math.min(end + 2, at + 60)).replace(/\s+/g, ' ');
    out.push({ line: text.slice(0, at).split('\n').length, action });
    at = text.indexOf('{{', end < 0 ? at + 2 : end + 2);
  }
  return out;
}

/** Problems of one Helm chart: what Helm renders or installs that the gate does not read as written. */
function chartProblems(root: string, out: string[]): void {
  const templates = path.join(root, 'templates');
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const name of sorted(dir)) {
      const full = path.join(dir, name);
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) continue; // reported by the walk of the whole directory
      if (stat.isDirectory()) {
        walk(full);
        continue;
      }
      if (stat.size > currentLimits().maxFileBytes) {
        out.push(`${full} is ${stat.size} bytes, more than the ${currentLimits().maxFileBytes} bytes a manifest file may hold: the gate does not read it for template actions. Split it, or raise limits.maxFileBytes`);
        continue;
      }
      const text = fs.readFileSync(full, 'utf8');
      for (const { line: n, action } of templateActions(text)) {
        out.push(`${full}:${n} holds the template action ${JSON.stringify(action)}: Helm renders it into objects the gate never sees (the library writes only the escaped markers ${ESCAPED_LITERALS.join(' and ')}). Remove the action, or write the rendered objects instead`);
      }
      const renders = !name.startsWith('_') && name !== 'NOTES.txt';
      if (renders && !KUBECTL_EXTENSIONS.includes(path.extname(name))) {
        out.push(`${full}: Helm renders every file of templates/ (but partials and NOTES.txt) as manifests, whatever its extension, while the gate reads only .yaml, .yml and .json: rename it to .yaml, or remove it`);
      }
    }
  };
  walk(templates);
  for (const extra of ['charts', 'crds']) {
    const dir = path.join(root, extra);
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      out.push(`${dir}: Helm installs ${extra === 'charts' ? 'the subcharts' : 'the CustomResourceDefinitions'} of this folder with the chart, and the gate does not read them: remove the folder (the library writes none)`);
    }
  }
  const chartFile = path.join(root, CHART_FILE);
  const chartSize = fs.statSync(chartFile).size;
  if (chartSize > currentLimits().maxFileBytes) {
    out.push(`${chartFile} is ${chartSize} bytes, more than the ${currentLimits().maxFileBytes} bytes a file may hold: the gate does not read it. Write the chart's metadata only`);
  } else if (/^dependencies\s*:/m.test(fs.readFileSync(chartFile, 'utf8'))) {
    out.push(`${chartFile} lists dependencies: Helm installs those charts with this one, and the gate does not read them: remove the dependencies (the library writes none)`);
  }
}

/**
 * The files of a directory the gate would read differently from `kubectl apply -f DIR -R` or
 * `helm install`, each a FAIL line: symlinks (kubectl reads a linked file, Helm follows links; the
 * gate never reads outside what is written in the folder), manifest extensions in other case
 * (kubectl skips `x.YAML`, other tools read it), and for each Helm chart, template actions, files
 * of other extensions in templates/, subcharts, CRDs and dependencies.
 */
export function inputFileLines(directory: string): VerifyLine[] {
  const problems: string[] = [];
  const walk = (dir: string): void => {
    if (fs.existsSync(path.join(dir, CHART_FILE))) chartProblems(dir, problems);
    for (const name of sorted(dir)) {
      const full = path.join(dir, name);
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) {
        let target = '';
        try {
          target = fs.readlinkSync(full);
        } catch {
          target = '?';
        }
        problems.push(`${full} is a symlink (to ${JSON.stringify(target)}): kubectl apply -f reads a linked file and Helm follows links, while the gate reads only what is written in the folder. Replace the link by the file itself`);
        continue;
      }
      if (stat.isDirectory()) {
        if (name !== 'node_modules') walk(full);
        continue;
      }
      const ext = path.extname(name);
      if (KUBECTL_EXTENSIONS.includes(ext.toLowerCase()) && !KUBECTL_EXTENSIONS.includes(ext)) {
        problems.push(`${full} has the extension ${JSON.stringify(ext)}: kubectl apply -f DIR skips it (it matches .yaml, .yml and .json exactly) while other tools apply it. Rename it with a lower-case extension`);
      }
    }
  };
  walk(directory);
  return problems.map((p) => line(p, undefined));
}

/** The peers the genesys-cx-peers ConfigMaps of a set describe, or undefined when it has none. */
function configMapPeers(manifests: ManifestSet): Array<{ entry: any; where: string }> | undefined {
  const maps = manifests.objects.filter((o) => o.kind === 'ConfigMap' && groupOf(o.apiVersion) === '' && o.metadata?.name === PEERS_CONFIG_MAP);
  if (maps.length === 0) return undefined;
  const out: Array<{ entry: any; where: string }> = [];
  for (const map of maps) {
    try {
      const entries = JSON.parse(String(map.data?.[PEERS_KEY] ?? '[]'));
      if (Array.isArray(entries)) for (const entry of entries) out.push({ entry, where: `ConfigMap ${map.metadata?.namespace}/${PEERS_CONFIG_MAP}` });
    } catch {
      // an unreadable description is reported by whoever reads it as peers
    }
  }
  return out;
}

function stable(value: any): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

function describePeer(entry: any): string {
  const place = entry.cidrs ? `cidrs ${JSON.stringify(entry.cidrs)}` : `namespace ${JSON.stringify(entry.namespace)} labels ${JSON.stringify(entry.labels)}`;
  return `${JSON.stringify(entry.kind)}${entry.service ? ` (${entry.service})` : ''} ${place}${entry.ports ? ` ports ${JSON.stringify(entry.ports)}` : ''}`;
}

/**
 * The problems of a set's peers as read: a peers file that disagrees with the peers the manifests
 * themselves describe (an edit of peers.json alone moves what the policies may reach).
 */
export function peersInputLines(manifests: ManifestSet, fromOptions: boolean, set: string | undefined): VerifyLine[] {
  // a deleted peers.json hides nothing: the manifests describe their peers themselves, and a row
  // left unchecked fails unless it is allowed by name (see rows.ts)
  const out: VerifyLine[] = [];
  const described = configMapPeers(manifests);
  if (fromOptions || !manifests.peersFile || !described) return out;
  const file = manifests.peersFile;
  // the file's own entries (the peers of the set are the file's and the ConfigMaps' together)
  const filePeers = readPeersFile(file);
  const inFile = new Set(filePeers.map(stable));
  const inMaps = new Set(described.map((d) => stable(d.entry)));
  for (const peer of filePeers) {
    if (!inMaps.has(stable(peer))) {
      out.push(line(`${file} declares ${describePeer(peer)}, which no ${PEERS_CONFIG_MAP} ConfigMap of the manifests describes: peers.json and the manifests disagree (an edit of peers.json alone widens what the policies may reach). Write the peer in the platform's configuration and synthesize again`, set));
    }
  }
  for (const { entry, where: map } of described) {
    if (!inFile.has(stable(entry))) {
      out.push(line(`${map} describes ${describePeer(entry)}, which ${file} does not declare: peers.json and the manifests disagree. Synthesize again to write both`, set));
    }
  }
  return out;
}
