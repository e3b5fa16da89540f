import { IConstruct } from 'constructs';
import { CatalogExtensions, ComponentIds } from '../catalog';
import { ClusterState, StateKey } from '../core/cluster';
import { Connection, isBuiltIn } from '../core/connection';
import { show } from '../core/input';
import { clusterWorkloads, selectsPodsOf } from '../core/workload';
import { isExtensionRef, Labels } from '../shared';

/** The clusters whose claims are checked (once each). */
const GUARDED = new StateKey<{ done: boolean }>('claims-guarded', () => ({ done: false }));

/** Every Genesys component id (the canonical ids of DESIGN section 4), which only the library's own workloads carry. */
function genesysIds(): Set<string> {
  const ids = Object.entries(ComponentIds)
    .filter(([key, value]) => typeof value === 'string' && key !== 'GWS_PLATFORM_SERVICES')
    .map(([, value]) => value as string);
  return new Set(ids);
}

/**
 * Checks, once per cluster, what only the library may claim: the ids of the built-in extensions
 * (`ext:nexus-metrics`...), which a user's own connection, entry point or scrape must not reuse (its
 * opening would be reported as the library's documented opt-in), and the identity of a Genesys
 * component (`app.kubernetes.io/name: gws-app-workspace`...), which a user's own workload must not
 * carry (the component's Service, policies and peers would take its pods as the component's).
 */
export function guardClaims(scope: IConstruct): void {
  const state = ClusterState.of(scope);
  const guarded = state.get(GUARDED);
  if (guarded.done) return;
  guarded.done = true;
  state.node.addValidation({ validate: () => [...extensionClaims(scope), ...identityClaims(scope)] });
}

function extensionClaims(scope: IConstruct): string[] {
  const problems: string[] = [];
  for (const c of Connection.all(scope)) {
    if (isBuiltIn(c)) continue;
    for (const ref of c.refs.filter((r) => isExtensionRef(r) && CatalogExtensions.has(r))) {
      const builtIn = CatalogExtensions.get(ref);
      problems.push(`connection ${c.source.name} -> ${c.destination.name}: refs ${show(ref)} is the id of a built-in extension (${builtIn.option}), `
        + 'which the library declares itself; reports would show this opening as that one (give your extension its own id, e.g. "ext:my-' + ref.slice('ext:'.length) + '")');
    }
  }
  return problems;
}

/**
 * A user's workload with the id of a Genesys component the library deploys in the same cluster. (A
 * stand-in for a component deployed elsewhere, with no library copy in the app, claims nothing twice.)
 */
function identityClaims(scope: IConstruct): string[] {
  const ids = genesysIds();
  const all = clusterWorkloads(scope);
  const deployed = new Map(all.filter((w) => w.builtByLibrary && ids.has(w.workload.id)).map((w) => [w.workload.id, w.workload]));
  const problems: string[] = [];
  for (const { workload, builtByLibrary } of all) {
    const genesys = deployed.get(workload.id);
    if (builtByLibrary || genesys === undefined) continue;
    // next to the component in its namespace, the workload's own checks report the collision
    const beside = genesys.namespace === workload.namespace;
    if (beside && (genesys.name === workload.name || selectsPodsOf(genesys, workload) || selectsPodsOf(workload, genesys))) continue;
    problems.push(`workload ${workload.namespace}/${workload.name} (at ${workload.node.path}) takes the identity of the Genesys component ${show(workload.id)} `
      + `(${Labels.NAME}: ${workload.id}) deployed at ${genesys.node.path}: that component's Service, NetworkPolicies, peers and reports would take its pods as the component's `
      + '(give your workload its own id)');
  }
  return problems;
}
