import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageSchema, type Usage } from '../../src/index.js';
import { createPriceBook } from '../../src/pricing/index.js';
import { openaiUsage } from '../../src/providers/openai/usage.js';
import { anthropicUsage, mergeAnthropicStreamUsage } from '../../src/providers/anthropic/usage.js';
import { googleEmbeddingUsage, googleUsage } from '../../src/providers/google/usage.js';
import { isCompleteCost } from '../../src/cost-check.js';
import { MAX_TOKEN_COUNT } from '../../src/usage.js';
import { ANTHROPIC_FIELDS, GOOGLE_FIELDS, OPENAI_FIELDS, fcParams, hostileBlock, hostileNumber } from './arbitraries.js';

// Every costkit warning of this file, to check each problem is said once.
const warnings: string[] = [];
const onWarning = (w: Error & { code?: string }) => {
  if (w.code === 'COSTKIT') warnings.push(w.message);
};
beforeAll(() => {
  process.on('warning', onWarning);
});
afterAll(() => {
  process.off('warning', onWarning);
});
const flushWarnings = () => new Promise((resolve) => setImmediate(resolve));

const book = createPriceBook({});
const MODELS = { openai: 'o1-pro', anthropic: 'claude-opus-4-1', google: 'gemini-2.5-pro' } as const;

/** What every normalized usage must be, whatever the provider sent. */
function expectSane(usage: Usage | null): void {
  if (usage === null) return;
  expect(() => usageSchema.parse(usage)).not.toThrow();
  for (const [field, value] of Object.entries(usage)) {
    expect(Number.isSafeInteger(value) && value >= 0, `${field} = ${value}`).toBe(true);
    expect(Object.is(value, -0), `${field} is -0`).toBe(false);
  }
  expect(usage.cacheReadTokens + usage.cacheWriteTokens).toBeLessThanOrEqual(usage.inputTokens);
  expect(usage.reasoningTokens).toBeLessThanOrEqual(usage.outputTokens);
  expect(usage.cacheWrite1hTokens ?? 0).toBeLessThanOrEqual(usage.cacheWriteTokens);
  expect(usage.totalTokens).toBeGreaterThanOrEqual(usage.inputTokens + usage.outputTokens);
}

/** The priced cost of that usage at the dearest bundled rates: null, or complete. */
function expectCompleteCost(provider: keyof typeof MODELS, usage: Usage | null): void {
  if (!usage) return;
  const cost = book.price({ provider, model: MODELS[provider], usage, timestamp: new Date().toISOString(), serviceTier: null });
  expect(cost).not.toBeNull();
  expect(isCompleteCost(cost!)).toBe(true);
  expect(Number.isFinite(cost!.total) && cost!.total >= 0).toBe(true);
}

// The reported cases first: each problem is warned once per process, and the
// properties below trigger them all.
describe('sane numbers: the reported cases', () => {
  it('1e308 input tokens is not a count: not reported (0), the cost complete and finite, warned once', async () => {
    warnings.length = 0;
    for (let i = 0; i < 3; i++) {
      const usage = openaiUsage({ prompt_tokens: 1e308, completion_tokens: 10, total_tokens: 1e308 });
      expect(usage).toMatchObject({ inputTokens: 0, outputTokens: 10, totalTokens: 10 });
      const cost = book.price({ provider: 'openai', model: 'gpt-4o-mini', usage: usage!, timestamp: new Date().toISOString(), serviceTier: null });
      expect(cost).not.toBeNull();
      expect(cost!.total).toBeGreaterThan(0);
      expect(Number.isFinite(cost!.total)).toBe(true);
      expect(Number.isSafeInteger(cost!.totalPicoUsd)).toBe(true);
    }
    await flushWarnings();
    expect(warnings.filter((w) => w.includes('prompt_tokens = 1e+308'))).toHaveLength(1);
  });

  it('a safe integer too large for one call (9e15, above MAX_TOKEN_COUNT) is not a count either', () => {
    expect(openaiUsage({ prompt_tokens: 9e15, completion_tokens: 1 })).toMatchObject({ inputTokens: 0, outputTokens: 1 });
    expect(openaiUsage({ prompt_tokens: MAX_TOKEN_COUNT, completion_tokens: 1 })).toMatchObject({ inputTokens: MAX_TOKEN_COUNT });
    // Three fields at the bound still add up to a safe integer.
    const most = anthropicUsage({ input_tokens: MAX_TOKEN_COUNT, cache_read_input_tokens: MAX_TOKEN_COUNT, cache_creation_input_tokens: MAX_TOKEN_COUNT, output_tokens: MAX_TOKEN_COUNT });
    expect(most).toMatchObject({ inputTokens: 3 * MAX_TOKEN_COUNT, totalTokens: 4 * MAX_TOKEN_COUNT });
  });

  it('negative, NaN, fractional and string counts are not reported (0), never kept or coerced', () => {
    expect(openaiUsage({ prompt_tokens: -5, completion_tokens: Number.NaN, total_tokens: '12' })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      totalTokens: 0,
    });
    expect(googleUsage({ promptTokenCount: 10.5, candidatesTokenCount: '7' })).toMatchObject({ inputTokens: 0, outputTokens: 0 });
  });

  it('more cached than prompt tokens: the cache count is dropped, not billed (warned once)', async () => {
    warnings.length = 0;
    const usage = openaiUsage({ prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4200 } });
    expect(usage).toMatchObject({ inputTokens: 100, cacheReadTokens: 0 });
    openaiUsage({ prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4200 } });
    await flushWarnings();
    expect(warnings.filter((w) => w.includes('cache tokens'))).toHaveLength(1);
  });

  it('more reasoning than completion tokens: the reasoning count is dropped', () => {
    expect(openaiUsage({ prompt_tokens: 10, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 210 } })).toMatchObject({ outputTokens: 5, reasoningTokens: 0 });
    expect(anthropicUsage({ input_tokens: 10, output_tokens: 5, output_tokens_details: { thinking_tokens: 6 } })).toMatchObject({ outputTokens: 5, reasoningTokens: 0 });
  });

  it('total_tokens: -1 is not a total: the parts are', () => {
    expect(openaiUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: -1 })).toMatchObject({ totalTokens: 15 });
    expect(openaiUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 3 })).toMatchObject({ totalTokens: 15 });
  });

  it('a junk input_tokens in a message_delta leaves the valid message_start count standing (whatever its type)', () => {
    const start = { input_tokens: 1200, cache_read_input_tokens: 1000, cache_creation_input_tokens: 0, output_tokens: 1 };
    for (const junk of [-1, 1e308, Number.NaN, 0.5, '50000', [], {}, true, { value: 1 }]) {
      const merged = mergeAnthropicStreamUsage(start, { input_tokens: junk, cache_read_input_tokens: junk, output_tokens: 42 });
      expect(anthropicUsage(merged), `junk ${JSON.stringify(junk)}`).toMatchObject({ inputTokens: 2200, cacheReadTokens: 1000, outputTokens: 42 });
    }
  });

  it('a junk count inside a nested message_delta object leaves the earlier nested count standing', () => {
    const start = { input_tokens: 3, cache_creation_input_tokens: 10, cache_creation: { ephemeral_5m_input_tokens: 4, ephemeral_1h_input_tokens: 6 }, output_tokens: 1 };
    const merged = mergeAnthropicStreamUsage(start, { cache_creation: { ephemeral_1h_input_tokens: -6 }, output_tokens: 9 });
    expect(anthropicUsage(merged)).toMatchObject({ cacheWriteTokens: 10, cacheWrite1hTokens: 6, outputTokens: 9 });
  });

  it('a __proto__ key in a message_delta usage changes no prototype', () => {
    const delta = JSON.parse('{"__proto__": {"input_tokens": 999999}, "output_tokens": 5}');
    const merged = mergeAnthropicStreamUsage({ output_tokens: 1 }, delta)!;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(anthropicUsage(merged)).toMatchObject({ inputTokens: 0, outputTokens: 5 });
    expect(({} as Record<string, unknown>).input_tokens).toBeUndefined();
  });

  it('a warning quotes junk text cut short and with anything key-shaped removed', async () => {
    warnings.length = 0;
    googleUsage({ toolUsePromptTokenCount: 'sk-proj-AAAABBBBCCCCDDDDEEEE and more text after the key, much more' });
    await flushWarnings();
    const [warning] = warnings.filter((w) => w.includes('toolUsePromptTokenCount'));
    expect(warning).toBeDefined();
    expect(warning).not.toContain('AAAABBBB');
    expect(warning).toContain('[redacted]');
  });
});

describe('sane numbers: every normalizer, fed hostile usage blocks', () => {
  it('OpenAI: counts are non-negative safe integers, subsets within their wholes, the cost complete', () => {
    const details = fc.record({ prompt_tokens_details: fc.option(hostileBlock(['cached_tokens'])), completion_tokens_details: fc.option(hostileBlock(['reasoning_tokens'])) }, { requiredKeys: [] });
    fc.assert(
      fc.property(hostileBlock(OPENAI_FIELDS), details, (block, extra) => {
        const usage = openaiUsage({ ...block, ...extra });
        expectSane(usage);
        expectCompleteCost('openai', usage);
      }),
      fcParams(400),
    );
  });

  it('Anthropic: the same, plain and merged across a stream', () => {
    const block = fc.tuple(hostileBlock(ANTHROPIC_FIELDS), fc.option(hostileBlock(['ephemeral_5m_input_tokens', 'ephemeral_1h_input_tokens'])), fc.option(hostileBlock(['thinking_tokens'])));
    const toUsage = ([fields, split, details]: [Record<string, unknown>, Record<string, unknown> | null, Record<string, unknown> | null]) => ({
      ...fields,
      ...(split ? { cache_creation: split } : {}),
      ...(details ? { output_tokens_details: details } : {}),
    });
    fc.assert(
      fc.property(block, block, (start, delta) => {
        const plain = anthropicUsage(toUsage(start));
        expectSane(plain);
        expectCompleteCost('anthropic', plain);
        const streamed = anthropicUsage(mergeAnthropicStreamUsage(toUsage(start), toUsage(delta)));
        expectSane(streamed);
        expectCompleteCost('anthropic', streamed);
      }),
      fcParams(400),
    );
  });

  it('Google: the same, for generateContent and embeddings', () => {
    fc.assert(
      fc.property(hostileBlock(GOOGLE_FIELDS), fc.array(hostileNumber(), { maxLength: 4 }), (block, perEmbedding) => {
        const usage = googleUsage(block);
        expectSane(usage);
        expectCompleteCost('google', usage);
        const embeddings = googleEmbeddingUsage({ embeddings: perEmbedding.map((tokenCount) => ({ values: [], statistics: { tokenCount } })) });
        expectSane(embeddings);
        expectCompleteCost('google', embeddings);
      }),
      fcParams(300),
    );
  });

  it('keeps every valid count exactly as sent (nothing guessed, nothing clamped)', () => {
    const count = fc.nat({ max: 2_000_000 });
    fc.assert(
      fc.property(count, count, count, count, (prompt, cachedPart, completion, reasoningPart) => {
        const cached = Math.min(cachedPart, prompt);
        const reasoning = Math.min(reasoningPart, completion);
        expect(
          openaiUsage({
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
            prompt_tokens_details: { cached_tokens: cached },
            completion_tokens_details: { reasoning_tokens: reasoning },
          }),
        ).toEqual({ inputTokens: prompt, outputTokens: completion, cacheReadTokens: cached, cacheWriteTokens: 0, reasoningTokens: reasoning, totalTokens: prompt + completion });
      }),
      fcParams(200),
    );
  });
});
