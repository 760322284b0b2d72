import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema.js';

/**
 * The `cost` block of a call event. Owned by the pricing module: the event schema
 * imports it so the price book and the event can never disagree on its shape.
 *
 * Line items are USD numbers for reading; `totalPicoUsd` is the exact amount in
 * integer pico-USD (1e-12 USD), the one to add up (see docs/pricing.md). Each USD
 * number is that exact amount divided by 1e12, so `Math.round(x * 1e12)` recovers it.
 */
export const costSchema = lazySchema(buildCostSchema);

function buildCostSchema() {
  const usd = z.number().check(z.nonnegative());
  return z.object({
    currency: z.literal('USD'),
    /** Uncached prompt tokens: inputTokens - cacheReadTokens - cacheWriteTokens. */
    input: usd,
    cacheRead: usd,
    /** 5-minute and 1-hour cache writes together. */
    cacheWrite: usd,
    /** Every output token, reasoning included. */
    output: usd,
    /** Server-side web searches (Anthropic), present when the call made any. */
    webSearch: z.optional(usd),
    total: usd,
    /** `total` exactly, in integer pico-USD. */
    totalPicoUsd: z.int().check(z.nonnegative()),
    /** The price entry used: `provider/model[@effective-date][+override][:service-tier][>long-context-threshold]`. */
    priceRef: z.string(),
    /** The price book version (prices.json `version`). */
    version: z.string(),
  });
}

export type Cost = z.infer<ReturnType<typeof buildCostSchema>>;
