import type { Usage } from '../../event.js';
import { countOrZero, tokenCount, usageBlock } from '../../usage.js';

type Json = Record<string, unknown> | null | undefined;

/**
 * OpenAI usage, chat/completions (`prompt_tokens`) and Responses (`input_tokens`)
 * shapes alike. Cached tokens are already inside the prompt count and reasoning
 * tokens inside the completion count, so both are subsets, never added.
 */
export function openaiUsage(raw: unknown): Usage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as Record<string, unknown>;
  const inputDetails = (u.prompt_tokens_details ?? u.input_tokens_details) as Json;
  const outputDetails = (u.completion_tokens_details ?? u.output_tokens_details) as Json;
  return usageBlock('openai', {
    inputTokens: countOrZero(u.prompt_tokens ?? u.input_tokens, 'openai', 'prompt_tokens'),
    outputTokens: countOrZero(u.completion_tokens ?? u.output_tokens, 'openai', 'completion_tokens'),
    cacheReadTokens: countOrZero(inputDetails?.cached_tokens, 'openai', 'cached_tokens'),
    cacheWriteTokens: 0,
    reasoningTokens: countOrZero(outputDetails?.reasoning_tokens, 'openai', 'reasoning_tokens'),
    totalTokens: tokenCount(u.total_tokens, 'openai', 'total_tokens'),
  });
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
