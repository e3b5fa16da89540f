// The checks of a set's objects, beside reachability: the Kubernetes schema, the policy rules, and
// the two rules that need the peers (reserved namespaces, ipBlock ranges); each finding a line. Internal.
import { CheckFinding, FindingSeverity } from './findings';
import { checkGate } from './gate-rules';
import { checkTime } from './input-limits';
import { ManifestSet } from './manifests';
import { VerifyOptions } from './options';
import { VerifyPeer } from './peers-file';
import { CompiledPolicy } from './policies';
import { checkIpBlocks } from './ranges';
import { VerifyLine, VerifyStatus } from './report';
import { PolicyCheck, PolicyRule } from './rules';
import { SchemaCheck } from './schema';
import { checkReservedNamespaces, reservedNamespaces } from './structure';
import { parseCidr } from '../shared/net';

/** What the peer-dependent rules need to know of a set. */
export interface PeerFacts {
  /** Namespace of the ingress controller. */
  readonly controllerNamespace: string;
  /** Namespace of Prometheus. */
  readonly prometheusNamespace: string;
  /** The peers of the set. */
  readonly peers: VerifyPeer[];
  /** The set's NetworkPolicies, compiled. */
  readonly policies: CompiledPolicy[];
}

/** Runs the schema check and the policy rules the options ask for, in that order. */
export function checkObjects(manifests: ManifestSet, options: VerifyOptions, facts: PeerFacts): CheckFinding[] {
  for (const cidr of options.clusterNetworks ?? []) {
    if (!parseCidr(cidr)) throw new Error(`verify: clusterNetworks entry ${JSON.stringify(cidr)} is not a CIDR (give the pod, Service and node CIDRs, e.g. "10.244.0.0/16")`);
  }
  const findings: CheckFinding[] = [];
  if (options.schema ?? true) findings.push(...SchemaCheck.check(manifests));
  checkTime('checking the policy rules');
  if (options.policy ?? true) {
    const skip = new Set<string>(options.skipRules ?? []);
    findings.push(...PolicyCheck.check(manifests, { skip: options.skipRules, defaultNamespace: options.defaultNamespace }));
    if (!skip.has(PolicyRule.RESERVED_NAMESPACE)) {
      const reserved = reservedNamespaces(facts.controllerNamespace, facts.prometheusNamespace, facts.peers);
      findings.push(...checkReservedNamespaces(manifests, reserved, options.defaultNamespace ?? 'default'));
    }
    if (!skip.has(PolicyRule.IP_BLOCK_RANGE)) findings.push(...checkIpBlocks(facts.policies, facts.peers, options.clusterNetworks));
    findings.push(...checkGate(manifests, skip, options.defaultNamespace ?? 'default'));
  }
  return findings;
}

/** A finding as a line: FAIL for errors, NOTE for notes. */
export function findingLine(f: CheckFinding, set: string | undefined): VerifyLine {
  const status = f.severity === FindingSeverity.ERROR ? VerifyStatus.FAIL : VerifyStatus.NOTE;
  return {
    status,
    check: f.check,
    reason: f.message,
    set,
    text: `${status} ${f.check} ${f.object.replace(' ', ':')}: ${f.path ? `${f.path}: ` : ''}${f.message}`,
  };
}
