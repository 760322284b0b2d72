import type { Usage } from '../event.js';
import type { Cost } from './cost-schema.js';
import { lineCost, picoToUsd } from './money.js';
import type { RateSet, Variant } from './rates.js';

// Pricing one call: usage × compiled rates, exact in pico-USD.

export function count(value: number | undefined): number {
  return typeof value === 'number' && value > 0 ? Math.round(value) : 0;
}

function line(tokens: number, rate: number | null): number {
  if (tokens === 0) return 0;
  return rate === null ? Number.NaN : lineCost(tokens, rate);
}

/** The rate set a prompt of `promptTokens` is billed at: the highest long-context tier it passes, else the base. */
export function rateSetFor(variant: Variant, promptTokens: number): RateSet {
  for (let i = variant.tiers.length - 1; i >= 0; i--) {
    const tier = variant.tiers[i]!;
    if (promptTokens > tier.above) return tier;
  }
  return variant.base;
}

/** Where linePicos writes one call's lines (pico-USD): reused, so pricing allocates only the Cost it returns. */
const INPUT = 0;
const CACHE_READ = 1;
const CACHE_WRITE = 2;
const OUTPUT = 3;
const WEB_SEARCH = 4;
const lines = new Float64Array(5);

/** The call's lines into `lines` (NaN for tokens of a kind the rates have no price for); returns their sum. */
function linePicos(usage: Usage, rates: RateSet['rates']): number {
  const input = count(usage.inputTokens);
  const cacheRead = count(usage.cacheReadTokens);
  const cacheWrite = count(usage.cacheWriteTokens);
  const cacheWrite1h = Math.min(cacheWrite, count(usage.cacheWrite1hTokens));
  const uncached = Math.max(0, input - cacheRead - cacheWrite);
  lines[INPUT] = line(uncached, rates.input);
  lines[CACHE_READ] = line(cacheRead, rates.cacheRead);
  lines[CACHE_WRITE] = line(cacheWrite - cacheWrite1h, rates.cacheWrite) + line(cacheWrite1h, rates.cacheWrite1h);
  // Reasoning tokens are part of outputTokens and billed as output by all three providers.
  lines[OUTPUT] = line(count(usage.outputTokens), rates.output);
  lines[WEB_SEARCH] = lineCost(count(usage.webSearchRequests), rates.webSearch);
  return lines[INPUT]! + lines[CACHE_READ]! + lines[CACHE_WRITE]! + lines[OUTPUT]! + lines[WEB_SEARCH]!;
}

export function costOf(usage: Usage, set: RateSet, version: string): Cost | null {
  const totalPico = linePicos(usage, set.rates);
  // A line with tokens but no price: unpriced, never a partial or $0 cost.
  if (Number.isNaN(totalPico)) return null;
  const cost: Cost = {
    currency: 'USD',
    input: picoToUsd(lines[INPUT]!),
    cacheRead: picoToUsd(lines[CACHE_READ]!),
    cacheWrite: picoToUsd(lines[CACHE_WRITE]!),
    output: picoToUsd(lines[OUTPUT]!),
    total: picoToUsd(totalPico),
    totalPicoUsd: totalPico,
    priceRef: set.ref,
    version,
  };
  if (lines[WEB_SEARCH]! > 0) cost.webSearch = picoToUsd(lines[WEB_SEARCH]!);
  return cost;
}

/**
 * costOf's `totalPicoUsd` (NaN where it returns null) without building the
 * Cost: a budget prices every call's estimate before it is sent, and needs
 * only the total. A property test holds the two equal.
 */
export function totalPicoOf(usage: Usage, set: RateSet): number {
  return linePicos(usage, set.rates);
}
