import { picoToUsd } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { keyExpression, type Filters } from '../ledger/filters.js';
import { COST_PICO } from '../ledger/schema.js';
import { sqlIdent } from '../ledger/sql.js';
import { big, num, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface InteractionsOptions extends Filters {
  /** Group keys (a tag such as route or feature). Default route. */
  by?: string[];
  onWarning?: Warn;
  progress?: boolean;
}

export interface InteractionFigures {
  /** Interactions (distinct interactionId) with calls in the group. */
  interactions: number;
  calls: number;
  costUsd: number;
  meanUsd: number;
  /**
   * Nearest-rank percentiles of the cost per interaction: the cost of an actual
   * interaction, the smallest with at least 50% (90%, 99%) of the interactions at
   * or below it.
   */
  p50Usd: number;
  p90Usd: number;
  p99Usd: number;
  maxUsd: number;
}

export interface InteractionGroup extends InteractionFigures {
  key: Record<string, string | null>;
}

export interface InteractionsJson {
  by: string[];
  /** Sorted by costUsd, descending. */
  groups: InteractionGroup[];
  /** Over whole interactions (an interaction whose calls span groups counts once). */
  total: InteractionFigures;
  /** Calls made outside any scope (interactionId null): in no interaction. */
  callsWithoutInteraction: number;
  skippedLines: number;
}

const QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * Cost per interaction (one user action: every call sharing an interactionId),
 * per group. An interaction's cost in a group is what its calls in that group
 * cost: per route that is the whole request; per feature, the feature's share of it.
 */
export async function interactions(source: LedgerSource, options: InteractionsOptions = {}): Promise<InteractionsJson> {
  const by = options.by?.length ? options.by : ['route'];
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const keyDims = Object.fromEntries(by.map((k, i) => [`k${i}`, keyExpression(k)]));
    const keys = Object.keys(keyDims).map(sqlIdent);
    const { table, accounting } = await aggregate(
      ledger,
      { dimensions: { ...keyDims, interaction: 'interactionId' }, measures: { pico: `coalesce(sum(${COST_PICO}), 0)::HUGEINT`, calls: 'count(*)' }, filters: options },
      options.onWarning,
    );
    const stats = `count(*) AS n, sum(calls)::HUGEINT AS calls, sum(pico)::HUGEINT AS pico, max(pico) AS maxPico,
      quantile_disc(pico, [${QUANTILES.join(', ')}]) AS q`;
    const perInteraction = (groupKeys: string[]) =>
      `SELECT ${[...groupKeys, 'interaction'].join(', ')}, sum(pico)::HUGEINT AS pico, sum(calls)::HUGEINT AS calls
       FROM ${table} WHERE _kind = 'call' AND interaction IS NOT NULL GROUP BY ALL`;
    const rows = await ledger.all(
      `SELECT ${[...keys, stats].join(', ')} FROM (${perInteraction(keys)}) GROUP BY ALL ORDER BY pico DESC, n DESC${keys.map((k) => `, ${k} ASC NULLS LAST`).join('')}`,
    );
    const [totalRow] = await ledger.all(`SELECT ${stats} FROM (${perInteraction([])})`);
    const [outside] = await ledger.all(`SELECT coalesce(sum(calls), 0)::HUGEINT AS calls FROM ${table} WHERE _kind = 'call' AND interaction IS NULL`);
    return {
      by,
      groups: rows.map((r) => ({ key: Object.fromEntries(by.map((k, i) => [k, text(r[`k${i}`])])), ...figures(r) })),
      total: figures(totalRow ?? {}),
      callsWithoutInteraction: num(outside?.calls),
      skippedLines: accounting.skippedLines,
    };
  });
}

function figures(r: Record<string, unknown>): InteractionFigures {
  const n = num(r.n);
  const q = Array.isArray(r.q) ? (r.q as unknown[]).map(big) : [];
  const cost = big(r.pico);
  return {
    interactions: n,
    calls: num(r.calls),
    costUsd: picoToUsd(cost),
    meanUsd: n > 0 ? picoToUsd(cost) / n : 0,
    p50Usd: picoToUsd(q[0] ?? 0n),
    p90Usd: picoToUsd(q[1] ?? 0n),
    p99Usd: picoToUsd(q[2] ?? 0n),
    maxUsd: picoToUsd(big(r.maxPico)),
  };
}
