import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createPriceBook, pricingOptionsSchema } from '../../src/pricing/index.js';

function issues(input: unknown): string[] {
  const result = pricingOptionsSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.code === 'unrecognized_keys' ? `unknown ${i.keys.join(', ')}` : i.message}`);
}

describe('pricingOptionsSchema', () => {
  it('accepts the contract shape, discounts as fractions or percentages, dates or date-times', () => {
    const parsed = pricingOptionsSchema.parse({
      overrides: [
        { provider: 'openai', model: 'gpt-4o', input: 2, output: 8, cacheRead: 1, effectiveFrom: '2026-01-01' },
        { provider: 'anthropic', model: '*', discount: '12.5%' },
        { model: 'gemini-2.5-flash', discount: 0.1, effectiveFrom: '2026-01-01T09:00:00+01:00' },
        { model: 'claude-haiku-4-5', cacheWrite: 1, cacheWrite1h: 1.6 },
      ],
    });
    expect(parsed.overrides![1]!.discount).toBe(0.125);
    expect(parsed.overrides![2]!.discount).toBe(0.1);
    // what the schema outputs is what createPriceBook takes
    expect(createPriceBook(parsed).version).toBeTypeOf('string');
  });

  it('names the field and what was expected', () => {
    expect(issues({ overrides: [{ model: 'gpt-4o', input: -1 }] })).toEqual(['overrides.0.input: expected a price of 0 or more USD per million tokens']);
    expect(issues({ overrides: [{ model: 'gpt-4o', output: '2' }] })).toEqual(['overrides.0.output: expected a price in USD per million tokens, e.g. 2.5']);
    expect(issues({ overrides: [{ model: 'gpt-4o', discount: 15 }] })).toEqual(["overrides.0.discount: expected a fraction from 0 to 1 (0.15 = 15% off), got 15: for 15% off write 0.15 or '15%'"]);
    expect(issues({ overrides: [{ model: 'gpt-4o', discount: '150%' }] })).toEqual(["overrides.0.discount: expected a percentage from '0%' to '100%' (e.g. '15%'), got '150%'"]);
    expect(issues({ overrides: [{ model: 'gpt-4o', discount: 0.1, effectiveFrom: 'next tuesday' }] })[0]).toMatch(/^overrides\.0\.effectiveFrom: expected an ISO date/);
    expect(issues({ overrides: [{ model: 'gpt-4o', discount: 0.1, effectiveFrom: '2026-01-01T00:00:00' }] })[0]).toMatch(/with a time zone/);
    expect(issues({ overrides: [{ provider: 'azure', model: 'gpt-4o', input: 1 }] })).toEqual(["overrides.0.provider: expected 'openai', 'anthropic' or 'google'"]);
    expect(issues({ overrides: [{ model: '', input: 1 }] })).toEqual(["overrides.0.model: expected a model id, 'prefix*' or '*'"]);
    expect(issues({ overrides: [{ model: 'g*t', input: 1 }] })).toEqual(["overrides.0.model: '*' may only end the model: 'gpt-4o*' or '*'"]);
    expect(issues({ overrides: [{ model: 'gpt-4o' }] })[0]).toMatch(/^overrides\.0: an override needs a price \(input, output, cacheRead, cacheWrite, cacheWrite1h\) or a discount/);
    expect(issues({ overrides: [{ model: 'gpt-4o', inputPrice: 1 }] })).toContain('overrides.0: unknown inputPrice');
    expect(issues({ only: true })).toEqual(['only: only: true prices calls from pricing.overrides alone, and there are none: every call would have cost: null']);
  });

  it('embeds in a larger config schema', () => {
    const config = z.strictObject({ pricing: z.optional(pricingOptionsSchema) });
    expect(config.safeParse({ pricing: { overrides: [{ model: 'x', discount: 2 }] } }).error?.issues[0]?.path).toEqual(['pricing', 'overrides', 0, 'discount']);
  });
});
