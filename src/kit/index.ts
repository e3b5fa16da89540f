export * from './props';
export * from './peers';
