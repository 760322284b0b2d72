/**
 * One OpenAI generation, decided before any byte is written: the answer's words,
 * whether the cap cut it, and every usage number. Chat, Responses and legacy
 * completions all build their bodies (plain or streamed) from a Plan, so a stream
 * and a plain answer to the same request report the same usage.
 */
import type { HandlerContext, MockRequest } from '../../route.js';
import { DEFAULT_OUTPUT_TOKENS, answerWords } from '../../answer.js';
import { prefixKeys } from '../../cache-memory.js';
import { jsonTokens } from '../../tokens.js';
import { reasoningTokens, snapshotOf } from './models.js';

/** A prompt as the cache sees it: pieces in order (tools and instructions first, then each message). */
export interface PromptPiece {
  key: unknown;
  tokens: number;
}

export interface ToolCall {
  name: string;
  arguments: string;
}

export interface Plan {
  model: string;
  words: string[];
  /** The output cap cut the answer. */
  truncated: boolean;
  toolCall: ToolCall | undefined;
  promptTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  /** Everything billed as output: visible text or the tool call, plus reasoning. */
  outputTokens: number;
}

// The API caches a prompt prefix of at least 1024 tokens, and reports hits in steps of 128.
const MIN_CACHED_PREFIX = 1024;
const CACHE_STEP = 128;

export function plan(
  request: MockRequest,
  context: HandlerContext,
  prompt: readonly PromptPiece[],
  options: { cap: unknown; effort?: unknown; toolCall?: ToolCall | undefined },
): Plan {
  const requested = String(request.body.model ?? 'unknown');
  const promptTokens = prompt.reduce((sum, piece) => sum + piece.tokens, 0);
  const cap = typeof options.cap === 'number' && options.cap > 0 ? options.cap : Infinity;
  // Reasoning spends the output cap first: a tight cap can leave no room for visible text.
  const reasoning = Math.min(reasoningTokens(requested, options.effort), cap);
  const wanted = context.knobs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const visible = options.toolCall ? 0 : Math.max(0, Math.min(wanted, cap - reasoning));
  const toolTokens = options.toolCall ? jsonTokens(options.toolCall) : 0;
  return {
    model: snapshotOf(requested),
    words: answerWords(visible, JSON.stringify(prompt.map((piece) => piece.key))),
    truncated: !options.toolCall && visible < wanted,
    toolCall: options.toolCall,
    promptTokens,
    cachedTokens: cachedTokens(context, requested, prompt, promptTokens),
    reasoningTokens: reasoning,
    outputTokens: visible + toolTokens + reasoning,
  };
}

/**
 * Automatic prompt caching: the longest prefix (at message boundaries) this
 * server has processed before is served from the cache, when it is long enough.
 */
function cachedTokens(context: HandlerContext, model: string, prompt: readonly PromptPiece[], total: number): number {
  if (context.knobs.cachedTokens !== undefined) return Math.min(context.knobs.cachedTokens, total);
  const keys = prefixKeys(`openai\u0000${model}`, prompt.map((piece) => piece.key));
  let cumulative = 0;
  let hit = 0;
  prompt.forEach((piece, i) => {
    cumulative += piece.tokens;
    if (context.caches.openai.has(keys[i]!)) hit = cumulative;
  });
  for (const key of keys) context.caches.openai.add(key);
  return hit >= MIN_CACHED_PREFIX ? hit - (hit % CACHE_STEP) : 0;
}

export function chatUsage(p: Plan) {
  return {
    prompt_tokens: p.promptTokens,
    completion_tokens: p.outputTokens,
    total_tokens: p.promptTokens + p.outputTokens,
    prompt_tokens_details: { cached_tokens: p.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: p.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function responsesUsage(p: Plan) {
  return {
    input_tokens: p.promptTokens,
    input_tokens_details: { cached_tokens: p.cachedTokens },
    output_tokens: p.outputTokens,
    output_tokens_details: { reasoning_tokens: p.reasoningTokens },
    total_tokens: p.promptTokens + p.outputTokens,
  };
}

/** The legacy completions usage block has no details. */
export function completionsUsage(p: Plan) {
  return { prompt_tokens: p.promptTokens, completion_tokens: p.outputTokens, total_tokens: p.promptTokens + p.outputTokens };
}
