// Writes a probe suite: for each manifest set of a folder, the plan, the probe Pods, the namespaces
// the suite creates, the check list and the runner.
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { Check, planOf, ProbeGroup, ProbePlan } from './plan';
import { probeNamespaces, probePod } from './pods';
import { RUN_SH } from './runner';
import { PROBE_MARKER, readSets } from '../review/diff';
import { compareText } from '../shared';
import { VerifyOptions } from '../verify/options';

/** What was written for one set. */
export interface WrittenSuite {
  /** The manifest set. */
  readonly set: string;
  /** The folder the suite was written to. */
  readonly folder: string;
  /** Its plan. */
  readonly plan: ProbePlan;
}

const CHECK_COLUMNS = ['id', 'kind', 'group', 'run', 'source-namespace', 'source', 'destination-namespace', 'destination', 'address', 'port', 'protocol', 'expected'];

/** The check list run.sh reads: one tab-separated line per check. */
export function checksTsv(checks: Check[]): string {
  const rows = checks.map((c) => [c.id, c.kind, c.group, c.run ? 'yes' : 'no', c.sourceNamespace, c.source, c.destinationNamespace, c.destination,
    c.address, String(c.port), c.protocol, c.expected].join('\t'));
  return [`# ${CHECK_COLUMNS.join('\t')}`, ...rows].join('\n') + '\n';
}

function yamlOf(objects: any[]): string {
  return Yaml.stringify(...objects);
}

/** Writes the suite of one plan into a folder. */
export function writeSuite(plan: ProbePlan, folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  const pods = (group: ProbeGroup) => plan.probes.filter((p) => p.group === group)
    .sort((a, b) => compareText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
    .map((p) => probePod(p, plan.image));
  fs.writeFileSync(path.join(folder, PROBE_MARKER), `${JSON.stringify(plan, null, 2)}\n`);
  fs.writeFileSync(path.join(folder, 'namespaces.yaml'), yamlOf(probeNamespaces(plan)));
  fs.writeFileSync(path.join(folder, 'probes.yaml'), yamlOf(pods(ProbeGroup.CORE)));
  const peers = pods(ProbeGroup.PEER);
  if (peers.length > 0) fs.writeFileSync(path.join(folder, 'probes-peers.yaml'), yamlOf(peers));
  fs.writeFileSync(path.join(folder, 'checks.tsv'), checksTsv(plan.checks));
  fs.writeFileSync(path.join(folder, 'run.sh'), RUN_SH, { mode: 0o755 });
}

/**
 * Writes the probe suite of every manifest set of a folder (a Helm chart copying its set once) into
 * `out` (`out/<set>` when the folder holds several sets). Each suite holds `probe-plan.json`, by which
 * `diff` and `probe` leave it out when it lies inside the folder they read; `verify` does not, so the
 * guide asks for an `out` outside the output.
 */
export function writeProbeSuites(directory: string, out: string, options: VerifyOptions = {}): WrittenSuite[] {
  const notes: string[] = [];
  const sets = readSets(directory, notes, 'input');
  const names = [...sets.keys()].filter((n) => sets.get(n)!.copyOf === undefined).sort(compareText);
  if (names.length === 0) {
    throw new Error(`probe: ${directory} holds no Kubernetes manifests (give the folder cdk8s synth wrote, e.g. dist/)`);
  }
  const written: WrittenSuite[] = [];
  for (const name of names) {
    const plan = planOf(name, sets.get(name)!.manifests, options);
    const folder = names.length === 1 ? out : path.join(out, name === '.' ? 'root' : name);
    writeSuite(plan, folder);
    written.push({ set: name, folder, plan });
  }
  return written;
}
