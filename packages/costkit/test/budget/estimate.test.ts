import { describe, expect, it } from 'vitest';
import { createPriceBook } from '../../src/index.js';
import { Estimator } from '../../src/budget/estimate.js';
import { maxOutputTokens } from '../../src/budget/model-limits.js';
import { promptSize } from '../../src/budget/prompt-size.js';
import { CallRecord } from '../../src/recorder.js';
import { ADAPTERS } from '../../src/providers/index.js';
import type { CallContext } from '../../src/call-hooks.js';
import type { Provider } from '../../src/providers/ids.js';

// The reservation is the prompt's input cost plus the output the call can
// really produce, priced by the same book as the bill: it must not pin a
// budget at the model's maximum once this process has seen the model answer.

const book = createPriceBook();

function call(provider: Provider, model: string, params: Record<string, unknown>, operation = provider === 'anthropic' ? 'messages' : provider === 'google' ? 'generateContent' : 'chat.completions'): CallContext {
  return {
    spec: { provider, operation, model, stream: false },
    params: { model, ...params },
    target: undefined,
    requestOptions: undefined,
    adapter: ADAPTERS[provider],
    tags: {},
    scope: undefined,
    edits: {},
    emit: () => undefined,
  };
}

function settled(provider: Provider, model: string, inputTokens: number, outputTokens: number, finishReason = 'stop'): CallRecord {
  const record = new CallRecord({ complete: () => undefined }, { provider, operation: 'chat.completions', model, stream: false }, {}, true, undefined);
  record.usage = { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: inputTokens + outputTokens };
  record.finishReason = finishReason;
  return record;
}

const nanosOf = (provider: Provider, model: string, inputTokens: number, outputTokens: number, extra: Record<string, number> = {}) =>
  Math.ceil(
    book.price({ provider, model, usage: { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: inputTokens + outputTokens, ...extra }, timestamp: new Date().toISOString() })!.totalPicoUsd / 1000,
  );

describe('the estimate', () => {
  it('reserves the request output cap, priced by the price book', () => {
    const estimate = new Estimator(book).estimate(call('openai', 'gpt-4o', { max_tokens: 300, messages: [{ role: 'user', content: 'x'.repeat(400) }] }), 'gpt-4o', undefined);
    expect(estimate.outputTokens).toBe(300);
    expect(estimate.inputTokens).toBeGreaterThanOrEqual(100);
    expect(estimate.nanos).toBe(nanosOf('openai', 'gpt-4o', estimate.inputTokens, 300));
  });

  it('takes a guard cap over the request, and bounds a huge cap by the model maximum', () => {
    const estimator = new Estimator(book);
    const guarded = { ...call('openai', 'gpt-4o', { max_tokens: 9000, messages: [] }), edits: { outputCap: 1024 } };
    expect(estimator.estimate(guarded, 'gpt-4o', undefined).outputTokens).toBe(1024);
    expect(estimator.estimate(call('openai', 'gpt-4o', { max_tokens: 999_999_999, messages: [] }), 'gpt-4o', undefined).outputTokens).toBe(16_384);
  });

  it('without a cap: the model maximum until it has seen 20 answers, then their 95th percentile', () => {
    const estimator = new Estimator(book);
    const uncapped = call('anthropic', 'claude-sonnet-4-5', { messages: [{ role: 'user', content: 'hi' }] });
    expect(estimator.estimate(uncapped, 'claude-sonnet-4-5', undefined).outputTokens).toBe(maxOutputTokens('claude-sonnet-4-5'));
    for (let i = 1; i <= 100; i++) estimator.observe(settled('anthropic', 'claude-sonnet-4-5', 10, i * 10), undefined);
    // Answers cut by their cap do not count: they say nothing about how long answers run.
    for (let i = 0; i < 50; i++) estimator.observe(settled('anthropic', 'claude-sonnet-4-5', 10, 64_000, 'length'), undefined);
    expect(estimator.estimate(uncapped, 'claude-sonnet-4-5', undefined).outputTokens).toBe(950);
  });

  it('prices long prompts at their long-context tier and cache_control prompts as cache writes', () => {
    const estimator = new Estimator(book);
    const long = estimator.estimate(call('google', 'gemini-2.5-pro', { contents: 'x'.repeat(1_000_000), config: { maxOutputTokens: 100 } }), 'gemini-2.5-pro', undefined);
    expect(long.inputTokens).toBeGreaterThan(200_000);
    expect(long.nanos).toBe(nanosOf('google', 'gemini-2.5-pro', long.inputTokens, 100));
    expect(long.nanos).toBeGreaterThan(nanosOf('google', 'gemini-2.5-pro', long.inputTokens, 100) * 0.99);
    const cached = estimator.estimate(call('anthropic', 'claude-sonnet-4-5', { max_tokens: 10, system: [{ type: 'text', text: 'x'.repeat(4000), cache_control: { type: 'ephemeral', ttl: '1h' } }], messages: [] }), 'claude-sonnet-4-5', undefined);
    expect(cached.prompt.cacheWrite).toBe('1h');
    expect(cached.nanos).toBe(nanosOf('anthropic', 'claude-sonnet-4-5', cached.inputTokens, 10, { cacheWriteTokens: cached.inputTokens, cacheWrite1hTokens: cached.inputTokens }));
  });

  it('counts images as a flat figure, not their base64 text, and multiplies the cap by n', () => {
    const image = { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(2_000_000)}` } };
    expect(promptSize({ messages: [{ role: 'user', content: [image] }] }, undefined).tokens).toBeLessThan(2_000);
    expect(new Estimator(book).estimate(call('openai', 'gpt-4o', { max_tokens: 100, n: 3, messages: [] }), 'gpt-4o', undefined).outputTokens).toBe(300);
  });

  it('calibrates the prompt rule per model from what the provider reported', () => {
    const estimator = new Estimator(book);
    const request = call('openai', 'gpt-4o', { max_tokens: 10, messages: [{ role: 'user', content: '漢字'.repeat(500) }] });
    const first = estimator.estimate(request, 'gpt-4o', undefined);
    const record = settled('openai', 'gpt-4o', first.prompt.tokens * 3, 10);
    for (let i = 0; i < 20; i++) estimator.observe(record, first);
    expect(estimator.estimate(request, 'gpt-4o', undefined).inputTokens).toBe(first.prompt.tokens * 3);
  });

  it('has no price for an unknown model, and says so', () => {
    const estimate = new Estimator(book).estimate(call('openai', 'my-finetune', { max_tokens: 10, messages: [] }), 'my-finetune', undefined);
    expect(estimate).toMatchObject({ priced: false, nanos: 0 });
  });
});
