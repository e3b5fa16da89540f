export { RowStatus, ReportEnd, ReportRow, ReportExtension } from './model';
export { ConnectionReport, ReportOptions } from './write';
