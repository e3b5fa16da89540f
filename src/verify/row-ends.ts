// The ends of a catalog row, found in one manifest set: pods of the manifests (components, embedded
// stores), virtual endpoints (peers, the ingress controller, Prometheus), or nothing. Internal.
import { ClusterModel, INGRESS_CONTROLLER_KEY, ReachabilityEndpoint } from './cluster';
import { PeerPlaces } from './peer-places';
import { CatalogConnection, ConnectionEnd, EndKind, PeerKindId } from '../catalog/model';
import { EmbeddedStores } from '../catalog/stores';
import { Labels } from '../shared';
import { ParsedCidr, parseCidr } from '../shared/net';

/** The endpoints one member of an end stands for (a component of a group, or the peer). */
export interface EndGroup {
  /** Component id or peer id the endpoints stand for. */
  readonly member: string;
  /** Its endpoints. */
  readonly endpoints: ReachabilityEndpoint[];
}

/** How a row's end was found: pods of the manifests, virtual endpoints, a browser-like client (checked with the Ingress routes), or not at all. */
export type EndMode = 'pods' | 'virtual' | 'ingress' | 'unknown';

/** A row's end, resolved. */
export interface ResolvedEnd {
  /** How the end was found. */
  readonly mode: EndMode;
  /** One group per member found (each component of a group that has pods, or the peer). */
  readonly groups: EndGroup[];
  /** True when the end maps to at least one pod of the manifests. */
  readonly present: boolean;
  /** Ports from the peers entries used for the end. */
  readonly ports: number[];
  /**
   * CIDRs of the external peers entries used for the end.
   * @default - none: not a peer of the peers file
   */
  readonly cidrs?: ParsedCidr[];
  /**
   * The ports the peers entries placed at each virtual endpoint give, by endpoint key (entries at
   * one place add up).
   * @default - none
   */
  readonly endpointPorts?: Map<string, number[]>;
  /**
   * The CIDRs of the external entries placed at each virtual endpoint, by endpoint key.
   * @default - none
   */
  readonly endpointCidrs?: Map<string, ParsedCidr[]>;
  /**
   * Why the end was not found.
   * @default - none: found
   */
  readonly reason?: string;
}

/** Finds the ends of rows in the model and among the placed peers. */
export class EndResolver {
  public constructor(private readonly model: ClusterModel, private readonly places: PeerPlaces) {}

  /**
   * A row's end: a component (or group) is the pods labelled with its id; a store its embedded pods
   * when there are any; else the peers entries for it; else the ingress controller or Prometheus.
   */
  public resolve(end: ConnectionEnd, row: CatalogConnection): ResolvedEnd {
    if (end.kind === EndKind.COMPONENT || end.kind === EndKind.COMPONENT_GROUP) return this.components(end);
    if (EmbeddedStores.isStore(end.id)) {
      const pods = this.storePods(end.id, row.service);
      if (pods.length > 0) return { mode: 'pods', groups: [{ member: end.id, endpoints: pods }], present: true, ports: [] };
    }
    const entries = this.places.entriesFor(end.id, row.service);
    if (entries.length > 0) {
      const endpointPorts = new Map<string, number[]>();
      const endpointCidrs = new Map<string, ParsedCidr[]>();
      for (const e of entries) {
        this.places.endpointsOf(e).forEach((endpoint, i) => {
          const ports = endpointPorts.get(endpoint.key) ?? [];
          for (const p of e.ports ?? []) if (!ports.includes(p)) ports.push(p);
          endpointPorts.set(endpoint.key, ports.sort((a, b) => a - b));
          // an external entry has one endpoint per CIDR, in order
          const cidr = e.cidrs?.[i];
          if (cidr !== undefined) endpointCidrs.set(endpoint.key, [...(endpointCidrs.get(endpoint.key) ?? []), parseCidr(cidr)!]);
        });
      }
      return {
        mode: 'virtual',
        groups: [{ member: end.id, endpoints: [...new Set(entries.flatMap((e) => this.places.endpointsOf(e)))] }],
        present: false,
        ports: [...new Set(entries.flatMap((e) => e.ports ?? []))],
        cidrs: entries.flatMap((e) => (e.cidrs ?? []).map((c) => parseCidr(c)!)),
        endpointPorts,
        endpointCidrs,
      };
    }
    if (end.id === PeerKindId.INGRESS_CONTROLLER) return this.virtual(end.id, this.model.endpoint(INGRESS_CONTROLLER_KEY));
    if (end.id === PeerKindId.PROMETHEUS) return this.virtual(end.id, this.places.prometheus);
    const store = EmbeddedStores.isStore(end.id) ? ` and no embedded ${EmbeddedStores.engine(end.id)} pod of ${row.service}` : '';
    return {
      mode: 'unknown',
      groups: [],
      present: false,
      ports: [],
      reason: `peer ${JSON.stringify(end.id)} is not in the manifests${store}: describe it in peers.json ({ "kind": "${end.id}", "namespace": ..., "labels": {...} } or { "kind": "${end.id}", "cidrs": [...] })`,
    };
  }

  /** The external entries (CIDRs) of a peer kind, of any table: their addresses and ranges. */
  public externalEntries(kind: string): { endpoints: ReachabilityEndpoint[]; cidrs: ParsedCidr[] } {
    const entries = this.places.peers.filter((p) => p.kind === kind && (p.cidrs ?? []).length > 0);
    return {
      endpoints: [...new Set(entries.flatMap((e) => this.places.endpointsOf(e)))],
      cidrs: entries.flatMap((e) => (e.cidrs ?? []).map((c) => parseCidr(c)).filter((c): c is ParsedCidr => c !== undefined)),
    };
  }

  private components(end: ConnectionEnd): ResolvedEnd {
    const groups = end.components
      .map((id) => ({ member: id, endpoints: [...this.podsLabelled((l) => l[Labels.NAME] === id), ...this.model.describedComponent(id)] }))
      .filter((g) => g.endpoints.length > 0);
    if (groups.length === 0) {
      return { mode: 'unknown', groups, present: false, ports: [], reason: `no pod labelled ${Labels.NAME}=${end.components.join(' or ')} in the manifests` };
    }
    return { mode: 'pods', groups, present: true, ports: [] };
  }

  /** The embedded store's pods of a table, labelled as `EmbeddedStores.labels` says (any `ucsx-tenant-*` instance for tenant databases). */
  private storePods(id: string, service: string): ReachabilityEndpoint[] {
    const labels = EmbeddedStores.labels(id, service);
    const tenant = id === PeerKindId.UCSX_TENANT_DB;
    return this.podsLabelled((l) => l[Labels.NAME] === labels.name && l[Labels.COMPONENT] === labels.component
      && (tenant ? (l[Labels.INSTANCE] ?? '').startsWith('ucsx-tenant-') : l[Labels.INSTANCE] === labels.instance));
  }

  private virtual(member: string, endpoint: ReachabilityEndpoint): ResolvedEnd {
    return { mode: 'virtual', groups: [{ member, endpoints: [endpoint] }], present: false, ports: [] };
  }

  private podsLabelled(match: (labels: { [key: string]: string }) => boolean): ReachabilityEndpoint[] {
    return this.model.workloads.filter((w) => match(w.labels));
  }
}
