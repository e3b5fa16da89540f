import { IConstruct } from 'constructs';
import { Check, isCidr, show } from './errors';
import { cidrContains, Peer, PeerKind, policyPort } from './peers';
import { WorkloadPolicy } from './policies';
import { podPort, WorkloadPort } from './ports';

/** The two policies a workload owns. */
export interface PolicyOwner {
  /** The workload's ingress NetworkPolicy. */
  readonly ingressPolicy: WorkloadPolicy;
  /** The workload's egress NetworkPolicy. */
  readonly egressPolicy: WorkloadPolicy;
}

const owners = new WeakMap<Peer, PolicyOwner>();

/** Links a workload's peer to its policies (called by the workload itself). */
export function registerPolicyOwner(peer: Peer, owner: PolicyOwner): void {
  owners.set(peer, owner);
}

/** The policies of a workload peer, or undefined for peers this app does not manage. */
export function policyOwnerOf(peer: Peer): PolicyOwner | undefined {
  return owners.get(peer);
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
   * Catalog references the connection implements, e.g. `gws#15`.
   * @default - none
   */
  readonly refs?: string[];
}

const registry = new WeakMap<IConstruct, Connection[]>();
const checkedPeers = new WeakMap<IConstruct, WeakSet<Peer>>();

/**
 * A connection declared once, which produces everything it needs: the egress rule on the source,
 * the ingress rule on the destination (both on the destination's pod port), the Service port on
 * the destination, and the endpoint the source puts in its configuration. For a peer this app does
 * not manage, only our side's rule is written.
 */
export class Connection {
  /**
   * Declares a connection. Declaring the same one twice is harmless: rules are merged.
   * Problems (unknown port, peer without addresses) are reported on `scope` at synth.
   */
  public static declare(scope: IConstruct, options: ConnectionOptions): Connection {
    const check = new Check(scope, `connection ${options.source.name} -> ${options.destination.name}`);
    validatePeer(scope, options.source);
    validatePeer(scope, options.destination);
    const refs = options.refs ?? [];
    const port = options.destination.findPort(options.port);
    const sourceOwner = policyOwnerOf(options.source);
    const destinationOwner = policyOwnerOf(options.destination);
    if (!port) {
      const known = options.destination.portNames;
      check.fail(`port ${show(options.port)} is not exposed by ${options.destination.describe()} (it exposes ${known.length ? known.map((n) => show(n)).join(', ') : 'no ports'}; add the port to the destination or connect to one of those)`);
    }
    if (!sourceOwner && !destinationOwner) {
      check.fail(`neither end is a workload of this app (${options.source.describe()}, ${options.destination.describe()}): declare connections that have at least one end in this app`);
    }
    if (options.source.kind === PeerKind.EXTERNAL && options.destination.kind === PeerKind.EXTERNAL) {
      check.fail('both ends are external: nothing in the cluster can enforce it');
    }
    const connection = new Connection(options.source, options.destination, port, refs, sourceOwner, destinationOwner);
    if (port) {
      const pp = policyPort(port);
      if (sourceOwner) {
        sourceOwner.egressPolicy.allow(options.destination.policyPeers(sourceOwner.egressPolicy.policyNamespace), [pp], refs);
      }
      if (destinationOwner) {
        destinationOwner.ingressPolicy.allow(options.source.policyPeers(destinationOwner.ingressPolicy.policyNamespace), [pp], refs);
      }
    }
    const root = scope.node.root;
    let list = registry.get(root);
    if (!list) {
      list = [];
      registry.set(root, list);
    }
    list.push(connection);
    return connection;
  }

  /** Every connection declared in the app of `scope`, in declaration order. */
  public static all(scope: IConstruct): Connection[] {
    return [...(registry.get(scope.node.root) ?? [])];
  }

  /** The destination's port; absent when the port name was wrong (reported at synth). */
  public readonly port?: WorkloadPort;

  private constructor(
    /** The end that opens the connection. */
    public readonly source: Peer,
    /** The end that accepts it. */
    public readonly destination: Peer,
    port: WorkloadPort | undefined,
    /** Catalog references. */
    public readonly refs: string[],
    private readonly sourceOwner: PolicyOwner | undefined,
    private readonly destinationOwner: PolicyOwner | undefined,
  ) {
    this.port = port;
  }

  /** The pod port policies name (0 when the port is unknown). */
  public get podPort(): number {
    return this.port ? podPort(this.port) : 0;
  }

  /** Where the source dials. */
  public get endpoint(): Endpoint {
    return new Endpoint(this.destination.spec.host ?? '', this.port?.port ?? 0);
  }

  /** `scheme://host:port` of the destination. */
  public url(scheme?: string): string {
    return this.endpoint.url(scheme ?? this.port?.appProtocol ?? 'http');
  }

  /** `namespace/name` of the policies implementing this connection. */
  public get policies(): string[] {
    const out: string[] = [];
    if (this.sourceOwner) out.push(`${this.sourceOwner.egressPolicy.policyNamespace}/${this.sourceOwner.egressPolicy.policyName}`);
    if (this.destinationOwner) out.push(`${this.destinationOwner.ingressPolicy.policyNamespace}/${this.destinationOwner.ingressPolicy.policyName}`);
    return out;
  }
}

function validatePeer(scope: IConstruct, peer: Peer): void {
  let seen = checkedPeers.get(scope);
  if (!seen) {
    seen = new WeakSet();
    checkedPeers.set(scope, seen);
  }
  if (seen.has(peer)) return;
  seen.add(peer);
  const check = new Check(scope, `peer ${peer.name}`);
  const spec = peer.spec;
  if (spec.kind === PeerKind.EXTERNAL) {
    const groups = spec.cidrGroups ?? [];
    const cidrs = groups.flatMap((g) => g.cidrs ?? []);
    if (cidrs.length === 0) {
      check.fail(`has no CIDR (cidrGroups ${show(groups)}): give at least one CIDR group with a CIDR, or use a selector-based in-cluster peer`);
    }
    for (const g of groups) {
      for (const c of g.cidrs ?? []) check.cidr(`cidrGroups[${g.name}]`, c);
      for (const e of g.except ?? []) {
        if (check.cidr(`cidrGroups[${g.name}].except`, e) && !(g.cidrs ?? []).some((c) => isCidr(c) && cidrContains(c, e))) {
          check.fail(`cidrGroups[${g.name}].except ${show(e)} is inside none of the group's CIDRs (remove it or widen the group)`);
        }
      }
    }
  } else {
    check.dnsLabel('namespace', spec.namespace);
    if (spec.namespace === undefined) check.fail('has no namespace (give the namespace its pods run in)');
    check.labels('labels', spec.labels, true);
  }
  for (const p of spec.ports ?? []) {
    check.portName('ports.name', p.name);
    check.port(`ports[${p.name}].port`, p.port);
    check.port(`ports[${p.name}].targetPort`, p.targetPort);
  }
}
