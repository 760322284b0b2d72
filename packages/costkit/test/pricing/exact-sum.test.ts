// Money without float drift: the costs of a million events add up to exactly the cost
// of their summed usage (integer pico-USD), so to the nano-dollar as well.
import { describe, expect, it } from 'vitest';
import type { Provider, Usage } from '../../src/event.js';
import { createPriceBook, type PriceBook } from '../../src/pricing/index.js';

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomUsage(next: () => number, withWrites: boolean): Usage {
  const cacheRead = Math.floor(next() * 3000);
  const cacheWrite = withWrites ? Math.floor(next() * 2000) : 0;
  const cacheWrite1h = withWrites ? Math.floor(next() * cacheWrite) : 0;
  const input = cacheRead + cacheWrite + 1 + Math.floor(next() * 4000);
  const output = Math.floor(next() * 1500);
  const u: Usage = { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: Math.floor(output / 3), totalTokens: input + output };
  if (withWrites) u.cacheWrite1hTokens = cacheWrite1h;
  return u;
}

function check(book: PriceBook, provider: Provider, model: string, withWrites: boolean, events: number, seed: number): { sum: bigint; floatSum: number } {
  const next = rng(seed);
  const total: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 0, cacheWrite1hTokens: 0 };
  let sum = 0n;
  let floatSum = 0;
  const timestamp = '2026-11-22T10:00:00.000Z';
  for (let i = 0; i < events; i++) {
    const usage = randomUsage(next, withWrites);
    const cost = book.price({ provider, model, usage, timestamp })!;
    sum += BigInt(cost.totalPicoUsd);
    floatSum += cost.total;
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.cacheReadTokens += usage.cacheReadTokens;
    total.cacheWriteTokens += usage.cacheWriteTokens;
    total.reasoningTokens += usage.reasoningTokens;
    total.totalTokens += usage.totalTokens;
    total.cacheWrite1hTokens! += usage.cacheWrite1hTokens ?? 0;
  }
  const once = book.price({ provider, model, usage: total, timestamp })!;
  expect(sum).toBe(BigInt(once.totalPicoUsd));
  // to the nano-dollar, as finance reads it
  expect(sum / 1000n).toBe(BigInt(once.totalPicoUsd) / 1000n);
  return { sum, floatSum };
}

describe('exact money', () => {
  it('a million gpt-4o-mini events sum to the price of their summed usage, to the pico-dollar', () => {
    const { sum, floatSum } = check(createPriceBook(), 'openai', 'gpt-4o-mini', false, 1_000_000, 1);
    // The USD floats are for reading: their sum is only close; totalPicoUsd is the exact one.
    expect(Math.abs(floatSum - Number(sum) / 1e12)).toBeLessThan(1e-6);
  });

  it('Anthropic with 5-minute and 1-hour cache writes (claude-haiku-4-5), 200,000 events', () => {
    check(createPriceBook(), 'anthropic', 'claude-haiku-4-5', true, 200_000, 2);
  });

  it('rates finer than a nano-dollar per token (12.5% off $0.15 = 131.25 nano-USD a token) stay exact', () => {
    const book = createPriceBook({ overrides: [{ provider: 'openai', model: 'gpt-4o-mini', discount: 0.125 }] });
    check(book, 'openai', 'gpt-4o-mini', false, 200_000, 3);
    // one uncached input token: 0.15 × 0.875 = 0.13125 USD per 1M = 131250 pico-USD
    expect(book.price({ provider: 'openai', model: 'gpt-4o-mini', usage: { inputTokens: 1, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 1 }, timestamp: '2026-01-01T00:00:00Z' })!.totalPicoUsd).toBe(131250);
  });
});
