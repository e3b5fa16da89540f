export { Labels } from './labels';
export { ContainerImage, ImagePullPolicy } from './image';
export { PortProtocol, WorkloadPort } from './ports';
export * from './peers';
export { WorkloadPolicy, PolicyDirection, IMPLEMENTS_ANNOTATION } from './policies';
export * from './namespace';
export { Connection, ConnectionOptions, Endpoint } from './connection';
export * from './workload';
