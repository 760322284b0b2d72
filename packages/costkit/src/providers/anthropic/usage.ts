import type { Usage } from '../../event.js';
import { countOrZero, isTokenCount, tokenCount, usageBlock } from '../../usage.js';

type Json = Record<string, unknown>;

const count = (value: unknown, field: string) => countOrZero(value, 'anthropic', field);

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
  const uncached = count(u.input_tokens, 'input_tokens');
  const cacheRead = count(u.cache_read_input_tokens, 'cache_read_input_tokens');
  // The total is sent next to the split; an API version that sent only the
  // split still means the same tokens.
  const writeTotal = tokenCount(u.cache_creation_input_tokens, 'anthropic', 'cache_creation_input_tokens');
  const cacheWrite =
    writeTotal ?? count(split?.ephemeral_5m_input_tokens, 'cache_creation.ephemeral_5m_input_tokens') + count(split?.ephemeral_1h_input_tokens, 'cache_creation.ephemeral_1h_input_tokens');
  const searches = isObject(u.server_tool_use) ? tokenCount(u.server_tool_use.web_search_requests, 'anthropic', 'server_tool_use.web_search_requests') : undefined;
  return usageBlock('anthropic', {
    inputTokens: uncached + cacheRead + cacheWrite,
    outputTokens: count(u.output_tokens, 'output_tokens'),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count((u.output_tokens_details as Json | undefined)?.thinking_tokens, 'output_tokens_details.thinking_tokens'),
    cacheWrite1hTokens: split ? count(split.ephemeral_1h_input_tokens, 'cache_creation.ephemeral_1h_input_tokens') : undefined,
    webSearchRequests: searches,
  });
}

/**
 * A stream's usage: `message_start` carries the input and cache counts (and a
 * placeholder output count), the final `message_delta` the output count; newer
 * API versions repeat cumulative input and cache counts there too. The latest
 * value of each field wins, nested objects field by field; nothing is ever
 * added up. A null field means "not reported here", and so does a count field
 * whose value is not a count: a junk `input_tokens` in a `message_delta` must
 * not overwrite the valid one of `message_start`.
 */
export function mergeAnthropicStreamUsage(earlier: unknown, later: unknown): Json | undefined {
  const base = isObject(earlier) ? earlier : undefined;
  if (!isObject(later)) return base ? { ...base } : undefined;
  return mergeFields(base, later);
}

function mergeFields(base: Json | undefined, later: Json): Json {
  // Copied key by key, not spread: on Node 20 adding to an object made by a spread
  // takes a slow path (about 0.7 µs), and this runs for several events of every stream.
  const merged: Json = {};
  if (base) for (const key in base) if (Object.hasOwn(base, key) && key !== '__proto__') merged[key] = base[key];
  // for-in with an own-key check, not Object.entries: no array of pairs per event.
  for (const key in later) {
    if (!Object.hasOwn(later, key)) continue;
    const value = later[key];
    // `__proto__` from JSON.parse is an own key; assigning it would set the prototype.
    if (value === null || value === undefined || key === '__proto__') continue;
    // Counts (`*_tokens`, `*_requests`) and any number must be a count to replace what came before.
    if ((typeof value === 'number' || isCountField(key)) && !isTokenCount(value)) continue;
    if (isObject(value)) {
      const earlier = merged[key];
      merged[key] = mergeFields(isObject(earlier) ? earlier : undefined, value);
      continue;
    }
    merged[key] = value;
  }
  return merged;
}

function isCountField(key: string): boolean {
  return key.endsWith('_tokens') || key.endsWith('_requests');
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
