export { Labels } from './labels';
export { Annotations } from './annotations';
export { CLUSTER_DOMAIN, serviceHost, compareText } from './names';
export { EXTENSION_PREFIX, isRowRef, isExtensionRef, serviceOfRef, sortRefs } from './refs';
export * from './locations';
export { IpAddress, CidrBlock } from './net';
