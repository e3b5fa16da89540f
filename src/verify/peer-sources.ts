// The peers of a manifest set, from everywhere they are described: the ConfigMaps
// `genesys-cx-peers` the library writes in each service namespace (so plain `cdk8s synth` output
// describes its own peers), and `options.peers` or the set's peers.json. Merged: equal entries once,
// entries at the same place with other ports a failure. Internal.
import { DESCRIBED_WORKLOADS_KEY } from './described-workloads';
import { ManifestSet } from './manifests';
import { groupOf } from './objects';
import { VerifyOptions } from './options';
import { checkPeers, peersProblems, readPeersFile, VerifyPeer } from './peers-file';
import { VerifyLine, VerifyStatus } from './report';
import { ConnectionCatalog } from '../catalog/catalog';
import { Labels } from '../shared';

/** Name of the ConfigMap that describes the peers of a namespace (written by the library). */
export const PEERS_CONFIG_MAP = 'genesys-cx-peers';
/** Its key holding the entries, in the format of peers.json. */
export const PEERS_CONFIG_MAP_KEY = 'peers.json';

/** The peers of a set, and the lines that report problems with their descriptions. */
export interface SetPeers {
  /** The merged peers. */
  readonly peers: VerifyPeer[];
  /** FAIL lines: ConfigMaps that break the contract, conflicting entries. */
  readonly lines: VerifyLine[];
  /** How many peers ConfigMaps were read. */
  readonly configMaps: number;
}

/** An entry's place and table: entries that agree on it describe the same peer. */
function identity(peer: VerifyPeer): string {
  const labels = peer.labels ? Object.entries(peer.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : undefined;
  return JSON.stringify([peer.kind, peer.service ?? null, peer.namespace ?? null, labels ?? null, peer.cidrs ? [...peer.cidrs].sort() : null]);
}

function portsOf(peer: VerifyPeer): number[] {
  return [...new Set(peer.ports ?? [])].sort((a, b) => a - b);
}

/**
 * The ports of an entry beyond the ports its rows document: an entry without ports and one that
 * lists the documented ports say the same (the library lists a port only where it differs).
 */
function configuredPorts(peer: VerifyPeer): number[] {
  const documented = new Set(ConnectionCatalog.all()
    .filter((r) => r.destination.id === peer.kind && (peer.service === undefined || r.service === peer.service) && r.servicePort !== undefined)
    .map((r) => r.servicePort!));
  return portsOf(peer).filter((p) => !documented.has(p));
}

function describe(peer: VerifyPeer): string {
  const where = peer.cidrs ? `cidrs ${JSON.stringify(peer.cidrs)}` : `${peer.namespace} ${JSON.stringify(peer.labels ?? {})}`;
  return `${peer.kind}${peer.service ? ` of ${peer.service}` : ''} at ${where}`;
}

function showPorts(ports: number[]): string {
  return ports.length > 0 ? `[${ports.join(', ')}]` : 'no ports (the documented port)';
}

function failLine(subject: string, reason: string, set: string | undefined): VerifyLine {
  return { status: VerifyStatus.FAIL, check: 'peers', reason, set, text: `FAIL peers ${subject}: ${reason}` };
}

/** True for a ConfigMap the library wrote to describe peers (named `genesys-cx-peers`, managed by the library). */
function isPeersConfigMap(object: any): boolean {
  return object.kind === 'ConfigMap' && groupOf(object.apiVersion) === '' && object.metadata?.name === PEERS_CONFIG_MAP
    && object.metadata?.labels?.[Labels.MANAGED_BY] === Labels.MANAGED_BY_VALUE;
}

/** The problems of a peers ConfigMap's contract, or its entries. */
function readConfigMap(object: any): { entries?: VerifyPeer[]; problems: string[] } {
  const problems: string[] = [];
  const partOf = object.metadata?.labels?.[Labels.PART_OF];
  if (partOf !== Labels.PART_OF_VALUE) {
    problems.push(`label ${Labels.PART_OF} is ${JSON.stringify(partOf ?? null)} (it must be ${JSON.stringify(Labels.PART_OF_VALUE)})`);
  }
  const data = object.data;
  const text = data && typeof data === 'object' ? data[PEERS_CONFIG_MAP_KEY] : undefined;
  if (typeof text !== 'string') {
    problems.push(`data[${JSON.stringify(PEERS_CONFIG_MAP_KEY)}] is missing (it holds the JSON array of peers; synthesize again or remove the ConfigMap)`);
  } else {
    // workloads.json describes the components deployed elsewhere (described-workloads.ts)
    const others = Object.keys(data).filter((k) => k !== PEERS_CONFIG_MAP_KEY && k !== DESCRIBED_WORKLOADS_KEY);
    if (others.length > 0) problems.push(`data holds keys other than ${PEERS_CONFIG_MAP_KEY} and ${DESCRIBED_WORKLOADS_KEY}: ${others.join(', ')} (remove them)`);
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch (e: any) {
      problems.push(`data[${JSON.stringify(PEERS_CONFIG_MAP_KEY)}] is not JSON (${e.message}); synthesize again`);
      return { problems };
    }
    problems.push(...peersProblems(parsed, `data[${JSON.stringify(PEERS_CONFIG_MAP_KEY)}]`).map((p) => p.replace(/^verify: /, '')));
    if (problems.length === 0) return { entries: parsed as VerifyPeer[], problems };
  }
  return { problems };
}

/**
 * The peers of a set: those of its peers ConfigMaps (ports of one peer added up across namespaces,
 * as each namespace lists the ports its own workloads use), together with `options.peers`, else the
 * set's peers.json. Entries equal in both count once (no ports and the rows' documented ports are
 * equal); entries for the same peer (kind, table, place) with other ports fail, and the file's or
 * options' entry is used.
 */
export function peersOfSet(manifests: ManifestSet, options: VerifyOptions, set: string | undefined): SetPeers {
  const lines: VerifyLine[] = [];
  const fromMaps = new Map<string, VerifyPeer>();
  let configMaps = 0;
  for (const object of manifests.objects) {
    if (!isPeersConfigMap(object)) continue;
    configMaps++;
    const subject = `ConfigMap:${object.metadata?.namespace ?? options.defaultNamespace ?? 'default'}/${PEERS_CONFIG_MAP}`;
    const { entries, problems } = readConfigMap(object);
    if (!entries) {
      // its entries are not used
      for (const problem of problems) lines.push(failLine(subject, problem, set));
      continue;
    }
    for (const entry of entries) {
      const key = identity(entry);
      const known = fromMaps.get(key);
      if (!known) {
        fromMaps.set(key, entry);
      } else {
        const ports = [...new Set([...portsOf(known), ...portsOf(entry)])].sort((a, b) => a - b);
        fromMaps.set(key, { ...known, ...(ports.length > 0 ? { ports } : {}) });
      }
    }
  }
  let given: VerifyPeer[] = [];
  let origin = '';
  if (options.peers !== undefined) {
    given = checkPeers(options.peers, 'options.peers');
    origin = 'options.peers';
  } else if (manifests.peersFile) {
    given = readPeersFile(manifests.peersFile);
    origin = 'peers.json';
  }
  const peers: VerifyPeer[] = [...given];
  const givenByIdentity = new Map<string, VerifyPeer>();
  for (const entry of given) {
    const key = identity(entry);
    const known = givenByIdentity.get(key);
    givenByIdentity.set(key, known ? { ...known, ports: [...portsOf(known), ...portsOf(entry)] } : entry);
  }
  for (const [key, entry] of fromMaps) {
    const other = givenByIdentity.get(key);
    if (!other) {
      peers.push(entry);
      continue;
    }
    const a = portsOf(entry);
    const b = portsOf(other);
    if (configuredPorts(entry).join(',') !== configuredPorts(other).join(',')) {
      lines.push(failLine(describe(entry), `conflicting entries: the peers ConfigMaps give ${showPorts(a)}, ${origin} gives ${showPorts(b)} (make them agree: synthesize again, or fix ${origin})`, set));
    }
  }
  return { peers, lines, configMaps };
}
