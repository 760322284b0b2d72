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
  return (
    isUsd(cost.input) && isUsd(cost.cacheRead) && isUsd(cost.cacheWrite) && isUsd(cost.output) && isUsd(cost.webSearch ?? 0) && isUsd(cost.total) &&
    Number.isSafeInteger(cost.totalPicoUsd) && cost.totalPicoUsd >= 0
  );
}

function isUsd(usd: number): boolean {
  return typeof usd === 'number' && Number.isFinite(usd) && usd >= 0;
}
