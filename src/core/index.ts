// The public building blocks; the readers and resolvers behind them (input.ts, checks.ts,
// option-specs.ts, workload-model.ts...) are internal: the kit imports them by path.
export { ContainerImage, ImagePullPolicy } from './image';
export { PortProtocol, WorkloadPort } from './ports';
export { Peer, PeerKind, CidrGroup, ClusterPeerProps, ExternalPeerProps, PeerSpec, PolicyPeer, PolicyPort } from './peers';
export { WorkloadPolicy, PolicyDirection } from './policies';
export { ManagedNamespace, ManagedNamespaceOptions, DnsOptions } from './namespace';
export { Connection, ConnectionOptions, Endpoint } from './connection';
export { HardenedWorkload } from './workload';
export { HardenedWorkloadProps, WorkloadKind } from './workload-props';
export { ExternalDeployment, ConfigurationValue } from './external-deployment';
export { EntryPoint } from './entry-point';
export { EntryPointProps, EntryPointRoute, EntryPointBehaviour, CookieAffinity, PathMatchType } from './entry-point-props';
export {
  EntryPoints, GatewayApiOptions, IngressApiOptions, GatewayImplementation, IngressProfile, GatewayReference, DataPlaneLocation,
} from './entry-points';
export { MetricsScrape, MetricsScrapeProps } from './monitoring';
export { DataStore, DataStoreProps, StoreEngine, StoreOptions, ExternalStore, EmbeddedStoreOptions } from './stores';
export { ClusterNetworks, ClusterNetworksProps } from './cluster';
export {
  SecretKeyReference, SecretEnvVar, EnvFromSource, ResourceOptions, ProbeOptions, AutoscalingOptions, SizingOptions,
  TolerationOperator, TaintEffect, PodToleration, UnsatisfiableAction, TopologySpread, PodSettings, ConfigFile, PersistentStorage,
} from './workload-options';
export { SynthWarnings, warnAtSynth } from './warnings';
