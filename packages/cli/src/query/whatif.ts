import { createPriceBook, PROVIDER_IDS, type PriceOverride, type Provider } from 'costkit';
import { UsageError } from '../errors.js';
import { picoToUsd } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { keyExpression, type Filters } from '../ledger/filters.js';
import { COST_PICO, UNPRICED_CALL } from '../ledger/schema.js';
import { createRateCard, type UnitRates } from '../pricing/unit-rates.js';
import { big, num, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface WhatifOptions extends Filters {
  /** The model to reprice the usage on. */
  model: string;
  /** Its provider; default: the one whose price book has the model. */
  provider?: Provider;
  by?: string[];
  overrides?: PriceOverride[];
  /** Token-shape change: multiply input (cached or not) and output tokens before pricing. */
  scale?: { input?: number; output?: number };
  onWarning?: Warn;
  progress?: boolean;
}

export interface WhatifGroup {
  key: Record<string, string | null>;
  calls: number;
  /** What the calls cost as recorded (unpriced calls add nothing). */
  currentUsd: number;
  /** The same usage on the target model. */
  whatifUsd: number;
  deltaUsd: number;
  /** currentUsd / whatifUsd: 15 means the current models cost 15 times the target. */
  ratio: number | null;
  unpricedCalls: number;
}

export interface WhatifJson {
  target: { provider: string; model: string; priceRef: string };
  scale: { input: number; output: number };
  by: string[];
  groups: WhatifGroup[];
  total: Omit<WhatifGroup, 'key'>;
  skippedLines: number;
}

/** `costkit whatif`: the same usage repriced on another model, side by side with what it cost. */
export async function whatif(source: LedgerSource, options: WhatifOptions): Promise<WhatifJson> {
  const by = options.by?.length ? options.by : ['model'];
  const scale = { input: options.scale?.input ?? 1, output: options.scale?.output ?? 1 };
  const card = createRateCard(createPriceBook({ overrides: options.overrides ?? [] }));
  const now = new Date().toISOString();
  const provider = options.provider ?? PROVIDER_IDS.find((p) => card.rates({ provider: p, model: options.model, timestamp: now, above: null }) !== null);
  const probe = provider ? card.rates({ provider, model: options.model, timestamp: now, above: null }) : null;
  if (!provider || !probe) throw new UsageError(`--model ${options.model}: costkit has no price for it${options.provider ? ` at ${options.provider}` : ''}; check the name, or give its price with --pricing overrides.json`);
  const thresholds = card.thresholds({ provider, model: options.model, timestamp: now });
  // The target's long-context tier of each call, from its (scaled) prompt size.
  const tierSql = thresholds.length
    ? `CASE ${[...thresholds].reverse().map((t) => `WHEN usage.inputTokens * ${scale.input} > ${t} THEN ${t}`).join(' ')} ELSE -1 END`
    : '-1';
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const keyDims = Object.fromEntries(by.map((k, i) => [`k${i}`, keyExpression(k)]));
    const { table, accounting } = await aggregate(
      ledger,
      {
        dimensions: { ...keyDims, day: `strftime("timestamp", '%Y-%m-%d')`, tier: tierSql, serviceTier: `CASE WHEN provider = '${provider}' THEN serviceTier END` },
        measures: {
          calls: 'count(*)',
          pico: `coalesce(sum(${COST_PICO}), 0)::HUGEINT`,
          unpriced: `count(*) FILTER (WHERE ${UNPRICED_CALL})`,
          uncached: 'coalesce(sum(usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens), 0)::HUGEINT',
          cacheRead: 'coalesce(sum(usage.cacheReadTokens), 0)::HUGEINT',
          cacheWrite: 'coalesce(sum(usage.cacheWriteTokens), 0)::HUGEINT',
          cacheWrite1h: 'coalesce(sum(least(coalesce(usage.cacheWrite1hTokens, 0), usage.cacheWriteTokens)), 0)::HUGEINT',
          output: 'coalesce(sum(usage.outputTokens), 0)::HUGEINT',
        },
        filters: options,
      },
      options.onWarning,
    );
    const rows = await ledger.all(`SELECT * FROM ${table} WHERE _kind = 'call'`);
    const groups = new Map<string, Omit<WhatifGroup, 'deltaUsd' | 'ratio' | 'currentUsd' | 'whatifUsd'> & { current: bigint; target: bigint }>();
    let missing = 0;
    for (const r of rows) {
      const id = JSON.stringify(by.map((_, i) => text(r[`k${i}`])));
      const g = groups.get(id) ?? { key: Object.fromEntries(by.map((k, i) => [k, text(r[`k${i}`])])), calls: 0, unpricedCalls: 0, current: 0n, target: 0n };
      groups.set(id, g);
      g.calls += num(r.calls);
      g.unpricedCalls += num(r.unpriced);
      g.current += big(r.pico);
      const tier = Number(r.tier);
      const rates = card.rates({ provider, model: options.model, serviceTier: text(r.serviceTier), timestamp: `${String(r.day)}T00:00:00.000Z`, above: tier < 0 ? null : tier });
      const priced = rates ? priceTokens(rates, r, scale) : null;
      if (priced === null) missing += num(r.calls);
      else g.target += priced;
    }
    if (missing) options.onWarning?.(`${missing} calls could not be priced on ${options.model} (a token kind it has no price for): left out of the what-if cost`);
    const finish = (g: { calls: number; unpricedCalls: number; current: bigint; target: bigint }) => ({
      calls: g.calls,
      currentUsd: picoToUsd(g.current),
      whatifUsd: picoToUsd(g.target),
      deltaUsd: picoToUsd(g.target - g.current),
      ratio: g.target === 0n ? null : Number(g.current) / Number(g.target),
      unpricedCalls: g.unpricedCalls,
    });
    const all = [...groups.values()];
    const total = all.reduce((t, g) => ({ calls: t.calls + g.calls, unpricedCalls: t.unpricedCalls + g.unpricedCalls, current: t.current + g.current, target: t.target + g.target }), { calls: 0, unpricedCalls: 0, current: 0n, target: 0n });
    return {
      target: { provider, model: options.model, priceRef: probe.priceRef },
      scale,
      by,
      groups: all.map((g) => ({ key: g.key, ...finish(g) })).sort((a, b) => b.currentUsd - a.currentUsd),
      total: finish(total),
      skippedLines: accounting.skippedLines,
    };
  });
}

function priceTokens(rates: UnitRates, r: Record<string, unknown>, scale: { input: number; output: number }): bigint | null {
  const scaled = (v: unknown, s: number) => (s === 1 ? big(v) : BigInt(Math.round(Number(big(v)) * s)));
  const cw1h = scaled(r.cacheWrite1h, scale.input);
  const parts: Array<[bigint, number | null]> = [
    [scaled(r.uncached, scale.input), rates.input],
    [scaled(r.cacheRead, scale.input), rates.cacheRead],
    [scaled(r.cacheWrite, scale.input) - cw1h, rates.cacheWrite5m],
    [cw1h, rates.cacheWrite1h],
    [scaled(r.output, scale.output), rates.output],
  ];
  let pico = 0n;
  for (const [tokens, rate] of parts) {
    if (tokens === 0n) continue;
    if (rate === null) return null;
    pico += tokens * BigInt(rate);
  }
  return pico;
}
