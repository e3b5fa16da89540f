export { RowStatus, ReportEnd, ReportImplementation, ReportRow, ReportExtension, ReportPair } from './model';
export { ConnectionReport, ReportOptions } from './write';
