import * as fs from 'fs';
import { checkFileSize } from './input-limits';
import { GenesysService, PeerKindId } from '../catalog/model';
import { parseCidr } from '../shared/net';
import { isExtensionRef } from '../shared/refs';

/**
 * A peer outside the manifests that catalog rows name: another Genesys service or other pods in
 * the cluster (namespace and labels), or an external endpoint (CIDRs). This is one entry of the
 * `peers.json` file the verifier reads beside the manifests, or of `VerifyOptions.peers`.
 *
 * `peers.json` holds a JSON array of these entries, for example:
 *
 * ```json
 * [
 *   { "kind": "auth-service", "namespace": "gauth", "labels": { "app.kubernetes.io/name": "gauth" }, "ports": [80] },
 *   { "kind": "redis", "service": "nexus", "cidrs": ["10.40.0.0/24"], "ports": [6379] },
 *   { "kind": "webhooks", "cidrs": ["203.0.113.0/28"] }
 * ]
 * ```
 *
 * In-cluster entries become virtual pods (subject to the policies of their namespace); external
 * ones one virtual address per CIDR, the first usable address of the CIDR, which ipBlock rules
 * match.
 */
export interface VerifyPeer {
  /** The peer kind, a `PeerKindId` value such as `auth-service`, `redis` or `webhooks`. */
  readonly kind: string;
  /**
   * Applies only to the rows of this table (`wwe`, `gws`, `nexus` or `ucsx`), for peers each service
   * has its own of (Redis, PostgreSQL...).
   * @default - every table; an entry for the row's table wins over these
   */
  readonly service?: string;
  /**
   * Namespace of the peer's pods (in-cluster peers). Give either a namespace with labels or cidrs.
   * @default - none: an external peer
   */
  readonly namespace?: string;
  /**
   * Labels that select the peer's pods (in-cluster peers, at least one).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * CIDRs of an external peer, e.g. `10.20.0.0/24` or `fd00::/64`.
   * @default - none: an in-cluster peer
   */
  readonly cidrs?: string[];
  /**
   * Ports the peer serves, used for rows whose port is configurable or not documented.
   * @default - the row's documented port
   */
  readonly ports?: number[];
}

const KINDS: string[] = Object.values(PeerKindId);
const SERVICES: string[] = Object.values(GenesysService);

/** The problems of one peer entry (`at` names it in messages). */
function entryProblems(entry: any, at: string): string[] {
  const problems: string[] = [];
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`${at} is not an object (write { "kind": ..., "namespace": ..., "labels": {...} } or { "kind": ..., "cidrs": [...] })`);
    return problems;
  }
  const known = ['kind', 'service', 'namespace', 'labels', 'cidrs', 'ports'];
  for (const key of Object.keys(entry)) {
    if (!known.includes(key)) problems.push(`${at} has unknown field ${JSON.stringify(key)} (fields: ${known.join(', ')})`);
  }
  if (!KINDS.includes(entry.kind) && !isExtensionRef(entry.kind)) {
    problems.push(`${at} kind ${JSON.stringify(entry.kind)} is not a peer kind (use one of ${KINDS.join(', ')}, or an extension "ext:<id>")`);
  }
  if (entry.service !== undefined && !SERVICES.includes(entry.service)) {
    problems.push(`${at} service ${JSON.stringify(entry.service)} is not a Genesys service table (use ${SERVICES.join(', ')}, or leave it out)`);
  }
  const inCluster = entry.namespace !== undefined;
  const external = entry.cidrs !== undefined;
  if (inCluster === external) {
    problems.push(`${at} (${JSON.stringify(entry.kind)}) needs either "namespace" with "labels" (in-cluster) or "cidrs" (external), got ${inCluster ? 'both' : 'neither'}`);
  }
  if (inCluster) {
    if (typeof entry.namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(entry.namespace)) {
      problems.push(`${at} namespace ${JSON.stringify(entry.namespace)} is not a namespace name (a DNS label such as "gauth")`);
    }
    const labels = entry.labels;
    if (!labels || typeof labels !== 'object' || Array.isArray(labels) || Object.keys(labels).length === 0
      || Object.values(labels).some((v) => typeof v !== 'string')) {
      problems.push(`${at} labels ${JSON.stringify(labels)} must be an object of at least one string label (e.g. { "app.kubernetes.io/name": "gauth" })`);
    }
  } else if (entry.labels !== undefined) {
    problems.push(`${at} has labels but no namespace (labels select in-cluster pods: add "namespace")`);
  }
  if (external) {
    if (!Array.isArray(entry.cidrs) || entry.cidrs.length === 0) {
      problems.push(`${at} cidrs ${JSON.stringify(entry.cidrs)} must be a non-empty array of CIDRs (e.g. ["10.20.0.0/24"])`);
    } else {
      for (const c of entry.cidrs) {
        if (!parseCidr(c)) problems.push(`${at} cidr ${JSON.stringify(c)} is not a CIDR (e.g. "10.20.0.0/24" or "fd00::/64")`);
      }
    }
  }
  if (entry.ports !== undefined) {
    if (!Array.isArray(entry.ports) || entry.ports.length === 0) {
      problems.push(`${at} ports ${JSON.stringify(entry.ports)} must be a non-empty array of port numbers (e.g. [8080]), or left out`);
    } else {
      for (const p of entry.ports) {
        if (!Number.isInteger(p) || p < 1 || p > 65535) problems.push(`${at} port ${JSON.stringify(p)} is not a TCP port (1-65535)`);
      }
    }
  }
  return problems;
}

/** The problems of a list of peer entries (empty when it is valid). */
export function peersProblems(entries: any, origin: string): string[] {
  if (!Array.isArray(entries)) {
    return [`verify: ${origin} must be a JSON array of peers, got ${entries === null ? 'null' : typeof entries} (write [{ "kind": "auth-service", "namespace": "gauth", "labels": { "app": "gauth" } }])`];
  }
  const problems: string[] = [];
  entries.forEach((entry: any, i: number) => problems.push(...entryProblems(entry, `${origin} entry ${i + 1}`)));
  return problems;
}

/** Checks peer entries and returns them, or throws one error listing every problem. */
export function checkPeers(entries: any, origin: string): VerifyPeer[] {
  const problems = peersProblems(entries, origin);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return entries as VerifyPeer[];
}

/** Reads and checks a peers file. */
export function readPeersFile(file: string): VerifyPeer[] {
  if (fs.existsSync(file)) checkFileSize(file);
  let parsed: any;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e: any) {
    throw new Error(`verify: ${file} is not readable JSON (${e.message}); fix it or remove it`);
  }
  return checkPeers(parsed, file);
}
