// Issue #20 section 2, inputs the gate skipped or misread: it reads what `kubectl apply -f DIR -R`
// and `helm install` apply, and its peers as the manifests describe them. Each test breaks a copy of
// an example's committed output (with its Helm chart copy) once; the untouched copy passes.
import * as fs from 'fs';
import * as path from 'path';
import { added, cleanCopies, copyExample, editDocs, failing } from './gate-helpers';
import { Verifier } from '../../src/verify';
import { main } from '../../src/verify/cli';
import { templateActions } from '../../src/verify/gate-inputs';

afterAll(cleanCopies);

const NAME = 'quickstart';
const PRIVILEGED = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sneaky\n  namespace: gws\nspec:\n  containers:\n    - name: main\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n';

function inputLines(dir: string, name = NAME) {
  const report = Verifier.verify(dir);
  return { report, lines: added(name, report).filter((l) => l.check === 'input-files').map((l) => l.text), all: added(name, report) };
}

test('the untouched quickstart and production outputs, Helm charts included, pass', () => {
  for (const name of [NAME, 'production']) expect(failing(Verifier.verify(copyExample(name, true)))).toEqual([]);
});

describe('peers', () => {
  test('a deleted peers.json hides nothing: the manifests describe their peers, and without them every unchecked row fails', () => {
    const dir = copyExample(NAME, true);
    fs.rmSync(path.join(dir, 'peers.json'));
    const { report, lines } = inputLines(dir);
    expect(lines).toEqual([]);
    expect(report.skipped).toBe(0);
    expect(report.ok).toBe(true);
    // the peers ConfigMaps removed too: the rows to peers cannot be checked, and fail
    editDocs(dir, NAME, (docs) => docs.filter((d) => !(d.kind === 'ConfigMap' && d.metadata?.name === 'genesys-cx-peers')));
    const stripped = Verifier.verify(dir);
    expect(stripped.lines.filter((l) => l.status === 'FAIL' && /not checked/.test(l.text)).length).toBeGreaterThan(10);
    const out: string[] = [];
    expect(main(['verify', dir], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(1);
  });

  test('peers.json widened together with a policy is reported, though the ipBlock now fits peers.json', () => {
    const dir = copyExample('production');
    const file = path.join(dir, 'peers.json');
    const peers = JSON.parse(fs.readFileSync(file, 'utf-8'));
    const store = peers.find((p: any) => p.cidrs?.includes('10.50.0.0/20'));
    store.cidrs = ['10.0.0.0/8'];
    fs.writeFileSync(file, JSON.stringify(peers, null, 2));
    editDocs(dir, 'production', (docs) => {
      for (const d of docs.filter((x) => x.kind === 'NetworkPolicy')) {
        for (const rule of d.spec.egress ?? []) for (const to of rule.to ?? []) if (to.ipBlock?.cidr === '10.50.0.0/20') to.ipBlock.cidr = '10.0.0.0/8';
      }
      return docs;
    });
    const { all, lines } = inputLines(dir, 'production');
    expect(all.filter((l) => l.check === 'ip-block-range')).toEqual([]); // the policies fit the edited peers.json
    expect(lines).toEqual([
      expect.stringMatching(/peers\.json declares "consul" .*cidrs \["10\.0\.0\.0\/8"\].*, which no genesys-cx-peers ConfigMap of the manifests describes/),
      expect.stringMatching(/^FAIL input-files: ConfigMap [a-z]+\/genesys-cx-peers describes "consul" .*cidrs \["10\.50\.0\.0\/20"\].*, which .*peers\.json does not declare/),
    ]);
  });
});

describe('files read as kubectl and helm read them', () => {
  test('a symlinked manifest fails and its target is not read', () => {
    const dir = copyExample(NAME);
    const outside = path.join(path.dirname(dir), `${path.basename(dir)}-outside.yaml`);
    fs.writeFileSync(outside, PRIVILEGED);
    try {
      fs.symlinkSync(outside, path.join(dir, 'linked.yaml'));
      const { lines, all } = inputLines(dir);
      expect(lines).toEqual([expect.stringContaining(`${path.join(dir, 'linked.yaml')} is a symlink (to ${JSON.stringify(outside)}): kubectl apply -f reads a linked file`)]);
      expect(all.some((l) => l.text.includes('sneaky'))).toBe(false);
    } finally {
      fs.rmSync(outside);
    }
  });

  test('a manifest in a dot-folder is read, as kubectl -R reads it', () => {
    const dir = copyExample(NAME);
    fs.mkdirSync(path.join(dir, '.hidden'));
    fs.writeFileSync(path.join(dir, '.hidden', 'pod.yaml'), PRIVILEGED);
    const { all } = inputLines(dir);
    expect(all.some((l) => l.text.startsWith('FAIL pod-security Pod:gws/sneaky') && l.text.includes('is privileged'))).toBe(true);
  });

  test('an upper-case extension fails (kubectl skips it, other tools apply it) and is still judged', () => {
    const dir = copyExample(NAME);
    fs.writeFileSync(path.join(dir, 'extra.YAML'), PRIVILEGED);
    const { lines, all } = inputLines(dir);
    expect(lines).toEqual([expect.stringContaining('extra.YAML has the extension ".YAML": kubectl apply -f DIR skips it')]);
    expect(all.some((l) => l.text.startsWith('FAIL pod-security Pod:gws/sneaky'))).toBe(true);
  });
});

describe('Helm chart templates', () => {
  const TEMPLATE = path.join('helm', 'templates', `${NAME}.k8s.yaml`);

  test('a template action hidden in a comment fails, naming file and line', () => {
    const dir = copyExample(NAME, true);
    const file = path.join(dir, TEMPLATE);
    const text = fs.readFileSync(file, 'utf-8');
    const lineNo = text.split('\n').length;
    fs.writeFileSync(file, `${text}# {{ include "rogue.objects" . }}\n`);
    const { lines } = inputLines(dir);
    expect(lines).toEqual([`FAIL input-files: ${file}:${lineNo} holds the template action "{{ include \\"rogue.objects\\" . }}": Helm renders it into objects the gate never sees (the library writes only the escaped markers {{ "{{" }} and {{ "}}" }}). Remove the action, or write the rendered objects instead`]);
  });

  test('files Helm renders or installs beside the templates the gate reads fail', () => {
    const dir = copyExample(NAME, true);
    fs.writeFileSync(path.join(dir, 'helm', 'templates', 'extra.txt'), PRIVILEGED);
    fs.mkdirSync(path.join(dir, 'helm', 'charts'));
    fs.writeFileSync(path.join(dir, 'helm', 'charts', 'sub.tgz'), 'x');
    fs.appendFileSync(path.join(dir, 'helm', 'Chart.yaml'), 'dependencies:\n  - name: sub\n    version: 1.0.0\n');
    const { lines } = inputLines(dir);
    expect(lines).toEqual([
      expect.stringContaining('extra.txt: Helm renders every file of templates/'),
      expect.stringContaining(`${path.join(dir, 'helm', 'charts')}: Helm installs the subcharts`),
      expect.stringContaining('Chart.yaml lists dependencies'),
    ]);
  });

  test('escaped literals are not actions; anything else is', () => {
    expect(templateActions('a: {{ "{{" }}x{{ "}}" }}')).toEqual([]);
    expect(templateActions('a: 1\nb: {{- .Values.x }}\n')).toEqual([{ line: 2, action: '{{- .Values.x }}' }]);
    expect(templateActions('{{ "{{" }} {{ lookup "v1" "Secret" "" "" }}')).toEqual([{ line: 1, action: '{{ lookup "v1" "Secret" "" "" }}' }]);
  });
});

test('a chart template bigger than the file bound fails before it is read', () => {
  const dir = copyExample(NAME, true);
  const file = path.join(dir, 'helm', 'templates', `${NAME}.k8s.yaml`);
  const size = fs.statSync(file).size;
  const report = Verifier.verify(dir, { limits: { maxFileBytes: size - 1 } });
  expect(report.ok).toBe(false);
  expect(report.lines.map((l) => l.text)).toContainEqual(expect.stringContaining(`${file} is ${size} bytes, more than the ${size - 1} bytes`));
});
