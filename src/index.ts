export * from './catalog';
export * from './core';
export * from './peers';
export * from './wwe';
export * from './gws';
export * from './nexus';
export * from './ucsx';
