import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { dotDiagram } from './diagram';
import { graphvizSvg } from './graphviz';
import { developmentObjects, reportExtensions, ReportRow, reportRows } from './model';
import { reportCustomResources, reportEntryPoints } from './objects';
import { connectionsJson, connectionsMarkdown, mermaidDiagram } from './render';
import { ChartValues } from '../kit/chart-values';
import { peersFile } from '../kit/peers-description';

/** Options of the review outputs. */
export interface ReportOptions {
  /**
   * Title of CONNECTIONS.md.
   * @default "Genesys Multicloud CX"
   */
  readonly title?: string;
  /**
   * Render the diagram to SVG with Graphviz (WebAssembly).
   * @default true
   */
  readonly svg?: boolean;
}

/**
 * The review outputs written beside the YAML of a synthesized app: `connections.json` (every
 * catalog row, its status, selectors, ports and NetworkPolicies), `CONNECTIONS.md` (the tables,
 * deviations and a Mermaid diagram), `connections.svg`, and `peers.json` (the peers outside the
 * app, for `cdk8s-genesys-cx verify`).
 */
export class ConnectionReport {
  /**
   * Writes the review outputs of the app of `scope` into `outdir` (after `app.synth()`).
   *
   * @returns the paths of the files written, in the order written
   */
  public static async write(scope: IConstruct, outdir: string, options: ReportOptions = {}): Promise<string[]> {
    const rows = reportRows(scope);
    const extensions = reportExtensions(scope);
    fs.mkdirSync(outdir, { recursive: true });
    const written: string[] = [];
    const save = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(outdir, file)), { recursive: true });
      fs.writeFileSync(path.join(outdir, file), text);
      written.push(path.join(outdir, file));
    };
    save('connections.json', JSON.stringify(connectionsJson(rows, extensions), null, 2) + '\n');
    save('peers.json', JSON.stringify(peersFile(scope), null, 2) + '\n');
    // values for Genesys' charts of the components deployed elsewhere
    for (const values of ChartValues.of(scope)) save(values.fileName, values.text);
    const svg = options.svg ?? true;
    if (svg) save('connections.svg', await renderSvg(dotDiagram(rows, extensions), options.title ?? 'Genesys Multicloud CX'));
    save('CONNECTIONS.md',
      connectionsMarkdown(options.title ?? 'Genesys Multicloud CX', rows, mermaidDiagram(rows), svg ? 'connections.svg' : undefined, extensions, developmentObjects(scope),
        { entryPoints: reportEntryPoints(scope), customResources: reportCustomResources(scope) }),
    );
    return written;
  }

  /** Every catalog row and what implements it in the cluster of `scope`. */
  public static rows(scope: IConstruct): ReportRow[] {
    return reportRows(scope);
  }

  /** The peers file for the verifier (what `peers.json` holds), as JSON text. */
  public static peers(scope: IConstruct): string {
    return JSON.stringify(peersFile(scope), null, 2);
  }

  /** The report as JSON text (what `connections.json` holds). */
  public static json(scope: IConstruct): string {
    return JSON.stringify(connectionsJson(reportRows(scope), reportExtensions(scope)), null, 2);
  }

  /** The report as Markdown (what `CONNECTIONS.md` holds), without the SVG link. */
  public static markdown(scope: IConstruct, title?: string): string {
    const rows = reportRows(scope);
    return connectionsMarkdown(title ?? 'Genesys Multicloud CX', rows, mermaidDiagram(rows), undefined, reportExtensions(scope), developmentObjects(scope));
  }

  /** The diagram as Graphviz DOT. */
  public static dot(scope: IConstruct): string {
    return dotDiagram(reportRows(scope), reportExtensions(scope));
  }

  private constructor() {}
}

/**
 * Renders DOT to SVG with the WebAssembly build of Graphviz. Nothing Graphviz says goes to the console:
 * a message (a layout the diagram's DOT should never produce) becomes one warning on standard error
 * naming the diagram, unless `GENESYS_CDK8S_WARNINGS=off`, and the SVG is written all the same.
 */
export async function renderSvg(dot: string, title = 'the diagram'): Promise<string> {
  const { svg, messages } = await graphvizSvg(dot);
  if (messages.length > 0 && process.env.GENESYS_CDK8S_WARNINGS !== 'off') {
    process.stderr.write(`warning: connections.svg of ${title}: Graphviz reported ${messages.map((m) => `"${m}"`).join(', ')}; the drawing may be wrong: please report it\n`);
  }
  return svg;
}
