export * from './catalog';
export * from './core';
export * from './peers';
