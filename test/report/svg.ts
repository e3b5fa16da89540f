// Reads the geometry of an SVG Graphviz wrote: cluster and node boxes, and where each text is.

/** An axis-aligned box in SVG user units (points). */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** A text element. */
export interface SvgText {
  readonly text: string;
  readonly anchor: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly family: string;
}

/** A cluster or node group: its title, the box of each shape it draws, and its texts. */
export interface SvgGroup {
  readonly title: string;
  readonly shapes: Box[];
  readonly texts: SvgText[];
  /** The box around every shape (the node's or cluster's outline). */
  readonly box?: Box;
}

/** The clusters and nodes of a Graphviz SVG, by title (the DOT id). */
export interface SvgGeometry {
  readonly clusters: Map<string, SvgGroup>;
  readonly nodes: Map<string, SvgGroup>;
}

function unescape(text: string): string {
  return text.replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function boxOf(values: number[]): Box | undefined {
  if (values.length < 4) return undefined;
  const xs = values.filter((_, i) => i % 2 === 0);
  const ys = values.filter((_, i) => i % 2 === 1);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function numbers(text: string): number[] {
  return [...text.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

/** The geometry of `svg`. */
export function svgGeometry(svg: string): SvgGeometry {
  const clusters = new Map<string, SvgGroup>();
  const nodes = new Map<string, SvgGroup>();
  for (const m of svg.matchAll(/<g id="[^"]+" class="(node|cluster)">\n<title>([^<]*)<\/title>([\s\S]*?)\n<\/g>/g)) {
    const [, cls, title, body] = m;
    const shapes: Box[] = [];
    for (const s of body.matchAll(/<(?:polygon|polyline)[^>]* points="([^"]+)"|<path[^>]* d="([^"]+)"/g)) {
      const box = boxOf(numbers(s[1] ?? s[2]));
      if (box) shapes.push(box);
    }
    const texts: SvgText[] = [];
    for (const t of body.matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)) {
      const attr = (name: string) => new RegExp(` ${name}="([^"]*)"`).exec(t[1])?.[1] ?? '';
      texts.push({ text: unescape(t[2]), anchor: attr('text-anchor'), x: Number(attr('x')), y: Number(attr('y')), size: Number(attr('font-size')), family: attr('font-family') });
    }
    const box = shapes.length > 0 ? around(shapes) : undefined;
    (cls === 'node' ? nodes : clusters).set(unescape(title), { title: unescape(title), shapes, texts, box });
  }
  return { clusters, nodes };
}

/** The box around some boxes. */
export function around(boxes: Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** True when the two boxes share any point. */
export function intersects(a: Box, b: Box): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

/** True when `inner` lies within `outer`. */
export function contains(outer: Box, inner: Box): boolean {
  return outer.x0 <= inner.x0 && inner.x1 <= outer.x1 && outer.y0 <= inner.y0 && inner.y1 <= outer.y1;
}

/**
 * The box a text takes in a monospaced font whose characters advance `em` of the font size (Courier
 * and the monospaced fonts browsers substitute for it advance 0.6 em), from the cap height down to
 * the descender.
 */
export function textBox(t: SvgText, em: number): Box {
  const width = [...t.text].length * em * t.size;
  const x0 = t.anchor === 'middle' ? t.x - width / 2 : t.anchor === 'end' ? t.x - width : t.x;
  return { x0, y0: t.y - 0.75 * t.size, x1: x0 + width, y1: t.y + 0.25 * t.size };
}
