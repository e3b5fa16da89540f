export { RowStatus, ReportEnd, ReportRow } from './model';
export { ConnectionReport, ReportOptions } from './write';
