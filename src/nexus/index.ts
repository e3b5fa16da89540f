export * from './options';
export * from './nexus-service';
