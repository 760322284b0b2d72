import { mulRatio, perMillionToRate, perThousandToRate, ratioOf, scaleRate, type Ratio } from './money.js';
import { PRICE_FIELDS, type LayeredPrices, type PriceField, type UsdPrices } from './overrides.js';
import type { BookPeriod, ServiceTierSpec } from './snapshot.js';

// Compiled prices: integer pico-USD per token (per request for web search), built once
// per model and price period so that pricing a call is integer multiplication only.

export interface Rates {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  cacheWrite1h: number | null;
  webSearch: number;
}
export interface RateSet {
  rates: Rates;
  ref: string;
}
/** A price for one segment of time and one service tier: base rates and long-context tiers. */
export interface Variant {
  base: RateSet;
  /** Ascending by threshold: a prompt over `above` tokens is billed wholly at that tier. */
  tiers: Array<RateSet & { above: number }>;
}

function toRate(field: PriceField, usd: number): number {
  return field === 'webSearchPerThousand' ? perThousandToRate(usd) : perMillionToRate(usd);
}

/** Rates with the providers' fallbacks: a cache read or write without a price of its own is billed as input. */
function finishRates(r: Partial<Record<PriceField, number>>): Rates {
  const input = r.input ?? null;
  const cacheWrite = r.cacheWrite ?? input;
  return {
    input,
    output: r.output ?? null,
    cacheRead: r.cacheRead ?? input,
    cacheWrite,
    cacheWrite1h: r.cacheWrite1h ?? cacheWrite,
    webSearch: r.webSearchPerThousand ?? 0,
  };
}

function ratioBetween(to: number, from: number): Ratio {
  return { num: BigInt(to), den: BigInt(from) };
}

/**
 * The standard price of one segment: the book period with the overrides in force laid
 * over it (`lines`), or null when neither prices input nor output.
 */
export function compileStandard(stem: string, period: BookPeriod | undefined, lines: LayeredPrices, overridden: boolean, bundled: boolean): Variant | null {
  if (lines.input.usd === undefined && lines.output.usd === undefined) return null;
  const ref = `${stem}${period?.from ? `@${period.from}` : ''}${overridden ? '+override' : ''}`;
  const base: Partial<Record<PriceField, number>> = {};
  for (const field of PRICE_FIELDS) {
    const { usd, keep } = lines[field];
    if (usd !== undefined) base[field] = scaleRate(toRate(field, usd), keep);
  }
  const tiers: Variant['tiers'] = [];
  if (bundled && period) {
    for (const tier of period.tiers) {
      const rates: Partial<Record<PriceField, number>> = {};
      for (const field of PRICE_FIELDS) {
        const line = lines[field];
        if (line.usd === undefined) continue;
        const bookBase = period.prices[field];
        const bookTier = tier.prices[field] ?? bookBase;
        if (!line.negotiated) {
          rates[field] = scaleRate(toRate(field, bookTier ?? line.usd), line.keep);
        } else if (bookBase !== undefined && bookTier !== undefined && toRate(field, bookBase) > 0) {
          // A negotiated price keeps the provider's long-context uplift (e.g. 2x input over 200K).
          rates[field] = scaleRate(toRate(field, line.usd), mulRatio(line.keep, ratioBetween(toRate(field, bookTier), toRate(field, bookBase))));
        } else {
          rates[field] = scaleRate(toRate(field, line.usd), line.keep);
        }
      }
      tiers.push({ above: tier.above, rates: finishRates(rates), ref: `${ref}>${tier.above}` });
    }
    tiers.sort((a, b) => a.above - b.above);
  }
  return { base: { rates: finishRates(base), ref }, tiers };
}

function scaleRates(r: Rates, by: Ratio): Rates {
  const s = (v: number | null) => (v === null ? null : scaleRate(v, by));
  return { input: s(r.input), output: s(r.output), cacheRead: s(r.cacheRead), cacheWrite: s(r.cacheWrite), cacheWrite1h: s(r.cacheWrite1h), webSearch: scaleRate(r.webSearch, by) };
}

/** A service tier's variant of a standard price: a multiplier of every line, or an absolute table. */
export function compileServiceTier(tier: string, spec: ServiceTierSpec, standard: Variant, lines: LayeredPrices): Variant {
  if ('multiplier' in spec && typeof spec.multiplier === 'number') {
    const by = ratioOf(spec.multiplier);
    return {
      base: { rates: scaleRates(standard.base.rates, by), ref: `${standard.base.ref}:${tier}` },
      tiers: standard.tiers.map((t) => ({ above: t.above, rates: scaleRates(t.rates, by), ref: `${standard.base.ref}:${tier}>${t.above}` })),
    };
  }
  // An absolute table (OpenAI priority): the book's tier prices, less any discount.
  const prices = spec as UsdPrices;
  const rates: Partial<Record<PriceField, number>> = {};
  for (const field of PRICE_FIELDS) {
    const usd = prices[field];
    if (usd !== undefined) rates[field] = scaleRate(toRate(field, usd), lines[field].keep);
  }
  const finished = finishRates(rates);
  if (prices.webSearchPerThousand === undefined) finished.webSearch = standard.base.rates.webSearch;
  return { base: { rates: finished, ref: `${standard.base.ref}:${tier}` }, tiers: [] };
}
