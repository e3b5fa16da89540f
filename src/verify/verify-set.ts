// The verification of one manifest set: catalog rows, openings, references, then the object
// checks. Each part lives in its own module; this one puts them in order. Internal.
import { addIpBlockProbes } from './address-sets';
import { Analysis } from './analysis';
import { widenedPolicies } from './described-workloads';
import { DocumentedFlows } from './documented';
import { peersInputLines } from './gate-inputs';
import { checkTime, currentLimits, limitLine, problemsOf } from './input-limits';
import { ManifestSet } from './manifests';
import { checkObjects, findingLine } from './object-checks';
import { addStrangers, findOpenings } from './openings';
import { VerifyOptions } from './options';
import { controllerLocation, PeerPlaces } from './peer-places';
import { peersOfSet } from './peer-sources';
import { referenceLines } from './references';
import { SetResult } from './report';
import { EndResolver } from './row-ends';
import { RowChecker } from './rows';
import { ConnectionCatalog } from '../catalog/catalog';
import { DefaultLocations } from '../shared';
import { parseCidr, rangeOf } from '../shared/net';

/** The CIDRs the peers declare, as ranges. */
function declaredRanges(peers: { cidrs?: string[] }[]) {
  return peers.flatMap((p) => p.cidrs ?? []).map(parseCidr).filter((c) => !!c).map((c) => rangeOf(c!));
}

/**
 * Verifies one manifest set. Its lines, in order: problems with the peers' descriptions, the rows of the catalog, the references
 * (EXT and unknown ones), the openings, the schema and policy findings.
 * @param set the set's name in a directory (`.`, `helm`, `eu`...), carried by every line
 */
export function verifyManifestSet(manifests: ManifestSet, options: VerifyOptions, set: string | undefined): SetResult {
  const inputLines = problemsOf(manifests).map((p) => limitLine(p, set));
  const maxObjects = currentLimits().maxObjects;
  if (manifests.objects.length > maxObjects) {
    const where = manifests.directory ?? 'the input';
    inputLines.push(limitLine(`${where} holds ${manifests.objects.length} objects, more than the ${maxObjects} of one manifest set: split it into sets (a folder with its own peers.json each), or raise limits.maxObjects`, set));
  }
  if (inputLines.length > 0 && (manifests.objects.length === 0 || manifests.objects.length > maxObjects)) return { lines: inputLines, findings: [] };
  const described = peersOfSet(manifests, options, set);
  const peers = described.peers;
  const controller = controllerLocation(options, peers);
  const analysis = new Analysis(manifests, { ingressController: controller, defaultNamespace: options.defaultNamespace });
  const prometheus = DefaultLocations.prometheus(options.prometheus ?? {});
  const places = new PeerPlaces(analysis.model, peers, controller, prometheus);
  const documented = new DocumentedFlows();
  const rows = new RowChecker(analysis, new EndResolver(analysis.model, places), documented, options, set);
  for (const row of ConnectionCatalog.all()) {
    checkTime(`checking row ${row.ref}`);
    rows.check(row);
  }
  if (options.strangers ?? true) addStrangers(places, analysis.model);
  addIpBlockProbes(analysis.model, analysis.model.policies, declaredRanges(peers));
  checkTime('looking for openings');
  const openings = findOpenings(analysis, documented, set);
  checkTime('checking the objects');
  const references = referenceLines(manifests, options.defaultNamespace ?? 'default', openings.extensionFlows, set);
  const findings = [
    ...checkObjects(manifests, options, {
      controllerNamespace: controller.namespace,
      prometheusNamespace: prometheus.namespace,
      peers,
      policies: analysis.model.policies,
    }),
    ...analysis.model.descriptionFindings,
    ...widenedPolicies(analysis.model.policies, analysis.model.described),
  ];
  inputLines.push(...peersInputLines(manifests, options.peers !== undefined, set));
  const lines = [...inputLines, ...described.lines, ...rows.lines, ...references, ...openings.lines, ...findings.map((f) => findingLine(f, set))];
  return { lines, findings, peersConfigMaps: described.configMaps };
}
