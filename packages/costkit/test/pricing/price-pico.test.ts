// Budgets reserve with pricePico (no Cost built per call) and settle with price():
// the two must agree to the pico-dollar for every model, period, tier and token kind,
// or a reservation would not be the price of the bill.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provider, Usage } from '../../src/event.js';
import { createPriceBook } from '../../src/pricing/index.js';

const prices = JSON.parse(readFileSync(fileURLToPath(new URL('../../src/pricing/prices.json', import.meta.url)), 'utf8')) as {
  models: Array<{ provider: Provider; id: string }>;
};
const models = prices.models.map((m) => [m.provider, m.id] as const);

const usage: fc.Arbitrary<Usage> = fc
  .record({
    input: fc.nat({ max: 2_000_000 }),
    output: fc.nat({ max: 200_000 }),
    cacheRead: fc.nat({ max: 1_000_000 }),
    cacheWrite: fc.nat({ max: 1_000_000 }),
    cacheWrite1h: fc.option(fc.nat({ max: 1_000_000 }), { nil: undefined }),
    webSearch: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
  })
  .map(({ input, output, cacheRead, cacheWrite, cacheWrite1h, webSearch }) => {
    const u: Usage = { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: 0, totalTokens: input + output };
    if (cacheWrite1h !== undefined) u.cacheWrite1hTokens = cacheWrite1h;
    if (webSearch !== undefined) u.webSearchRequests = webSearch;
    return u;
  });

describe('pricePico', () => {
  it('is price().totalPicoUsd for every bundled model, any usage, date and service tier', () => {
    const book = createPriceBook();
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        usage,
        fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(null, 'default', 'auto', 'flex', 'priority', 'batch', 'scale'),
        ([provider, model], u, date, serviceTier) => {
          const input = { provider, model, usage: u, timestamp: date.toISOString(), serviceTier };
          expect(book.pricePico(input)).toBe(book.price(input)?.totalPicoUsd ?? null);
        },
      ),
      { numRuns: 3000, seed: 20261203 },
    );
  });

  it('is null where price() is null (a model the book does not have)', () => {
    const book = createPriceBook();
    const input = { provider: 'openai' as const, model: 'no-such-model', usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 2 }, timestamp: '2026-12-01T00:00:00.000Z' };
    expect(book.price(input)).toBeNull();
    expect(book.pricePico(input)).toBeNull();
  });
});
