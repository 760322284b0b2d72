// Price periods, priority tables and models added for issue 18, each hand-computed from
// the figures packages/costkit/scripts/price-supplement.json cites (USD per 1M tokens).
import { describe, expect, it } from 'vitest';
import { book, expectCost, price } from './helpers.js';

const b = book();
// 100K tokens a line, under every long-context threshold: each line costs a tenth of its per-million price.
const probe = { uncached: 100_000, output: 100_000 };
const probe3 = { uncached: 100_000, cacheRead: 100_000, output: 100_000 };

describe('price periods', () => {
  it('gpt-5.6-sol: $5 / $30 until 2026-08-20, the promotional $4 / $20 from 2026-08-21', () => {
    expectCost(price(b, 'openai', 'gpt-5.6-sol', probe, { timestamp: '2026-08-20T23:59:59.999Z' }), { input: 0.5, output: 3, total: 3.5, priceRef: 'openai/gpt-5.6-sol' });
    expectCost(price(b, 'openai', 'gpt-5.6-sol', probe, { timestamp: '2026-08-21T00:00:00.000Z' }), { input: 0.4, output: 2, total: 2.4, priceRef: 'openai/gpt-5.6-sol@2026-08-21' });
  });

  it('gpt-5.6-sol keeps $4 / $20 after the 2026-11-21 guarantee: no later price is published', () => {
    expectCost(price(b, 'openai', 'gpt-5.6', probe, { timestamp: '2026-11-22T10:00:00.000Z' }), { total: 2.4, priceRef: 'openai/gpt-5.6-sol@2026-08-21' });
  });

  it('gemini-3.6-flash: launch price $1.50 / $7.50 / $0.15 cached until 2026-08-12', () => {
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe3, { timestamp: '2026-07-21T09:00:00.000Z' }), {
      input: 0.15, cacheRead: 0.015, output: 0.75, total: 0.915, priceRef: 'google/gemini-3.6-flash',
    });
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe, { timestamp: '2026-08-12T23:59:59.999Z' }), { total: 0.9 });
  });

  it('gemini-3.6-flash: introductory $0.75 / $3.75 / $0.075 cached from 2026-08-13 through 2026-12-31', () => {
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe3, { timestamp: '2026-08-13T00:00:00.000Z' }), {
      input: 0.075, cacheRead: 0.0075, output: 0.375, total: 0.4575, priceRef: 'google/gemini-3.6-flash@2026-08-13',
    });
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe, { timestamp: '2026-12-31T23:59:59.999Z' }), { total: 0.45 });
  });

  it('gemini-3.6-flash: back to $1.50 / $7.50 from 2027-01-01', () => {
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe, { timestamp: '2027-01-01T00:00:00.000Z' }), { total: 0.9, priceRef: 'google/gemini-3.6-flash@2027-01-01' });
  });
});

describe('priority tier prices', () => {
  const priority = (timestamp = '2026-11-22T10:00:00.000Z') => ({ timestamp, serviceTier: 'priority' });

  it('gpt-5.5 priority: $12.50 / $1.25 cached / $75 (2.5x standard)', () => {
    expectCost(price(b, 'openai', 'gpt-5.5', probe3, priority()), {
      input: 1.25, cacheRead: 0.125, output: 7.5, total: 8.875, priceRef: 'openai/gpt-5.5:priority',
    });
  });

  it('gpt-5.3 and gpt-5.3-codex priority: $3.50 / $0.35 cached / $28', () => {
    expectCost(price(b, 'openai', 'gpt-5.3-codex', probe3, priority()), { input: 0.35, cacheRead: 0.035, output: 2.8, total: 3.185 });
    expectCost(price(b, 'openai', 'gpt-5.3-chat-latest', probe, priority()), { total: 3.15, priceRef: 'openai/gpt-5.3:priority' });
  });

  it('gpt-5.6 priority is 2x each period: Sol $10 / $60 at launch, $8 / $40 (cache write $10) from 2026-08-21', () => {
    expectCost(price(b, 'openai', 'gpt-5.6-sol', probe, priority('2026-08-01T00:00:00.000Z')), { input: 1, output: 6, total: 7, priceRef: 'openai/gpt-5.6-sol:priority' });
    expectCost(price(b, 'openai', 'gpt-5.6-sol', { cacheWrite: 100_000, output: 100_000 }, priority()), { cacheWrite: 1, output: 4, total: 5, priceRef: 'openai/gpt-5.6-sol@2026-08-21:priority' });
  });

  it('gpt-5.6 Terra and Luna priority: $4 / $24 and $0.40 / $2.40 after the 2026-07-30 cut', () => {
    expectCost(price(b, 'openai', 'gpt-5.6-terra', probe, priority()), { input: 0.4, output: 2.4, total: 2.8 });
    expectCost(price(b, 'openai', 'gpt-5.6-luna', probe3, priority()), { input: 0.04, cacheRead: 0.004, output: 0.24, total: 0.284 });
  });

  it.each([
    ['gemini-3-flash-preview', 0.9, 5.4],
    ['gemini-3.1-pro-preview', 3.6, 21.6],
    ['gemini-3.1-flash-lite', 0.45, 2.7],
    ['gemini-3.5-flash', 2.7, 16.2],
    ['gemini-3.5-flash-lite', 0.54, 4.5],
  ])('%s priority is 1.8x standard: $%s / $%s', (model, input, output) => {
    expectCost(price(b, 'google', model, probe, priority()), { input: input / 10, output: output / 10, total: (input + output) / 10, priceRef: `google/${model}:priority` });
  });

  it('gemini-3.6-flash priority follows its periods: $2.70 / $13.50 at launch, $1.35 / $6.75 on the introductory price', () => {
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe, priority('2026-08-01T00:00:00.000Z')), { input: 0.27, output: 1.35, total: 1.62 });
    expectCost(price(b, 'google', 'gemini-3.6-flash', probe, priority()), { input: 0.135, output: 0.675, total: 0.81 });
  });
});

describe('models that were unpriced', () => {
  it('gpt-5-search-api and its dated snapshot: $1.25 / $0.125 cached / $10', () => {
    for (const model of ['gpt-5-search-api', 'gpt-5-search-api-2025-10-14']) {
      expectCost(price(b, 'openai', model, probe3), { input: 0.125, cacheRead: 0.0125, output: 1, total: 1.1375, priceRef: 'openai/gpt-5-search-api' });
    }
  });

  it('gemini-2.5-computer-use-preview-10-2025: $1.25 / $10, over 200K $2.50 / $15', () => {
    expectCost(price(b, 'google', 'gemini-2.5-computer-use-preview-10-2025', probe), { total: 1.125, priceRef: 'google/gemini-2.5-computer-use-preview-10-2025' });
    expectCost(price(b, 'google', 'gemini-2.5-computer-use-preview-10-2025', { uncached: 300_000, output: 1000 }), { input: 0.75, output: 0.015, total: 0.765 });
  });
});
