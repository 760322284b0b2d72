import { createPriceBook, type PriceOverride, type Provider } from 'costkit';
import { picoToUsd } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { keyExpression, type Filters } from '../ledger/filters.js';
import { createRateCard, tierOfPriceRef, type UnitRates } from '../pricing/unit-rates.js';
import { big, num, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface CachingOptions extends Filters {
  /** Group keys, as report's `--by`. Default provider, model. */
  by?: string[];
  /** Negotiated prices: the savings at the prices the app pays. */
  overrides?: PriceOverride[];
  onWarning?: Warn;
  progress?: boolean;
}

export interface CachingFigures {
  calls: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** cacheReadTokens / inputTokens; null without input tokens. */
  cacheReadShare: number | null;
  /** What the cache-read tokens would have cost as plain (uncached) input. */
  uncachedUsd: number;
  /** What they cost as cache reads. */
  cacheReadUsd: number;
  /** uncachedUsd - cacheReadUsd: the savings from cache hits. */
  savedUsd: number;
  /** What cache writes cost above plain input (Anthropic bills a write at 1.25x or 2x). */
  writePremiumUsd: number;
  /** savedUsd - writePremiumUsd. */
  netSavedUsd: number;
  /** Cache-read tokens of models the price book has no price for: not in the dollars. */
  unpricedCacheReadTokens: number;
}

export interface CachingGroup extends CachingFigures {
  key: Record<string, string | null>;
}

export interface CachingJson {
  by: string[];
  /** Sorted by savedUsd, descending. */
  groups: CachingGroup[];
  total: CachingFigures;
  skippedLines: number;
}

interface Acc {
  calls: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  uncached: bigint;
  read: bigint;
  premium: bigint;
  unpriced: number;
}

const empty = (): Acc => ({ calls: 0, input: 0, cacheRead: 0, cacheWrite: 0, uncached: 0n, read: 0n, premium: 0n, unpriced: 0 });

/**
 * What prompt caching saved: every cache-read token priced twice by the price book
 * at the call's date, service tier and long-context tier, as plain input and as
 * a cache read. Priced from the book (not the recorded cost lines) so both sides
 * use the same prices; `overrides` gives the negotiated ones.
 */
export async function caching(source: LedgerSource, options: CachingOptions = {}): Promise<CachingJson> {
  const by = options.by?.length ? options.by : ['provider', 'model'];
  const card = createRateCard(createPriceBook({ overrides: options.overrides ?? [] }));
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const keyDims = Object.fromEntries(by.map((k, i) => [`k${i}`, keyExpression(k)]));
    const { table, accounting } = await aggregate(
      ledger,
      {
        dimensions: { ...keyDims, day: `strftime("timestamp", '%Y-%m-%d')`, provider: 'provider', model: 'model', serviceTier: 'serviceTier', priceRef: 'cost.priceRef' },
        measures: {
          calls: 'count(*)',
          input: 'coalesce(sum(usage.inputTokens), 0)::HUGEINT',
          cacheRead: 'coalesce(sum(usage.cacheReadTokens), 0)::HUGEINT',
          cacheWrite: 'coalesce(sum(usage.cacheWriteTokens), 0)::HUGEINT',
          cacheWrite1h: 'coalesce(sum(least(coalesce(usage.cacheWrite1hTokens, 0), usage.cacheWriteTokens)), 0)::HUGEINT',
        },
        filters: options,
      },
      options.onWarning,
    );
    const rows = await ledger.all(`SELECT * FROM ${table} WHERE _kind = 'call'`);
    const groups = new Map<string, { key: Record<string, string | null>; acc: Acc }>();
    const total = empty();
    for (const r of rows) {
      const id = JSON.stringify(by.map((_, i) => text(r[`k${i}`])));
      const g = groups.get(id) ?? { key: Object.fromEntries(by.map((k, i) => [k, text(r[`k${i}`])])), acc: empty() };
      groups.set(id, g);
      const rates = card.rates({ provider: String(r.provider) as Provider, model: String(r.model), serviceTier: text(r.serviceTier), timestamp: `${String(r.day)}T00:00:00.000Z`, above: tierOfPriceRef(text(r.priceRef)) });
      for (const acc of [g.acc, total]) add(acc, r, rates);
    }
    return {
      by,
      groups: [...groups.values()].map((g) => ({ key: g.key, ...figures(g.acc) })).sort(bySavings),
      total: figures(total),
      skippedLines: accounting.skippedLines,
    };
  });
}

/** Largest saving first; ties by cache-read tokens, calls, then the key, so the order is the same every run. */
function bySavings(a: CachingGroup, b: CachingGroup): number {
  return b.savedUsd - a.savedUsd || b.cacheReadTokens - a.cacheReadTokens || b.calls - a.calls || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key));
}

function add(acc: Acc, r: Record<string, unknown>, rates: UnitRates | null): void {
  const cacheRead = big(r.cacheRead);
  const write1h = big(r.cacheWrite1h);
  const write5m = big(r.cacheWrite) - write1h;
  acc.calls += num(r.calls);
  acc.input += num(r.input);
  acc.cacheRead += Number(cacheRead);
  acc.cacheWrite += num(r.cacheWrite);
  if (!rates || rates.input === null || (cacheRead > 0n && rates.cacheRead === null)) {
    acc.unpriced += Number(cacheRead);
    return;
  }
  const input = BigInt(rates.input);
  acc.uncached += cacheRead * input;
  acc.read += cacheRead * BigInt(rates.cacheRead ?? 0);
  // A write the book has no separate price for is billed as plain input: no premium.
  acc.premium += write5m * (BigInt(rates.cacheWrite5m ?? rates.input) - input) + write1h * (BigInt(rates.cacheWrite1h ?? rates.input) - input);
}

function figures(a: Acc): CachingFigures {
  return {
    calls: a.calls,
    inputTokens: a.input,
    cacheReadTokens: a.cacheRead,
    cacheWriteTokens: a.cacheWrite,
    cacheReadShare: a.input > 0 ? a.cacheRead / a.input : null,
    uncachedUsd: picoToUsd(a.uncached),
    cacheReadUsd: picoToUsd(a.read),
    savedUsd: picoToUsd(a.uncached - a.read),
    writePremiumUsd: picoToUsd(a.premium),
    netSavedUsd: picoToUsd(a.uncached - a.read - a.premium),
    unpricedCacheReadTokens: a.unpriced,
  };
}
