// What a verification reports: its lines, their statuses and the report users read.
import { CheckFinding } from './findings';

/** What a verification line reports. */
export enum VerifyStatus {
  /** A documented connection is allowed at both ends. */
  PASS = 'PASS',
  /** A documented connection is blocked, or a schema or policy rule is broken. */
  FAIL = 'FAIL',
  /** A documented connection could not be checked (one end unknown, no port) and the options allow it by name; otherwise the row fails. */
  SKIP = 'SKIP',
  /** Traffic to or from our workloads is allowed although no row documents it and no extension declares it. */
  OPEN = 'OPEN',
  /** A declared extension (`ext:<id>`): an opening beyond the tables, with the objects implementing it and the flows it allows. */
  EXT = 'EXT',
  /** Information that does not change the result. */
  NOTE = 'NOTE',
}

/** One line of a verification report. */
export interface VerifyLine {
  /** Status. */
  readonly status: VerifyStatus;
  /**
   * Catalog or extension reference, e.g. `gws#15` or `ext:nexus-metrics`.
   * @default - none (openings, schema and policy findings)
   */
  readonly ref?: string;
  /**
   * Source: a catalog end id, or an endpoint key for openings.
   * @default - none
   */
  readonly source?: string;
  /**
   * Destination: a catalog end id, or an endpoint key for openings.
   * @default - none
   */
  readonly destination?: string;
  /**
   * Ports tested, as written in the line (Service ports for rows, `port/protocol` for openings).
   * @default - none
   */
  readonly port?: string;
  /**
   * Why the line fails or was skipped.
   * @default - none
   */
  readonly reason?: string;
  /**
   * The schema or policy check that produced the line.
   * @default - none (a connection line)
   */
  readonly check?: string;
  /**
   * The manifest set the line is about, relative to the directory verified (`.` for the directory itself).
   * @default - none (objects from memory or files)
   */
  readonly set?: string;
  /** The line as printed. */
  readonly text: string;
}

/** The result of a verification. */
export class VerifyReport {
  /** Every line, in order: rows, references and extensions, openings, schema and policy findings (set by set). */
  public readonly lines: VerifyLine[];
  /** Rows that passed. */
  public readonly passed: number;
  /** Failed rows, openings and schema or policy errors. */
  public readonly failed: number;
  /** Undocumented openings. */
  public readonly openings: number;
  /** Rows left unchecked with a reason, as the options allow by name. */
  public readonly skipped: number;
  /** Declared extensions listed. */
  public readonly extensions: number;
  /** Schema and policy findings (errors and notes). */
  public readonly findings: CheckFinding[];

  public constructor(lines: VerifyLine[], findings: CheckFinding[]) {
    this.lines = lines;
    this.findings = findings;
    this.passed = lines.filter((l) => l.status === VerifyStatus.PASS).length;
    this.openings = lines.filter((l) => l.status === VerifyStatus.OPEN).length;
    this.failed = lines.filter((l) => l.status === VerifyStatus.FAIL).length + this.openings;
    this.skipped = lines.filter((l) => l.status === VerifyStatus.SKIP && l.ref !== undefined).length;
    this.extensions = lines.filter((l) => l.status === VerifyStatus.EXT).length;
  }

  /** True when nothing failed and nothing undocumented is open. */
  public get ok(): boolean {
    return this.failed === 0;
  }

  /** The summary line, `N passed, M failed, K skipped`. */
  public get summary(): string {
    return `${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`;
  }

  /** The report as printed by `cdk8s-genesys-cx verify`: one line per entry, then the summary. */
  public toText(): string {
    return [...this.lines.map((l) => l.text), this.summary].join('\n') + '\n';
  }

  /** The lines of one status. */
  public withStatus(status: VerifyStatus): VerifyLine[] {
    return this.lines.filter((l) => l.status === status);
  }
}

/** The report of input without any manifest: one failing line. */
export function noManifestsReport(where: string): VerifyReport {
  const reason = `no Kubernetes manifests in ${where} (no .yaml, .yml or .json document with apiVersion and kind): synthesize first (cdk8s synth, npm run synth) and give the folder it wrote`;
  return new VerifyReport([{ status: VerifyStatus.FAIL, check: 'input', reason, text: `FAIL ${reason}` }], []);
}

/** What one manifest set produced. */
export interface SetResult {
  /** The set's lines, in order. */
  readonly lines: VerifyLine[];
  /** The set's schema and policy findings. */
  readonly findings: CheckFinding[];
  /**
   * How many genesys-cx-peers ConfigMaps described its peers.
   * @default - not counted
   */
  readonly peersConfigMaps?: number;
}
