import type { Usage } from '../../event.js';
import { countOrZero, tokenCount, usageBlock } from '../../usage.js';

type Json = Record<string, unknown>;

const count = (value: unknown, field: string) => countOrZero(value, 'google', field);

/**
 * Gemini `usageMetadata` (both SDKs, REST and SSE alike) in costkit's terms.
 * `promptTokenCount` already includes the cached tokens, so the cache count is
 * a subset; the prompt tokens of tool results (`toolUsePromptTokenCount`) are
 * billed as input, and thinking tokens (`thoughtsTokenCount`) as output but
 * are NOT inside `candidatesTokenCount`, so both are added.
 */
export function googleUsage(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as Json;
  const reasoningTokens = count(u.thoughtsTokenCount, 'thoughtsTokenCount');
  return usageBlock('google', {
    inputTokens: count(u.promptTokenCount, 'promptTokenCount') + count(u.toolUsePromptTokenCount, 'toolUsePromptTokenCount'),
    outputTokens: count(u.candidatesTokenCount, 'candidatesTokenCount') + reasoningTokens,
    cacheReadTokens: count(u.cachedContentTokenCount, 'cachedContentTokenCount'),
    cacheWriteTokens: 0,
    reasoningTokens,
  });
}

/**
 * An embedding response: Gemini API responses carry `usageMetadata` when the
 * model reports it; Vertex `predict` responses carry a token count per
 * embedding instead. Nothing reported is `null`, never a guess.
 */
export function googleEmbeddingUsage(body: unknown): Usage | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Json;
  if (b.usageMetadata && typeof b.usageMetadata === 'object') return googleUsage(b.usageMetadata);
  const embeddings = Array.isArray(b.embeddings) ? b.embeddings : b.embedding ? [b.embedding] : [];
  let tokens = 0;
  let reported = false;
  for (const embedding of embeddings) {
    const stat = tokenCount((embedding as { statistics?: Json } | null)?.statistics?.tokenCount, 'google', 'statistics.tokenCount');
    if (stat !== undefined) {
      reported = true;
      tokens += stat;
    }
  }
  return reported ? usageBlock('google', { inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }) : null;
}

// The contract's list; any other reason (IMAGE_SAFETY, MALFORMED_FUNCTION_CALL, OTHER, …) is kept, lowercased.
const CONTENT_FILTER = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']);

/** Gemini `finishReason` (or a prompt's `blockReason`) in costkit's vocabulary. */
export function googleFinishReason(reason: unknown): string | null {
  if (typeof reason !== 'string' || !reason) return null;
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER.has(reason)) return 'content_filter';
  return reason.toLowerCase();
}

/**
 * `models/gemini-2.5-pro`, `publishers/google/models/gemini-2.5-pro` and
 * `projects/p/locations/l/publishers/google/models/gemini-2.5-pro` all name
 * `gemini-2.5-pro`, the key the price book knows. Tuned models keep their name.
 */
export function normalizeGoogleModel(name: unknown): string {
  if (typeof name !== 'string' || !name) return 'unknown';
  const match = /(?:^|\/)models\/([^/]+)$/.exec(name);
  return match ? match[1]! : name;
}
