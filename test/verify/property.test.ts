import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { Connection, HardenedWorkload, ManagedNamespace, Peer } from '../../src';
import { CidrBlock } from '../../src/shared';
import { ManifestSet, PolicyCheck, ReachabilityAnalyzer, SchemaCheck } from '../../src/verify';

interface PortSpec { readonly service: number; readonly pod: number }
interface WorkloadSpec { readonly namespace: string; readonly replicas: number; readonly ports: PortSpec[] }
interface ConnectionSpec { readonly source: number; readonly destination: number; readonly port: number }
interface ExternalSpec { readonly subnet: number; readonly port: number; readonly sources: number[] }
interface Config { readonly workloads: WorkloadSpec[]; readonly connections: ConnectionSpec[]; readonly external?: ExternalSpec }

const RUNS = 25;

/** Ports a workload serves: distinct Service ports and distinct pod ports (DNS's 53 left out). */
const portsArb = fc.uniqueArray(fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 53), { minLength: 2, maxLength: 4 })
  .chain((services) => fc.uniqueArray(fc.integer({ min: 1024, max: 65535 }), { minLength: services.length, maxLength: services.length })
    .map((pods) => services.slice(0, Math.ceil(services.length / 2)).map((service, i) => ({ service, pod: pods[i] }))));

const workloadArb = fc.record({
  namespace: fc.constantFrom('ns-a', 'ns-b'),
  replicas: fc.integer({ min: 1, max: 3 }),
  ports: portsArb,
});

const configArb: fc.Arbitrary<Config> = fc.array(workloadArb, { minLength: 2, maxLength: 4 }).chain((workloads) => {
  const n = workloads.length;
  const connection = fc.record({ source: fc.nat(n - 1), destination: fc.nat(n - 1), port: fc.nat(3) })
    .filter((c) => c.source !== c.destination)
    .map((c) => ({ ...c, port: c.port % workloads[c.destination].ports.length }));
  return fc.record({
    workloads: fc.constant(workloads),
    connections: fc.array(connection, { maxLength: 6 }),
    external: fc.option(fc.record({
      subnet: fc.integer({ min: 0, max: 255 }),
      port: fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 53),
      sources: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: n }),
    }), { nil: undefined }),
  });
});

function nameOf(i: number): string {
  return `w${i}`;
}

function synth(config: Config, outdir: string): void {
  const app = new App({ outdir });
  const chart = new Chart(app, 'prop', { disableResourceNameHashes: true });
  const workloads = config.workloads.map((w, i) => {
    ManagedNamespace.ensure(chart, w.namespace);
    return new HardenedWorkload(chart, nameOf(i), {
      id: nameOf(i),
      component: 'prop',
      namespace: w.namespace,
      image: { repository: 'prop/app', tag: '1.0.0' },
      replicas: w.replicas,
      ports: w.ports.map((p, j) => ({ name: `p${j}`, port: p.service, targetPort: p.pod })),
    });
  });
  for (const c of config.connections) {
    Connection.declare(chart, { source: workloads[c.source].peer, destination: workloads[c.destination].peer, port: `p${c.port}`, refs: ['prop#1'] });
  }
  if (config.external) {
    const peer = Peer.external({
      name: 'managed-db',
      cidrGroups: [{ name: 'db', cidrs: [`10.99.${config.external.subnet}.0/24`] }],
      ports: [{ name: 'db', port: config.external.port }],
    });
    for (const s of config.external.sources) Connection.declare(chart, { source: workloads[s].peer, destination: peer, port: 'db', refs: ['prop#2'] });
  }
  app.synth();
}

function yamlFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
}

describe('property: synthesized core configurations', () => {
  test('pass the schema and policy checks, and the truth table equals the declared connections exactly', () => {
    fc.assert(fc.property(configArb, (config) => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-prop-'));
      try {
        // WHEN
        synth(config, outdir);
        const manifests = ManifestSet.fromDirectory(outdir);
        // THEN valid for Kubernetes 1.27 and for the library's rules
        expect(SchemaCheck.check(manifests)).toEqual([]);
        expect(PolicyCheck.check(manifests)).toEqual([]);
        // and exactly the declared connections are open between workloads, on the pod port
        const key = (i: number) => `${config.workloads[i].namespace}/Deployment/${nameOf(i)}`;
        const expected = new Set(config.connections.map((c) => `${key(c.source)} -> ${key(c.destination)} ${config.workloads[c.destination].ports[c.port].pod}/TCP`));
        const analyzer = new ReachabilityAnalyzer(manifests);
        const actual = new Set(analyzer.truthTable({ onlyAllowed: true }).map((e) => `${e.source} -> ${e.destination} ${e.port}/${e.protocol}`));
        expect([...actual].sort()).toEqual([...expected].sort());
        // Services map each documented Service port to its pod port
        for (const c of config.connections) {
          const port = config.workloads[c.destination].ports[c.port];
          expect(analyzer.allowedViaService(key(c.source), key(c.destination), port.service).allowed).toBe(true);
        }
        // the external peer is reachable from its sources only, on its port only
        if (config.external) {
          const ext = analyzer.addVirtualEndpoint({ name: 'db', ip: CidrBlock.parse(`10.99.${config.external.subnet}.0/24`).firstUsableAddress });
          const outside = analyzer.addVirtualEndpoint({ name: 'elsewhere', ip: '10.98.0.1' });
          config.workloads.forEach((_, i) => {
            const declared = config.external!.sources.includes(i);
            expect(analyzer.allowed(key(i), ext.key, config.external!.port).allowed).toBe(declared);
            expect(analyzer.allowed(key(i), ext.key, config.external!.port === 65535 ? 1 : config.external!.port + 1).allowed).toBe(false);
            expect(analyzer.allowed(key(i), outside.key, config.external!.port).allowed).toBe(false);
          });
        }
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }), { numRuns: RUNS });
  });

  /** One invalid prop at a time, with the part of the message that names it. */
  const invalidArb = fc.oneof(
    fc.integer({ min: 65536, max: 1_000_000 }).map((port) => ({ props: { ports: [{ name: 'http', port }] }, message: new RegExp(`ports\\[0\\]\\.port ${port} is not a TCP port`) })),
    fc.integer({ min: -100, max: 0 }).map((targetPort) => ({ props: { ports: [{ name: 'http', port: 80, targetPort }] }, message: new RegExp(`targetPort ${targetPort} (is not a TCP port|is negative)`) })),
    fc.stringMatching(/^[A-Z][A-Za-z_]{0,10}$/).map((namespace) => ({ props: { namespace }, message: new RegExp(`namespace "${namespace}" is not a DNS label`) })),
    fc.integer({ min: -5, max: -1 }).map((replicas) => ({ props: { replicas }, message: new RegExp(`replicas ${replicas} is negative`) })),
    fc.constant({ props: { image: { repository: 'prop/app', tag: 'latest' } }, message: /image\.tag "latest" is not allowed/ }),
    fc.constant({ props: { image: { repository: 'prop/app' } }, message: /image "prop\/app" has neither tag nor digest/ }),
  );

  test('invalid props are rejected with the construct path, and nothing is written', () => {
    fc.assert(fc.property(invalidArb, ({ props, message }) => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-prop-bad-'));
      try {
        const app = new App({ outdir });
        const chart = new Chart(app, 'bad', { disableResourceNameHashes: true });
        new HardenedWorkload(chart, 'broken', {
          id: 'w0',
          component: 'prop',
          namespace: 'ns-a',
          image: { repository: 'prop/app', tag: '1.0.0' },
          ports: [{ name: 'http', port: 80 }],
          ...(props as any),
        });
        let error: Error | undefined;
        try {
          app.synth();
        } catch (e: any) {
          error = e;
        }
        expect(error).toBeDefined();
        expect(error!.message).toMatch(message);
        expect(error!.message).toMatch(/bad\/broken/);
        expect(yamlFiles(outdir)).toEqual([]);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }), { numRuns: RUNS });
  });
});
