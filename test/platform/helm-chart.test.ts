import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { GenesysPeers, GenesysPlatform, GenesysPlatformProps, PlatformSynth, Verifier } from '../../src';

const props: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  services: { nexus: false, ucsx: false },
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
};

async function helmCopy(data?: { [key: string]: string }): Promise<{ yaml: string; template: string; outdir: string }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-helm-'));
  const app = new App({ outdir });
  const platform = new GenesysPlatform(app, 'p', props);
  if (data) new ApiObject(platform, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'gws' }, data });
  await PlatformSynth.synth(app, { svg: false });
  return {
    outdir,
    yaml: fs.readFileSync(path.join(outdir, 'p.k8s.yaml'), 'utf8'),
    template: fs.readFileSync(path.join(outdir, 'helm', 'templates', 'p.k8s.yaml'), 'utf8'),
  };
}

/**
 * What Helm's Go templates make of the subset the library writes: `{{ "<text>" }}` string literals,
 * `{{- if .Capabilities.APIVersions.Has "<group/version/Kind>" }}` ... `{{- end }}` (not nested),
 * and the `{{-` marker that trims the white space before an action. Anything else throws: the copy
 * must hold nothing this emulation does not know.
 */
function renderHelm(template: string, served: (kind: string) => boolean): string {
  let out = '';
  let skipping = false;
  let at = 0;
  const action = /\{\{(-?) (?:"((?:[^"\\]|\\.)*)"|if \.Capabilities\.APIVersions\.Has "([^"]+)"|(end)) (-?)\}\}/y;
  while (at < template.length) {
    const next = template.indexOf('{{', at);
    const text = template.slice(at, next < 0 ? template.length : next);
    if (!skipping) out += text;
    if (next < 0) break;
    action.lastIndex = next;
    const m = action.exec(template);
    if (!m) throw new Error(`unknown action at ${template.slice(next, next + 40)}`);
    if (m[1] === '-' && !skipping) out = out.replace(/\s+$/, '');
    if (m[2] !== undefined && !skipping) out += JSON.parse(`"${m[2]}"`);
    if (m[3] !== undefined) skipping = !served(m[3]);
    if (m[4] !== undefined) skipping = false;
    at = action.lastIndex;
  }
  return out;
}

describe('the Helm chart copy of the YAML', () => {
  test('is the YAML itself, its custom resources guarded by their kind (a lone }} is text to Helm)', async () => {
    const { yaml, template } = await helmCopy({ text: 'a { b } c }}', unicode: 'é ✓ 😀' });
    expect(yaml).toContain('a { b } c }}');
    expect(template).toContain('{{- if .Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1/HTTPRoute" }}');
    // a cluster serving every kind gets the YAML itself
    expect(renderHelm(template, () => true)).toEqual(yaml);
  });

  test('escapes {{ so that helm template writes the YAML back', async () => {
    const { yaml, template } = await helmCopy({ text: 'a {{ .Values.x }} b }}', unicode: 'é {{ 😀' });
    expect(yaml).toContain('a {{ .Values.x }} b }}');
    expect(template).toContain('a {{ "{{" }} .Values.x }} b }}');
    expect(renderHelm(template, () => true)).toEqual(yaml);
  });

  test('on a cluster without the Gateway API CRDs, every other object is still installed', async () => {
    const { yaml, template } = await helmCopy();
    const rendered = renderHelm(template, (kind) => !kind.startsWith('gateway.networking.k8s.io/'));
    const kinds = (text: string) => text.split('\n').filter((l) => l.startsWith('kind: ')).map((l) => l.slice(6));
    const all = kinds(yaml);
    expect(all).toContain('HTTPRoute');
    expect(kinds(rendered)).toEqual(all.filter((k) => !['HTTPRoute', 'Gateway', 'ReferenceGrant'].includes(k)));
  });

  test('the verifier reads the guarded copy as the manifests themselves, and an unguarded action still fails', async () => {
    const { outdir } = await helmCopy();
    // Digital Channels and UCS-X are not in this app: the rows to them stay unchecked on purpose
    const allowSkipped = ['gws#27', 'gws#28', 'nexus#7', 'ucsx#13'];
    const report = Verifier.verify(outdir, { allowSkipped });
    expect(report.ok).toBe(true);
    expect(report.lines.map((l) => l.text)).toContainEqual(expect.stringMatching(/^NOTE set helm: .*verified once/));
    const file = path.join(outdir, 'helm', 'templates', 'p.k8s.yaml');
    // an action inside a YAML comment: the YAML still reads, Helm still renders it
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{{- end }}', '{{- end }}\n# {{- if .Values.extra }}'));
    expect(Verifier.verify(outdir, { allowSkipped }).lines.map((l) => l.text)).toContainEqual(expect.stringMatching(/^FAIL input-files: .*holds the template action "\{\{- if \.Values\.extra \}\}"/));
  });
});

describe('PlatformSynth into a Helm chart\'s templates (cdk8s synth --format helm)', () => {
  test('writes the manifests only: no review output, record or second chart goes into templates/', async () => {
    const chart = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-chart-'));
    const templates = path.join(chart, 'templates');
    const app = new App({ outdir: templates });
    new GenesysPlatform(app, 'p', props);
    const [cluster] = await PlatformSynth.synth(app, { svg: false });
    expect(fs.readdirSync(templates, { withFileTypes: true }).map((e) => e.name)).toEqual(['p.k8s.yaml']);
    expect(cluster.objects).toBeGreaterThan(50);
    expect(fs.readdirSync(chart)).toEqual(['templates']);
  });
});
