export * from './genesys-peers';
export * from './service-props';
