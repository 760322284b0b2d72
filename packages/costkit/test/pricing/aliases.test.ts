// `-latest` aliases are priced as what the provider served under them on the call's date
// (one test per dated move, hand-computed from the prices the supplement cites), and the
// family fallback never maps an alias onto an older generation (issue 18).
import { describe, expect, it } from 'vitest';
import { book, expectCost, price } from './helpers.js';

const b = book();
// 100K uncached input + 100K output (under every long-context threshold): a tenth of each per-million price.
const probe = { uncached: 100_000, output: 100_000 };
const at = (timestamp: string) => ({ timestamp });

describe('gemini-pro-latest follows its target', () => {
  it('was Gemini 2.5 Pro before 2026-01-21 ($1.25 / $10)', () => {
    expectCost(price(b, 'google', 'gemini-pro-latest', probe, at('2026-01-20T23:59:59.999Z')), { input: 0.125, output: 1, total: 1.125, priceRef: 'google/gemini-2.5-pro' });
  });

  it('was Gemini 3 Pro Preview from 2026-01-21 ($2 / $12)', () => {
    expectCost(price(b, 'google', 'gemini-pro-latest', probe, at('2026-01-21T00:00:00.000Z')), { input: 0.2, output: 1.2, total: 1.4, priceRef: 'google/gemini-3-pro-preview' });
    expectCost(price(b, 'google', 'gemini-pro-latest', probe, at('2026-03-05T23:59:59.999Z')), { total: 1.4, priceRef: 'google/gemini-3-pro-preview' });
  });

  it('is Gemini 3.1 Pro from 2026-03-06 ($2 / $12, over 200K $4 / $18), not Gemini 1.0 Pro ($0.125 / $0.375)', () => {
    expectCost(price(b, 'google', 'gemini-pro-latest', probe, at('2026-03-06T00:00:00.000Z')), { input: 0.2, output: 1.2, total: 1.4, priceRef: 'google/gemini-3.1-pro-preview' });
    // over 200K the whole call moves: 300000 × $4 + 1000 × $18
    expectCost(price(b, 'google', 'models/gemini-pro-latest', { uncached: 300_000, output: 1000 }, at('2026-11-22T10:00:00.000Z')), {
      input: 1.2, output: 0.018, total: 1.218, priceRef: 'google/gemini-3.1-pro-preview>200000',
    });
  });

  it('keeps the target model\'s service tiers: priority is 1.8x Gemini 3.1 Pro', () => {
    expectCost(price(b, 'google', 'gemini-pro-latest', probe, { timestamp: '2026-11-22T10:00:00.000Z', serviceTier: 'priority' }), {
      input: 0.36, output: 2.16, total: 2.52, priceRef: 'google/gemini-3.1-pro-preview:priority',
    });
  });

  it('is billed by Google through the OpenAI SDK too, and resolves to the alias itself', () => {
    expectCost(price(b, 'openai', 'gemini-pro-latest', probe, at('2026-11-22T10:00:00.000Z')), { total: 1.4, priceRef: 'google/gemini-3.1-pro-preview' });
    expect(b.resolve('google', 'gemini-pro-latest')).toEqual({ provider: 'google', id: 'gemini-pro-latest', ref: 'google/gemini-pro-latest', bundled: true });
  });
});

describe('gemini-flash-latest follows its target', () => {
  it('was Gemini 2.5 Flash before 2026-01-21 ($0.30 / $2.50)', () => {
    expectCost(price(b, 'google', 'gemini-flash-latest', probe, at('2025-11-01T12:00:00Z')), { input: 0.03, output: 0.25, total: 0.28, priceRef: 'google/gemini-2.5-flash' });
  });

  it('was Gemini 3 Flash Preview from 2026-01-21 ($0.50 / $3)', () => {
    expectCost(price(b, 'google', 'gemini-flash-latest', probe, at('2026-01-21T00:00:00.000Z')), { input: 0.05, output: 0.3, total: 0.35, priceRef: 'google/gemini-3-flash-preview' });
  });

  it('was Gemini 3.5 Flash from 2026-05-19 ($1.50 / $9)', () => {
    expectCost(price(b, 'google', 'gemini-flash-latest', probe, at('2026-05-19T00:00:00.000Z')), { input: 0.15, output: 0.9, total: 1.05, priceRef: 'google/gemini-3.5-flash' });
  });

  it('is unpriced from 2026-07-21, when no source says what it served: null, never a guess', () => {
    expect(price(b, 'google', 'gemini-flash-latest', probe, at('2026-07-21T00:00:00.000Z'))).toBeNull();
    expect(price(b, 'google', 'gemini-flash-latest', probe, at('2026-11-22T10:00:00.000Z'))).toBeNull();
  });
});

describe('gemini-flash-lite-latest follows its target', () => {
  it('was Gemini 2.5 Flash-Lite before 2026-05-07 ($0.10 / $0.40)', () => {
    expectCost(price(b, 'google', 'gemini-flash-lite-latest', probe, at('2026-05-06T23:59:59.999Z')), { input: 0.01, output: 0.04, total: 0.05, priceRef: 'google/gemini-2.5-flash-lite' });
  });

  it('is unpriced from 2026-05-07, when newer Flash-Lite models went GA and no source dates its move', () => {
    expect(price(b, 'google', 'gemini-flash-lite-latest', probe, at('2026-05-07T00:00:00.000Z'))).toBeNull();
  });
});

describe('overrides on an alias', () => {
  it("a negotiated price for the target model applies to calls made through the alias while it served that model", () => {
    const negotiated = book({ overrides: [{ provider: 'google', model: 'gemini-3.1-pro-preview', input: 1, output: 6 }] });
    expectCost(price(negotiated, 'google', 'gemini-pro-latest', probe, at('2026-11-22T10:00:00.000Z')), { total: 0.7, priceRef: 'google/gemini-3.1-pro-preview+override' });
    expectCost(price(negotiated, 'google', 'gemini-pro-latest', probe, at('2026-02-01T00:00:00.000Z')), { total: 1.4, priceRef: 'google/gemini-3-pro-preview' });
  });

  it('an override naming the alias applies whatever it served, and prices its unknown stretch', () => {
    const named = book({ overrides: [{ provider: 'google', model: 'gemini-flash-latest', discount: '10%' }, { provider: 'google', model: 'gemini-flash-latest', input: 1, output: 4, effectiveFrom: '2026-07-21' }] });
    // 10% off Gemini 3.5 Flash: $1.35 / $8.10
    expectCost(price(named, 'google', 'gemini-flash-latest', probe, at('2026-06-01T00:00:00.000Z')), { total: 0.945, priceRef: 'google/gemini-3.5-flash+override' });
    // the negotiated $1 / $4 is net: the other entry's 10% does not apply to it
    expectCost(price(named, 'google', 'gemini-flash-latest', probe, at('2026-11-22T10:00:00.000Z')), { input: 0.1, output: 0.4, total: 0.5, priceRef: 'google/gemini-flash-latest+override' });
  });
});

describe('the family fallback never maps -latest onto an older generation', () => {
  it('an unknown -latest after a bare family name is unpriced, not priced as that family\'s first model', () => {
    // gemini-pro is Gemini 1.0 Pro: gemini-pro-latest once landed on it via the snapshot-suffix rule
    expect(b.resolve('google', 'gemini-ultra-latest')).toBeNull();
    expect(b.resolve('openai', 'davinci-latest')).toBeNull();
    expect(b.resolve('openai', 'gpt-realtime-latest')).toBeNull();
  });

  it('-latest after an id that names a version is still that version\'s snapshot', () => {
    expect(b.resolve('google', 'gemini-1.5-flash-latest')?.id).toBe('gemini-1.5-flash');
    expect(b.resolve('google', 'gemini-2.0-flash-latest')?.id).toBe('gemini-2.0-flash');
    expect(b.resolve('anthropic', 'claude-3-5-haiku-latest')?.id).toBe('claude-3-5-haiku-latest');
    expect(b.resolve('openai', 'gpt-5.1-chat-latest')?.id).toBe('gpt-5.1');
  });
});
