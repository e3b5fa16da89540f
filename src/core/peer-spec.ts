import { cidrGroups, dnsLabel, dnsNameProblem, portName, selectorMap, tcpPort } from './checks';
import { Input, instance, show, Spec, text, yamlTextProblem } from './input';
import { Peer, PeerKind } from './peers';

/**
 * Checks a peer's description (namespace and labels of in-cluster pods, CIDR groups of an external
 * endpoint, its ports) at `input`: where the user gave it (`peers.tenantService`), or, for a peer
 * first met by a connection, under the peer's name. True when it is sound.
 */
export function checkPeer(input: Input, peer: Peer): boolean {
  const spec = peer.spec;
  let ok = true;
  const nameProblem = typeof peer.name === 'string' ? yamlTextProblem(peer.name) : undefined;
  if (nameProblem !== undefined) {
    input.at('name').fail(`${show(peer.name)} ${nameProblem}`);
    ok = false;
  }
  // the host clients dial reaches their configuration (host names are case-insensitive there)
  if (spec.host !== undefined && text((h) => dnsNameProblem(h.toLowerCase()))(input.at('host'), spec.host) === undefined) ok = false;
  if (spec.kind === PeerKind.EXTERNAL) {
    ok = cidrGroups(input.at('cidrGroups'), spec.cidrGroups) !== undefined;
  } else {
    if (spec.namespace === undefined) {
      input.at('namespace').fail('is missing (give the namespace its pods run in)');
      ok = false;
    } else if (dnsLabel()(input.at('namespace'), spec.namespace) === undefined) {
      ok = false;
    }
    if (spec.labels === undefined) {
      input.at('labels').fail('is missing (give at least one label that selects the pods)');
      ok = false;
    } else if (selectorMap(input.at('labels'), spec.labels) === undefined) {
      ok = false;
    }
  }
  (spec.ports ?? []).forEach((p) => {
    const at = input.at(`ports[${String(p?.name)}]`);
    if (portName(input.at('ports.name'), p?.name) === undefined) ok = false;
    if (tcpPort(at.at('port'), p?.port) === undefined) ok = false;
    if (tcpPort(at.at('targetPort'), p?.targetPort) === undefined && p?.targetPort !== undefined) ok = false;
  });
  return ok;
}

/** Peers whose description was checked where the user gave them. */
const CHECKED = new WeakSet<Peer>();

/** True when the peer was checked where the user gave it (connections then do not check it again). */
export function peerChecked(peer: Peer): boolean {
  return CHECKED.has(peer);
}

const A_PEER = instance(Peer, 'a peer', 'a Peer, e.g. GenesysPeers.authService() or Peer.inCluster({ name, namespace, labels })');

/** A peer the user gives in props: checked once, where it was given. */
export const PEER: Spec<Peer> = Object.assign((input: Input, value: unknown) => {
  const peer = A_PEER(input, value);
  if (peer === undefined) return undefined;
  if (CHECKED.has(peer)) return peer;
  const ok = checkPeer(input, peer);
  CHECKED.add(peer);
  return ok ? peer : undefined;
}, { kind: A_PEER.kind });
