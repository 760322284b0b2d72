// Hand-computed from OpenAI's published prices (USD per 1M tokens), not from prices.json.
// Standard tier: https://platform.openai.com/docs/pricing
// Priority tier: https://openai.com/api-priority-processing/
// Flex: https://platform.openai.com/docs/guides/flex-processing (Batch API rates, 50% off)
import { describe, expect, it } from 'vitest';
import { book, expectCost, price } from './helpers.js';

const b = book();

describe('OpenAI prices', () => {
  it('gpt-4o-mini: $0.15 in / $0.075 cached / $0.60 out (the contract example)', () => {
    // 200 × 0.15 + 1000 × 0.075 + 300 × 0.60 per 1M
    expectCost(price(b, 'openai', 'gpt-4o-mini', { uncached: 200, cacheRead: 1000, output: 300 }), {
      input: 0.00003, cacheRead: 0.000075, output: 0.00018, total: 0.000285, priceRef: 'openai/gpt-4o-mini',
    });
  });

  it('gpt-4o: $2.50 in / $1.25 cached / $10 out', () => {
    // 6000 × 2.5 = 15000; 4000 × 1.25 = 5000; 2000 × 10 = 20000 (µ$)
    expectCost(price(b, 'openai', 'gpt-4o', { uncached: 6000, cacheRead: 4000, output: 2000 }), {
      input: 0.015, cacheRead: 0.005, output: 0.02, total: 0.04, priceRef: 'openai/gpt-4o',
    });
  });

  it('gpt-4o-2024-08-06 (dated snapshot) is billed as gpt-4o: $2.50 / $10', () => {
    expectCost(price(b, 'openai', 'gpt-4o-2024-08-06', { uncached: 1000, output: 500 }), {
      input: 0.0025, output: 0.005, total: 0.0075, priceRef: 'openai/gpt-4o',
    });
  });

  it('gpt-4o-2024-05-13 keeps its own launch price: $5 in / $15 out', () => {
    expectCost(price(b, 'openai', 'gpt-4o-2024-05-13', { uncached: 1000, output: 1000 }), {
      input: 0.005, output: 0.015, total: 0.02, priceRef: 'openai/gpt-4o-2024-05-13',
    });
  });

  it('gpt-4.1: $2 in / $0.50 cached / $8 out', () => {
    // 50000 × 2 = 0.1; 50000 × 0.5 = 0.025; 5000 × 8 = 0.04
    expectCost(price(b, 'openai', 'gpt-4.1', { uncached: 50_000, cacheRead: 50_000, output: 5000 }), {
      input: 0.1, cacheRead: 0.025, output: 0.04, total: 0.165,
    });
  });

  it('gpt-4.1-mini: $0.40 in / $1.60 out', () => {
    expectCost(price(b, 'openai', 'gpt-4.1-mini', { uncached: 20_000, output: 1000 }), { input: 0.008, output: 0.0016, total: 0.0096 });
  });

  it('gpt-4.1-nano-2025-04-14: $0.10 in / $0.025 cached / $0.40 out', () => {
    // 800000 × 0.1 = 0.08; 200000 × 0.025 = 0.005; 100000 × 0.4 = 0.04
    expectCost(price(b, 'openai', 'gpt-4.1-nano-2025-04-14', { uncached: 800_000, cacheRead: 200_000, output: 100_000 }), {
      input: 0.08, cacheRead: 0.005, output: 0.04, total: 0.125, priceRef: 'openai/gpt-4.1-nano',
    });
  });

  it('o3 after the 2025-06-10 cut: $2 / $8, reasoning tokens billed once, as output', () => {
    // 10000 output tokens of which 8000 reasoning: 10000 × 8 = 0.08, not 18000 × 8
    expectCost(price(b, 'openai', 'o3', { uncached: 5000, output: 10_000, reasoning: 8000 }, { timestamp: '2025-07-01T00:00:00Z' }), {
      input: 0.01, output: 0.08, total: 0.09, priceRef: 'openai/o3@2025-06-10',
    });
  });

  it('o3 before the cut, at launch prices: $10 in / $2.50 cached / $40 out', () => {
    // 4000 × 10 = 0.04; 1000 × 2.5 = 0.0025; 10000 × 40 = 0.4
    expectCost(price(b, 'openai', 'o3-2025-04-16', { uncached: 4000, cacheRead: 1000, output: 10_000, reasoning: 8000 }, { timestamp: '2025-05-01T12:00:00Z' }), {
      input: 0.04, cacheRead: 0.0025, output: 0.4, total: 0.4425, priceRef: 'openai/o3',
    });
  });

  it('o4-mini: $1.10 in / $0.275 cached / $4.40 out', () => {
    // 8000 × 1.1 = 0.0088; 2000 × 0.275 = 0.00055; 3000 × 4.4 = 0.0132
    expectCost(price(b, 'openai', 'o4-mini', { uncached: 8000, cacheRead: 2000, output: 3000, reasoning: 2500 }), {
      input: 0.0088, cacheRead: 0.00055, output: 0.0132, total: 0.02255,
    });
  });

  it('gpt-5: $1.25 in / $0.125 cached / $10 out', () => {
    expectCost(price(b, 'openai', 'gpt-5-2025-08-07', { uncached: 1000, cacheRead: 9000, output: 1000 }), {
      input: 0.00125, cacheRead: 0.001125, output: 0.01, total: 0.012375, priceRef: 'openai/gpt-5',
    });
  });

  it('gpt-5-mini: $0.25 in / $2 out', () => {
    expectCost(price(b, 'openai', 'gpt-5-mini', { uncached: 4000, output: 2000 }), { input: 0.001, output: 0.004, total: 0.005 });
  });

  it('gpt-5-nano: $0.05 in / $0.005 cached / $0.40 out', () => {
    expectCost(price(b, 'openai', 'gpt-5-nano', { uncached: 50_000, cacheRead: 50_000, output: 10_000 }), {
      input: 0.0025, cacheRead: 0.00025, output: 0.004, total: 0.00675,
    });
  });

  it('gpt-5 on the flex tier: half the standard price ($0.625 / $5)', () => {
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 10_000, output: 1000 }, { serviceTier: 'flex' }), {
      input: 0.00625, output: 0.005, total: 0.01125, priceRef: 'openai/gpt-5:flex',
    });
  });

  it('gpt-5 on the priority tier: $2.50 in / $0.25 cached / $20 out', () => {
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 5000, cacheRead: 5000, output: 1000 }, { serviceTier: 'priority' }), {
      input: 0.0125, cacheRead: 0.00125, output: 0.02, total: 0.03375, priceRef: 'openai/gpt-5:priority',
    });
  });

  it('gpt-4o on the priority tier: $4.25 in / $17 out', () => {
    expectCost(price(b, 'openai', 'gpt-4o-2024-11-20', { uncached: 1000, output: 1000 }, { serviceTier: 'priority' }), {
      input: 0.00425, output: 0.017, total: 0.02125,
    });
  });

  it('service_tier "default", "scale" or one costkit does not know is the standard price', () => {
    for (const serviceTier of ['default', 'scale', 'turbo-new-tier', 'constructor', '__proto__']) {
      expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000, output: 1000 }, { serviceTier }), { input: 0.00125, output: 0.01, total: 0.01125, priceRef: 'openai/gpt-5' });
    }
  });

  it('gpt-4o-mini through the Batch API: 50% of $0.15 / $0.60', () => {
    expectCost(price(b, 'openai', 'gpt-4o-mini', { uncached: 1_000_000, output: 1_000_000 }, { serviceTier: 'batch' }), {
      input: 0.075, output: 0.3, total: 0.375,
    });
  });

  it('text-embedding-3-small: $0.02 per 1M tokens', () => {
    expectCost(price(b, 'openai', 'text-embedding-3-small', { uncached: 1_000_000 }), { input: 0.02, total: 0.02 });
  });

  it('text-embedding-3-large: $0.13 per 1M tokens', () => {
    // 123456 × 0.13 / 1e6 = 0.01604928
    expectCost(price(b, 'openai', 'text-embedding-3-large', { uncached: 123_456 }), { input: 0.01604928, total: 0.01604928 });
  });

  it('gpt-5.4 at 272K input tokens and above: the whole call at 2x input, 1.5x output ($5 / $0.50 / $22.50)', () => {
    // 200000 × 5 = 1.0; 100000 × 0.5 = 0.05; 2000 × 22.5 = 0.045
    expectCost(price(b, 'openai', 'gpt-5.4', { uncached: 200_000, cacheRead: 100_000, output: 2000 }), {
      input: 1, cacheRead: 0.05, output: 0.045, total: 1.095, priceRef: 'openai/gpt-5.4>271999',
    });
    // 'at 272K input tokens and above': 271,999 is still the standard $2.50 / $15
    expectCost(price(b, 'openai', 'gpt-5.4', { uncached: 271_999, output: 1000 }), { input: 0.6799975, output: 0.015, total: 0.6949975 });
  });

  it('gpt-3.5-turbo-0125: $0.50 in / $1.50 out', () => {
    expectCost(price(b, 'openai', 'gpt-3.5-turbo-0125', { uncached: 1000, output: 1000 }), { input: 0.0005, output: 0.0015, total: 0.002 });
  });

  it('a model OpenAI never priced has no cost, not $0', () => {
    expect(price(b, 'openai', 'gpt-unknown-9', { uncached: 1000, output: 10 })).toBeNull();
  });
});
