// The verifier's public API: what docs/VERIFY.md and the guide present, and the types its public
// members use. Every other module of this folder is internal (tests import them by path).
export { DuplicateObject, ManifestSet } from './manifests';
export { ReachabilityAnalyzer } from './analyzer';
export { ReachabilityAnalyzerOptions } from './analysis';
export { ReachabilityEndpoint, ReachabilityEndpointPort, VirtualEndpointProps } from './cluster';
export { ReachabilityEntry, TruthTableOptions } from './flows';
export { IngressRouteCheck } from './ingress-routes';
export { ReachabilityVerdict } from './reachability';
export { ServicePortResolution } from './service-ports';
export { VerifyPeer } from './peers-file';
export { CheckFinding, FindingSeverity } from './findings';
export { SchemaCheck } from './schema';
export { PolicyCheck, PolicyCheckOptions, PolicyRule } from './rules';
export { Verifier, verifyManifests } from './verifier';
export { VerifyOptions } from './options';
export { InputLimitOptions } from './input-limits';
export { VerifyLine, VerifyReport, VerifyStatus } from './report';
