export * from './genesys-peers';
