import type { Usage } from '../../event.js';
import { count } from '../openai/usage.js';

type Json = Record<string, unknown>;

/**
 * Anthropic usage (a Message's `usage`, or a stream's merged one) in costkit's
 * terms. Anthropic's `input_tokens` excludes cache reads and writes, so all
 * three are added to make `inputTokens` "every prompt token", and the cache
 * counts are subsets of it. The 1-hour cache writes are kept apart because the
 * price book charges them more than the 5-minute default; web searches are
 * billed per request.
 */
export function anthropicUsage(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as Json;
  const split = isObject(u.cache_creation) ? u.cache_creation : undefined;
  const uncached = count(u.input_tokens);
  const cacheRead = count(u.cache_read_input_tokens);
  // The total is sent next to the split; an API version that sent only the
  // split still means the same tokens.
  const cacheWrite =
    typeof u.cache_creation_input_tokens === 'number'
      ? count(u.cache_creation_input_tokens)
      : count(split?.ephemeral_5m_input_tokens) + count(split?.ephemeral_1h_input_tokens);
  const outputTokens = count(u.output_tokens);
  const inputTokens = uncached + cacheRead + cacheWrite;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count((u.output_tokens_details as Json | undefined)?.thinking_tokens),
    totalTokens: inputTokens + outputTokens,
  };
  if (split) usage.cacheWrite1hTokens = count(split.ephemeral_1h_input_tokens);
  const searches = isObject(u.server_tool_use) ? u.server_tool_use.web_search_requests : undefined;
  if (typeof searches === 'number') usage.webSearchRequests = count(searches);
  return usage;
}

/**
 * A stream's usage: `message_start` carries the input and cache counts (and a
 * placeholder output count), the final `message_delta` the output count; newer
 * API versions repeat cumulative input and cache counts there too. A field the
 * later event has replaces the earlier value, whole (nested objects included);
 * nothing is ever added up. A null field means "not reported here".
 */
export function mergeAnthropicStreamUsage(earlier: unknown, later: unknown): Json | undefined {
  const base = isObject(earlier) ? earlier : undefined;
  if (!isObject(later)) return base ? { ...base } : undefined;
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(later)) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Anthropic `stop_reason` in costkit's vocabulary. */
export function anthropicFinishReason(reason: unknown): string | null {
  if (typeof reason !== 'string' || !reason) return null;
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return reason.toLowerCase();
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
