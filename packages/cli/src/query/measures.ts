import { picoToUsd } from '../formats/money.js';
import type { Row } from '../ledger/open.js';
import { COST_PICO, UNPRICED_CALL } from '../ledger/schema.js';

/** The figures report, forecast and the other commands add up per group (contract section 8). */
export const CALL_MEASURES: Record<string, string> = {
  costPico: `coalesce(sum(${COST_PICO}), 0)::HUGEINT`,
  calls: 'count(*)',
  inputTokens: 'coalesce(sum(usage.inputTokens), 0)::HUGEINT',
  outputTokens: 'coalesce(sum(usage.outputTokens), 0)::HUGEINT',
  cacheReadTokens: 'coalesce(sum(usage.cacheReadTokens), 0)::HUGEINT',
  cacheWriteTokens: 'coalesce(sum(usage.cacheWriteTokens), 0)::HUGEINT',
  reasoningTokens: 'coalesce(sum(usage.reasoningTokens), 0)::HUGEINT',
  errors: "count(*) FILTER (WHERE status = 'error')",
  // attempts - 1 per call: the retries the SDK (or withRetryCap) made.
  retries: 'coalesce(sum(greatest(coalesce(attempts, 1) - 1, 0)), 0)::HUGEINT',
  unpricedCalls: `count(*) FILTER (WHERE ${UNPRICED_CALL})`,
  truncations: "count(*) FILTER (WHERE finishReason = 'length' OR truncated)",
};

/** Re-adding CALL_MEASURES columns of a pre-aggregated table. */
export const ROLLUP = Object.keys(CALL_MEASURES)
  .map((name) => `coalesce(sum("${name}"), 0)::HUGEINT AS "${name}"`)
  .join(', ');

export interface Totals {
  costUsd: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  errors: number;
  retries: number;
  unpricedCalls: number;
  truncations: number;
  /** cacheReadTokens / inputTokens, 0 to 1; null without input tokens. */
  cacheReadShare: number | null;
}

export function big(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.round(value));
  if (value === null || value === undefined) return 0n;
  return BigInt(String(value));
}

export function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : value == null ? 0 : Number(value);
}

/** A rolled-up row as the JSON the CLI prints. */
export function totalsOf(row: Row): Totals {
  const input = num(row.inputTokens);
  const cacheRead = num(row.cacheReadTokens);
  return {
    costUsd: picoToUsd(big(row.costPico)),
    calls: num(row.calls),
    inputTokens: input,
    outputTokens: num(row.outputTokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: num(row.cacheWriteTokens),
    reasoningTokens: num(row.reasoningTokens),
    errors: num(row.errors),
    retries: num(row.retries),
    unpricedCalls: num(row.unpricedCalls),
    truncations: num(row.truncations),
    cacheReadShare: input > 0 ? cacheRead / input : null,
  };
}

/** A MAP(VARCHAR, VARCHAR) as DuckDB hands it to JS, as a plain object. */
export function mapToObject(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const entry of value as Array<{ key: string; value: string }>) out[entry.key] = entry.value;
  return out;
}

export function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
