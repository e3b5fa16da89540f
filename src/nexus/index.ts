export * from './nexus-service';
