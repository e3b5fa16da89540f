import { CatalogConnection, ComponentGroup, EndKind, ServiceTable } from './model';
import { BUILT_IN_TABLES } from './rows';

// The registered tables. The catalog is static data, so this is the one module-level registry of the
// library: `register` is how a fifth service joins without editing the report, the verifier or the
// platform, and tables are never removed.
const tables = new Map<string, ServiceTable>();
const byRef = new Map<string, CatalogConnection>();
const SERVICE_ID = /^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/;

function add(table: ServiceTable, crossCheck = true): void {
  const problems = tableProblems(table, crossCheck);
  if (problems.length > 0) throw new Error(`catalog: table ${JSON.stringify(table?.service)} cannot be registered: ${problems.join('; ')}`);
  tables.set(table.service, table);
  for (const row of table.rows) byRef.set(row.ref, row);
}

function tableProblems(table: ServiceTable, crossCheck: boolean): string[] {
  if (!table || typeof table !== 'object') return ['a table is { service, title, components, rows }'];
  const problems: string[] = [];
  if (typeof table.service !== 'string' || !SERVICE_ID.test(table.service)) {
    problems.push(`service ${JSON.stringify(table.service)} is not a DNS label of at most 32 characters (e.g. "gws")`);
  } else if (tables.has(table.service)) {
    problems.push(`service ${JSON.stringify(table.service)} is registered already (each table once)`);
  }
  if (!Array.isArray(table.components) || table.components.length === 0) problems.push('components is empty (name the service\'s workloads)');
  const known = new Set([...tables.values()].flatMap((t) => [...t.components, ...(t.groups ?? []).map((g) => g.id)]));
  for (const id of [...(table.components ?? []), ...(table.groups ?? []).map((g) => g.id)]) {
    if (known.has(id)) problems.push(`component ${JSON.stringify(id)} belongs to another table already`);
  }
  const own = new Set([...(table.components ?? []), ...(table.groups ?? []).map((g) => g.id)]);
  (table.rows ?? []).forEach((row, i) => {
    if (row.service !== table.service || row.number !== i + 1 || row.ref !== `${table.service}#${i + 1}`) {
      problems.push(`rows[${i}] is ${JSON.stringify(row.ref)} (rows are numbered ${table.service}#1..n in order, each with service ${JSON.stringify(table.service)})`);
    }
    for (const end of [row.source, row.destination]) {
      if (crossCheck && end.kind !== EndKind.PEER && !own.has(end.id) && !known.has(end.id)) {
        problems.push(`${row.ref} names component ${JSON.stringify(end.id)}, which no table declares`);
      }
    }
  });
  return problems;
}

// the built-in tables name each other's components: add them all, then check the names once
BUILT_IN_TABLES.forEach((t) => add(t, false));
const unknown = BUILT_IN_TABLES.flatMap((t) => t.rows).flatMap((r) => [r.source, r.destination])
  .filter((e) => e.kind !== EndKind.PEER && !knownIds().has(e.id));
if (unknown.length > 0) throw new Error(`catalog: the built-in tables name unknown components ${unknown.map((e) => e.id).join(', ')}`);

function knownIds(): Set<string> {
  return new Set([...tables.values()].flatMap((t) => [...t.components, ...(t.groups ?? []).map((g) => g.id)]));
}

/**
 * Every documented connection of Workspace Web Edition (9 rows), Genesys Web Services and
 * Applications (31), Digital Channels (12) and Universal Contact Service (21), as typed data, plus
 * the tables registered with `register`.
 */
export class ConnectionCatalog {
  /** Every row, table by table in registration order, each table in document order. */
  public static all(): CatalogConnection[] {
    return [...tables.values()].flatMap((t) => t.rows);
  }

  /** The rows of one service's table (none for an unknown service). */
  public static forService(service: string): CatalogConnection[] {
    return [...(tables.get(service)?.rows ?? [])];
  }

  /** One row by its reference, e.g. `gws#15`; throws for an unknown reference. */
  public static get(ref: string): CatalogConnection {
    const row = byRef.get(ref);
    if (!row) {
      throw new Error(`catalog: no connection ${JSON.stringify(ref)} (references read "<service>#<number>", e.g. "gws#15"; services: ${ConnectionCatalog.services().join(', ')})`);
    }
    return row;
  }

  /** True when a row of that reference exists. */
  public static has(ref: string): boolean {
    return byRef.has(ref);
  }

  /** The registered service ids, in registration order (`wwe`, `gws`, `nexus`, `ucsx` first). */
  public static services(): string[] {
    return [...tables.keys()];
  }

  /** One service's table; throws for an unknown service. */
  public static table(service: string): ServiceTable {
    const table = tables.get(service);
    if (!table) throw new Error(`catalog: no table for service ${JSON.stringify(service)} (services: ${ConnectionCatalog.services().join(', ')})`);
    return table;
  }

  /** The canonical component ids of one service (none for an unknown service). */
  public static componentsOf(service: string): string[] {
    return [...(tables.get(service)?.components ?? [])];
  }

  /** Every canonical component id of every table. */
  public static components(): string[] {
    return [...tables.values()].flatMap((t) => t.components);
  }

  /** The component groups of every table (e.g. GWS "Platform services"). */
  public static groups(): ComponentGroup[] {
    return [...tables.values()].flatMap((t) => t.groups ?? []);
  }

  /** The service a component id belongs to, or undefined. */
  public static serviceOfComponent(componentId: string): string | undefined {
    return [...tables.values()].find((t) => t.components.includes(componentId))?.service;
  }

  /**
   * Adds a service's table. The report, the verifier and the platform read tables from here, so a new
   * service needs only its table, its construct folder and this call (see docs/ARCHITECTURE.md).
   * Throws when the table is malformed or its service or components are registered already.
   */
  public static register(table: ServiceTable): void {
    add(table);
  }

  private constructor() {}
}
