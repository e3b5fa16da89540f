import { App, Chart } from 'cdk8s';
import { productionProps } from '../../examples/production/app';
import { GenesysPeers, GenesysPlatform, GwsCluster, NexusService, UcsxStack, WwNginxStatic } from '../../src';
import { Spec, SpecKind } from '../../src/core/input';
import { GWS_PROPS } from '../../src/gws/specs';
import { NEXUS_PROPS } from '../../src/nexus/nexus-service';
import { PLATFORM_FIELDS } from '../../src/platform/resolve';
import { UCSX_PROPS } from '../../src/ucsx/specs';
import { WWE_PROPS } from '../../src/wwe/ww-nginx-static';

/**
 * Every prop of every construct, read by the specs the constructs read them with: one bad value
 * gives exactly one message, naming the path the user wrote; a misspelt prop is refused at every
 * nesting level, naming the nearest known one.
 */

type Path = Array<string | number>;

/** The messages synthesis would fail with (no file is written: the app is only validated). */
function problems(build: (app: App) => void): string[] {
  const app = new App({ outdir: '/nonexistent' });
  build(app);
  return app.node.findAll().flatMap((c) => c.node.validate().map((m) => `[${c.node.path}] ${m}`));
}

function text(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function set(base: any, path: Path, value: unknown): any {
  const copy = Array.isArray(base) ? [...base] : { ...(base ?? {}) };
  const [head, ...rest] = path;
  copy[head as any] = rest.length === 0 ? value : set(copy[head as any], rest, value);
  return copy;
}

function get(base: any, path: Path): any {
  return path.reduce((v, p) => (v === undefined || v === null ? undefined : v[p as any]), base);
}

/** A bad value of each kind, the word the message must use for it. */
const BAD: { [kind: string]: Array<[unknown, RegExp]> } = {
  [SpecKind.TEXT]: [[42, /is a number, not text/]],
  [SpecKind.NUMBER]: [[NaN, /is not a number \(NaN/], [Infinity, /is infinite/], [1.5, /is not a whole number/], ['8', /is a string, not a number/]],
  [SpecKind.FLAG]: [['yes', /is a string, not true or false/]],
  [SpecKind.LIST]: [['just-one', /is a string where a list belongs/]],
  [SpecKind.MAP]: [[['x'], /is a list, not a map/]],
  [SpecKind.SHAPE]: [['text', /is a string, not /]],
  [SpecKind.OBJECT]: [[{ name: 'fake' }, /is not (a peer|an entry-point choice)/]],
  [SpecKind.ENUM]: [['NOT_A_MEMBER', /is not a/]],
};

interface Case { readonly path: Path; readonly value: unknown; readonly expect: RegExp }

/** Every place of a props tree: each field of each shape, the first item of each list the base has. */
type Fields = { [name: string]: Spec<unknown> };

function places(fields: Fields, base: any, path: Path = [], out: Path[] = [], shapes: Path[] = []): { leaves: Path[]; shapes: Path[] } {
  shapes.push(path);
  for (const [name, spec] of Object.entries(fields)) {
    const at = [...path, name];
    out.push(at);
    const value = get(base, at);
    if (spec.kind === SpecKind.SHAPE && spec.fields && value !== undefined && typeof value === 'object') places(spec.fields, base, at, out, shapes);
    if (spec.kind === SpecKind.LIST && Array.isArray(value) && value.length > 0 && spec.item?.fields) {
      places(spec.item.fields, base, [...at, 0], out, shapes);
    }
  }
  return { leaves: out, shapes };
}

function cases(fields: { [name: string]: Spec<unknown> }, base: any): Case[] {
  const { leaves } = places(fields, base);
  const out: Case[] = [];
  leaves.forEach((path, i) => {
    const spec = specAt(fields, path);
    const bad = BAD[spec.kind];
    const [value, expect] = bad[i % bad.length];
    out.push({ path, value, expect });
  });
  return out;
}

function specAt(fields: { [name: string]: Spec<unknown> }, path: Path): Spec<unknown> {
  let spec: Spec<unknown> = { kind: SpecKind.SHAPE, fields } as any;
  for (const p of path) spec = (typeof p === 'number' ? spec.item : spec.fields![p])!;
  return spec;
}

/** The props of each construct on its own, built from the production platform's. */
interface ServiceBase { readonly fields: Fields; readonly base: any; readonly build: (chart: Chart, props: any) => void }

function serviceBases(): { [name: string]: ServiceBase } {
  const p = productionProps() as any;
  const common = { domain: 'cx.example.com', location: 'usw1' };
  const peers = { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) };
  return {
    gws: { fields: GWS_PROPS as any, base: { ...common, ...p.gws, ...peers }, build: (c, props) => new GwsCluster(c, 'gws', props) },
    nexus: { fields: NEXUS_PROPS as any, base: { ...common, ...p.nexus, monitoring: true, prometheus: p.prometheus }, build: (c, props) => new NexusService(c, 'nexus', props) },
    ucsx: { fields: UCSX_PROPS as any, base: { ...common, ...p.ucsx, monitoring: true, prometheus: p.prometheus }, build: (c, props) => new UcsxStack(c, 'ucsx', props) },
    wwe: { fields: WWE_PROPS as any, base: { ...common, ...p.wwe }, build: (c, props) => new WwNginxStatic(c, 'wwe', props) },
  };
}

describe('one bad value, one message, at the path the user wrote', () => {
  test('the bases are valid', () => {
    expect(problems((app) => new GenesysPlatform(app, 'p', productionProps()))).toEqual([]);
    for (const [, s] of Object.entries(serviceBases())) expect(problems((app) => s.build(new Chart(app, 'c'), s.base))).toEqual([]);
  });

  test('GenesysPlatform: every prop, at every level', () => {
    const base = productionProps();
    const failures: string[] = [];
    const all = cases(PLATFORM_FIELDS as any, base);
    expect(all.length).toBeGreaterThan(150);
    for (const c of all) {
      const messages = problems((app) => new GenesysPlatform(app, 'p', set(base, c.path, c.value)));
      const where = text(c.path);
      const owned = /is set by the platform \(give [.\w]+ on the platform instead\)$/;
      if (messages.length !== 1 || !messages[0].startsWith(`[p] ${where} `) || !(c.expect.test(messages[0]) || owned.test(messages[0]))) {
        failures.push(`${where} = ${String(c.value)}: ${JSON.stringify(messages)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test.each(['gws', 'nexus', 'ucsx', 'wwe'])('%s on its own: every prop, at every level', (name) => {
    const s = serviceBases()[name];
    const failures: string[] = [];
    for (const c of cases(s.fields, s.base)) {
      const messages = problems((app) => s.build(new Chart(app, 'c'), set(s.base, c.path, c.value)));
      const where = text(c.path);
      if (messages.length !== 1 || !messages[0].startsWith(`[c/${name}] ${name}: ${where} `) || !c.expect.test(messages[0])) {
        failures.push(`${where} = ${String(c.value)}: ${JSON.stringify(messages)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** A typo of a known prop: its last letter dropped (or an `s` added when that leaves nothing). */
function typo(known: string): string {
  return known.length > 3 ? known.slice(0, -1) : `${known}s`;
}

describe('a misspelt prop is refused at every nesting level, naming the nearest known one', () => {
  test('GenesysPlatform', () => {
    const base = productionProps();
    const failures: string[] = [];
    const { shapes } = places(PLATFORM_FIELDS as any, base);
    expect(shapes.length).toBeGreaterThan(30);
    for (const at of shapes) {
      const known = Object.keys(specAt(PLATFORM_FIELDS as any, at).fields!)[0];
      const wrong = typo(known);
      const messages = problems((app) => new GenesysPlatform(app, 'p', set(base, [...at, wrong], 'x')));
      const expected = `[p] ${text([...at, wrong])} is not a prop of `;
      if (messages.length !== 1 || !messages[0].startsWith(expected) || !messages[0].includes(`did you mean ${known}?`)) failures.push(`${expected}: ${JSON.stringify(messages)}`);
    }
    expect(failures).toEqual([]);
  });

  test.each(['gws', 'nexus', 'ucsx', 'wwe'])('%s on its own', (name) => {
    const s = serviceBases()[name];
    const failures: string[] = [];
    for (const at of places(s.fields, s.base).shapes) {
      const known = Object.keys(specAt(s.fields, at).fields!)[0];
      const wrong = typo(known);
      const messages = problems((app) => s.build(new Chart(app, 'c'), set(s.base, [...at, wrong], 'x')));
      const expected = `[c/${name}] ${name}: ${text([...at, wrong])} is not a prop of `;
      if (messages.length !== 1 || !messages[0].startsWith(expected) || !messages[0].includes(`did you mean ${known}?`)) failures.push(`${expected}: ${JSON.stringify(messages)}`);
    }
    expect(failures).toEqual([]);
  });

  test('the example from the platform-repo: pods.imagePullSecret', () => {
    const messages = problems((app) => new GenesysPlatform(app, 'cx', { ...productionProps(), pods: { imagePullSecret: ['harbor-pull'] } as any }));
    expect(messages).toEqual(['[cx] pods.imagePullSecret is not a prop of pods (did you mean imagePullSecrets?)']);
  });
});

describe('numbers and lists say what is wrong with them', () => {
  const platform = (change: (p: any) => void) => {
    const props = productionProps() as any;
    change(props);
    return problems((app) => new GenesysPlatform(app, 'cx', props));
  };

  test('Infinity, NaN, negative and fractional numbers are named as such', () => {
    expect(platform((p) => { p.wwe.nginx.replicas = Infinity; })).toEqual(['[cx] wwe.nginx.replicas Infinity is infinite (a whole number from 0 to 1000)']);
    expect(platform((p) => { p.gws.services.voice.resources = { cpuRequestMillis: NaN }; }))
      .toEqual(['[cx] gws.services.voice.resources.cpuRequestMillis NaN is not a number (NaN: a whole number from 1 to 1000000)']);
    expect(platform((p) => { p.gws.services.voice.probe = { initialDelaySeconds: -1 }; }))
      .toEqual(['[cx] gws.services.voice.probe.initialDelaySeconds -1 is negative (a whole number from 0 to 3600)']);
    expect(platform((p) => { p.nexus.metricsPort = 4004.5; }))
      .toEqual(['[cx] nexus.metricsPort 4004.5 is not a whole number (a TCP port is a whole number from 1 to 65535)']);
  });

  test('a string where a list belongs says so, once', () => {
    expect(platform((p) => { p.gws.consul.nodeAgent.nodeCidrGroups[0].except = '10.50.1.0/24'; }))
      .toEqual(['[cx] gws.consul.nodeAgent.nodeCidrGroups[0].except "10.50.1.0/24" is a string where a list belongs (write ["10.50.1.0/24"])']);
  });

  test('a platform-wide bad value is reported once, not once per service or workload', () => {
    expect(platform((p) => { p.pods = { imagePullSecrets: ['Bad_Name'] }; }))
      .toEqual(['[cx] pods.imagePullSecrets[0] "Bad_Name" is not a DNS name (lowercase labels of letters, digits and \'-\' separated by dots, e.g. "gws.example.com")']);
    expect(platform((p) => { p.imageRegistry = 'bad registry!'; }))
      .toEqual(['[cx] imageRegistry "bad registry!" is not a registry host (e.g. "registry.example.com" or "registry.example.com:5000/genesys")']);
  });
});
