export { DuplicateObject, ManifestSet } from './manifests';
export {
  ReachabilityAnalyzer,
  ReachabilityAnalyzerOptions,
  ReachabilityEndpoint,
  ReachabilityEndpointPort,
  ReachabilityEntry,
  ReachabilityVerdict,
  IngressRouteCheck,
  ServicePortResolution,
  TruthTableOptions,
  VirtualEndpointProps,
} from './analyzer';
export { VerifyPeer } from './peers-file';
export { CheckFinding, FindingSeverity } from './findings';
export { SchemaCheck } from './schema';
export { PolicyCheck, PolicyCheckOptions, PolicyRule } from './rules';
export { Verifier, verifyManifests, VerifyLine, VerifyOptions, VerifyReport, VerifyStatus } from './verify';
