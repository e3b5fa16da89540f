// Where the peers outside the manifests are: the peers of a set (see peer-sources), the
// ingress controller and Prometheus, each placed as a virtual endpoint of the analysis; entries at
// one place share one endpoint. Internal.
import { ClusterModel, ReachabilityEndpoint } from './cluster';
import { VerifyOptions } from './options';
import { VerifyPeer } from './peers-file';
import { PeerKindId } from '../catalog/model';
import { DefaultLocations, PodLocation } from '../shared';
import { formatAddress, firstUsable, parseCidr } from '../shared/net';

/** The virtual address of a CIDR: its first usable address. */
function addressOf(cidr: string): string {
  const parsed = parseCidr(cidr)!;
  return formatAddress(firstUsable(parsed), parsed.bits);
}

/** Where the ingress controller runs: the options, else an in-cluster ingress-controller entry of the peers, else the default. */
export function controllerLocation(options: VerifyOptions, peers: VerifyPeer[]): PodLocation {
  // an in-cluster ingress-controller entry of the peers file places the controller for Ingress routes too
  const entry = peers.find((p) => p.kind === PeerKindId.INGRESS_CONTROLLER && p.namespace !== undefined);
  return DefaultLocations.ingressController(options.ingressController ?? (entry ? { namespace: entry.namespace, labels: entry.labels } : {}));
}

/** The virtual endpoints of the peers, Prometheus and the ingress controller of one set. */
export class PeerPlaces {
  /** Prometheus's virtual pod. */
  public readonly prometheus: ReachabilityEndpoint;
  private readonly byPeer = new Map<VerifyPeer, ReachabilityEndpoint[]>();
  private readonly byLocation = new Map<string, ReachabilityEndpoint>();
  private readonly sharedNames = new Map<string, string>();

  /**
   * Places Prometheus and every peer (in-cluster entries as a virtual pod, external ones as one
   * address per CIDR, its first usable one) beside the ingress controller the model already holds.
   */
  public constructor(private readonly model: ClusterModel, public readonly peers: VerifyPeer[],
    _controller: PodLocation, prometheus: PodLocation) {
    this.prometheus = this.virtual('prometheus', prometheus.namespace, prometheus.labels);
    // an address several kinds of peer share (stores in one subnet) is named after all of them
    const kindsAt = new Map<string, Set<string>>();
    for (const peer of peers) {
      for (const cidr of peer.cidrs ?? []) {
        const ip = addressOf(cidr);
        kindsAt.set(ip, (kindsAt.get(ip) ?? new Set()).add(peer.kind));
      }
    }
    for (const [ip, kinds] of kindsAt) {
      if (kinds.size > 1) this.sharedNames.set(ip, `peers-${[...kinds].sort().join('+')}-at-${ip}`);
    }
    // one virtual endpoint per place: entries of several kinds or tables at one place share it
    peers.forEach((peer, i) => {
      const base = `peer-${peer.kind}${peer.service ? `-${peer.service}` : ''}-${i + 1}`;
      if (peer.namespace !== undefined) {
        this.byPeer.set(peer, [this.virtual(base, peer.namespace, peer.labels)]);
      } else {
        this.byPeer.set(peer, (peer.cidrs ?? []).map((cidr, j) => this.external(`${base}-${j + 1}`, cidr)));
      }
    });
  }

  /** The virtual endpoints of a peer entry. */
  public endpointsOf(peer: VerifyPeer): ReachabilityEndpoint[] {
    return this.byPeer.get(peer) ?? [];
  }

  /** The entries for a row's end: those of the row's table, else those without a table. */
  public entriesFor(kind: string, service: string): VerifyPeer[] {
    const ofKind = this.peers.filter((p) => p.kind === kind);
    const specific = ofKind.filter((p) => p.service === service);
    return specific.length > 0 ? specific : ofKind.filter((p) => p.service === undefined);
  }

  /** A virtual pod at a place, shared with any endpoint already there. */
  public virtual(name: string, namespace: string, labels: { [key: string]: string } | undefined): ReachabilityEndpoint {
    return this.model.virtualAt(name, namespace, labels);
  }

  /** The virtual address of a CIDR (its first usable address), shared with any endpoint already there. */
  private external(name: string, cidr: string): ReachabilityEndpoint {
    const ip = addressOf(cidr);
    const key = `ip|${ip}`;
    let endpoint = this.byLocation.get(key);
    if (!endpoint) {
      endpoint = this.model.addVirtualEndpoint({ name: this.sharedNames.get(ip) ?? name, ip });
      this.byLocation.set(key, endpoint);
    }
    return endpoint;
  }
}
