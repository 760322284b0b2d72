import { describe, expect, it } from 'vitest';
import { googleEmbeddingUsage, googleFinishReason, googleUsage, normalizeGoogleModel } from '../../src/providers/google/usage.js';
import { usageSchema } from '../../src/index.js';

describe('googleUsage', () => {
  it('counts cached tokens as a subset of the prompt, and thinking and tool-use prompt tokens on top', () => {
    const usage = googleUsage({
      promptTokenCount: 2048,
      cachedContentTokenCount: 1536,
      candidatesTokenCount: 310,
      thoughtsTokenCount: 912,
      toolUsePromptTokenCount: 120,
      totalTokenCount: 3390,
    });
    expect(usage).toEqual({
      inputTokens: 2168,
      outputTokens: 1222,
      cacheReadTokens: 1536,
      cacheWriteTokens: 0,
      reasoningTokens: 912,
      totalTokens: 3390,
    });
    expect(usageSchema.parse(usage)).toEqual(usage);
  });

  it('reads a plain response (real recording shape)', () => {
    const usage = googleUsage({
      promptTokenCount: 12,
      candidatesTokenCount: 2,
      totalTokenCount: 14,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }],
    });
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 14 });
  });

  it('treats missing or malformed fields as 0 and no block as null', () => {
    expect(googleUsage({ promptTokenCount: 7 })).toEqual({ inputTokens: 7, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 7 });
    expect(googleUsage({ promptTokenCount: '7', candidatesTokenCount: null, thoughtsTokenCount: -1 })?.totalTokens).toBe(0);
    expect(googleUsage(undefined)).toBeNull();
    expect(googleUsage(null)).toBeNull();
  });

  it('the last cumulative stream chunk is the usage, not a sum of chunks', () => {
    const chunks = [
      { promptTokenCount: 9, candidatesTokenCount: 3, totalTokenCount: 12 },
      { promptTokenCount: 9, candidatesTokenCount: 11, totalTokenCount: 20 },
      { promptTokenCount: 9, candidatesTokenCount: 24, thoughtsTokenCount: 40, totalTokenCount: 73 },
    ];
    let last = null;
    for (const chunk of chunks) last = googleUsage(chunk);
    expect(last).toMatchObject({ inputTokens: 9, outputTokens: 64, reasoningTokens: 40, totalTokens: 73 });
  });
});

describe('googleEmbeddingUsage', () => {
  it('uses usageMetadata when the response has it', () => {
    expect(googleEmbeddingUsage({ embeddings: [{ values: [0.1] }], usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 } })).toMatchObject({
      inputTokens: 8,
      outputTokens: 0,
      totalTokens: 8,
    });
  });

  it('sums Vertex per-embedding token statistics', () => {
    expect(
      googleEmbeddingUsage({ embeddings: [{ values: [], statistics: { tokenCount: 5, truncated: false } }, { values: [], statistics: { tokenCount: 7 } }] }),
    ).toMatchObject({ inputTokens: 12, totalTokens: 12 });
  });

  it('is null when nothing is reported', () => {
    expect(googleEmbeddingUsage({ embedding: { values: [0.1, 0.2] } })).toBeNull();
    expect(googleEmbeddingUsage({ embeddings: [{ values: [0.1] }] })).toBeNull();
    expect(googleEmbeddingUsage(undefined)).toBeNull();
  });
});

describe('googleFinishReason', () => {
  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'malformed_function_call'],
    ['OTHER', 'other'],
    ['FINISH_REASON_UNSPECIFIED', 'finish_reason_unspecified'],
  ])('%s -> %s', (reason, expected) => {
    expect(googleFinishReason(reason)).toBe(expected);
  });

  it('is null without a reason', () => {
    expect(googleFinishReason(undefined)).toBeNull();
    expect(googleFinishReason('')).toBeNull();
  });
});

describe('normalizeGoogleModel', () => {
  it.each([
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini-2.5-flash', 'gemini-2.5-flash'],
    ['publishers/google/models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-001', 'gemini-2.0-flash-001'],
    ['tunedModels/my-model-abc', 'tunedModels/my-model-abc'],
  ])('%s -> %s', (name, expected) => {
    expect(normalizeGoogleModel(name)).toBe(expected);
  });

  it('is unknown without a name', () => {
    expect(normalizeGoogleModel(undefined)).toBe('unknown');
  });
});
