import type { Knobs, MockRequest, Reply, Route } from '../types.js';
import { frame } from '../sse.js';
import { DEFAULT_OUTPUT_TOKENS, answerWords, nextId, textOf, textTokens } from '../tokens.js';

const THOUGHTS_TOKENS = 48;
const TOOL_USE_PROMPT_TOKENS = 20;
const PATH = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents|countTokens)$/;

const OPERATION: Record<string, string> = {
  generateContent: 'generateContent',
  streamGenerateContent: 'streamGenerateContent',
  embedContent: 'embedContent',
  batchEmbedContents: 'batchEmbedContents',
  countTokens: 'countTokens',
};

const thinks = (model: string, body: any) => /gemini-(2\.5|3)/.test(model) && body.generationConfig?.thinkingConfig?.thinkingBudget !== 0;

function promptTokens(body: any): number {
  const contents = Array.isArray(body.contents) ? body.contents : [body.contents];
  return contents.reduce((sum: number, c: unknown) => sum + textTokens(textOf(c)), 0) + (body.systemInstruction ? textTokens(textOf(body.systemInstruction)) : 0);
}

function modelOf(path: string): string {
  return PATH.exec(path)?.[2] ?? 'unknown';
}

/** usageMetadata as the API sends it: promptTokenCount includes cached tokens. */
function usageMetadata(prompt: number, candidates: number, thoughts: number, cached: number, toolUse: number) {
  return {
    promptTokenCount: prompt,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt + candidates + thoughts + toolUse,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(toolUse > 0 ? { toolUsePromptTokenCount: toolUse } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
    ...(cached > 0 ? { cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cached }] } : {}),
    ...(candidates > 0 ? { candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: candidates }] } : {}),
  };
}

function generate(request: MockRequest, operation: string, knobs: Knobs): Reply {
  const body = request.body;
  const model = modelOf(request.path);
  const prompt = promptTokens(body);
  const wanted = knobs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const cap = body.generationConfig?.maxOutputTokens;
  const thoughts = thinks(model, body) ? THOUGHTS_TOKENS : 0;
  const visible = Math.max(0, Math.min(wanted, typeof cap === 'number' ? cap : Infinity));
  const words = answerWords(visible, JSON.stringify(body.contents ?? '').slice(0, 64));
  const finishReason = visible < wanted ? 'MAX_TOKENS' : 'STOP';
  const cached = knobs.cachedTokens !== undefined ? Math.min(knobs.cachedTokens, prompt) : body.cachedContent ? Math.floor(prompt / 2) : 0;
  const toolUse = Array.isArray(body.tools) && body.tools.length > 0 ? TOOL_USE_PROMPT_TOKENS : 0;
  const responseId = nextId('resp-');
  const modelVersion = model.startsWith('gemini-') ? `${model}-001`.replace(/-001-001$/, '-001') : model;
  const candidate = (text: string, finish?: string) => ({ content: { parts: [{ text }], role: 'model' }, ...(finish ? { finishReason: finish } : {}), index: 0 });

  if (operation === 'generateContent') {
    const usage = usageMetadata(prompt, words.length, thoughts, cached, toolUse);
    return { status: 200, headers: {}, json: { candidates: [candidate(words.join(' '), finishReason)], usageMetadata: usage, modelVersion, responseId }, usageBlocks: [usage] };
  }
  // Streams: every chunk carries the cumulative usage so far; thoughts are counted from the first chunk.
  const frames: string[] = [];
  const usageBlocks: unknown[] = [];
  const step = 3;
  for (let sent = 0; sent < words.length || frames.length === 0; sent += step) {
    const part = words.slice(sent, sent + step);
    const done = sent + step >= words.length;
    const usage = usageMetadata(prompt, Math.min(sent + step, words.length), thoughts, cached, toolUse);
    usageBlocks.push(usage);
    frames.push(frame({ candidates: [candidate((sent ? ' ' : '') + part.join(' '), done ? finishReason : undefined)], usageMetadata: usage, modelVersion, responseId }).replace(/\n\n$/, '\r\n\r\n'));
    if (words.length === 0) break;
  }
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, frames, usageBlocks };
}

function embed(request: MockRequest, operation: string): Reply {
  const vector = (i: number) => Array.from({ length: 8 }, (_, k) => Number((Math.cos(i + k) / 2).toFixed(6)));
  if (operation === 'embedContent') return { status: 200, headers: {}, json: { embedding: { values: vector(0) } }, usageBlocks: [] };
  const count = Array.isArray(request.body.requests) ? request.body.requests.length : 1;
  return { status: 200, headers: {}, json: { embeddings: Array.from({ length: count }, (_, i) => ({ values: vector(i) })) }, usageBlocks: [] };
}

const STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

export const googleRoute: Route = {
  provider: 'google',
  match(method, path) {
    if (method !== 'POST') return undefined;
    const m = PATH.exec(path);
    return m ? OPERATION[m[3]!] : undefined;
  },
  isStream: (_request, operation) => operation === 'streamGenerateContent',
  handle(request, operation, knobs) {
    if (operation === 'generateContent' || operation === 'streamGenerateContent') return generate(request, operation, knobs);
    if (operation === 'countTokens') {
      const body = request.body.generateContentRequest ?? request.body;
      const total = promptTokens(body);
      return { status: 200, headers: {}, json: { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] }, usageBlocks: [] };
    }
    return embed(request, operation);
  },
  error(status, message) {
    return { status, headers: {}, json: { error: { code: status, message, status: STATUS[status] ?? 'UNKNOWN' } }, usageBlocks: [] };
  },
  usageOf(payload) {
    return payload?.usageMetadata ?? undefined;
  },
};
