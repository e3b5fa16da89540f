export { Labels } from './labels';
export { Annotations } from './annotations';
export { guardCustomResources, needsCrd, removeHelmGuards, HELM_GUARD_LINE } from './helm-guards';
export { CLUSTER_DOMAIN, serviceHost, compareText } from './names';
export { EXTENSION_PREFIX, isRowRef, isExtensionRef, serviceOfRef, sortRefs } from './refs';
export * from './locations';
export { IpAddress, CidrBlock } from './addresses';
