import * as fs from 'fs';
import * as path from 'path';
import { isManifestFile, PEERS_FILE } from './discovery';
import { ManifestSet } from './manifests';
import { VerifyOptions } from './options';
import { readPeersFile, VerifyPeer } from './peers-file';
import { VerifyStatus } from './report';
import { Verifier } from './verifier';

// A cdk8s-cli validation plugin. cdk8s-cli loads it from a local path given in cdk8s.yaml:
//
//   validations:
//     - package: ./node_modules/cdk8s-genesys-cx/lib/verify/plugin.js
//       version: 0.0.0
//       class: GenesysVerifyValidation
//       properties:
//         peersFile: ./peers.json
//
// cdk8s-cli creates the class with `properties` and calls `validate(context)` after synth. The
// context types live in cdk8s-cli (a development tool), so they are described structurally here.

/** The part of cdk8s-cli's ValidationContext the plugin uses. */
interface PluginContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
}

/** What `properties:` in cdk8s.yaml may hold. */
export interface GenesysVerifyProperties extends VerifyOptions {
  /**
   * peers.json to read, relative to the working directory.
   * @default - `peers` when given, else a peers.json beside the first manifest, else none
   */
  readonly peersFile?: string;
}

/**
 * Runs `Verifier` on the manifests cdk8s synthesized and reports every failing row, undocumented
 * opening and schema or policy error as a violation.
 */
export class GenesysVerifyValidation {
  private readonly properties: GenesysVerifyProperties;

  public constructor(properties: GenesysVerifyProperties = {}) {
    this.properties = properties ?? {};
  }

  /** Runs the verifier on the manifests cdk8s synthesized and reports every finding as a violation. */
  public async validate(context: PluginContext): Promise<void> {
    const files = [...context.manifests];
    const { peersFile, ...options } = this.properties;
    let peers: VerifyPeer[] | undefined = options.peers;
    if (peers === undefined) {
      const candidate = peersFile ? path.resolve(peersFile) : files.length > 0 ? path.join(path.dirname(files[0]), PEERS_FILE) : undefined;
      if (peersFile && candidate && !fs.existsSync(candidate)) {
        throw new Error(`verify: peersFile ${JSON.stringify(peersFile)} does not exist (give a path relative to the directory cdk8s runs in, or remove the property)`);
      }
      if (candidate && fs.existsSync(candidate)) peers = readPeersFile(candidate);
    }
    const manifests = ManifestSet.fromFiles(files.filter(isManifestFile));
    const report = Verifier.verifySet(manifests, { ...options, peers });
    for (const line of report.lines) {
      if (line.status !== VerifyStatus.FAIL && line.status !== VerifyStatus.OPEN) continue;
      const finding = report.findings.find((f) => line.check !== undefined && f.check === line.check && line.text.includes(f.message));
      const resources = finding
        ? [{ resourceName: finding.resourceName, locations: finding.path ? [finding.path] : [], manifestPath: finding.origin.replace(/#\d+$/, '') }]
        : [line.source, line.destination].filter((k): k is string => !!k && k.split('/').length === 3).map((key) => ({
          resourceName: key.split('/')[2],
          locations: [line.reason ?? line.text],
          manifestPath: files[0] ?? '',
        }));
      context.report.addViolation({
        ruleName: line.check ?? (line.status === VerifyStatus.OPEN ? 'undocumented-opening' : `catalog ${line.ref ?? ''}`.trim()),
        recommendation: line.text,
        fix: line.status === VerifyStatus.OPEN
          ? 'remove the rule that opens it, or declare the connection with Connection.declare and a reference'
          : line.check ? (line.reason ?? line.text) : 'wire the connection with Connection.declare (both policies and the Service port) or describe the peer in peers.json',
        violatingResources: resources,
      });
    }
    context.logger.log(report.summary);
    context.report.submit(report.ok ? 'success' : 'failure', { result: report.summary });
  }
}
