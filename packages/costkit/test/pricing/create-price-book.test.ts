// createPriceBook is a public entry point like init({ pricing }): the same schema, the
// same messages, a CostkitConfigError naming the field and the fix (issue 12, item 5).
import { describe, expect, it } from 'vitest';
import { parseInitOptions } from '../../src/config.js';
import { CostkitConfigError } from '../../src/errors.js';
import { createPriceBook } from '../../src/pricing/index.js';
import { price } from './helpers.js';

function configError(input: unknown): CostkitConfigError {
  try {
    createPriceBook(input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(CostkitConfigError);
    return error as CostkitConfigError;
  }
  throw new Error(`createPriceBook accepted ${JSON.stringify(input)}`);
}

describe('createPriceBook validates its options', () => {
  it("input: 'two' is a CostkitConfigError naming overrides.0.input, not a RangeError about BigInt", () => {
    const error = configError({ overrides: [{ model: 'gpt-4o', input: 'two' }] });
    expect(error.code).toBe('COSTKIT_CONFIG');
    expect(error.issues).toEqual([{ path: 'overrides.0.input', message: 'expected a price in USD per million tokens, e.g. 2.5' }]);
    expect(error.message).toMatch(/^costkit\.createPriceBook: invalid options:\n {2}- overrides\.0\.input: expected a price in USD per million tokens, e\.g\. 2\.5$/);
  });

  it("discount: '150%' is refused instead of pricing a call below zero", () => {
    const error = configError({ overrides: [{ model: 'gpt-4o', discount: '150%' }] });
    expect(error.issues).toEqual([{ path: 'overrides.0.discount', message: "expected a percentage from '0%' to '100%' (e.g. '15%'), got '150%'" }]);
  });

  it('an unknown provider is refused with the list of providers', () => {
    const error = configError({ overrides: [{ provider: 'azure', model: 'gpt-4o', input: 1 }] });
    expect(error.issues).toEqual([{ path: 'overrides.0.provider', message: "expected 'openai', 'anthropic' or 'google'" }]);
  });

  it('a misspelt option is named, with the fix', () => {
    expect(configError({ overides: [] }).issues).toEqual([{ path: '', message: "unknown option(s) 'overides'; check the spelling against the docs" }]);
    expect(configError({ overrides: [{ model: 'gpt-4o', inputPrice: 1 }] }).issues).toContainEqual({
      path: 'overrides.0',
      message: "unknown option(s) 'inputPrice'; check the spelling against the docs",
    });
  });

  it('says the same as init({ pricing }) for the same mistakes', () => {
    const mistakes = [
      { overrides: [{ model: 'gpt-4o', input: 'two' }] },
      { overrides: [{ model: 'gpt-4o', discount: '150%' }, { provider: 'azure', model: 'x', output: 1 }] },
      { overrides: [{ model: 'g*t', input: 1, effectiveFrom: 'next tuesday' }] },
      { overrides: [{ model: 'gpt-4o', output: 2_500_000 }] },
      { only: true },
      { overrides: 'gpt-4o' },
    ];
    for (const pricing of mistakes) {
      let fromInit: CostkitConfigError | undefined;
      try {
        parseInitOptions({ pricing });
      } catch (error) {
        fromInit = error as CostkitConfigError;
      }
      expect(fromInit, JSON.stringify(pricing)).toBeInstanceOf(CostkitConfigError);
      const unprefixed = fromInit!.issues.map((i) => ({ path: i.path.replace(/^pricing\.?/, ''), message: i.message }));
      expect(configError(pricing).issues, JSON.stringify(pricing)).toEqual(unprefixed);
    }
  });

  it('accepts what the schema outputs and what the docs show, and prices with it', () => {
    const b = createPriceBook({ overrides: [{ provider: 'openai', model: 'gpt-4o', input: 2, output: 8 }, { provider: 'anthropic', model: '*', discount: '10%' }] });
    expect(price(b, 'openai', 'gpt-4o', { uncached: 1_000_000 })?.total).toBe(2);
    expect(createPriceBook().version).toBeTypeOf('string');
    expect(createPriceBook(undefined).version).toBeTypeOf('string');
  });
});

describe('a price over $1,000 per million tokens is refused as the wrong unit', () => {
  it('names the field and says which unit is expected', () => {
    const error = configError({ overrides: [{ model: 'my-fine-tune', input: 0.3, output: 1_200_000 }] });
    expect(error.issues).toEqual([
      {
        path: 'overrides.0.output',
        message: 'expected at most 1000 USD per million tokens, got 1200000: prices are USD per million tokens (2.5 is $2.50 / 1M); a number this large is in the wrong unit',
      },
    ]);
  });

  it('allows the dearest real prices (o1-pro output is $600 per million)', () => {
    expect(createPriceBook({ overrides: [{ model: 'o1-pro', input: 150, output: 600 }] }).version).toBeTypeOf('string');
    expect(createPriceBook({ overrides: [{ model: 'x', input: 1000 }] }).version).toBeTypeOf('string');
  });
});
