// The query layer behind the `costkit` command, as functions that return the same
// JSON the CLI prints (`--format json`), for tools built on it (`costkit html`).
// Each takes event file paths, or a ledger from openLedger() to run several
// queries over the same files (close it after).
export { openLedger, type Ledger, type OpenOptions } from './ledger/open.js';
export type { LedgerSource } from './query/source.js';
export type { Filters, WhereClause } from './ledger/filters.js';
export { parseWhere, parseInstant, parseByKeys } from './ledger/filters.js';
export type { Accounting, Warn } from './ledger/aggregate.js';
export type { BadLine } from './ledger/bad-lines.js';
export type { Totals } from './query/measures.js';
export { report, type ReportOptions, type ReportJson, type ReportGroup, type UnallocatedOwner } from './query/report.js';
export { focusExport, type FocusOptions } from './query/focus.js';
export { reconcile, type ReconcileOptions, type ReconcileJson, type ReconcileLine } from './query/reconcile.js';
export type { Cause } from './query/reconcile-causes.js';
export { anomalies, type AnomaliesOptions, type AnomaliesJson, type Anomaly } from './query/anomalies.js';
export type { Settings as AnomalySettings, SignalName } from './query/anomaly-signals.js';
export { forecast, type ForecastOptions, type ForecastJson, type ForecastGroup, type BudgetForecast } from './query/forecast.js';
export { loadBudgets, type BudgetSpec } from './query/budget-config.js';
export { whatif, type WhatifOptions, type WhatifJson, type WhatifGroup } from './query/whatif.js';
export { replay, type ReplayOptions, type ReplayJson } from './replay/replay.js';
export { loadPricingFile } from './pricing/overrides-file.js';
export { UsageError, EXIT } from './errors.js';
export { caching, type CachingOptions, type CachingJson, type CachingGroup, type CachingFigures } from './query/caching.js';
export { interactions, type InteractionsOptions, type InteractionsJson, type InteractionGroup, type InteractionFigures } from './query/interactions.js';
