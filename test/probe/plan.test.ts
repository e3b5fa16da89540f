import * as path from 'path';
import { ManifestSet, PolicyCheck, ReachabilityAnalyzer, SchemaCheck } from '../../src';
import { CheckKind, FOREIGN_NAMESPACE, planOf, ProbeGroup, ProbePlan, PROBE_IMAGE, STRANGER_NAMESPACE } from '../../src/probe/plan';
import { probeNamespaces, probePod } from '../../src/probe/pods';
import { readSets } from '../../src/review/diff';
import { analyseSet } from '../../src/review/snapshot';
import { parseAddress, parseCidr, cidrHasAddress } from '../../src/shared/net';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** Every manifest set of every example's committed output (a Helm copy once). */
function exampleSets(): Array<{ label: string; set: string; manifests: ManifestSet }> {
  const out: Array<{ label: string; set: string; manifests: ManifestSet }> = [];
  for (const example of ['core-basics', 'quickstart', 'production', 'multi-region']) {
    const sets = readSets(path.join(EXAMPLES, example, 'dist'), [], 'input');
    for (const [set, s] of sets) if (s.copyOf === undefined) out.push({ label: `${example}:${set}`, set, manifests: s.manifests });
  }
  return out;
}

const sets = exampleSets();
const plans = new Map<string, ProbePlan>(sets.map((s) => [s.label, planOf(s.set, s.manifests)]));

describe.each(sets.map((s) => [s.label, s] as const))('the probe plan of %s', (label, { set, manifests }) => {
  const plan = plans.get(label)!;
  const { analysis, snapshot } = analyseSet(set, manifests);
  const workloads = analysis.model.workloads;
  const probeFor = (key: string) => plan.probes.find((p) => p.standsFor === key)!;

  test('one probe per workload, in its namespace, with only labels it has and the policies select on, and its ports', () => {
    expect(plan.probes.filter((p) => p.group === ProbeGroup.CORE && p.namespace !== STRANGER_NAMESPACE && p.namespace !== FOREIGN_NAMESPACE))
      .toHaveLength(workloads.length);
    const selected = JSON.stringify(manifests.ofKind('NetworkPolicy'));
    for (const w of workloads) {
      const p = probeFor(w.key);
      expect(p.namespace).toBe(w.namespace);
      for (const [k, v] of Object.entries(p.labels)) {
        expect(w.labels[k]).toBe(v);
        expect(selected).toContain(JSON.stringify(k));
      }
      expect(p.ports.map((x) => `${x.name ?? ''}:${x.port}/${x.protocol}`).sort()).toEqual(w.ports.map((x) => `${x.name ?? ''}:${x.port}/${x.protocol}`).sort());
    }
  });

  test('every flow the policies allow is a check expected allowed; those to real external addresses are never run', () => {
    const flowChecks = plan.checks.filter((c) => [CheckKind.ROW, CheckKind.EXTENSION, CheckKind.OPEN].includes(c.kind));
    const flows = [...snapshot.flows.values()].filter((f) => !f.flow.includes('verify-stranger'));
    expect(flowChecks).toHaveLength(flows.length);
    for (const c of flowChecks) {
      expect(c.expected).toBe('allowed');
      expect(c.run).toBe(c.address === '-' && c.protocol === 'TCP');
    }
    expect(flowChecks.filter((c) => c.kind === CheckKind.ROW)).toHaveLength(flows.filter((f) => f.rows.length > 0).length);
    const declared = flows.filter((f) => f.rows.length === 0 && f.extensions.length > 0);
    expect(flowChecks.filter((c) => c.kind === CheckKind.EXTENSION)).toHaveLength(declared.length);
  });

  test('every workload pair on the ports no row documents for it, expected as the verifier answers', () => {
    const pairs = plan.checks.filter((c) => c.kind === CheckKind.PAIR);
    const documented = new Set(plan.checks.filter((c) => c.kind === CheckKind.ROW).map((c) => `${c.source}|${c.destination}|${c.port}`));
    for (const d of workloads) {
      for (const s of workloads) {
        if (s === d) continue;
        for (const port of d.ports) {
          const key = `${probeFor(s.key).name}|${probeFor(d.key).name}|${port.port}`;
          if (documented.has(key)) continue;
          const c = pairs.find((x) => `${x.source}|${x.destination}|${x.port}` === key)
            ?? plan.checks.find((x) => `${x.source}|${x.destination}|${x.port}` === key)!;
          expect(c).toBeDefined();
          expect(c.expected).toBe(analysis.reachability.evaluate(s, d, port.port, port.protocol).verdict.allowed ? 'allowed' : 'blocked');
        }
      }
    }
  });

  test('the stranger reaches no workload port the verifier keeps closed; egress to an undeclared documentation address; DNS from every probe', () => {
    const stranger = plan.checks.filter((c) => c.kind === CheckKind.STRANGER);
    expect(stranger).toHaveLength(workloads.reduce((n, w) => n + w.ports.length, 0));
    expect(stranger.every((c) => c.sourceNamespace === STRANGER_NAMESPACE)).toBe(true);
    const undeclared = plan.checks.filter((c) => c.kind === CheckKind.UNDECLARED);
    expect(undeclared).toHaveLength(workloads.length);
    const address = parseAddress(undeclared[0].address)!;
    expect(['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].some((r) => cidrHasAddress(parseCidr(r)!, address))).toBe(true);
    const peerCidrs = analyseSet(set, manifests).peers.flatMap((p) => p.cidrs ?? []).map((c) => parseCidr(c)!);
    expect(peerCidrs.some((c) => cidrHasAddress(c, address))).toBe(false);
    expect(undeclared.every((c) => c.run && c.expected === 'blocked')).toBe(true);
    expect(plan.checks.filter((c) => c.kind === CheckKind.DNS)).toHaveLength(plan.probes.filter((p) => p.group === ProbeGroup.CORE).length);
  });

  test('each development store from a foreign namespace, with the labels of a source the rows allow, is expected blocked', () => {
    const stores = workloads.filter((w) => ['postgres', 'redis', 'elasticsearch', 'consul'].includes(w.labels['app.kubernetes.io/name']));
    const foreign = plan.checks.filter((c) => c.kind === CheckKind.FOREIGN);
    expect(new Set(foreign.map((c) => c.destination)).size).toBe(stores.length);
    for (const c of foreign) {
      expect(c.sourceNamespace).toBe(FOREIGN_NAMESPACE);
      expect(c.expected).toBe('blocked');
    }
  });

  test('the probe manifests pass the schema check and the policy rules', () => {
    const objects = [...probeNamespaces(plan), ...plan.probes.map((p) => probePod(p, plan.image))];
    expect(SchemaCheck.check(ManifestSet.fromObjects(objects))).toEqual([]);
    const before = PolicyCheck.check(manifests).map((f) => f.message);
    const after = PolicyCheck.check(ManifestSet.fromObjects([...manifests.objects, ...objects])).map((f) => f.message);
    expect(after).toEqual(before);
  });
});

describe('probes stand in for their workloads', () => {
  test.each(['core-basics:.', 'quickstart:.'])('%s: every check gives the same answer for the probe pods as for the workloads', (label) => {
    const { manifests } = sets.find((s) => s.label === label)!;
    const plan = plans.get(label)!;
    // the verifier's analysis of the manifests with the probe pods in them
    const analyzer = new ReachabilityAnalyzer(ManifestSet.fromObjects([...manifests.objects, ...probeNamespaces(plan),
      ...plan.probes.filter((p) => p.group === ProbeGroup.CORE).map((p) => probePod(p, plan.image))]));
    const address = plan.checks.find((c) => c.kind === CheckKind.UNDECLARED)!.address;
    analyzer.addVirtualEndpoint({ name: 'undeclared', ip: address });
    let compared = 0;
    for (const c of plan.checks.filter((x) => x.run && x.group === ProbeGroup.CORE && x.kind !== CheckKind.DNS)) {
      const dst = c.address === '-' ? `${c.destinationNamespace}/Pod/${c.destination}` : 'external/undeclared';
      const verdict = analyzer.allowed(`${c.sourceNamespace}/Pod/${c.source}`, dst, c.port, c.protocol);
      expect({ check: c.id, allowed: verdict.allowed }).toEqual({ check: c.id, allowed: c.expected === 'allowed' });
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});

describe('probe pods', () => {
  const plan = plans.get('quickstart:.')!;
  const pod = probePod(plan.probes[0], PROBE_IMAGE);

  test('restricted Pod Security, no token, pinned image, resources, never Ready', () => {
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.spec.containers[0];
    expect(c.image).toMatch(/^busybox:\d+\.\d+\.\d+$/);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(c.resources.limits).toEqual({ cpu: '100m', memory: '32Mi' });
    expect(c.readinessProbe.exec.command).toEqual(['false']);
  });

  test('listens on every TCP port of its workload and answers with its name', () => {
    const probe = plan.probes.find((p) => p.ports.length > 1)!;
    const script = probePod(probe, PROBE_IMAGE).spec.containers[0].command[2];
    for (const p of probe.ports.filter((x) => x.protocol === 'TCP')) {
      expect(script).toContain(`echo ${probe.name} | nc -l -p ${p.port} `);
    }
  });
});

describe('refusals', () => {
  const { set, manifests } = sets.find((s) => s.label === 'quickstart:.')!;

  test('a Service publishing not-ready addresses that selects a probe is refused, with the Service and the fix', () => {
    const objects = manifests.objects.map((o) => (o.kind === 'Service' && o.metadata.name === 'udm' ? { ...o, spec: { ...o.spec, publishNotReadyAddresses: true } } : o));
    expect(() => planOf(set, ManifestSet.fromObjects(objects)))
      .toThrow(/^probe: set \.: Service ucsx\/udm sets publishNotReadyAddresses: true and selects probe probe-udm \(labels .*\): traffic would reach the never-Ready probe; set it to false/);
    expect(() => planOf(set, manifests)).not.toThrow();
  });

  test.each(['ReplicaSet', 'DaemonSet'])('a bare %s whose selector matches a probe is refused', (kind) => {
    const udm = manifests.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'udm');
    const bare = { ...JSON.parse(JSON.stringify(udm)), apiVersion: 'apps/v1', kind, metadata: { ...udm.metadata, name: 'udm-bare' } };
    expect(() => planOf(set, ManifestSet.fromObjects([...manifests.objects, bare])))
      .toThrow(new RegExp(`${kind} ucsx/udm-bare selects probe probe-udm .*it would adopt the probe pod`));
  });
});
