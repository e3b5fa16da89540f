export * from './options';
export * from './stack';
