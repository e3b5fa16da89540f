export { RowStatus, ReportEnd, ReportRow, ReportExtension, ReportPair } from './model';
export { ConnectionReport, ReportOptions } from './write';
