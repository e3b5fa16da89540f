// What the service constructs use from the kit; the package exports only `index.ts` (props and peers).
export * from './props';
export * from './peers';
export * from './service';
export * from './wiring';
export * from './addresses';
export * from './resolve';
export * from './peers-description';
export * from './chart-values';
