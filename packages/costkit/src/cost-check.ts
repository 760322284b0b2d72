import type { Cost } from './pricing/index.js';

/**
 * A cost is complete or it is not a cost: every line and the total finite and
 * non-negative, and the total an exact (safe) integer of pico-USD that the
 * lines add up to. Usage counts are bounded (usage.ts), but a price override
 * can make any rate: a price so large that one call's cost cannot be written
 * exactly (above about $9,007) is reported as no cost, never as a rounded,
 * partial or infinite one that every downstream sum would inherit.
 */
export function isCompleteCost(cost: Cost): boolean {
  const lines = [cost.input, cost.cacheRead, cost.cacheWrite, cost.output, cost.webSearch ?? 0, cost.total];
  for (const usd of lines) if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) return false;
  return Number.isSafeInteger(cost.totalPicoUsd) && cost.totalPicoUsd >= 0;
}
