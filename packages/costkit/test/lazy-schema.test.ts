import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { budgetEventSchema, callEventSchema, costkitEventSchema, usageSchema } from '../src/index.js';
import { lazySchema, lazySchemas, lazySection } from '../src/lazy-schema.js';
import { parseInitOptions } from '../src/config.js';

// The exported event schemas are built on first use (src/lazy-schema.ts). An app
// must not be able to tell: same parsing, same API, usable inside its own schemas.

const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 15 };

describe('lazily built schemas', () => {
  it('builds once, on first use, and not before', () => {
    let builds = 0;
    const schema = lazySchema(() => (builds++, z.object({ n: z.number() })));
    expect(builds).toBe(0);
    expect(schema.parse({ n: 1 })).toEqual({ n: 1 });
    expect(schema.safeParse({ n: 'x' }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('builds schemas made together once, when the first of them is used, sharing their parts', () => {
    let builds = 0;
    const schemas = lazySchemas(() => {
      builds++;
      const part = z.object({ n: z.number() });
      return { one: part, list: z.array(part), unexported: z.string() };
    }, ['one', 'list']);
    expect(Object.keys(schemas)).toEqual(['one', 'list']);
    expect(builds).toBe(0);
    expect(schemas.list.parse([{ n: 1 }])).toEqual([{ n: 1 }]);
    expect(schemas.one.safeParse({ n: 'x' }).success).toBe(false);
    expect(builds).toBe(1);
    // One build: the array's element is the very schema `one` stands for.
    expect((schemas.list._zod.def.element as typeof schemas.one)._zod.def.shape).toBe(schemas.one._zod.def.shape);
  });

  it('keeps the API of the schema it stands for', () => {
    expect(Object.keys(usageSchema.shape)).toContain('cacheWrite1hTokens');
    expect(usageSchema).toBeInstanceOf(z.ZodMiniObject);
    expect(usageSchema._zod.def.type).toBe('object');
    expect('parse' in callEventSchema).toBe(true);
    expect(costkitEventSchema._zod.def.options).toHaveLength(3);
  });

  it('parses and refuses exactly as before, naming the field', () => {
    expect(usageSchema.parse(usage)).toEqual(usage);
    const bad = usageSchema.safeParse({ ...usage, outputTokens: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['outputTokens']);
    const event = budgetEventSchema.safeParse({ schema: 'costkit.budget/1' });
    expect(event.success).toBe(false);
  });

  it('works inside an app’s own schemas', () => {
    const batch = z.object({ usages: z.array(usageSchema), events: z.optional(z.array(costkitEventSchema)) });
    expect(batch.parse({ usages: [usage] })).toEqual({ usages: [usage] });
    const bad = batch.safeParse({ usages: [{ ...usage, totalTokens: 'many' }] });
    expect(bad.error!.issues[0]!.path).toEqual(['usages', 0, 'totalTokens']);
  });
});

describe('an option section checked only when given', () => {
  const counted = () => {
    const seen = { builds: 0 };
    const section = lazySchema(() => (seen.builds++, z.strictObject({ limit: z.pipe(z.string(), z.transform(Number)) })));
    const options = z.strictObject({ name: z.optional(z.string()), section: z.optional(lazySection(section)) });
    return { seen, options };
  };

  it('builds nothing when the option is absent', () => {
    const { seen, options } = counted();
    expect(options.parse({ name: 'a' })).toEqual({ name: 'a' });
    expect(seen.builds).toBe(0);
  });

  it('returns what the section schema outputs, and reports issues at their full path', () => {
    const { seen, options } = counted();
    expect(options.parse({ section: { limit: '5' } })).toEqual({ section: { limit: 5 } });
    const bad = options.safeParse({ section: { limit: 5, extra: true } });
    expect(bad.error!.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid_type', ['section', 'limit']],
      ['unrecognized_keys', ['section']],
    ]);
    expect(seen.builds).toBe(1);
  });

  it('keeps init()’s messages: a misspelt budget field is named with its path', () => {
    expect(() => parseInitOptions({ budgets: [{ name: 'b', window: 'day', limitUsd: 1, onExcede: 'throw' }] })).toThrow(/budgets\.0: unknown option\(s\) 'onExcede'/);
    expect(parseInitOptions({ pricing: { overrides: [{ model: 'gpt-4o', discount: '15%' }] } }).pricing?.overrides?.[0]?.discount).toBe(0.15);
  });
});
