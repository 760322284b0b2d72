import { describe, expect, it } from 'vitest';
import { anthropicFinishReason, anthropicUsage, mergeAnthropicStreamUsage } from '../../src/providers/anthropic/usage.js';
import { usageSchema } from '../../src/index.js';

describe('anthropicUsage', () => {
  it('adds cache reads and writes to input_tokens, which excludes them', () => {
    const usage = anthropicUsage({
      input_tokens: 21,
      cache_read_input_tokens: 1800,
      cache_creation_input_tokens: 600,
      cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 200 },
      output_tokens: 93,
      service_tier: 'standard',
    });
    expect(usage).toEqual({
      inputTokens: 2421,
      outputTokens: 93,
      cacheReadTokens: 1800,
      cacheWriteTokens: 600,
      reasoningTokens: 0,
      totalTokens: 2514,
      cacheWrite1hTokens: 200,
    });
    expect(usageSchema.parse(usage)).toEqual(usage);
  });

  it('keeps the 1-hour split only when the provider sent one', () => {
    expect(anthropicUsage({ input_tokens: 17, output_tokens: 137 })).toEqual({
      inputTokens: 17,
      outputTokens: 137,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      totalTokens: 154,
    });
    const zeroSplit = anthropicUsage({
      input_tokens: 8,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: 12,
    });
    expect(zeroSplit?.cacheWrite1hTokens).toBe(0);
  });

  it('derives the cache write total from the split when only the split is sent', () => {
    const usage = anthropicUsage({ input_tokens: 5, cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 50 }, output_tokens: 1 });
    expect(usage).toMatchObject({ inputTokens: 155, cacheWriteTokens: 150, cacheWrite1hTokens: 50 });
  });

  it('reports web searches (billed per request) and thinking tokens as a subset of output', () => {
    const usage = anthropicUsage({
      input_tokens: 596,
      output_tokens: 99,
      output_tokens_details: { thinking_tokens: 28 },
      server_tool_use: { web_search_requests: 3, web_fetch_requests: 1 },
    });
    expect(usage).toMatchObject({ inputTokens: 596, outputTokens: 99, reasoningTokens: 28, webSearchRequests: 3, totalTokens: 695 });
  });

  it('treats missing, null, negative and non-numeric fields as 0, never a guess', () => {
    expect(anthropicUsage({ input_tokens: null, output_tokens: '12', cache_read_input_tokens: -4 })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      totalTokens: 0,
    });
    expect(anthropicUsage(undefined)).toBeNull();
    expect(anthropicUsage(null)).toBeNull();
    expect(anthropicUsage('usage')).toBeNull();
  });
});

describe('mergeAnthropicStreamUsage', () => {
  const start = {
    input_tokens: 52,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 1,
    service_tier: 'standard',
  };

  it('combines message_start with an old-style message_delta (output only)', () => {
    const merged = mergeAnthropicStreamUsage({ input_tokens: 17, output_tokens: 1 }, { output_tokens: 158 });
    expect(anthropicUsage(merged)).toMatchObject({ inputTokens: 17, outputTokens: 158, totalTokens: 175 });
  });

  it('lets a newer message_delta replace cumulative input and cache counts, never adding them', () => {
    const merged = mergeAnthropicStreamUsage(start, {
      input_tokens: 52,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 204,
      output_tokens_details: { thinking_tokens: 54 },
    });
    expect(anthropicUsage(merged)).toEqual({
      inputTokens: 52,
      outputTokens: 204,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 54,
      totalTokens: 256,
      cacheWrite1hTokens: 0,
    });
  });

  it('keeps the earlier value where the later event has null (not reported there)', () => {
    const merged = mergeAnthropicStreamUsage(
      { input_tokens: 10, cache_read_input_tokens: 900, output_tokens: 1 },
      { input_tokens: null, cache_read_input_tokens: null, output_tokens: 40, server_tool_use: { web_search_requests: 2 } },
    );
    expect(anthropicUsage(merged)).toMatchObject({ inputTokens: 910, cacheReadTokens: 900, outputTokens: 40, webSearchRequests: 2 });
  });

  it('replaces nested objects whole and does not mutate its inputs', () => {
    const earlier = { input_tokens: 3, cache_creation: { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 0 } };
    const later = { cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 10 } };
    const merged = mergeAnthropicStreamUsage(earlier, later);
    expect(merged).toEqual({ input_tokens: 3, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 10 } });
    expect(earlier.cache_creation.ephemeral_5m_input_tokens).toBe(10);
  });

  it('handles a missing side', () => {
    expect(mergeAnthropicStreamUsage(undefined, undefined)).toBeUndefined();
    expect(mergeAnthropicStreamUsage(undefined, { output_tokens: 5 })).toEqual({ output_tokens: 5 });
    expect(mergeAnthropicStreamUsage({ input_tokens: 2 }, undefined)).toEqual({ input_tokens: 2 });
  });
});

describe('anthropicFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['model_context_window_exceeded', 'model_context_window_exceeded'],
    ['Something_New', 'something_new'],
  ])('%s -> %s', (reason, expected) => {
    expect(anthropicFinishReason(reason)).toBe(expected);
  });

  it('is null when there is no reason yet', () => {
    expect(anthropicFinishReason(null)).toBeNull();
    expect(anthropicFinishReason('')).toBeNull();
    expect(anthropicFinishReason(undefined)).toBeNull();
  });
});
