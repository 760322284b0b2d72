// Hand-computed from Anthropic's published prices (USD per 1M tokens), not from prices.json.
// https://docs.claude.com/en/docs/about-claude/pricing : base input, 5-minute cache
// writes (1.25x input), 1-hour cache writes (2x input), cache reads (0.1x input),
// output; long context: "requests that exceed 200K input tokens are charged at
// premium long context rates" ($6 / $22.50 for Sonnet 4 and 4.5); web search $10
// per 1,000 searches; Message Batches 50% off.
import { describe, expect, it } from 'vitest';
import { book, expectCost, price } from './helpers.js';

const b = book();

describe('Anthropic prices', () => {
  it('claude-sonnet-4-5: $3 in, $3.75 5m write, $6 1h write, $0.30 read, $15 out', () => {
    // 2000 × 3 = 0.006; 5000 × 0.3 = 0.0015; 2000 × 3.75 + 1000 × 6 = 0.0135; 1000 × 15 = 0.015
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 2000, cacheRead: 5000, cacheWrite: 3000, cacheWrite1h: 1000, output: 1000 }), {
      input: 0.006, cacheRead: 0.0015, cacheWrite: 0.0135, output: 0.015, total: 0.036, priceRef: 'anthropic/claude-sonnet-4-5',
    });
  });

  it('claude-sonnet-4-5-20250929 over 200K input: the whole call at $6 / $0.60 read / $22.50 out', () => {
    // 250000 prompt tokens (50000 of them cache reads): 200000 × 6 = 1.2; 50000 × 0.6 = 0.03; 4000 × 22.5 = 0.09
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5-20250929', { uncached: 200_000, cacheRead: 50_000, output: 4000 }), {
      input: 1.2, cacheRead: 0.03, output: 0.09, total: 1.32, priceRef: 'anthropic/claude-sonnet-4-5>200000',
    });
  });

  it('claude-sonnet-4-5 at exactly 200K input tokens is still the base price', () => {
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 200_000, output: 1000 }), { input: 0.6, output: 0.015, total: 0.615 });
  });

  it('claude-sonnet-4-20250514 over 200K counts cache writes in the prompt: $6 in, $7.50 5m write, $22.50 out', () => {
    // 10000 + 200000 written = 210000 > 200K: 10000 × 6 = 0.06; 200000 × 7.5 = 1.5; 1000 × 22.5 = 0.0225
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-20250514', { uncached: 10_000, cacheWrite: 200_000, output: 1000 }), {
      input: 0.06, cacheWrite: 1.5, output: 0.0225, total: 1.5825, priceRef: 'anthropic/claude-sonnet-4-0>200000',
    });
  });

  it('claude-sonnet-4 under 200K: $3 / $15', () => {
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-0', { uncached: 1000, output: 1000 }), { input: 0.003, output: 0.015, total: 0.018 });
  });

  it('claude-opus-4-1-20250805: $15 in, $1.50 read, $75 out', () => {
    expectCost(price(b, 'anthropic', 'claude-opus-4-1-20250805', { uncached: 1000, cacheRead: 2000, output: 500 }), {
      input: 0.015, cacheRead: 0.003, output: 0.0375, total: 0.0555, priceRef: 'anthropic/claude-opus-4-1',
    });
  });

  it('claude-opus-4-5: $5 in / $25 out', () => {
    expectCost(price(b, 'anthropic', 'claude-opus-4-5-20251101', { uncached: 100_000, output: 10_000 }), { input: 0.5, output: 0.25, total: 0.75 });
  });

  it('claude-haiku-4-5-20251001: $1 in, $0.10 read, $2 1h write, $5 out', () => {
    // 1000 × 1 = 0.001; 2000 × 0.1 = 0.0002; 2000 × 2 = 0.004; 300 × 5 = 0.0015
    expectCost(price(b, 'anthropic', 'claude-haiku-4-5-20251001', { uncached: 1000, cacheRead: 2000, cacheWrite: 2000, cacheWrite1h: 2000, output: 300 }), {
      input: 0.001, cacheRead: 0.0002, cacheWrite: 0.004, output: 0.0015, total: 0.0067, priceRef: 'anthropic/claude-haiku-4-5',
    });
  });

  it('5-minute and 1-hour cache writes are priced apart: Haiku 4.5 $1.25 vs $2', () => {
    expectCost(price(b, 'anthropic', 'claude-haiku-4-5', { cacheWrite: 10_000 }), { cacheWrite: 0.0125, total: 0.0125 });
    expectCost(price(b, 'anthropic', 'claude-haiku-4-5', { cacheWrite: 10_000, cacheWrite1h: 10_000 }), { cacheWrite: 0.02, total: 0.02 });
  });

  it('claude-3-5-haiku-latest (alias): $0.80 in, $1 5m write, $4 out', () => {
    expectCost(price(b, 'anthropic', 'claude-3-5-haiku-latest', { uncached: 500, cacheWrite: 500, output: 1000 }), {
      input: 0.0004, cacheWrite: 0.0005, output: 0.004, total: 0.0049,
    });
  });

  it('claude-3-5-haiku-20241022 (dated) is billed as the alias', () => {
    expectCost(price(b, 'anthropic', 'claude-3-5-haiku-20241022', { uncached: 2000, output: 100 }), {
      input: 0.0016, output: 0.0004, total: 0.002, priceRef: 'anthropic/claude-3-5-haiku-latest',
    });
  });

  it('claude-3-5-haiku 1-hour writes: $1.60 (2x $0.80)', () => {
    expectCost(price(b, 'anthropic', 'claude-3-5-haiku-20241022', { cacheWrite: 1000, cacheWrite1h: 1000 }), { cacheWrite: 0.0016, total: 0.0016 });
  });

  it('web search: $10 per 1,000 searches on top of tokens', () => {
    // 1000 × 3 = 0.003; 100 × 15 = 0.0015; 3 searches × $0.01 = 0.03
    const cost = price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 1000, output: 100, webSearches: 3 });
    expectCost(cost, { input: 0.003, output: 0.0015, webSearch: 0.03, total: 0.0345 });
  });

  it('extended thinking tokens are output tokens, billed once at $15', () => {
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 100, output: 1000, reasoning: 800 }), { input: 0.0003, output: 0.015, total: 0.0153 });
  });

  it('Message Batches (usage.service_tier "batch"): 50% of $3 / $15', () => {
    // 100000 × 1.5 = 0.15; 100000 × 7.5 = 0.75
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 100_000, output: 100_000 }, { serviceTier: 'batch' }), {
      input: 0.15, output: 0.75, total: 0.9, priceRef: 'anthropic/claude-sonnet-4-5:batch',
    });
    // Batch and long context combine: 50% of $6 / $22.50 over 200K
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 1_000_000, output: 100_000 }, { serviceTier: 'batch' }), {
      input: 3, output: 1.125, total: 4.125, priceRef: 'anthropic/claude-sonnet-4-5:batch>200000',
    });
  });

  it('usage.service_tier "standard" and "priority" bill the list price (no per-token priority price is published)', () => {
    for (const serviceTier of ['standard', 'priority']) {
      expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 1000, output: 1000 }, { serviceTier }), { input: 0.003, output: 0.015, total: 0.018, priceRef: 'anthropic/claude-sonnet-4-5' });
    }
  });

  it('claude-3-opus-20240229: $15 / $75', () => {
    expectCost(price(b, 'anthropic', 'claude-3-opus-20240229', { uncached: 1000, output: 1000 }), { input: 0.015, output: 0.075, total: 0.09 });
  });

  it('an unknown Claude is unpriced, not priced as its neighbour', () => {
    expect(price(b, 'anthropic', 'claude-sonnet-4-9', { uncached: 1000 })).toBeNull();
    expect(price(b, 'anthropic', 'claude-nonexistent', { uncached: 1000 })).toBeNull();
  });
});
