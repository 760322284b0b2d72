// pricing.overrides (contract section 4): negotiated prices, discounts per provider and
// per model, effectiveFrom, only: true. Expected values are hand-computed from the
// published list prices they layer over: OpenAI https://platform.openai.com/docs/pricing,
// Anthropic https://docs.claude.com/en/docs/about-claude/pricing, Google
// https://ai.google.dev/gemini-api/docs/pricing.
import { describe, expect, it } from 'vitest';
import { book, expectCost, price } from './helpers.js';

describe('pricing.overrides', () => {
  it('a negotiated price replaces the list price of its lines only (gpt-4o: input $2, output $8; cached stays $1.25)', () => {
    const b = book({ overrides: [{ provider: 'openai', model: 'gpt-4o', input: 2, output: 8 }] });
    // 500 × 2 = 0.001; 500 × 1.25 = 0.000625; 1000 × 8 = 0.008
    expectCost(price(b, 'openai', 'gpt-4o', { uncached: 500, cacheRead: 500, output: 1000 }), {
      input: 0.001, cacheRead: 0.000625, output: 0.008, total: 0.009625, priceRef: 'openai/gpt-4o+override',
    });
  });

  it("an override of gpt-4o covers its dated snapshots, and the other models keep the book's price", () => {
    const b = book({ overrides: [{ model: 'gpt-4o', input: 2, output: 8 }] });
    expectCost(price(b, 'openai', 'gpt-4o-2024-08-06', { uncached: 1000, output: 1000 }), { input: 0.002, output: 0.008, total: 0.01 });
    // gpt-4o-mini list: $0.15 / $0.60
    expectCost(price(b, 'openai', 'gpt-4o-mini', { uncached: 1000, output: 1000 }), { input: 0.00015, output: 0.0006, total: 0.00075, priceRef: 'openai/gpt-4o-mini' });
  });

  it('an override written with a dated id applies to the family alias too', () => {
    const b = book({ overrides: [{ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', output: 12 }] });
    // Sonnet 4.5 list input $3; negotiated output $12
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 1000, output: 1000 }), { input: 0.003, output: 0.012, total: 0.015 });
  });

  it("a provider-wide discount ('10%') takes 10% off every Anthropic line and nothing else", () => {
    const b = book({ overrides: [{ provider: 'anthropic', model: '*', discount: '10%' }] });
    // Sonnet 4.5: (1000 × 3 + 1000 × 15) × 0.9 = 0.0027 + 0.0135
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 1000, output: 1000 }), { input: 0.0027, output: 0.0135, total: 0.0162 });
    // Haiku 4.5 1h write $2 × 0.9 = $1.80
    expectCost(price(b, 'anthropic', 'claude-haiku-4-5', { cacheWrite: 1000, cacheWrite1h: 1000 }), { cacheWrite: 0.0018, total: 0.0018 });
    expectCost(price(b, 'openai', 'gpt-4o-mini', { uncached: 1000 }), { input: 0.00015, total: 0.00015 });
  });

  it('a per-model discount (0.25 = 25% off gemini-2.5-flash)', () => {
    const b = book({ overrides: [{ provider: 'google', model: 'gemini-2.5-flash', discount: 0.25 }] });
    // (5000 × 0.30 + 5000 × 0.03 + 2000 × 2.50) × 0.75
    expectCost(price(b, 'google', 'models/gemini-2.5-flash', { uncached: 5000, cacheRead: 5000, output: 2000 }), {
      input: 0.001125, cacheRead: 0.0001125, output: 0.00375, total: 0.0049875,
    });
  });

  it('a model discount replaces the provider discount, it does not stack', () => {
    const b = book({
      overrides: [
        { provider: 'openai', model: 'gpt-4.1', discount: 0.2 },
        { provider: 'openai', model: '*', discount: 0.1 },
      ],
    });
    // gpt-4.1 $2 / $8 at 20% off: 0.0016 + 0.0064; gpt-4.1-mini $0.40 / $1.60 at 10% off: 0.00036 + 0.00144
    expectCost(price(b, 'openai', 'gpt-4.1', { uncached: 1000, output: 1000 }), { input: 0.0016, output: 0.0064, total: 0.008 });
    expectCost(price(b, 'openai', 'gpt-4.1-mini', { uncached: 1000, output: 1000 }), { input: 0.00036, output: 0.00144, total: 0.0018 });
  });

  it('a negotiated price is net: a provider-wide discount applies to the lines it does not price', () => {
    const b = book({ overrides: [{ provider: 'openai', model: '*', discount: 0.1 }, { provider: 'openai', model: 'gpt-4o', input: 2 }] });
    // input negotiated $2 (no discount); output list $10 × 0.9 = $9
    expectCost(price(b, 'openai', 'gpt-4o', { uncached: 1000, output: 1000 }), { input: 0.002, output: 0.009, total: 0.011 });
  });

  it('effectiveFrom: the negotiated gpt-4o-mini price applies to calls started at or after it', () => {
    const b = book({ overrides: [{ provider: 'openai', model: 'gpt-4o-mini', input: 0.1, output: 0.4, effectiveFrom: '2026-01-01' }] });
    // before: list $0.15 / $0.60; from 2026-01-01T00:00:00Z: $0.10 / $0.40
    expectCost(price(b, 'openai', 'gpt-4o-mini', { uncached: 1000, output: 1000 }, { timestamp: '2025-12-31T23:59:59.999Z' }), { total: 0.00075, priceRef: 'openai/gpt-4o-mini' });
    expectCost(price(b, 'openai', 'gpt-4o-mini', { uncached: 1000, output: 1000 }, { timestamp: '2026-01-01T00:00:00.000Z' }), { input: 0.0001, output: 0.0004, total: 0.0005, priceRef: 'openai/gpt-4o-mini+override' });
  });

  it('effectiveFrom with a time zone; a later override supersedes an earlier one', () => {
    const b = book({
      overrides: [
        { model: 'gpt-5', discount: 0.1, effectiveFrom: '2026-03-01T00:00:00+02:00' },
        { model: 'gpt-5', discount: 0.2, effectiveFrom: '2026-06-01' },
      ],
    });
    // gpt-5 $1.25 in: 1000 tokens = 0.00125 list, 0.001125 at 10% off, 0.001 at 20% off
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000 }, { timestamp: '2026-02-28T21:59:59Z' }), { total: 0.00125 });
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000 }, { timestamp: '2026-02-28T22:00:00Z' }), { total: 0.001125 });
    // the recorder's canonical form (toISOString) and an offset form agree at the boundary
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000 }, { timestamp: '2026-02-28T21:59:59.999Z' }), { total: 0.00125 });
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000 }, { timestamp: '2026-02-28T22:00:00.000Z' }), { total: 0.001125 });
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000 }, { timestamp: '2026-03-01T00:00:00.000+02:00' }), { total: 0.001125 });
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000 }, { timestamp: '2026-07-01T00:00:00Z' }), { total: 0.001 });
  });

  it('only: true prices from the overrides alone; everything else is unpriced', () => {
    const b = book({ only: true, overrides: [{ provider: 'openai', model: 'gpt-4o-mini', input: 0.1, output: 0.5 }] });
    // no cacheRead given: cached tokens at the input price. 200 × 0.1 + 1000 × 0.1 + 300 × 0.5
    expectCost(price(b, 'openai', 'gpt-4o-mini-2024-07-18', { uncached: 200, cacheRead: 1000, output: 300 }), {
      input: 0.00002, cacheRead: 0.0001, output: 0.00015, total: 0.00027, priceRef: 'openai/gpt-4o-mini+override',
    });
    expect(price(b, 'openai', 'gpt-4o', { uncached: 1000 })).toBeNull();
    expect(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 1000 })).toBeNull();
  });

  it('only: true ignores the book\'s long-context tiers too: a flat team price is flat', () => {
    const b = book({ only: true, overrides: [{ provider: 'anthropic', model: 'claude-sonnet-4-5', input: 2, output: 10 }] });
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 300_000, output: 1000 }), { input: 0.6, output: 0.01, total: 0.61 });
  });

  it('only: true with an override that has no output price leaves calls with output unpriced, never partly priced', () => {
    const b = book({ only: true, overrides: [{ model: 'gpt-4o', input: 2 }] });
    expect(price(b, 'openai', 'gpt-4o', { uncached: 1000, output: 1 })).toBeNull();
    expectCost(price(b, 'openai', 'gpt-4o', { uncached: 1000 }), { total: 0.002 });
  });

  it('a model the book does not know, priced by an override, with its dated snapshots', () => {
    const b = book({ overrides: [{ provider: 'openai', model: 'my-llama', input: 0.2, output: 0.6 }] });
    expectCost(price(b, 'openai', 'my-llama', { uncached: 1000, output: 1000 }), { input: 0.0002, output: 0.0006, total: 0.0008, priceRef: 'openai/my-llama+override' });
    expectCost(price(b, 'openai', 'my-llama-2026-01-15', { uncached: 1000, output: 1000 }), { total: 0.0008 });
    expect(price(b, 'openai', 'my-llama-70b', { uncached: 1000 })).toBeNull();
    expect(price(b, 'anthropic', 'my-llama', { uncached: 1000 })).toBeNull();
  });

  it("a negotiated price keeps the provider's long-context uplift (Sonnet 4.5 over 200K: 2x input, 1.5x output)", () => {
    const b = book({ overrides: [{ provider: 'anthropic', model: 'claude-sonnet-4-5', input: 2.4, output: 12 }] });
    // 250000 × 4.80 = 1.2; 1000 × 18 = 0.018
    expectCost(price(b, 'anthropic', 'claude-sonnet-4-5', { uncached: 250_000, output: 1000 }), { input: 1.2, output: 0.018, total: 1.218, priceRef: 'anthropic/claude-sonnet-4-5+override>200000' });
  });

  it('discounts apply to service tiers: gpt-5 flex ($0.625 / $5) at 10% off', () => {
    const b = book({ overrides: [{ provider: 'openai', model: 'gpt-5*', discount: 0.1 }] });
    expectCost(price(b, 'openai', 'gpt-5', { uncached: 1000, output: 1000 }, { serviceTier: 'flex' }), { input: 0.0005625, output: 0.0045, total: 0.0050625 });
  });

  it('a prefix override (gpt-4.1*) covers the family and nothing outside it', () => {
    const b = book({ overrides: [{ model: 'gpt-4.1*', discount: 0.5 }] });
    expectCost(price(b, 'openai', 'gpt-4.1-nano', { uncached: 1_000_000 }), { total: 0.05 });
    expectCost(price(b, 'openai', 'gpt-4o', { uncached: 1_000_000 }), { total: 2.5 });
  });

  it('a discount below a pico-dollar per token rounds the rate once (12.5% off $0.0375 = $0.0328125 -> $0.032813 per 1M)', () => {
    const b = book({ overrides: [{ provider: 'google', model: 'gemini-1.5-flash-8b', discount: 0.125 }] });
    // 100000 tokens (under the 128K tier) × 32813 pico-USD
    expectCost(price(b, 'google', 'gemini-1.5-flash-8b', { uncached: 100_000 }), { total: 0.0032813 });
  });

  it('overrides leave the bundled snapshot version in the cost', () => {
    const plain = book();
    const b = book({ overrides: [{ model: '*', discount: 0.5 }] });
    expect(price(b, 'openai', 'gpt-4o', { uncached: 1 })!.version).toBe(plain.version);
  });
});
