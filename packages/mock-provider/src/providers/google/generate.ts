/**
 * models/{model}:generateContent and :streamGenerateContent. A stream
 * (`?alt=sse`) sends `data: {…}\r\n\r\n` chunks, each with the CUMULATIVE
 * usageMetadata so far, finishReason on the last; without `alt=sse` the API
 * streams one JSON array of the same chunks.
 */
import type { HandlerContext, MockRequest, Reply, SseEvent } from '../../route.js';
import { frame } from '../../sse.js';
import { DEFAULT_OUTPUT_TOKENS, answerWords, pieces } from '../../answer.js';
import { googleResponseId } from '../../ids.js';
import { jsonTokens } from '../../tokens.js';
import { placeholderArgs } from '../tool-args.js';
import { promptTokens } from './prompt.js';
import { cachedTokensOf } from './caches.js';
import { usageMetadata, type GeminiCounts } from './usage.js';
import { googleHeaders } from './headers.js';

const THOUGHTS_TOKENS = 48;
// Tokens of the tool-use prompt the API adds when the request declares tools.
const TOOL_USE_PROMPT_TOKENS = 20;
// Words per streamed chunk: the API streams a few tokens' worth of text at a time.
const WORDS_PER_CHUNK = 3;

/** 2.5 and 3 models think unless thinkingBudget is 0; flash-lite thinks only when given a budget. */
function thoughtsFor(model: string, body: any): number {
  if (!/gemini-(2\.5|3)/.test(model)) return 0;
  const budget = body.generationConfig?.thinkingConfig?.thinkingBudget;
  if (budget === 0) return 0;
  if (/flash-lite/.test(model) && !(typeof budget === 'number' && budget > 0)) return 0;
  return typeof budget === 'number' && budget > 0 ? Math.min(THOUGHTS_TOKENS, budget) : THOUGHTS_TOKENS;
}

/** A call the request forces: functionCallingConfig.mode ANY, restricted to allowedFunctionNames when given. */
function forcedCall(body: any): { name: string; args: Record<string, unknown> } | undefined {
  const config = body.toolConfig?.functionCallingConfig;
  if (config?.mode !== 'ANY') return undefined;
  const declarations: any[] = (Array.isArray(body.tools) ? body.tools : []).flatMap((t: any) => (Array.isArray(t?.functionDeclarations) ? t.functionDeclarations : []));
  const allowed: unknown[] = Array.isArray(config.allowedFunctionNames) ? config.allowedFunctionNames : [];
  const declaration = declarations.find((d) => allowed.length === 0 || allowed.includes(d?.name));
  return declaration?.name ? { name: declaration.name, args: placeholderArgs(declaration.parameters ?? declaration.parametersJsonSchema) } : undefined;
}

export function generate(request: MockRequest, operation: string, context: HandlerContext, model: string): Reply {
  const body = request.body;
  const { knobs } = context;
  const cacheTokens = cachedTokensOf(body.cachedContent, context);
  // The cached content is part of the prompt: promptTokenCount includes it.
  const prompt = promptTokens(body) + cacheTokens;
  const cached = knobs.cachedTokens !== undefined ? Math.min(knobs.cachedTokens, prompt) : cacheTokens;
  const cap = typeof body.generationConfig?.maxOutputTokens === 'number' && body.generationConfig.maxOutputTokens > 0 ? body.generationConfig.maxOutputTokens : Infinity;
  // Thinking spends maxOutputTokens first: a tight cap can leave no room for text.
  const thoughts = Math.min(thoughtsFor(model, body), cap);
  const call = forcedCall(body);
  const wanted = knobs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const visible = call ? 0 : Math.max(0, Math.min(wanted, cap - thoughts));
  const words = answerWords(visible, JSON.stringify(body.contents ?? null));
  const finishReason = !call && visible < wanted ? 'MAX_TOKENS' : 'STOP';
  const counts = (candidates: number): GeminiCounts => ({
    prompt,
    cached,
    candidates,
    thoughts,
    toolUsePrompt: Array.isArray(body.tools) && body.tools.length > 0 ? TOOL_USE_PROMPT_TOKENS : 0,
  });
  const meta = { modelVersion: model, responseId: googleResponseId() };
  const candidate = (parts: unknown[], finish: string | undefined) => ({ content: { parts, role: 'model' }, ...(finish ? { finishReason: finish } : {}), index: 0 });

  if (operation === 'generateContent') {
    const parts = call ? [{ functionCall: call }] : [{ text: words.join(' ') }];
    const usage = usageMetadata(counts(call ? jsonTokens({ functionCall: call }) : visible));
    return { status: 200, headers: googleHeaders(), json: { value: { candidates: [candidate(parts, finishReason)], usageMetadata: usage, ...meta }, usage: [usage] } };
  }

  const chunks: { value: unknown; usage: unknown }[] = [];
  if (call) {
    const usage = usageMetadata(counts(jsonTokens({ functionCall: call })));
    chunks.push({ value: { candidates: [candidate([{ functionCall: call }], finishReason)], usageMetadata: usage, ...meta }, usage });
  } else {
    const texts = pieces(words);
    let sent = 0;
    do {
      const part = texts.slice(sent, sent + WORDS_PER_CHUNK);
      sent += part.length;
      const last = sent >= texts.length;
      const usage = usageMetadata(counts(sent));
      chunks.push({ value: { candidates: [candidate([{ text: part.join('') }], last ? finishReason : undefined)], usageMetadata: usage, ...meta }, usage });
    } while (sent < texts.length);
  }
  if (request.query.alt !== 'sse') {
    return { status: 200, headers: googleHeaders(), json: { value: chunks.map((c) => c.value), usage: chunks.map((c) => c.usage) } };
  }
  const events: SseEvent[] = chunks.map((c) => ({ text: frame(c.value, { crlf: true }), usage: c.usage }));
  return { status: 200, headers: googleHeaders({ stream: true }), events };
}
