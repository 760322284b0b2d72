import { sqlString } from './sql.js';

/**
 * The event lines as DuckDB reads them: every field the file exporter writes
 * (contract section 3 and the budget / guard envelopes), with explicit types so
 * DuckDB does not sample the files to guess, and so a later writer's new fields
 * are simply not read. `budget` is a JSON value because it is an object on call
 * events and a string (the budget's name) on budget events.
 */
export const EVENT_COLUMNS: Record<string, string> = {
  schema: 'VARCHAR',
  id: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  service: 'VARCHAR',
  environment: 'VARCHAR',
  provider: 'VARCHAR',
  operation: 'VARCHAR',
  model: 'VARCHAR',
  responseModel: 'VARCHAR',
  stream: 'BOOLEAN',
  status: 'VARCHAR',
  error: 'STRUCT(type VARCHAR, status BIGINT, message VARCHAR)',
  tags: 'MAP(VARCHAR, VARCHAR)',
  tagged: 'BOOLEAN',
  usage:
    'STRUCT(inputTokens BIGINT, outputTokens BIGINT, cacheReadTokens BIGINT, cacheWriteTokens BIGINT, reasoningTokens BIGINT, totalTokens BIGINT, cacheWrite1hTokens BIGINT, webSearchRequests BIGINT)',
  cost: 'STRUCT(currency VARCHAR, input DOUBLE, cacheRead DOUBLE, cacheWrite DOUBLE, output DOUBLE, webSearch DOUBLE, total DOUBLE, totalPicoUsd BIGINT, priceRef VARCHAR, version VARCHAR)',
  latencyMs: 'DOUBLE',
  timeToFirstTokenMs: 'DOUBLE',
  attempts: 'BIGINT',
  finishReason: 'VARCHAR',
  requestId: 'VARCHAR',
  serviceTier: 'VARCHAR',
  interactionId: 'VARCHAR',
  degradedFrom: 'VARCHAR',
  retryGroup: 'VARCHAR',
  retryAttempt: 'BIGINT',
  truncated: 'BOOLEAN',
  kind: 'VARCHAR',
  budget: 'JSON',
  window: 'STRUCT("start" VARCHAR, "end" VARCHAR)',
  threshold: 'DOUBLE',
  spentUsd: 'DOUBLE',
  reservedUsd: 'DOUBLE',
  limitUsd: 'DOUBLE',
  degradedTo: 'VARCHAR',
  guard: 'VARCHAR',
  action: 'VARCHAR',
  detail: 'VARCHAR',
};

/**
 * The columns the query functions (report, forecast, anomalies, reconcile, whatif,
 * FOCUS, caching, interactions) read: what a materialized ledger keeps.
 */
export const QUERY_COLUMNS = ['schema', 'id', 'timestamp', 'service', 'environment', 'provider', 'operation', 'model', 'status', 'tags', 'tagged', 'usage', 'cost', 'attempts', 'finishReason', 'serviceTier', 'interactionId', 'truncated'];

export const CALL_SCHEMA = 'costkit.call/1';
export const EVENT_SCHEMAS = ['costkit.call/1', 'costkit.budget/1', 'costkit.guard/1'] as const;

/**
 * A line DuckDB read as an event. A line that is not JSON, not an object, or lacks
 * what every event has reads as a row of nulls (ignore_errors), so it lands here too.
 */
export const VALID_EVENT = `(schema IN (${EVENT_SCHEMAS.map(sqlString).join(', ')}) AND id IS NOT NULL AND "timestamp" IS NOT NULL
  AND (schema <> '${CALL_SCHEMA}' OR (provider IS NOT NULL AND model IS NOT NULL AND status IS NOT NULL)))`;

/** 'call', 'budget', 'guard', or 'invalid' for a line that is not a valid event. */
export const EVENT_KIND = `CASE WHEN NOT ${VALID_EVENT} THEN 'invalid' ELSE split_part(split_part(schema, '.', 2), '/', 1) END`;

/** A call's exact cost: `totalPicoUsd`, or for events written before it existed, `total` in pico-USD. */
export const COST_PICO = `coalesce(cost.totalPicoUsd, CAST(round(cost.total * 1e12) AS BIGINT))`;

/**
 * A line with no cost recorded. Tested on the struct's leaf fields, not `cost IS NULL`:
 * a whole-struct null test made DuckDB's JSON scan of a million events a quarter slower.
 */
export const NO_COST = `(cost.total IS NULL AND cost.totalPicoUsd IS NULL)`;

/** A call with usage but no cost (a model the price book did not know); leaf fields too. */
export const UNPRICED_CALL = `((usage.inputTokens IS NOT NULL OR usage.outputTokens IS NOT NULL) AND ${NO_COST})`;

/** One line of the recorded cost in pico-USD (each USD number is its exact pico amount / 1e12). */
export const costLinePico = (line: 'input' | 'cacheRead' | 'cacheWrite' | 'output' | 'webSearch') =>
  `coalesce(CAST(round(cost."${line}" * 1e12) AS BIGINT), 0)`;

export function readJsonSql(files: readonly string[]): string {
  const columns = Object.entries(EVENT_COLUMNS)
    .map(([name, type]) => `"${name}": ${sqlString(type)}`)
    .join(', ');
  return `read_json([${files.map(sqlString).join(', ')}], format = 'newline_delimited', columns = {${columns}},
    ignore_errors = true, filename = true, maximum_object_size = 16777216)`;
}

export function readParquetSql(files: readonly string[]): string {
  return `read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true, filename = true)`;
}
