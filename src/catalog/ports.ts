import { ConnectionCatalog } from './catalog';
import { CatalogConnection, CatalogPort, EndKind, PeerKindId } from './model';

/** Sources whose port is the entry point's (443 at the ingress), not a Service port of the destination. */
const ENTRY_CLIENTS = new Set<string>([PeerKindId.BROWSER, PeerKindId.GENESYS_WIDGETS, PeerKindId.ASYNC_API_CLIENT, PeerKindId.INGRESS_PROXY]);

/**
 * Ports no row dials but a Genesys sample names, with where the fact comes from. (Ports that options
 * add beyond the tables are extensions: see `CatalogExtensions`.)
 */
const REFERENCE_PORTS: Array<{ readonly component: string; readonly port: CatalogPort; readonly origin: string }> = [
  {
    component: 'gws-service-proxy',
    port: { name: 'http-internal', servicePort: 81, podPort: 8081, refs: ['gws#1'] },
    origin: 'Genesys sample (gws-ingress chart): the service proxy Service maps 81 to 8081, the listener of the internal entry point gws-int.<domain>',
  },
];

function merge(rows: CatalogConnection[]): { ports: CatalogPort[]; problems: string[] } {
  const byName = new Map<string, CatalogPort>();
  const problems: string[] = [];
  for (const row of rows) {
    const seen = byName.get(row.portName);
    if (!seen) {
      byName.set(row.portName, { name: row.portName, servicePort: row.servicePort, podPort: row.podPort, refs: [row.ref] });
    } else if (seen.servicePort !== row.servicePort || seen.podPort !== row.podPort) {
      problems.push(`${row.ref} gives port ${JSON.stringify(row.portName)} ${row.servicePort} -> ${row.podPort}, but ${seen.refs.join(', ')} give ${seen.servicePort} -> ${seen.podPort} (rows dialling one port agree on its numbers: give the row its own port name, or the same numbers)`);
    } else {
      byName.set(row.portName, { ...seen, refs: [...seen.refs, row.ref] });
    }
  }
  return { ports: [...byName.values()], problems };
}

function componentRows(componentId: string): CatalogConnection[] {
  return ConnectionCatalog.all().filter((r) => r.destination.components.includes(componentId) && !ENTRY_CLIENTS.has(r.source.id));
}

function peerRows(kind: string, service?: string): CatalogConnection[] {
  return ConnectionCatalog.all().filter((r) => r.destination.kind === EndKind.PEER && r.destination.id === kind
    && !ENTRY_CLIENTS.has(r.source.id) && (service === undefined || r.service === service));
}

function orThrow(what: string, result: { ports: CatalogPort[]; problems: string[] }): CatalogPort[] {
  if (result.problems.length > 0) throw new Error(`catalog: the ports of ${what} disagree: ${result.problems.join('; ')}`);
  return result.ports;
}

/**
 * The ports of every catalog destination, derived from the rows that dial it: a row is the one place
 * its port lives. A component's Service exposes one port per name its rows use (`ucsx`: `http` 8080 and
 * `http-80` 80, both to pod 8080, and `metrics` 10052); a peer's default port is the one its rows dial.
 */
export class CatalogPorts {
  /** The named ports of a component (Service port → pod port), from every table's rows that dial it. */
  public static ofComponent(componentId: string): CatalogPort[] {
    const fromRows = orThrow(JSON.stringify(componentId), merge(componentRows(componentId)));
    return [...fromRows, ...REFERENCE_PORTS.filter((r) => r.component === componentId).map((r) => r.port)];
  }

  /** The named ports of a peer kind as the rows of `service` (every table when not given) dial it. */
  public static ofPeer(kind: string, service?: string): CatalogPort[] {
    return orThrow(`peer ${JSON.stringify(kind)}${service ? ` in the ${service} table` : ''}`, merge(peerRows(kind, service)));
  }

  /** One named port of a component; throws when the component has no such port. */
  public static componentPort(componentId: string, name: string): CatalogPort {
    const port = CatalogPorts.ofComponent(componentId).find((p) => p.name === name);
    if (!port) throw new Error(`catalog: no row dials port ${JSON.stringify(name)} of ${JSON.stringify(componentId)}`);
    return port;
  }

  /** Every disagreement between rows dialling one port, over the whole catalog (none is expected). */
  public static problems(): string[] {
    const components = ConnectionCatalog.components().flatMap((id) => merge(componentRows(id)).problems);
    const services = ConnectionCatalog.services();
    const kinds = [...new Set(ConnectionCatalog.all().filter((r) => r.destination.kind === EndKind.PEER).map((r) => r.destination.id))];
    const peers = kinds.flatMap((kind) => services.flatMap((s) => merge(peerRows(kind, s)).problems));
    return [...components, ...peers];
  }

  private constructor() {}
}
