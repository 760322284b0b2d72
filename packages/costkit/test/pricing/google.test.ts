// Hand-computed from Google's published Gemini API prices (USD per 1M tokens), not from
// prices.json. https://ai.google.dev/gemini-api/docs/pricing : "prompts <= 200k tokens"
// and "> 200k tokens" (2.5 Pro), "<= 128k" / "> 128k" (1.5); context caching prices;
// thinking tokens are billed as output. Price history: the 1.5 Flash cut effective
// 2024-08-12 (was $0.35 / $1.05) and the 1.5 Pro cut effective 2024-10-01 (was $3.50 / $10.50),
// https://developers.googleblog.com/en/gemini-15-flash-updates-google-ai-studio-gemini-api/ and
// https://developers.googleblog.com/en/updated-production-ready-gemini-models-reduced-15-pro-pricing-increased-rate-limits-and-more/
import { describe, expect, it } from 'vitest';
import { book, expectCost, price } from './helpers.js';

const b = book();

describe('Google Gemini prices', () => {
  it('gemini-2.5-pro up to 200K: $1.25 in / $0.125 cached / $10 out (thinking included)', () => {
    // 60000 × 1.25 = 0.075; 40000 × 0.125 = 0.005; 5000 × 10 = 0.05
    expectCost(price(b, 'google', 'gemini-2.5-pro', { uncached: 60_000, cacheRead: 40_000, output: 5000, reasoning: 3000 }), {
      input: 0.075, cacheRead: 0.005, output: 0.05, total: 0.13, priceRef: 'google/gemini-2.5-pro',
    });
  });

  it('gemini-2.5-pro over 200K: the whole call at $2.50 / $0.25 cached / $15 out', () => {
    expectCost(price(b, 'google', 'gemini-2.5-pro', { uncached: 150_000, cacheRead: 100_000, output: 1000 }), {
      input: 0.375, cacheRead: 0.025, output: 0.015, total: 0.415, priceRef: 'google/gemini-2.5-pro>200000',
    });
  });

  it('gemini-2.5-pro at exactly 200K is the lower price', () => {
    expectCost(price(b, 'google', 'gemini-2.5-pro', { uncached: 200_000 }), { input: 0.25, total: 0.25 });
  });

  it('gemini-2.5-flash: $0.30 in / $0.03 cached / $2.50 out', () => {
    // 5000 × 0.3 = 0.0015; 5000 × 0.03 = 0.00015; 2000 × 2.5 = 0.005
    expectCost(price(b, 'google', 'gemini-2.5-flash', { uncached: 5000, cacheRead: 5000, output: 2000 }), {
      input: 0.0015, cacheRead: 0.00015, output: 0.005, total: 0.00665,
    });
  });

  it('models/gemini-2.5-flash (the SDK resource name) is the same price', () => {
    expectCost(price(b, 'google', 'models/gemini-2.5-flash', { uncached: 5000, cacheRead: 5000, output: 2000 }), { total: 0.00665, priceRef: 'google/gemini-2.5-flash' });
  });

  it('gemini-2.5-flash-lite: $0.10 in / $0.40 out', () => {
    expectCost(price(b, 'google', 'gemini-2.5-flash-lite', { uncached: 1_000_000, output: 1_000_000 }), { input: 0.1, output: 0.4, total: 0.5 });
  });

  it('gemini-1.5-flash-8b has its own price ($0.0375 / $0.15), not gemini-1.5-flash ($0.075 / $0.30)', () => {
    expectCost(price(b, 'google', 'gemini-1.5-flash-8b', { uncached: 1000, output: 1000 }), {
      input: 0.0000375, output: 0.00015, total: 0.0001875, priceRef: 'google/gemini-1.5-flash-8b',
    });
    expectCost(price(b, 'google', 'gemini-1.5-flash', { uncached: 1000, output: 1000 }), { input: 0.000075, output: 0.0003, total: 0.000375 });
    expectCost(price(b, 'google', 'models/gemini-1.5-flash-8b-001', { uncached: 1000, output: 1000 }), { total: 0.0001875, priceRef: 'google/gemini-1.5-flash-8b' });
  });

  it('gemini-1.5-flash-8b over 128K: $0.075 in / $0.30 out', () => {
    expectCost(price(b, 'google', 'gemini-1.5-flash-8b', { uncached: 200_000, output: 1000 }), { input: 0.015, output: 0.0003, total: 0.0153 });
  });

  it('gemini-1.5-flash cached content at $0.01875 (18.75 nano-USD a token, exact)', () => {
    // 20000 × 0.075 = 0.0015; 80000 × 0.01875 = 0.0015; 3 cached tokens = 56.25 nano-USD
    expectCost(price(b, 'google', 'gemini-1.5-flash-002', { uncached: 20_000, cacheRead: 80_000 }), { input: 0.0015, cacheRead: 0.0015, total: 0.003 });
    expectCost(price(b, 'google', 'gemini-1.5-flash-002', { cacheRead: 3 }), { cacheRead: 0.00000005625, total: 0.00000005625 });
  });

  it('gemini-1.5-flash before its 2024-08-12 price cut: $0.35 / $1.05; after: $0.075 / $0.30', () => {
    expectCost(price(b, 'google', 'gemini-1.5-flash', { uncached: 1000, output: 1000 }, { timestamp: '2024-08-11T23:59:59.999Z' }), {
      input: 0.00035, output: 0.00105, total: 0.0014, priceRef: 'google/gemini-1.5-flash',
    });
    expectCost(price(b, 'google', 'gemini-1.5-flash', { uncached: 1000, output: 1000 }, { timestamp: '2024-08-12T00:00:00.000Z' }), {
      total: 0.000375, priceRef: 'google/gemini-1.5-flash@2024-08-12',
    });
  });

  it('gemini-1.5-pro before its 2024-10-01 cut: $3.50 / $10.50; after: $1.25 / $5', () => {
    expectCost(price(b, 'google', 'gemini-1.5-pro-002', { uncached: 1000, output: 1000 }, { timestamp: '2024-09-30T12:00:00Z' }), { input: 0.0035, output: 0.0105, total: 0.014 });
    expectCost(price(b, 'google', 'gemini-1.5-pro-002', { uncached: 1000, output: 1000 }, { timestamp: '2024-10-02T12:00:00Z' }), { input: 0.00125, output: 0.005, total: 0.00625 });
  });

  it('gemini-2.0-flash-001: $0.10 in / $0.025 cached / $0.40 out', () => {
    expectCost(price(b, 'google', 'gemini-2.0-flash-001', { uncached: 6000, cacheRead: 4000, output: 1000 }), {
      input: 0.0006, cacheRead: 0.0001, output: 0.0004, total: 0.0011, priceRef: 'google/gemini-2.0-flash',
    });
  });

  it('Gemini Batch mode: 50% of gemini-2.5-flash', () => {
    expectCost(price(b, 'google', 'gemini-2.5-flash', { uncached: 1_000_000, output: 1_000_000 }, { serviceTier: 'batch' }), { input: 0.15, output: 1.25, total: 1.4 });
  });

  it('gemini through the OpenAI SDK (Gemini OpenAI-compatible endpoint) is billed at Google prices', () => {
    expectCost(price(b, 'openai', 'gemini-2.5-flash', { uncached: 1000, output: 1000 }), { input: 0.0003, output: 0.0025, total: 0.0028, priceRef: 'google/gemini-2.5-flash' });
  });

  it('an unknown Gemini variant is unpriced', () => {
    expect(price(b, 'google', 'gemini-1.5-flash-9b', { uncached: 1000 })).toBeNull();
    expect(price(b, 'google', 'tunedModels/my-model-abc', { uncached: 1000 })).toBeNull();
  });
});
