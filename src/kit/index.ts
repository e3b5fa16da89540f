export * from './props';
export * from './peers';
export { ChartValues, ChartValuesFile } from './chart-values';
