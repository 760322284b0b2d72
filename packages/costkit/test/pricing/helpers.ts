import { expect } from 'vitest';
import type { Provider, Usage } from '../../src/event.js';
import { costSchema, createPriceBook, type Cost, type PriceBook, type PricingOptions } from '../../src/pricing/index.js';

export interface UsageParts {
  /** Uncached prompt tokens. */
  uncached?: number;
  cacheRead?: number;
  /** All cache writes, 5-minute and 1-hour. */
  cacheWrite?: number;
  cacheWrite1h?: number;
  output?: number;
  reasoning?: number;
  webSearches?: number;
}

/** A Usage as costkit normalizes it: inputTokens counts every prompt token, cached or written. */
export function usage(p: UsageParts): Usage {
  const input = (p.uncached ?? 0) + (p.cacheRead ?? 0) + (p.cacheWrite ?? 0);
  const u: Usage = {
    inputTokens: input,
    outputTokens: p.output ?? 0,
    cacheReadTokens: p.cacheRead ?? 0,
    cacheWriteTokens: p.cacheWrite ?? 0,
    reasoningTokens: p.reasoning ?? 0,
    totalTokens: input + (p.output ?? 0),
  };
  if (p.cacheWrite1h !== undefined) u.cacheWrite1hTokens = p.cacheWrite1h;
  if (p.webSearches !== undefined) u.webSearchRequests = p.webSearches;
  return u;
}

export const NOW = '2026-11-22T10:00:00.000Z';

export function price(book: PriceBook, provider: Provider, model: string, parts: UsageParts, extra: { timestamp?: string; serviceTier?: string } = {}): Cost | null {
  return book.price({ provider, model, usage: usage(parts), timestamp: extra.timestamp ?? NOW, serviceTier: extra.serviceTier ?? null });
}

/** USD written as a decimal literal -> exact pico-USD (1e-12). */
const pico = (usd: number) => Math.round(usd * 1e12);

export interface Expected {
  input?: number;
  cacheRead?: number;
  cacheWrite?: number;
  output?: number;
  webSearch?: number;
  total: number;
  priceRef?: string;
}

/**
 * Compares to the pico-dollar: every hand-computed expectation must be exact, not close.
 * When any line item is given, the ones not given must be 0; else only the total is checked.
 */
export function expectCost(cost: Cost | null, want: Expected): void {
  expect(cost, 'expected a price').not.toBeNull();
  const c = cost!;
  expect(costSchema.parse(c)).toEqual(c);
  expect(c.totalPicoUsd).toBe(pico(want.total));
  const lines = [want.input, want.cacheRead, want.cacheWrite, want.output].some((v) => v !== undefined);
  const got = { input: pico(c.input), cacheRead: pico(c.cacheRead), cacheWrite: pico(c.cacheWrite), output: pico(c.output), total: c.totalPicoUsd };
  const expected = {
    input: pico(want.input ?? 0),
    cacheRead: pico(want.cacheRead ?? 0),
    cacheWrite: pico(want.cacheWrite ?? 0),
    output: pico(want.output ?? 0),
    total: pico(want.total),
  };
  if (lines) expect(got).toEqual(expected);
  expect(pico(c.total)).toBe(c.totalPicoUsd);
  if (want.webSearch !== undefined) expect(pico(c.webSearch ?? 0)).toBe(pico(want.webSearch));
  if (want.priceRef !== undefined) expect(c.priceRef).toBe(want.priceRef);
}

export const book = (options?: PricingOptions) => createPriceBook(options);
