export * from './platform';
export * from './synth';
