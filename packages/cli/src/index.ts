// The query layer behind the `costkit` command, as functions that return the same
// JSON the CLI prints (`--format json`), for tools built on it (`costkit html`).
export { openLedger, type Ledger, type OpenOptions } from './ledger/open.js';
export type { LedgerSource } from './query/source.js';
export type { Filters, WhereClause } from './ledger/filters.js';
export type { Accounting, Warn } from './ledger/aggregate.js';
export type { BadLine } from './ledger/bad-lines.js';
export type { Totals } from './query/measures.js';
export { report, type ReportOptions, type ReportJson, type ReportGroup, type UnallocatedOwner } from './query/report.js';
export { focusExport, type FocusOptions } from './query/focus.js';
export { UsageError, EXIT } from './errors.js';
