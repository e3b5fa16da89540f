export * from './catalog';
export * from './core';
