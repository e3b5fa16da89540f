// The verifier's public surface: what docs/VERIFY.md presents, nothing of the internal modules.
import * as verify from '../../src/verify';

describe('the public surface of src/verify', () => {
  // the types are exported for the members that use them; the rest of the folder is internal
  const TYPES = [
    'CheckFinding', 'DuplicateObject', 'IngressRouteCheck', 'InputLimitOptions', 'PolicyCheckOptions', 'ReachabilityAnalyzerOptions', 'ReachabilityEndpoint',
    'ReachabilityEndpointPort', 'ReachabilityEntry', 'ReachabilityVerdict', 'ServicePortResolution', 'TruthTableOptions', 'VerifyLine',
    'VerifyOptions', 'VerifyPeer', 'VirtualEndpointProps',
  ];
  const VALUES = [
    'FindingSeverity', 'ManifestSet', 'PolicyCheck', 'PolicyRule', 'ReachabilityAnalyzer', 'SchemaCheck', 'Verifier', 'VerifyReport',
    'VerifyStatus', 'verifyManifests',
  ];

  test('index exports the verifier, the analyzer and the checks, and no internal module', () => {
    const names = Object.keys(verify);
    // classes, enums and functions have a value; re-exported interfaces may appear without one
    expect(names.filter((n) => (verify as any)[n] !== undefined).sort()).toEqual(VALUES);
    expect(names.filter((n) => !VALUES.includes(n) && !TYPES.includes(n))).toEqual([]);
  });

  test('ReachabilityAnalyzer has the documented members only', () => {
    const members = Object.getOwnPropertyNames(verify.ReachabilityAnalyzer.prototype).filter((m) => m !== 'constructor').sort();
    expect(members).toEqual([
      'addVirtualEndpoint',
      'allowed',
      'allowedViaService',
      'endpoint',
      'endpoints',
      'ingressRoutes',
      'ingressRoutesTo',
      'labelsOfNamespace',
      'resolveServicePort',
      'truthTable',
      'workloads',
    ]);
  });
});
