import type { Usage } from '../../event.js';

type Json = Record<string, unknown> | null | undefined;

/**
 * OpenAI usage, chat/completions (`prompt_tokens`) and Responses (`input_tokens`)
 * shapes alike. Cached tokens are already inside the prompt count and reasoning
 * tokens inside the completion count, so both are subsets, never added.
 */
export function openaiUsage(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as Record<string, unknown>;
  const inputTokens = count(u.prompt_tokens ?? u.input_tokens);
  const outputTokens = count(u.completion_tokens ?? u.output_tokens);
  const inputDetails = (u.prompt_tokens_details ?? u.input_tokens_details) as Json;
  const outputDetails = (u.completion_tokens_details ?? u.output_tokens_details) as Json;
  return {
    inputTokens,
    outputTokens,
    cacheReadTokens: count(inputDetails?.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(outputDetails?.reasoning_tokens),
    totalTokens: typeof u.total_tokens === 'number' ? count(u.total_tokens) : inputTokens + outputTokens,
  };
}

/** A field the provider did not report is 0, never a guess. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** chat.completions / completions: as sent, lowercased; the legacy `function_call` is `tool_calls`. */
export function openaiFinishReason(reason: unknown): string | null {
  if (typeof reason !== 'string' || !reason) return null;
  const lower = reason.toLowerCase();
  return lower === 'function_call' ? 'tool_calls' : lower;
}

/** Responses API: `completed` is stop; `incomplete` for max_output_tokens is length. */
export function responsesFinishReason(status: unknown, incompleteDetails: unknown): string | null {
  if (typeof status !== 'string' || !status) return null;
  if (status === 'completed') return 'stop';
  if (status === 'incomplete') {
    const reason = (incompleteDetails as Json)?.reason;
    if (reason === 'max_output_tokens') return 'length';
    if (reason === 'content_filter') return 'content_filter';
    return typeof reason === 'string' ? reason.toLowerCase() : 'incomplete';
  }
  return status.toLowerCase();
}
