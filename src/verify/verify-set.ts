// The verification of one manifest set: catalog rows, openings, references, then the object
// checks. Each part lives in its own module; this one puts them in order. Internal.
import { Analysis } from './analysis';
import { DocumentedFlows } from './documented';
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

/**
 * Verifies one manifest set. Its lines, in order: problems with the peers' descriptions, the rows of the catalog, the references
 * (EXT and unknown ones), the openings, the schema and policy findings.
 * @param set the set's name in a directory (`.`, `helm`, `eu`...), carried by every line
 */
export function verifyManifestSet(manifests: ManifestSet, options: VerifyOptions, set: string | undefined): SetResult {
  const described = peersOfSet(manifests, options, set);
  const peers = described.peers;
  const controller = controllerLocation(options, peers);
  const analysis = new Analysis(manifests, { ingressController: controller, defaultNamespace: options.defaultNamespace });
  const prometheus = DefaultLocations.prometheus(options.prometheus ?? {});
  const places = new PeerPlaces(analysis.model, peers, controller, prometheus);
  const documented = new DocumentedFlows();
  const rows = new RowChecker(analysis, new EndResolver(analysis.model, places), documented, options, set);
  for (const row of ConnectionCatalog.all()) rows.check(row);
  if (options.strangers ?? true) addStrangers(places, analysis.model);
  const openings = findOpenings(analysis, documented, set);
  const references = referenceLines(manifests, options.defaultNamespace ?? 'default', openings.extensionFlows, set);
  const findings = checkObjects(manifests, options, {
    controllerNamespace: controller.namespace,
    prometheusNamespace: prometheus.namespace,
    peers,
    policies: analysis.model.policies,
  });
  const lines = [...described.lines, ...rows.lines, ...references, ...openings.lines, ...findings.map((f) => findingLine(f, set))];
  return { lines, findings, peersConfigMaps: described.configMaps };
}
