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

export function costOf(usage: Usage, set: RateSet, version: string): Cost | null {
  const { rates } = set;
  const input = count(usage.inputTokens);
  const cacheRead = count(usage.cacheReadTokens);
  const cacheWrite = count(usage.cacheWriteTokens);
  const cacheWrite1h = Math.min(cacheWrite, count(usage.cacheWrite1hTokens));
  const uncached = Math.max(0, input - cacheRead - cacheWrite);
  const inputPico = line(uncached, rates.input);
  const cacheReadPico = line(cacheRead, rates.cacheRead);
  const cacheWritePico = line(cacheWrite - cacheWrite1h, rates.cacheWrite) + line(cacheWrite1h, rates.cacheWrite1h);
  // Reasoning tokens are part of outputTokens and billed as output by all three providers.
  const outputPico = line(count(usage.outputTokens), rates.output);
  const webSearchPico = lineCost(count(usage.webSearchRequests), rates.webSearch);
  const totalPico = inputPico + cacheReadPico + cacheWritePico + outputPico + webSearchPico;
  // A line with tokens but no price: unpriced, never a partial or $0 cost.
  if (Number.isNaN(totalPico)) return null;
  const cost: Cost = {
    currency: 'USD',
    input: picoToUsd(inputPico),
    cacheRead: picoToUsd(cacheReadPico),
    cacheWrite: picoToUsd(cacheWritePico),
    output: picoToUsd(outputPico),
    total: picoToUsd(totalPico),
    totalPicoUsd: totalPico,
    priceRef: set.ref,
    version,
  };
  if (webSearchPico > 0) cost.webSearch = picoToUsd(webSearchPico);
  return cost;
}

/**
 * costOf's `totalPicoUsd` (NaN where it returns null), line for line, without
 * building the Cost: a budget prices every call's estimate before it is sent,
 * and needs only the total. A property test holds the two equal.
 */
export function totalPicoOf(usage: Usage, set: RateSet): number {
  const { rates } = set;
  const input = count(usage.inputTokens);
  const cacheRead = count(usage.cacheReadTokens);
  const cacheWrite = count(usage.cacheWriteTokens);
  const cacheWrite1h = Math.min(cacheWrite, count(usage.cacheWrite1hTokens));
  const uncached = Math.max(0, input - cacheRead - cacheWrite);
  const inputPico = line(uncached, rates.input);
  const cacheReadPico = line(cacheRead, rates.cacheRead);
  const cacheWritePico = line(cacheWrite - cacheWrite1h, rates.cacheWrite) + line(cacheWrite1h, rates.cacheWrite1h);
  const outputPico = line(count(usage.outputTokens), rates.output);
  const webSearchPico = lineCost(count(usage.webSearchRequests), rates.webSearch);
  return inputPico + cacheReadPico + cacheWritePico + outputPico + webSearchPico;
}
