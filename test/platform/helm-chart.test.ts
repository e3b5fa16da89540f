import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { GenesysPeers, GenesysPlatform, GenesysPlatformProps, PlatformSynth } from '../../src';

const props: GenesysPlatformProps = {
  domain: 'cx.example.com',
  developmentStores: true,
  services: { nexus: false, ucsx: false },
  peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
};

async function helmCopy(data?: { [key: string]: string }): Promise<{ yaml: string; template: string }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcx-helm-'));
  const app = new App({ outdir });
  const platform = new GenesysPlatform(app, 'p', props);
  if (data) new ApiObject(platform, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'gws' }, data });
  await PlatformSynth.synth(app, { svg: false });
  return {
    yaml: fs.readFileSync(path.join(outdir, 'p.k8s.yaml'), 'utf8'),
    template: fs.readFileSync(path.join(outdir, 'helm', 'templates', 'p.k8s.yaml'), 'utf8'),
  };
}

describe('the Helm chart copy of the YAML', () => {
  test('is the YAML itself when it holds no template marker (a lone }} is text to Helm)', async () => {
    const { yaml, template } = await helmCopy({ text: 'a { b } c }}', unicode: 'é ✓ 😀' });
    expect(yaml).toContain('a { b } c }}');
    expect(template).toEqual(yaml);
  });

  test('escapes {{ so that helm template writes the YAML back', async () => {
    const { yaml, template } = await helmCopy({ text: 'a {{ .Values.x }} b }}', unicode: 'é {{ 😀' });
    expect(yaml).toContain('a {{ .Values.x }} b }}');
    expect(template).not.toEqual(yaml);
    expect(template).toEqual(yaml.replace(/\{\{/g, '{{ "{{" }}'));
    expect(template).toContain('a {{ "{{" }} .Values.x }} b }}');
  });
});
