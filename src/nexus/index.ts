export { NexusService } from './nexus-service';
export * from './options';
