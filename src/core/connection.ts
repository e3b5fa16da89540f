import { IConstruct } from 'constructs';
import { isExtensionRef, isRowRef } from '../shared';
import { ClusterState, StateKey } from './cluster';
import { Input, show } from './input';
import { checkPeer, peerChecked } from './peer-spec';
import { Peer, PeerKind, policyPort } from './peers';
import { WorkloadPolicy } from './policies';
import { podPort, WorkloadPort } from './ports';

/** The two policies a workload owns. */
export interface PolicyOwner {
  /** The workload's ingress NetworkPolicy. */
  readonly ingressPolicy: WorkloadPolicy;
  /** The workload's egress NetworkPolicy. */
  readonly egressPolicy: WorkloadPolicy;
  /** The workload as a peer (namespace, labels, ports). */
  readonly peer: Peer;
  /**
   * The library's labels for the component, when its pods carry others (deployed elsewhere): a typed
   * peer of the component still finds it.
   * @default - the peer's labels
   */
  readonly _identityLabels?: { [key: string]: string };
}

/** The connections and policy owners of one cluster, kept on its `ClusterState`. */
class Wiring {
  public static of(scope: IConstruct): Wiring {
    return ClusterState.of(scope).get(WIRING);
  }

  public readonly connections: Connection[] = [];
  public readonly owners: PolicyOwner[] = [];
  public readonly ownerByPeer = new Map<Peer, PolicyOwner>();
  public readonly checkedPeers = new Set<Peer>();
  /** Bumped on every change that affects the policies' rules. */
  public version = 0;
  /** The version the policies were last derived at. */
  public boundVersion = -1;

  public changed(): void {
    this.version++;
  }
}

/** The connections and policy owners of a cluster. */
const WIRING = new StateKey<Wiring>('wiring', () => new Wiring());

/** Links a workload to the app so connections can reach its policies (called by the workload). */
export function registerPolicyOwner(scope: IConstruct, owner: PolicyOwner): void {
  const wiring = Wiring.of(scope);
  wiring.owners.push(owner);
  wiring.ownerByPeer.set(owner.peer, owner);
  wiring.changed();
  const hook = () => bind(wiring);
  owner.ingressPolicy._onRender(hook);
  owner.egressPolicy._onRender(hook);
}

/**
 * The workloads of the app a peer stands for: the workload itself, or, for an in-cluster peer,
 * every workload of the app in its namespace whose labels include all of the peer's labels. This
 * is how a connection to "Digital Channels in namespace nexus" reaches the real NexusService
 * workload when both are in one app, whichever was created first.
 */
function ownersOf(state: Wiring, peer: Peer): PolicyOwner[] {
  const direct = state.ownerByPeer.get(peer);
  if (direct) return [direct];
  if (peer.kind !== PeerKind.CLUSTER) return [];
  const labels = peer.spec.labels ?? {};
  const keys = Object.keys(labels);
  if (keys.length === 0) return [];
  return state.owners.filter((o) => {
    if (o.peer.namespace !== peer.namespace) return false;
    return [o.peer.spec.labels ?? {}, o._identityLabels ?? {}].some((own) => keys.every((k) => own[k] === labels[k]));
  });
}

function bind(state: Wiring): void {
  if (state.boundVersion === state.version) return;
  for (const owner of state.owners) {
    owner.ingressPolicy._reset();
    owner.egressPolicy._reset();
  }
  for (const c of state.connections) {
    const sources = ownersOf(state, c.source);
    const destinations = ownersOf(state, c.destination);
    const sourcePeers = sources.length > 0 ? sources.map((o) => o.peer) : [c.source];
    const destinationPeers = destinations.length > 0 ? destinations.map((o) => o.peer) : [c.destination];
    for (const destination of destinationPeers) {
      const port = destination.findPort(c.portName) ?? c.destination.findPort(c.portName);
      if (!port) continue;
      const pp = policyPort(port);
      for (const owner of sources) {
        owner.egressPolicy.allow(destination.policyPeers(owner.egressPolicy.policyNamespace), [pp], c.refs);
      }
      const destinationOwner = state.ownerByPeer.get(destination);
      if (destinationOwner) {
        for (const source of sourcePeers) {
          destinationOwner.ingressPolicy.allow(source.policyPeers(destinationOwner.ingressPolicy.policyNamespace), [pp], c.refs);
        }
      }
    }
  }
  state.boundVersion = state.version;
}

/** How a source reaches a destination: host, port and URL, derived once from the connection. */
export class Endpoint {
  public constructor(
    /** Host name clients dial, e.g. `gws-platform-setting.gws.svc.cluster.local`; empty when unknown. */
    public readonly host: string,
    /** The Service port clients dial. */
    public readonly port: number,
  ) {}

  /** `host:port`. */
  public get hostPort(): string {
    return `${this.host}:${this.port}`;
  }

  /** `scheme://host:port`, e.g. `http://gws-platform-setting.gws.svc.cluster.local:80`. */
  public url(scheme: string = 'http'): string {
    return `${scheme}://${this.host}:${this.port}`;
  }
}

/** What a connection joins. */
export interface ConnectionOptions {
  /** The end that opens the connection. */
  readonly source: Peer;
  /** The end that accepts it. */
  readonly destination: Peer;
  /** Name of the destination's port. */
  readonly port: string;
  /**
   * What the connection implements: catalog rows (`gws#15`) and declared extensions
   * (`ext:<id>`, an opening beyond the documentation's tables, which needs a `reason`).
   * @default - none
   */
  readonly refs?: string[];
  /**
   * Why the connection exists, required when it implements an extension (`ext:<id>`); shown in
   * connections.json and CONNECTIONS.md.
   * @default - none
   */
  readonly reason?: string;
}

/** Marks a peer whose owner (e.g. a DataStore) checks it and reports its problems itself. */
export function markPeerChecked(peer: Peer): void {
  peer._checkedByOwner = true;
}

/**
 * A connection declared once, which produces everything it needs: the egress rule on the source,
 * the ingress rule on the destination (both on the destination's pod port), the Service port on
 * the destination, and the endpoint the source puts in its configuration. For a peer this app does
 * not manage, only our side's rule is written. An in-cluster peer whose namespace and labels select
 * a workload of this app is bound to that workload when the app is synthesized, so both sides are
 * written even when the two services were composed in either order.
 */
export class Connection {
  /**
   * Declares a connection. Declaring the same one twice is harmless: rules are merged.
   * Problems (unknown port, peer without addresses) are reported on `scope` at synth.
   */
  public static declare(scope: IConstruct, options: ConnectionOptions): Connection {
    const state = Wiring.of(scope);
    validatePeer(scope, state, options.source);
    validatePeer(scope, state, options.destination);
    const input = Input.root(scope, `connection ${options.source.name} -> ${options.destination.name}`);
    const refs = checkRefs(input, options.refs ?? [], options.reason);
    const connection = new Connection(state, options.source, options.destination, options.port, refs, options.reason);
    state.connections.push(connection);
    state.changed();
    scope.node.addValidation({
      validate: () => {
        const problems: string[] = [];
        const sources = ownersOf(state, options.source);
        const destinations = ownersOf(state, options.destination);
        const candidates = destinations.length > 0 ? destinations.map((o) => o.peer) : [options.destination];
        for (const destination of candidates) {
          if (!destination.findPort(options.port) && !options.destination.findPort(options.port)) {
            const known = destination.portNames;
            problems.push(`connection ${options.source.name} -> ${options.destination.name}: port ${show(options.port)} is not exposed by ${destination.describe()} (it exposes ${known.length ? known.map((n) => show(n)).join(', ') : 'no ports'}; add the port to the destination or connect to one of those)`);
          }
        }
        for (const end of [options.source, options.destination]) {
          if (end.kind === PeerKind.WORKLOAD && !state.ownerByPeer.has(end)) {
            problems.push(`connection ${options.source.name} -> ${options.destination.name}: ${end.describe()} is a workload of another cluster (another GenesysPlatform, or the app outside it), where this connection cannot write its rule; declare the connection inside the platform that owns ${end.name} (e.g. Connection.declare(platform, ...))`);
          }
        }
        if (sources.length === 0 && destinations.length === 0) {
          problems.push(`connection ${options.source.name} -> ${options.destination.name}: neither end is a workload of this app (${options.source.describe()}, ${options.destination.describe()}); declare connections with at least one end in this app`);
        }
        return problems;
      },
    });
    if (options.source.kind === PeerKind.EXTERNAL && options.destination.kind === PeerKind.EXTERNAL) {
      input.report('both ends are external: nothing in the cluster can enforce it');
    }
    return connection;
  }

  /** Every connection declared in the cluster of `scope` (see ClusterBoundary), in declaration order. */
  public static all(scope: IConstruct): Connection[] {
    return [...Wiring.of(scope).connections];
  }

  private constructor(
    private readonly state: Wiring,
    /** The end that opens the connection. */
    public readonly source: Peer,
    /** The end that accepts it. */
    public readonly destination: Peer,
    /** Name of the destination's port. */
    public readonly portName: string,
    /** Catalog rows and extensions it implements. */
    public readonly refs: string[],
    /** Why it exists (extensions). */
    public readonly reason?: string,
  ) {}

  /** The destination's port, from the bound workload when there is one; absent when the name is wrong (reported at synth). */
  public get port(): WorkloadPort | undefined {
    const bound = ownersOf(this.state, this.destination);
    for (const o of bound) {
      const p = o.peer.findPort(this.portName);
      if (p) return p;
    }
    return this.destination.findPort(this.portName);
  }

  /** The pod port policies name (0 when the port is unknown). */
  public get podPort(): number {
    const p = this.port;
    return p ? podPort(p) : 0;
  }

  /** Where the source dials. */
  public get endpoint(): Endpoint {
    return new Endpoint(this.destination.spec.host ?? '', this.port?.port ?? 0);
  }

  /** `scheme://host:port` of the destination; the scheme defaults to the port's application protocol, else `http`. */
  public url(scheme?: string): string {
    return this.endpoint.url(scheme ?? this.port?.appProtocol ?? 'http');
  }

  /** The workloads of this app at the source end (none for an unmanaged peer). */
  public get sourceWorkloads(): Peer[] {
    return ownersOf(this.state, this.source).map((o) => o.peer);
  }

  /** The workloads of this app at the destination end (none for an unmanaged peer). */
  public get destinationWorkloads(): Peer[] {
    return ownersOf(this.state, this.destination).map((o) => o.peer);
  }

  /** `namespace/name` of the policies implementing this connection. */
  public get policies(): string[] {
    const out: string[] = [];
    for (const o of ownersOf(this.state, this.source)) out.push(`${o.egressPolicy.policyNamespace}/${o.egressPolicy.policyName}`);
    for (const o of ownersOf(this.state, this.destination)) out.push(`${o.ingressPolicy.policyNamespace}/${o.ingressPolicy.policyName}`);
    return out;
  }
}

/** Keeps the well-formed references; reports the others once. */
function checkRefs(input: Input, refs: string[], reason: string | undefined): string[] {
  const ok: string[] = [];
  for (const ref of refs) {
    if (isRowRef(ref)) {
      ok.push(ref);
    } else if (isExtensionRef(ref)) {
      if (reason === undefined || typeof reason !== 'string' || reason.trim() === '') {
        input.report(`refs ${show(ref)} names an extension without a reason (give reason: why this opening exists beyond the documented rows)`);
      } else {
        ok.push(ref);
      }
    } else {
      input.report(`refs ${show(ref)} is neither a catalog row ("<service>#<number>", e.g. "gws#15") nor an extension ("ext:<id>", e.g. "ext:my-exporter")`);
    }
  }
  return ok;
}

function validatePeer(scope: IConstruct, state: Wiring, peer: Peer): void {
  if (state.checkedPeers.has(peer) || peer._checkedByOwner || peerChecked(peer)) return;
  state.checkedPeers.add(peer);
  checkPeer(Input.root(scope, `peer ${peer.name}`), peer);
}
