export * from './props';
export * from './platform';
export * from './synth';
