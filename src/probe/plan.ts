// The probe plan of one manifest set: which probe pods stand in for which endpoints, and which
// connect checks to run with the answer the verifier's own reachability expects for each.
//
// Probes stand in for endpoints: one per workload identity (its namespace, the labels the policies
// select on, its container ports with their names, so named ports resolve alike), one per in-cluster
// peer place (a separate group: those namespaces belong to other teams), a stranger in a namespace of
// its own, and foreign look-alikes of the sources of each development store.
import { createHash } from 'crypto';
import { analyseSet } from '../review/snapshot';
import { compareText, Labels } from '../shared';
import { formatAddress, parseCidr, rangeOf, AddressRange, mergeRanges } from '../shared/net';
import { Analysis } from '../verify/analysis';
import { ReachabilityEndpoint } from '../verify/cluster';
import { ManifestSet } from '../verify/manifests';
import { stringMap } from '../verify/objects';
import { VerifyOptions } from '../verify/options';
import { LabelSelectorJson, selectorMatches } from '../verify/selector';

/** The pinned image of the probes (a shell, `nc` and `nslookup`). */
export const PROBE_IMAGE = 'busybox:1.36.1';
/** Namespace of the stranger probe (no policy names it). */
export const STRANGER_NAMESPACE = 'genesys-cx-probe-stranger';
/** Namespace of the foreign look-alikes (pods with a source's labels in another namespace). */
export const FOREIGN_NAMESPACE = 'genesys-cx-probe-foreign';
/** Port of the undeclared-address checks. */
const UNDECLARED_PORT = 443;
const DNS_PORT = 53;
/** Embedded development stores, by `app.kubernetes.io/name`. */
const STORE_NAMES = ['postgres', 'redis', 'elasticsearch', 'consul'];
/** Documentation ranges (RFC 5737, RFC 3849): never routed on the internet. */
const DOCUMENTATION = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];

/** Which probes a check needs. */
export enum ProbeGroup {
  /** Probes in the namespaces of the manifests, the stranger and the foreign namespace. */
  CORE = 'core',
  /** Probes in the namespaces of in-cluster peers (run with `--with-peers`). */
  PEER = 'peer',
}

/** One probe pod. */
export interface Probe {
  /** Pod name (DNS-1123, at most 63 characters). */
  readonly name: string;
  /** Namespace the probe runs in. */
  readonly namespace: string;
  /** The endpoint it stands in for (a workload key, a peer place, the stranger, a foreign look-alike). */
  readonly standsFor: string;
  /** The labels it carries: only those the policies select on. */
  readonly labels: { [key: string]: string };
  /** The ports it listens on (with the names of its workload's container ports). */
  readonly ports: Array<{ name?: string; port: number; protocol: string }>;
  /** Which file holds it: the core probes or the peer namespaces' probes. */
  readonly group: ProbeGroup;
}

/** What a check is about. */
export enum CheckKind {
  /** A flow a catalog row documents. */
  ROW = 'row',
  /** A flow an extension declares. */
  EXTENSION = 'extension',
  /** A flow the policies allow that nothing declares (the verifier reports it OPEN). */
  OPEN = 'open',
  /** A pair of workloads on a port no row documents for the pair. */
  PAIR = 'pair',
  /** A pod in a foreign namespace with the labels of a store's source. */
  FOREIGN = 'foreign',
  /** The stranger. */
  STRANGER = 'stranger',
  /** Egress to an address no peer declares (a documentation address). */
  UNDECLARED = 'undeclared',
  /** Name resolution through the cluster DNS. */
  DNS = 'dns',
}

/** One connect check. */
export interface Check {
  /** Id of the check (`c1`, `c2`...), stable for one plan. */
  readonly id: string;
  /** What the check is about. */
  readonly kind: CheckKind;
  /** Probe name of the source. */
  readonly source: string;
  /** Namespace of the source probe. */
  readonly sourceNamespace: string;
  /** Probe name of the destination, or `-` for an address or DNS. */
  readonly destination: string;
  /** Namespace of the destination probe, or `-`. */
  readonly destinationNamespace: string;
  /** Address for external destinations, `-` for probes. */
  readonly address: string;
  /** Destination pod port. */
  readonly port: number;
  /** Protocol: `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /** `allowed` or `blocked` (DNS: `resolves`). */
  readonly expected: string;
  /** Why it is expected so: the rows or extensions, or the verifier's reason. */
  readonly why: string;
  /** False for checks never run (real external addresses, UDP and SCTP). */
  readonly run: boolean;
  /** The probes it needs: core, or the peer namespaces' (run with `--with-peers`). */
  readonly group: ProbeGroup;
}

/** The plan of one set. */
export interface ProbePlan {
  /** The manifest set (`.`, a region folder...). */
  readonly set: string;
  /** The pinned image of every probe. */
  readonly image: string;
  /** Every probe pod. */
  readonly probes: Probe[];
  /** Every check, in the order run.sh runs them. */
  readonly checks: Check[];
  /** Namespaces the suite creates (stranger, foreign). */
  readonly namespaces: string[];
}

/** A DNS-1123 pod name from parts, at most 63 characters (a hash keeps long names unique). */
export function probeName(...parts: string[]): string {
  const base = `probe-${parts.join('-')}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/-$/, '');
  if (base.length <= 63) return base;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 8);
  return `${base.slice(0, 54).replace(/-$/, '')}-${hash}`;
}

/** Every label key any selector of any NetworkPolicy names (pod selectors of policies and of their peers). */
function selectedKeys(manifests: ManifestSet): Set<string> {
  const keys = new Set<string>();
  const addSelector = (s: LabelSelectorJson | undefined | null) => {
    if (!s || typeof s !== 'object') return;
    Object.keys(s.matchLabels ?? {}).forEach((k) => keys.add(k));
    for (const e of s.matchExpressions ?? []) if (e?.key) keys.add(e.key);
  };
  for (const p of manifests.ofKind('NetworkPolicy', 'networking.k8s.io')) {
    addSelector(p.spec?.podSelector);
    for (const rule of [...(p.spec?.ingress ?? []), ...(p.spec?.egress ?? [])]) {
      for (const peer of [...(rule?.from ?? []), ...(rule?.to ?? [])]) addSelector(peer?.podSelector);
    }
  }
  return keys;
}

/** The labels of a workload the policies select on: the only ones its probe carries. */
function probeLabels(labels: { [key: string]: string }, keys: Set<string>): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(labels).sort(compareText)) if (keys.has(k)) out[k] = labels[k];
  return out;
}

/**
 * Refuses a set where a probe would receive traffic or be adopted. A Service cannot be kept from
 * selecting a probe: the probe carries the labels the policies select on, and Services select on the
 * same labels. A never-Ready pod is listed by the Service's EndpointSlices as not ready, and
 * kube-proxy and the data planes send no traffic to it, unless the Service sets
 * `publishNotReadyAddresses: true`: such a Service is refused. A bare ReplicaSet,
 * ReplicationController or DaemonSet adopts (and may delete) a pod without an owner that its selector
 * matches: refused too. (A Deployment's ReplicaSets select on `pod-template-hash`, Jobs on their
 * controller uid, and a StatefulSet adopts only pods named after it: none adopts a probe.)
 */
export function refusals(manifests: ManifestSet, probes: Probe[]): string[] {
  const problems: string[] = [];
  for (const probe of probes) {
    for (const o of manifests.objects) {
      const ns = o.metadata?.namespace ?? 'default';
      if (ns !== probe.namespace) continue;
      const where = `${o.kind} ${ns}/${o.metadata?.name}`;
      if (o.kind === 'Service' && o.spec?.publishNotReadyAddresses === true) {
        const selector = stringMap(o.spec?.selector);
        if (Object.keys(selector).length > 0 && selectorMatches({ matchLabels: selector }, probe.labels)) {
          problems.push(`${where} sets publishNotReadyAddresses: true and selects probe ${probe.name} (labels ${JSON.stringify(probe.labels)}): traffic would reach the never-Ready probe; set it to false, or probe without this Service`);
        }
      }
      if (['ReplicaSet', 'ReplicationController', 'DaemonSet'].includes(o.kind)) {
        const sel = o.kind === 'ReplicationController' ? { matchLabels: stringMap(o.spec?.selector) } : o.spec?.selector;
        if (sel && selectorMatches(sel, probe.labels)) {
          problems.push(`${where} selects probe ${probe.name} (labels ${JSON.stringify(probe.labels)}): it would adopt the probe pod; give it a Deployment (or a narrower selector) before probing`);
        }
      }
    }
  }
  return problems;
}

/** A documentation address no peer and no ipBlock of the set names (else the first one of the ranges). */
function undeclaredAddress(analysis: Analysis, peerCidrs: string[]): string {
  const used: AddressRange[] = [];
  for (const c of peerCidrs) {
    const parsed = parseCidr(c);
    if (parsed) used.push(rangeOf(parsed));
  }
  for (const p of analysis.model.policies) {
    for (const rule of [...p.egressRules, ...p.ingressRules]) {
      for (const peer of rule.compiled) if (peer.cidr) used.push(rangeOf(peer.cidr));
    }
  }
  const merged = mergeRanges(used.filter((r) => r.bits === 32));
  for (const range of DOCUMENTATION) {
    const cidr = parseCidr(range)!;
    for (let host = 200n; host < 250n; host++) {
      const value = cidr.network + host;
      if (!merged.some((r) => r.start <= value && value <= r.end)) return formatAddress(value, 32);
    }
  }
  return formatAddress(parseCidr(DOCUMENTATION[0])!.network + 200n, 32);
}

/** Builds the plan of one set from the verifier's analysis. */
export function planOf(set: string, manifests: ManifestSet, options: VerifyOptions = {}): ProbePlan {
  const { analysis, peers, snapshot, nameOf } = analyseSet(set, manifests, options);
  const model = analysis.model;
  const keys = selectedKeys(manifests);
  const probes: Probe[] = [];
  const probeOf = new Map<string, Probe>();
  const add = (e: ReachabilityEndpoint, probe: Probe) => {
    probes.push(probe);
    probeOf.set(e.key, probe);
  };
  for (const w of model.workloads) {
    add(w, {
      name: probeName(w.name),
      namespace: w.namespace!,
      standsFor: w.key,
      labels: probeLabels(w.labels, keys),
      ports: w.ports.filter((p) => p.port > 0).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
      group: ProbeGroup.CORE,
    });
  }
  const names = new Set(probes.map((p) => `${p.namespace}/${p.name}`));
  if (names.size !== probes.length) {
    throw new Error(`probe: two workloads of one namespace give one probe name in set ${set}; rename one of them`);
  }
  const byName = new Map(model.endpoints.map((e) => [nameOf(e.key), e]));
  // in-cluster peer places that rows, extensions or openings use: the peer group
  const virtualPlaces = new Set<ReachabilityEndpoint>();
  for (const f of snapshot.flows.values()) {
    const [s, rest] = f.flow.split(' -> ');
    const d = rest.replace(/ \S+$/, '');
    for (const end of [byName.get(s), byName.get(d)]) {
      if (end && end.virtual && end.namespace !== undefined && !end.name.startsWith('verify-stranger')) virtualPlaces.add(end);
    }
  }
  for (const v of virtualPlaces) {
    add(v, {
      name: probeName('peer', createHash('sha256').update(nameOf(v.key)).digest('hex').slice(0, 10)),
      namespace: v.namespace!,
      standsFor: nameOf(v.key),
      labels: { ...v.labels },
      ports: [],
      group: ProbeGroup.PEER,
    });
  }
  // the stranger and the undeclared address
  const stranger = model.virtualAt('probe-stranger', STRANGER_NAMESPACE, { [Labels.NAME]: STRANGER_NAMESPACE });
  add(stranger, { name: probeName('stranger'), namespace: STRANGER_NAMESPACE, standsFor: 'a pod no policy names', labels: { ...stranger.labels }, ports: [], group: ProbeGroup.CORE });
  const address = undeclaredAddress(analysis, peers.flatMap((p) => p.cidrs ?? []));
  const undeclared = model.addVirtualEndpoint({ name: 'probe-undeclared', ip: address });

  const checks: Check[] = [];
  const expect = (kind: CheckKind, s: ReachabilityEndpoint, d: ReachabilityEndpoint, port: number, protocol: string, why?: string) => {
    const verdict = analysis.reachability.evaluate(s, d, port, protocol).verdict;
    const sp = probeOf.get(s.key);
    const dp = probeOf.get(d.key);
    if (!sp) return; // a source without a probe (an external address) is never run
    const external = d.ip !== undefined;
    const group = sp.group === ProbeGroup.PEER || dp?.group === ProbeGroup.PEER ? ProbeGroup.PEER : ProbeGroup.CORE;
    checks.push({
      id: `c${checks.length + 1}`,
      kind,
      source: sp.name,
      sourceNamespace: sp.namespace,
      destination: dp?.name ?? '-',
      destinationNamespace: dp?.namespace ?? '-',
      address: external ? d.ip! : '-',
      port,
      protocol,
      expected: verdict.allowed ? 'allowed' : 'blocked',
      why: why ?? verdict.reason,
      // never send traffic to a real external peer; only TCP is probed
      run: (!external || d === undeclared) && protocol === 'TCP' && (external || dp !== undefined),
      group,
    });
  };

  // 1. every flow the policies allow: rows, extensions, openings
  for (const f of [...snapshot.flows.values()].sort((a, b) => compareText(a.flow, b.flow))) {
    const m = /^(.+) -> (.+) (\d+)\/(\S+)$/.exec(f.flow);
    if (!m) continue;
    const s = byName.get(m[1]);
    const d = byName.get(m[2]);
    if (!s || !d || s.name.startsWith('verify-stranger') || d.name.startsWith('verify-stranger')) continue;
    const kind = f.rows.length > 0 ? CheckKind.ROW : f.extensions.length > 0 ? CheckKind.EXTENSION : CheckKind.OPEN;
    const why = f.rows.length > 0 ? f.rows.join(', ') : f.extensions.length > 0 ? f.extensions.join(', ') : 'allowed, declared by no row or extension (verify reports it OPEN)';
    expect(kind, s, d, Number(m[3]), m[4], why);
  }
  // 2. every pair of workloads on the destination's ports that no row documents for the pair
  const documentedPairs = new Set([...snapshot.flows.values()].filter((f) => f.rows.length > 0).map((f) => f.flow));
  for (const d of model.workloads) {
    for (const s of model.workloads) {
      if (s === d) continue;
      for (const p of probeOf.get(d.key)!.ports) {
        if (documentedPairs.has(`${nameOf(s.key)} -> ${nameOf(d.key)} ${p.port}/${p.protocol}`)) continue;
        if (snapshot.flows.has(`${nameOf(s.key)} -> ${nameOf(d.key)} ${p.port}/${p.protocol}`)) continue; // checked above
        expect(CheckKind.PAIR, s, d, p.port, p.protocol);
      }
    }
  }
  // 3. each development store from a foreign namespace, with the labels of a source the rows allow
  const stores = model.workloads.filter((w) => STORE_NAMES.includes(w.labels[Labels.NAME] ?? ''));
  const foreignNames = new Set<string>();
  for (const store of stores) {
    const sources = [...snapshot.flows.values()].filter((f) => f.rows.length > 0 && f.flow.includes(` -> ${store.key} `));
    for (const f of sources.slice(0, 1)) {
      const m = /^(.+) -> .+ (\d+)\/(\S+)$/.exec(f.flow)!;
      const source = byName.get(m[1]);
      if (!source || source.virtual) continue;
      const labels = probeLabels(source.labels, keys);
      const foreign = model.virtualAt(`probe-foreign-${source.name}`, FOREIGN_NAMESPACE, labels);
      if (!probeOf.has(foreign.key)) {
        const name = probeName('foreign', source.name);
        if (foreignNames.has(name)) continue;
        foreignNames.add(name);
        add(foreign, { name, namespace: FOREIGN_NAMESPACE, standsFor: `${source.key} in another namespace`, labels, ports: [], group: ProbeGroup.CORE });
      }
      expect(CheckKind.FOREIGN, foreign, store, Number(m[2]), m[3]);
    }
  }
  // 4. the stranger to every workload port; 5. every workload to the undeclared address
  for (const d of model.workloads) {
    for (const p of probeOf.get(d.key)!.ports) expect(CheckKind.STRANGER, stranger, d, p.port, p.protocol);
  }
  for (const s of model.workloads) expect(CheckKind.UNDECLARED, s, undeclared, UNDECLARED_PORT, 'TCP');
  // 6. DNS from every core probe
  for (const p of probes.filter((x) => x.group === ProbeGroup.CORE)) {
    checks.push({
      id: `c${checks.length + 1}`,
      kind: CheckKind.DNS,
      source: p.name,
      sourceNamespace: p.namespace,
      destination: '-',
      destinationNamespace: '-',
      address: '-',
      port: DNS_PORT,
      protocol: 'UDP',
      expected: 'resolves',
      why: 'DNS egress is allowed centrally',
      run: true,
      group: ProbeGroup.CORE,
    });
  }
  // a peer probe listens on the ports the checks reach it on
  for (const c of checks) {
    const dp = probes.find((p) => p.group === ProbeGroup.PEER && p.name === c.destination && p.namespace === c.destinationNamespace);
    if (dp && !dp.ports.some((p) => p.port === c.port && p.protocol === c.protocol)) dp.ports.push({ port: c.port, protocol: c.protocol });
  }
  const problems = refusals(manifests, probes);
  if (problems.length > 0) throw new Error(`probe: set ${set}: ${problems.join('\n')}`);
  return { set, image: PROBE_IMAGE, probes, checks, namespaces: [STRANGER_NAMESPACE, ...(foreignNames.size > 0 ? [FOREIGN_NAMESPACE] : [])] };
}
