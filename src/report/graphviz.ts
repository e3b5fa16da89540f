import { format } from 'util';

/** An SVG drawn by Graphviz and everything Graphviz said while drawing it. */
export interface GraphvizSvg {
  /** The SVG. */
  readonly svg: string;
  /**
   * What Graphviz reported: lines it wrote to its standard error or output, and the error it recorded
   * (for example "lost ... edge", with a drawing that is still returned). Empty for a clean layout.
   */
  readonly messages: string[];
}

// Graphviz ships as an ES module; load it with a real dynamic import from this CommonJS module.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

interface Loaded {
  readonly graphviz: any;
  /** Where the module's standard output and error go while a layout runs; undefined otherwise. */
  capture?: string[];
}

/**
 * The loaded Graphviz (WebAssembly), shared by every diagram a process renders: loading and compiling
 * it is most of the cost of one diagram, and it holds no state between renders.
 */
let loaded: Promise<Loaded> | undefined;

/**
 * Loads the module with its two output channels routed to us. The Emscripten runtime binds
 * `console.log` and `console.error` when the module is instantiated and writes through them what the C
 * code prints (pathplan's "triangulation failed", for one): the functions bound here pass a layout's
 * lines to that layout and anything else on to the console as before.
 */
async function load(): Promise<Loaded> {
  const { Graphviz } = await importModule('@hpcc-js/wasm-graphviz');
  const state: { capture?: string[] } = {};
  const log = console.log;
  const error = console.error;
  const route = (fallback: (...args: any[]) => void) => (...args: any[]) => {
    if (state.capture) state.capture.push(format(...args));
    else fallback(...args);
  };
  console.log = route(log);
  console.error = route(error);
  try {
    // a fresh instance, bound to the functions above even if something in this process loaded one before
    Graphviz.unload();
    const graphviz = await Graphviz.load();
    return Object.assign(state, { graphviz });
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** The error Graphviz recorded during the last layout, when the module exposes it. */
function recordedError(graphviz: any): string {
  const lastError = graphviz?._module?.CGraphviz?.lastError;
  if (typeof lastError !== 'function') {
    throw new Error('report: the Graphviz module no longer exposes the error of a layout (CGraphviz.lastError): update src/report/graphviz.ts');
  }
  return String(lastError.call(graphviz._module.CGraphviz) ?? '');
}

/**
 * Lays out DOT with Graphviz `dot` (WebAssembly) and returns the SVG with every message Graphviz gave,
 * none of which reaches the console. The WebAssembly build lets only errors through (it raises the
 * report level to errors before each layout), so warnings never reach JavaScript at all; the errors
 * arrive either as the layout's recorded error (also when a drawing is returned) or as lines the C
 * code prints. A layout Graphviz refuses (a DOT syntax error) throws.
 */
export async function graphvizSvg(dot: string): Promise<GraphvizSvg> {
  loaded ??= load();
  let module: Loaded;
  try {
    module = await loaded;
  } catch (e) {
    loaded = undefined;
    throw e;
  }
  const lines: string[] = [];
  module.capture = lines;
  let svg: string;
  try {
    svg = module.graphviz.layout(dot, 'svg', 'dot');
  } catch (e) {
    // the package unloads its module after a failed layout: load a fresh one next time
    loaded = undefined;
    const said = lines.length > 0 ? ` (Graphviz also printed: ${lines.join(' | ')})` : '';
    throw new Error(`report: Graphviz could not lay out the diagram: ${e instanceof Error ? e.message.trim() : String(e)}${said}`);
  } finally {
    module.capture = undefined;
  }
  const recorded = recordedError(module.graphviz).trim();
  const messages = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  if (recorded) messages.push(recorded);
  return { svg, messages };
}
