import type { PriceBook, Provider, Usage } from 'costkit';

/**
 * Per-token prices read back from a costkit price book, in integer pico-USD per
 * token (per request for web search), so aggregated usage can be priced exactly:
 * a call's cost is linear in its token counts once its service tier, its price
 * period and its long-context tier are fixed, and those are what callers group by.
 * The book is asked only through its public `price()`: a probe call with N tokens
 * of one kind costs exactly N times that kind's rate.
 */
export interface UnitRates {
  input: number | null;
  cacheRead: number | null;
  cacheWrite5m: number | null;
  cacheWrite1h: number | null;
  output: number | null;
  webSearch: number | null;
  /** The price entry used (priceRef), for SkuPriceId and explanations. */
  priceRef: string;
}

export interface RateQuery {
  provider: Provider;
  model: string;
  serviceTier?: string | null;
  /** Prices are chosen by effective date: any instant inside the period. */
  timestamp: string;
  /** The long-context tier (`>N` in a priceRef): the rates of a prompt over N tokens; null for the base rates. */
  above: number | null;
}

const EMPTY: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 0 };

const picoOf = (usd: number | undefined) => (usd === undefined ? 0 : Math.round(usd * 1e12));

/** The `>N` of a priceRef: the long-context tier a call was priced in. */
export function tierOfPriceRef(priceRef: string | null | undefined): number | null {
  const m = priceRef ? />(\d+)$/.exec(priceRef) : null;
  return m ? Number(m[1]) : null;
}

export function createRateCard(book: PriceBook) {
  const rateCache = new Map<string, UnitRates | null>();
  const tierCache = new Map<string, number[]>();

  const price = (q: RateQuery, usage: Partial<Usage>) =>
    book.price({ provider: q.provider, model: q.model, serviceTier: q.serviceTier ?? null, timestamp: q.timestamp, usage: { ...EMPTY, ...usage } });

  /** Rate of one token kind, or null when the book has no price for it. */
  function rate(q: RateQuery, n: number, usage: Partial<Usage>, line: 'input' | 'cacheRead' | 'cacheWrite' | 'output' | 'webSearch'): number | null {
    const cost = price(q, usage);
    return cost ? Math.round(picoOf(cost[line]) / n) : null;
  }

  return {
    /** The book's rates for one model, period, service tier and long-context tier; null when it has no price. */
    rates(q: RateQuery): UnitRates | null {
      const key = `${q.provider}|${q.model}|${q.serviceTier ?? ''}|${q.timestamp}|${q.above ?? ''}`;
      if (rateCache.has(key)) return rateCache.get(key)!;
      // A prompt of n tokens lands in the tier asked for (rates are whole pico-USD, so n = 1 is exact).
      const n = q.above === null ? 1 : q.above + 1;
      const base = price(q, { inputTokens: n });
      let result: UnitRates | null = null;
      if (base) {
        result = {
          input: Math.round(picoOf(base.input) / n),
          cacheRead: rate(q, n, { inputTokens: n, cacheReadTokens: n }, 'cacheRead'),
          cacheWrite5m: rate(q, n, { inputTokens: n, cacheWriteTokens: n }, 'cacheWrite'),
          cacheWrite1h: rate(q, n, { inputTokens: n, cacheWriteTokens: n, cacheWrite1hTokens: n }, 'cacheWrite'),
          output: rate(q, n, { inputTokens: n, outputTokens: n }, 'output'),
          webSearch: rate(q, 1000, { inputTokens: n, webSearchRequests: 1000 }, 'webSearch'),
          priceRef: base.priceRef,
        };
      }
      rateCache.set(key, result);
      return result;
    },

    /** The long-context thresholds of a model, ascending (empty when it has none). */
    thresholds(q: Omit<RateQuery, 'above'>): number[] {
      const key = `${q.provider}|${q.model}|${q.serviceTier ?? ''}|${q.timestamp}`;
      const hit = tierCache.get(key);
      if (hit) return hit;
      const found: number[] = [];
      // Each probe lands in the highest tier below the last one found.
      for (let probe = 2_000_000_000; ; ) {
        const tier = tierOfPriceRef(price({ ...q, above: null }, { inputTokens: probe })?.priceRef);
        if (tier === null || found.includes(tier)) break;
        found.unshift(tier);
        probe = tier;
      }
      tierCache.set(key, found);
      return found;
    },
  };
}

export type RateCard = ReturnType<typeof createRateCard>;

/** The tier a prompt of `inputTokens` falls in, given ascending thresholds. */
export function tierFor(inputTokens: number, thresholds: readonly number[]): number | null {
  let tier: number | null = null;
  for (const t of thresholds) if (inputTokens > t) tier = t;
  return tier;
}
