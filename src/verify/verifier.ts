import { verifyDirectory } from './directory';
import { InputLimitError, limitLine, problemsOf, withinLimits } from './input-limits';
import { ManifestSet } from './manifests';
import { VerifyOptions } from './options';
import { noManifestsReport, VerifyReport } from './report';
import { verifyManifestSet } from './verify-set';

/**
 * Verifies synthesized manifests against the connection catalog: every documented connection
 * wired, nothing else open, plus the schema and policy checks.
 */
export class Verifier {
  /**
   * Verifies the manifests of a directory (each manifest set with its `peers.json`) or a list of objects.
   *
   * Each catalog row whose ends are in the manifests gives a PASS or FAIL line (SKIP for a row that
   * cannot be checked and that `allowSkipped` names; such a row fails otherwise); each declared
   * extension an EXT line; every undocumented opening to or from our workloads (pods labelled
   * `app.kubernetes.io/part-of: genesys-multicloud-cx`) an OPEN line (DNS on 53 excluded); schema
   * and policy errors FAIL lines. A directory's Helm charts and folders with their own `peers.json`
   * are verified as sets of their own; a chart that copies its set's manifests is verified once.
   * Input without any manifest fails. See docs/VERIFY.md.
   * @param source a directory of manifests, or Kubernetes objects (e.g. `chart.toJson()`)
   */
  public static verify(source: string | any[], options: VerifyOptions = {}): VerifyReport {
    return bounded(options, () => {
      if (typeof source === 'string') return verifyDirectory(source, options);
      return Verifier.verifySet(ManifestSet.fromObjects(source), options);
    });
  }

  /** Verifies an already loaded set of manifests. */
  public static verifySet(manifests: ManifestSet, options: VerifyOptions = {}): VerifyReport {
    return bounded(options, () => {
      if (manifests.objects.length === 0 && problemsOf(manifests).length === 0) return noManifestsReport(manifests.directory ?? 'the input');
      const result = verifyManifestSet(manifests, options, undefined);
      return new VerifyReport(result.lines, result.findings);
    });
  }

  private constructor() {}
}

/** Runs a verification within the bounds of the input: a bound broken is the run's one FAIL line. */
function bounded(options: VerifyOptions, run: () => VerifyReport): VerifyReport {
  try {
    return withinLimits(options.limits, run);
  } catch (e) {
    if (e instanceof InputLimitError) return new VerifyReport([limitLine(e.reason, undefined)], []);
    throw e;
  }
}

/**
 * Verifies manifests (a directory or objects) against the catalog: the same as `Verifier.verify`,
 * for TypeScript and JavaScript users (jsii languages use `Verifier.verify`).
 */
export function verifyManifests(source: string | any[], options: VerifyOptions = {}): VerifyReport {
  return Verifier.verify(source, options);
}
