import { ConnectionEnd, EndKind, PeerKindId } from '../catalog';
import { sortRefs } from '../shared';
import { ReportEnd, ReportExtension, ReportPair, ReportRow, RowStatus } from './model';

/**
 * The font of every text in the diagram. Graphviz's WebAssembly build has no font library: it sizes
 * text with built-in metrics of a few families (Times, Helvetica/Arial, Courier and some others) and
 * falls back to Times for any other name. Courier is monospaced, so the width it reserves (0.6 em a
 * character) is the width of whatever monospaced font the viewer ends up with (Courier, Courier New,
 * Liberation Mono, Nimbus Mono, DejaVu Sans Mono all advance 0.6 em): the SVG names `Courier,monospace`
 * and the text fits its box with any of them. A proportional family would fit only where that very
 * family is installed (Helvetica's metrics are narrower than the DejaVu Sans most Linux browsers
 * substitute for it).
 */
export const DIAGRAM_FONT = 'Courier';

/** How an edge of the diagram is drawn. */
export enum EdgeKind {
  /** From a peer (the ingress controller, Prometheus, another Genesys service) to a workload of the app. */
  INGRESS = 'ingress',
  /** Between workloads of the app, or from one to a peer in the cluster. */
  INTRA = 'intra-cluster',
  /** From a workload of the app to a peer outside the cluster (CIDR groups). */
  EGRESS = 'egress',
  /** A declared extension: an opening beyond the documented rows. */
  EXTENSION = 'extension',
  /** A row with both ends outside these constructs: nothing in the app enforces it. */
  OUTSIDE = 'outside',
}

/** Colour and line of each kind of edge; its label is written in the same colour. */
const EDGE_STYLE: { [kind: string]: { color: string; line: string } } = {
  [EdgeKind.INGRESS]: { color: '#1f6fb2', line: 'penwidth=1.6' },
  [EdgeKind.INTRA]: { color: '#333333', line: 'penwidth=1' },
  [EdgeKind.EGRESS]: { color: '#2e7d32', line: 'style=dashed' },
  [EdgeKind.EXTENSION]: { color: '#e65100', line: 'style=dotted, penwidth=1.6' },
  [EdgeKind.OUTSIDE]: { color: '#8a8a8a', line: 'style=dashed' },
};

function edgeStyle(kind: EdgeKind): string {
  return `color="${EDGE_STYLE[kind].color}", ${EDGE_STYLE[kind].line}`;
}

/** The cluster of the peers outside the Kubernetes cluster (CIDR groups). */
export const OUTSIDE_CLUSTER = 'outside the cluster';
/** The cluster of the ends of rows that no construct of the app stands for (the browser, WebRTC...). */
export const OUTSIDE_CONSTRUCTS = 'outside these constructs';

/** Catalog peers that reach the app through an Ingress: rows from them are implemented by the ingress controller. */
const ENTRY_CLIENTS = new Set<string>([PeerKindId.BROWSER, PeerKindId.ASYNC_API_CLIENT, PeerKindId.GENESYS_WIDGETS]);

/** References on one line of an edge label. */
const REFS_PER_LINE = 3;

/** A node of the diagram: a workload, a peer, a group of workloads drawn as one, or a row end outside the constructs. */
export interface DiagramNode {
  /** The DOT id: `namespace/name`, `external <name>`, `group <namespace>/<group id>` or `outside <catalog id>`. */
  readonly id: string;
  /** The text in the box. */
  readonly label: string;
  /** The cluster (Graphviz subgraph) the node is drawn in: `namespace <name>`, or one of the two outside clusters. */
  readonly cluster: string;
  /** True for the app's own workloads (white boxes); peers are grey. */
  readonly inApp: boolean;
  /** True for peers outside the cluster (dashed boxes). */
  readonly external: boolean;
  /** The member workloads (`namespace/name`) of a group node, in drawing order; empty for other nodes. */
  readonly members: string[];
}

/** An edge of the diagram: every row and extension between two ends of one kind on the same pod ports. */
export interface DiagramEdge {
  /** Source node id. */
  readonly from: string;
  /** Port of a group source: its title cell (`group`) or a member's cell. @default - the node itself */
  readonly fromPort?: string;
  /** Destination node id. */
  readonly to: string;
  /** Port of a group destination: its title cell (`group`) or a member's cell. @default - the node itself */
  readonly toPort?: string;
  /** How it is drawn. */
  readonly kind: EdgeKind;
  /** Pod ports, ascending. */
  readonly ports: number[];
  /** Row and extension references, sorted. */
  readonly refs: string[];
}

/** What the diagram draws, before it is written as DOT. */
export interface DiagramModel {
  /** Every node, sorted by id. */
  readonly nodes: DiagramNode[];
  /** Every edge, in the order of the rows and then the extensions it carries. */
  readonly edges: DiagramEdge[];
}

function namespaceOf(node: string): string | undefined {
  return node.startsWith('external ') || !node.includes('/') ? undefined : node.split('/')[0];
}

function nameOf(node: string): string {
  return node.startsWith('external ') ? node.slice('external '.length) : node.slice(node.indexOf('/') + 1);
}

function kindOf(pair: ReportPair): EdgeKind {
  if (!pair.sourceInApp) return EdgeKind.INGRESS;
  return pair.destinationExternal ? EdgeKind.EGRESS : EdgeKind.INTRA;
}

/** The port of a group node's title cell: edges of rows that name the group start or end there. */
const GROUP_PORT = 'group';

/** The port (cell) name of the `index`th member of a group node. */
function memberPort(index: number): string {
  return `m${index}`;
}

/**
 * Builds the diagram of an app's rows and extensions:
 * - one node per workload and peer, in the cluster of its namespace; peers outside the cluster in
 *   their own cluster; ends of rows that nothing in the app stands for (the browser...) in another;
 * - the workloads a row names as a group (GWS "Platform services") drawn as one node with a cell per
 *   member: a row naming the group is one edge to or from the whole node, a row naming one member an
 *   edge to or from its cell;
 * - one edge per source, destination, kind and pod ports, labelled with every row and extension it carries.
 */
export function diagramModel(rows: ReportRow[], extensions: ReportExtension[] = []): DiagramModel {
  const builder = new DiagramBuilder(rows, extensions);
  for (const r of rows) {
    if (r.status === RowStatus.OUTSIDE) {
      builder.edge({ node: builder.outsideEnd(r.row.source) }, { node: builder.outsideEnd(r.row.destination) }, EdgeKind.OUTSIDE, [], r.row.ref);
      continue;
    }
    for (const pair of r.pairs) {
      const from = builder.endpoint(pair.source, r.row.source.kind === EndKind.COMPONENT_GROUP);
      const to = builder.endpoint(pair.destination, r.row.destination.kind === EndKind.COMPONENT_GROUP);
      builder.edge(from, to, kindOf(pair), pair.podPorts, r.row.ref);
    }
  }
  for (const e of extensions) {
    for (const pair of e.pairs) {
      builder.edge(builder.endpoint(pair.source, false), builder.endpoint(pair.destination, false), EdgeKind.EXTENSION, pair.podPorts, e.ref);
    }
  }
  return builder.model();
}

/** One end of an edge: a node, and the cell of a group node. */
interface EdgeEnd {
  readonly node: string;
  readonly port?: string;
}

/** An edge while rows are added to it. */
interface DraftEdge {
  readonly from: string;
  readonly fromPort?: string;
  readonly to: string;
  readonly toPort?: string;
  readonly kind: EdgeKind;
  readonly ports: number[];
  readonly refs: string[];
}

/** Collects the nodes and edges of a diagram (see `diagramModel`). */
class DiagramBuilder {
  private readonly inApp = new Set<string>();
  /** A workload's group node and cell. */
  private readonly groupOf = new Map<string, { id: string; port: string }>();
  private readonly groups = new Map<string, { label: string; members: string[] }>();
  /** The app's peer a catalog peer id stands for, when the implemented rows name exactly one. */
  private readonly peerFor = new Map<string, string | undefined>();
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly edges = new Map<string, DraftEdge>();

  public constructor(rows: ReportRow[], extensions: ReportExtension[]) {
    const implemented = rows.filter((r) => r.status === RowStatus.IMPLEMENTED);
    for (const r of [...implemented, ...extensions]) for (const w of [...r.source.workloads, ...r.destination.workloads]) this.inApp.add(w);
    this.findGroups(implemented);
    // the clients that enter through an Ingress (the browser...) are implemented by the ingress
    // controller's connections and are not the app's peer
    for (const r of implemented) {
      this.notePeer(r.row.source, r.source);
      this.notePeer(r.row.destination, r.destination);
    }
  }

  /** The workloads at a group end of an implemented row, per namespace, each with its cell. */
  private findGroups(implemented: ReportRow[]): void {
    for (const r of implemented) {
      for (const end of [r.row.source, r.row.destination]) {
        if (end.kind !== EndKind.COMPONENT_GROUP) continue;
        const side = end === r.row.source ? r.source : r.destination;
        for (const w of side.workloads) {
          const id = `group ${namespaceOf(w)}/${end.id}`;
          const group = this.groups.get(id) ?? { label: end.documented, members: [] };
          if (!group.members.includes(w)) group.members.push(w);
          this.groups.set(id, group);
        }
      }
    }
    for (const [id, group] of this.groups) {
      group.members.sort();
      group.members.forEach((w, i) => this.groupOf.set(w, { id, port: memberPort(i) }));
    }
  }

  private notePeer(end: ConnectionEnd, side: ReportEnd): void {
    if (end.kind !== EndKind.PEER || ENTRY_CLIENTS.has(end.id) || side.workloads.length > 0 || side.peers.length !== 1) return;
    this.peerFor.set(end.id, this.peerFor.has(end.id) && this.peerFor.get(end.id) !== side.peers[0] ? undefined : side.peers[0]);
  }

  private plainNode(node: string): void {
    if (this.nodes.has(node)) return;
    const ns = namespaceOf(node);
    this.nodes.set(node, {
      id: node,
      label: nameOf(node),
      cluster: ns ? `namespace ${ns}` : OUTSIDE_CLUSTER,
      inApp: this.inApp.has(node),
      external: node.startsWith('external '),
      members: [],
    });
  }

  /** The node of a workload or peer: a group's whole node (a row naming the group) or its cell. */
  public endpoint(node: string, namedAsGroup: boolean): EdgeEnd {
    const group = this.groupOf.get(node);
    if (group) {
      const g = this.groups.get(group.id)!;
      if (!this.nodes.has(group.id)) {
        this.nodes.set(group.id, { id: group.id, label: g.label, cluster: `namespace ${namespaceOf(node)}`, inApp: true, external: false, members: g.members });
      }
      return { node: group.id, port: namedAsGroup ? GROUP_PORT : group.port };
    }
    this.plainNode(node);
    return { node };
  }

  /** The node of a row end nothing in the app stands for (the browser...), or the app's peer for it. */
  public outsideEnd(end: ConnectionEnd): string {
    const mapped = this.peerFor.get(end.id);
    if (mapped) {
      this.plainNode(mapped);
      return mapped;
    }
    const id = `outside ${end.id}`;
    if (!this.nodes.has(id)) {
      this.nodes.set(id, { id, label: end.documented, cluster: OUTSIDE_CONSTRUCTS, inApp: false, external: false, members: [] });
    }
    return id;
  }

  /** Adds a row or extension to the edge of its ends, kind and pod ports. */
  public edge(from: EdgeEnd, to: EdgeEnd, kind: EdgeKind, ports: number[], ref: string): void {
    const key = [from.node, from.port ?? '', to.node, to.port ?? '', kind, ports.join(',')].join('|');
    const e = this.edges.get(key) ?? { from: from.node, fromPort: from.port, to: to.node, toPort: to.port, kind, ports, refs: [] };
    if (!e.refs.includes(ref)) e.refs.push(ref);
    this.edges.set(key, e);
  }

  public model(): DiagramModel {
    return {
      nodes: [...this.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      edges: [...this.edges.values()].map((e) => ({ ...e, refs: sortRefs(e.refs) })),
    };
  }
}

/** A DOT string literal (a line break becomes Graphviz's centred `\\n`). */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text for an HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function edgeLabel(e: DiagramEdge): string {
  const lines: string[] = [];
  for (let i = 0; i < e.refs.length; i += REFS_PER_LINE) lines.push(e.refs.slice(i, i + REFS_PER_LINE).join(', '));
  if (e.ports.length > 0) lines.push(e.ports.map((p) => `:${p}`).join(' '));
  return lines.join('\n');
}

function nodeStatement(n: DiagramNode): string {
  const fill = n.inApp ? 'white' : '#eeeeee';
  if (n.members.length > 0) {
    const cells = n.members.map((m, i) => `<TR><TD PORT="${memberPort(i)}" BORDER="1" ALIGN="LEFT">${html(nameOf(m))}</TD></TR>`).join('');
    const label = `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="3" CELLPADDING="6" STYLE="ROUNDED" BGCOLOR="${fill}">`
      + `<TR><TD PORT="${GROUP_PORT}"><B>${html(n.label)}</B></TD></TR>${cells}</TABLE>>`;
    return `${quote(n.id)} [shape=plain, label=${label}];`;
  }
  const style = n.external ? 'style="filled,dashed"' : 'style=filled';
  return `${quote(n.id)} [label=${quote(n.label)}, ${style}, fillcolor="${fill}"];`;
}

function endpointText(node: string, port?: string): string {
  return port ? `${quote(node)}:${port}` : quote(node);
}

/**
 * The implemented connections as Graphviz DOT (see `diagramModel` for what is drawn): namespaces as
 * clusters, edges labelled with their rows and pod ports, styled by kind, and a legend. Every text is
 * in `DIAGRAM_FONT` and boxes keep a margin around it.
 */
export function dotDiagram(rows: ReportRow[], extensions: ReportExtension[] = []): string {
  const { nodes, edges } = diagramModel(rows, extensions);
  const font = quote(DIAGRAM_FONT);
  const out = [
    'digraph connections {',
    `  graph [rankdir=LR, nodesep=0.18, ranksep=0.3, pad=0.3, outputorder=edgesfirst, fontname=${font}, fontsize=12];`,
    `  node [shape=box, fontname=${font}, fontsize=10, margin="0.15,0.07", color="#555555"];`,
    '  edge [arrowsize=0.7];',
  ];
  const clusterOf = new Map(nodes.map((n) => [n.id, n.cluster]));
  // each edge's label is a node on the edge's path (in the cluster of both ends when they share one): it
  // takes space in the layout like any node, so labels never overlap and always sit on their edge
  const labels = edges.map((e, i) => {
    const c = EDGE_STYLE[e.kind];
    const cluster = clusterOf.get(e.from) === clusterOf.get(e.to) ? clusterOf.get(e.from) : undefined;
    return { cluster, text: `label_${i} [shape=plaintext, margin="0.04,0.02", fontsize=9, fontcolor="${c.color}", label=${quote(edgeLabel(e))}];` };
  });
  const clusters = [...new Set(nodes.map((n) => n.cluster))].sort();
  clusters.forEach((cluster, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${quote(cluster)}; style=rounded; color="#aaaaaa"; margin=12;`);
    for (const n of nodes.filter((x) => x.cluster === cluster)) out.push(`    ${nodeStatement(n)}`);
    for (const l of labels.filter((x) => x.cluster === cluster)) out.push(`    ${l.text}`);
    out.push('  }');
  });
  for (const l of labels.filter((x) => x.cluster === undefined)) out.push(`  ${l.text}`);
  edges.forEach((e, i) => {
    out.push(`  ${endpointText(e.from, e.fromPort)} -> label_${i} [${edgeStyle(e.kind)}, arrowhead=none];`);
    out.push(`  label_${i} -> ${endpointText(e.to, e.toPort)} [${edgeStyle(e.kind)}];`);
  });
  out.push(...legend(), '}');
  return out.join('\n');
}

function legend(): string[] {
  const out = [
    '  subgraph cluster_legend {',
    `    label=${quote('legend (labels: rows, :pod ports)')}; style=rounded; color="#aaaaaa"; margin=12;`,
    '    node [shape=plaintext, margin="0.08,0.02", height=0.2];',
  ];
  // declared last to first: with rankdir=LR, Graphviz stacks a rank's nodes from the bottom up
  Object.values(EdgeKind).map((kind, i) => ({ kind, i })).reverse().forEach(({ kind, i }) => {
    out.push(`    legend_${i}_a [label=""]; legend_${i}_b [label=${quote(kind)}];`);
    out.push(`    legend_${i}_a -> legend_${i}_b [${edgeStyle(kind)}];`);
  });
  out.push('  }');
  return out;
}
