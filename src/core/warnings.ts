import { IConstruct } from 'constructs';
import { ClusterState, StateKey } from './cluster';

/** The warnings of a cluster, each prefixed with the construct path. */
const WARNINGS = new StateKey<string[]>('warnings', () => []);

/** Metadata type of the library's synth-time warnings on a construct. */
export const WARNING_METADATA = 'genesys.cdk8s.io/warning';

/**
 * Records a warning about the configuration: nothing fails, but a reviewer should know (rows left
 * unwired by configuration, development-only objects). It is kept as construct metadata, returned by
 * `SynthWarnings.of` and `PlatformSynth`, and printed once to standard error when the app is
 * synthesized (`cdk8s synth` shows it), unless `GENESYS_CDK8S_WARNINGS=off`.
 */
export function warnAtSynth(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_METADATA, message);
  const state = ClusterState.of(scope);
  const list = state.get(WARNINGS);
  list.push(`[${scope.node.path}] ${message}`);
  if (list.length > 1) return;
  let printed = false;
  state.node.addValidation({
    validate: () => {
      if (!printed && process.env.GENESYS_CDK8S_WARNINGS !== 'off') {
        for (const w of list) process.stderr.write(`warning: ${w}\n`);
      }
      printed = true;
      return [];
    },
  });
}

/** The warnings recorded in the cluster of a construct. */
export class SynthWarnings {
  /** Every warning of the cluster `scope` belongs to, each prefixed with the construct path. */
  public static of(scope: IConstruct): string[] {
    return [...ClusterState.of(scope).get(WARNINGS)];
  }

  private constructor() {}
}
