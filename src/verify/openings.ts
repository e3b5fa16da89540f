// The openings scan: every flow the policies allow to or from our workloads that no checked row
// documents is an opening (OPEN), unless an extension declares it on every isolated side. Internal.
import { Analysis } from './analysis';
import { ClusterModel, ReachabilityEndpoint } from './cluster';
import { DESCRIBED_KIND } from './described-workloads';
import { DocumentedFlows } from './documented';
import { AllowedFlow } from './flows';
import { checkTime } from './input-limits';
import { PeerPlaces } from './peer-places';
import { CompiledPolicy } from './policies';
import { DetailedVerdict } from './reachability';
import { VerifyLine, VerifyStatus } from './report';
import { compareText, isExtensionRef, Labels, sortRefs } from '../shared';

const DNS_PORT = 53;

/** What the scan found: OPEN lines, and the flows each extension declares. */
export interface Openings {
  /** The OPEN lines, in the scan's order. */
  readonly lines: VerifyLine[];
  /** `source -> destination port/protocol` of the flows each extension (`ext:<id>`) declares. */
  readonly extensionFlows: Map<string, string[]>;
}

/**
 * The extensions (`ext:<id>`) that declare an allowed flow: on every isolated side, an admitting
 * policy names them. Flows where neither side is isolated are never declared.
 */
function declaredBy(detailed: DetailedVerdict): string[] {
  const sides = [detailed.egress, detailed.ingress].filter((s) => s.isolated);
  if (sides.length === 0) return [];
  const refsOfSide = (admitting: CompiledPolicy[]) => new Set(admitting.flatMap((p) => p.refs).filter(isExtensionRef));
  let common = refsOfSide(sides[0].admitting);
  for (const side of sides.slice(1)) {
    const next = refsOfSide(side.admitting);
    common = new Set([...common].filter((r) => next.has(r)));
  }
  return sortRefs([...common]);
}

/**
 * Every allowed flow between our workloads (pods labelled part of the platform), from a virtual
 * endpoint (ingress controller, Prometheus, peers, strangers) to our workloads and from our
 * workloads to a virtual endpoint, on the ports worth testing (DNS on 53 excepted), in a stable
 * order: workload to workload first, then by destination, source, port and protocol.
 */
function allowedFlows(analysis: Analysis): AllowedFlow[] {
  // our workloads: the pods the manifests create, and the components they describe as deployed elsewhere
  const ours = analysis.model.workloads.filter((w) => w.labels[Labels.PART_OF] === Labels.PART_OF_VALUE || w.kind === DESCRIBED_KIND);
  const all = [...analysis.model.endpoints];
  const virtual = all.filter((e) => e.virtual);
  const order = new Map<ReachabilityEndpoint, number>(all.map((e, i) => [e, i]));
  const flows = [...analysis.flows.allowedFlows(ours, [...ours, ...virtual]), ...analysis.flows.allowedFlows(virtual, ours)];
  const group = (f: AllowedFlow) => (f.source.virtual || f.destination.virtual ? 1 : 0);
  flows.sort((a, b) => group(a) - group(b) || order.get(a.destination)! - order.get(b.destination)! || order.get(a.source)! - order.get(b.source)!
    || a.port - b.port || compareText(a.protocol, b.protocol));
  return flows.filter((f) => f.port !== DNS_PORT);
}

/**
 * Adds the strangers: a pod in namespace `verify-stranger` and two addresses of the documentation
 * ranges, which rules too wide (`namespaceSelector: {}`, `0.0.0.0/0`) reach.
 */
export function addStrangers(places: PeerPlaces, model: ClusterModel): void {
  places.virtual('verify-stranger', 'verify-stranger', { [Labels.NAME]: 'verify-stranger' });
  model.addVirtualEndpoint({ name: 'verify-stranger-v4', ip: '192.0.2.10' });
  model.addVirtualEndpoint({ name: 'verify-stranger-v6', ip: '2001:db8::10' });
}

/** Scans one analysis after its rows were checked (and the strangers added). */
export function findOpenings(analysis: Analysis, documented: DocumentedFlows, set: string | undefined): Openings {
  const lines: VerifyLine[] = [];
  const extensionFlows = new Map<string, string[]>();
  let n = 0;
  for (const f of allowedFlows(analysis)) {
    if (++n % 1000 === 0) checkTime('looking for openings');
    const { source: s, destination: d, port, protocol } = f;
    if (documented.has(s, d, port, protocol)) continue;
    const detailed = analysis.reachability.evaluate(s, d, port, protocol);
    if (!detailed.verdict.allowed) continue;
    const extensions = declaredBy(detailed);
    if (extensions.length > 0) {
      for (const ref of extensions) {
        const list = extensionFlows.get(ref) ?? [];
        list.push(`${s.key} -> ${d.key} ${port}/${protocol}`);
        extensionFlows.set(ref, list);
      }
      continue;
    }
    const text = `OPEN ${s.key} -> ${d.key} ${port}/${protocol}`;
    lines.push({ status: VerifyStatus.OPEN, source: s.key, destination: d.key, port: `${port}/${protocol}`, reason: detailed.verdict.reason, set, text });
  }
  return { lines, extensionFlows };
}
