import fc from 'fast-check';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import type { CannedResponse } from '@costkit/mock-provider';
import { anthropicEvents, anthropicMessage, geminiResponse, openaiChunk, openaiCompletion, openaiUsageChunk } from './templates.js';
import { breakage, foreignBody, junkModel, junkReason, junkUsage, sseText, toJsonText, withField } from './cases.js';

type Json = Record<string, any>;

/** One broken answer for one kind of app call. */
export interface Case {
  canned: CannedResponse;
  /** What the app asks for that changes the answer (OpenAI: whether it asked for stream usage itself). */
  appAsksUsage: boolean;
}

/** What the app saw: a value, or an error, and for a stream every item read before the end or the failure. */
export type Outcome = { value: unknown } | { error: ErrorView } | { items: unknown[]; end?: ErrorView; after?: unknown };
export interface ErrorView {
  class: string;
  message: string;
  status: unknown;
}

export interface Driver {
  name: string;
  provider: 'openai' | 'anthropic' | 'google';
  stream: boolean;
  path: RegExp;
  cases: fc.Arbitrary<Case>;
  /** The app's call against the mock at `url`, as an app would make and read it. */
  call(url: string, c: Case): Promise<Outcome>;
}

const json = (value: unknown, status = 200): CannedResponse => ({ status, body: toJsonText(value), headers: { 'content-type': 'application/json' } });
const sse = (text: string): CannedResponse => ({ body: text, headers: { 'content-type': 'text/event-stream' } });
const withForeign = (valid: fc.Arbitrary<Case>): fc.Arbitrary<Case> =>
  fc.oneof({ weight: 4, arbitrary: valid }, foreignBody.map((canned) => ({ canned, appAsksUsage: false })));

/** A plain copy of what the app got: functions named, SDK bookkeeping (ids, raw headers) left out. */
export function plain(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return '[function]';
  if (value === null || typeof value !== 'object' || depth > 12) return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (value instanceof Headers) return '[headers]';
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '_request_id' || key === 'sdkHttpResponse') continue;
    out[key] = plain(v, depth + 1);
  }
  return out;
}

export function errorView(error: unknown): ErrorView {
  const e = error as { constructor?: { name?: string }; message?: unknown; status?: unknown };
  return { class: e?.constructor?.name ?? typeof error, message: String(e?.message ?? error), status: e?.status };
}

async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: plain(await run()) };
  } catch (error) {
    return { error: errorView(error) };
  }
}

async function readAll(iterable: AsyncIterable<unknown>): Promise<{ items: unknown[]; end?: ErrorView }> {
  const items: unknown[] = [];
  try {
    for await (const item of iterable) items.push(plain(item));
    return { items };
  } catch (error) {
    return { items, end: errorView(error) };
  }
}

async function stream(open: () => Promise<AsyncIterable<unknown>>): Promise<Outcome> {
  let iterable: AsyncIterable<unknown>;
  try {
    iterable = await open();
  } catch (error) {
    return { error: errorView(error) };
  }
  return readAll(iterable);
}

// ---- OpenAI chat completions ----

const OPENAI_USAGE_FIELDS = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'prompt_tokens_details', 'completion_tokens_details'];

const openaiPlain: Driver = {
  name: 'openai chat.completions',
  provider: 'openai',
  stream: false,
  path: /chat\/completions/,
  cases: withForeign(
    fc
      .record({ usage: junkUsage(openaiCompletion().usage, OPENAI_USAGE_FIELDS), reason: junkReason('stop'), model: junkModel('gpt-4o-mini-2024-07-18'), status: fc.constantFrom(200, 200, 200, 500) })
      .map(({ usage, reason, model, status }) => {
        const body = withField(withField(openaiCompletion(), 'usage', usage), 'model', model);
        body.choices[0] = withField(body.choices[0], 'finish_reason', reason);
        return { canned: json(body, status), appAsksUsage: false };
      }),
  ),
  call: (url) => settle(() => new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })),
};

const openaiStream: Driver = {
  name: 'openai chat.completions stream',
  provider: 'openai',
  stream: true,
  path: /chat\/completions/,
  cases: withForeign(
    fc
      .record({
        appAsksUsage: fc.boolean(),
        usage: junkUsage(openaiCompletion().usage, OPENAI_USAGE_FIELDS),
        reason: junkReason('stop'),
        broken: breakage(fc.constantFrom(`data: ${JSON.stringify(openaiChunk({ content: 'late' }, null))}\n\n`, 'data: [DONE]\n\n', 'data: {"oops\n\n')),
      })
      .map(({ appAsksUsage, usage, reason, broken }) => {
        // Without include_usage the API sends no usage at all; with it, `usage: null` on every chunk and a last usage-only chunk.
        const extra = appAsksUsage ? { usage: null } : {};
        const chunks = [openaiChunk({ role: 'assistant', content: '' }, null, extra), openaiChunk({ content: 'Four' }, null, extra), openaiChunk({ content: '.' }, null, extra), openaiChunk({}, reason as string, extra)];
        if (appAsksUsage) chunks.push(openaiUsageChunk(usage));
        const text = sseText(chunks.map((c) => `data: ${toJsonText(c)}\n\n`), 'data: [DONE]\n\n', broken);
        return { canned: sse(text), appAsksUsage };
      }),
  ),
  call: (url, c) =>
    stream(() =>
      new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        ...(c.appAsksUsage ? { stream_options: { include_usage: true } } : {}),
      }),
    ),
};

// ---- Anthropic messages ----

const ANTHROPIC_USAGE_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'cache_creation', 'server_tool_use', 'service_tier'];
const anthropicClient = (url: string) => new Anthropic({ apiKey: 'k', baseURL: url, maxRetries: 0 });

const anthropicPlain: Driver = {
  name: 'anthropic messages',
  provider: 'anthropic',
  stream: false,
  path: /\/v1\/messages/,
  cases: withForeign(
    fc
      .record({ usage: junkUsage(anthropicMessage().usage, ANTHROPIC_USAGE_FIELDS), reason: junkReason('end_turn'), model: junkModel('claude-sonnet-4-5-20250929'), status: fc.constantFrom(200, 200, 200, 529) })
      .map(({ usage, reason, model, status }) => ({
        canned: json(withField(withField(withField(anthropicMessage(), 'usage', usage), 'stop_reason', reason), 'model', model), status),
        appAsksUsage: false,
      })),
  ),
  call: (url) => settle(() => anthropicClient(url).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })),
};

const anthropicFrame = (event: string, data: unknown) => `event: ${event}\ndata: ${toJsonText(data)}\n\n`;

const anthropicStream: Driver = {
  name: 'anthropic messages stream',
  provider: 'anthropic',
  stream: true,
  path: /\/v1\/messages/,
  cases: withForeign(
    fc
      .record({
        start: junkUsage(anthropicEvents()[0]![1].message.usage, ANTHROPIC_USAGE_FIELDS),
        delta: junkUsage({ output_tokens: 12 }, [...ANTHROPIC_USAGE_FIELDS, 'output_tokens_details']),
        reason: junkReason('end_turn'),
        broken: breakage(fc.constantFrom(anthropicFrame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'late' } }), anthropicFrame('message_stop', { type: 'message_stop' }))),
      })
      .map(({ start, delta, reason, broken }) => {
        const events = anthropicEvents();
        events[0]![1].message = withField(events[0]![1].message, 'usage', start);
        const last = events[6]![1];
        last.delta = withField(last.delta, 'stop_reason', reason);
        events[6]![1] = withField(last, 'usage', delta);
        const end = events.pop()!;
        const text = sseText(events.map(([e, d]) => anthropicFrame(e, d)), anthropicFrame(end[0], end[1]), broken);
        return { canned: sse(text), appAsksUsage: false };
      }),
  ),
  call: (url) => stream(() => anthropicClient(url).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], stream: true })),
};

// ---- Gemini, both SDKs ----

const GEMINI_USAGE_FIELDS = ['promptTokenCount', 'candidatesTokenCount', 'totalTokenCount', 'cachedContentTokenCount', 'thoughtsTokenCount', 'toolUsePromptTokenCount'];
const geminiUsage = { promptTokenCount: 9, candidatesTokenCount: 2, totalTokenCount: 11 };

const geminiPlainCases = withForeign(
  fc
    .record({ usage: junkUsage(geminiUsage, GEMINI_USAGE_FIELDS), reason: junkReason('STOP'), model: junkModel('gemini-2.5-flash'), status: fc.constantFrom(200, 200, 200, 503) })
    .map(({ usage, reason, model, status }) => {
      const body = withField(withField(geminiResponse(), 'usageMetadata', usage), 'modelVersion', model);
      body.candidates[0] = withField(body.candidates[0], 'finishReason', reason);
      return { canned: json(body, status), appAsksUsage: false };
    }),
);

const geminiStreamCases = withForeign(
  fc
    .record({
      usages: fc.array(junkUsage(geminiUsage, GEMINI_USAGE_FIELDS), { minLength: 3, maxLength: 3 }),
      reason: junkReason('STOP'),
      broken: breakage(fc.constant(`data: ${JSON.stringify(geminiResponse(' late', undefined))}\r\n\r\n`)),
    })
    .map(({ usages, reason, broken }) => {
      const chunks = ['Fo', 'ur', '.'].map((text, i) => {
        const chunk = withField(geminiResponse(text, undefined), 'usageMetadata', usages[i]);
        if (i === 2) chunk.candidates[0] = withField(chunk.candidates[0], 'finishReason', reason);
        return `data: ${toJsonText(chunk)}\r\n\r\n`;
      });
      return { canned: sse(sseText(chunks, undefined, broken)), appAsksUsage: false };
    }),
);

const genai = (url: string) => new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: url } });

const genaiPlain: Driver = {
  name: '@google/genai generateContent',
  provider: 'google',
  stream: false,
  path: /:generateContent/,
  cases: geminiPlainCases,
  call: (url) => settle(() => genai(url).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })),
};

const genaiStream: Driver = {
  name: '@google/genai generateContentStream',
  provider: 'google',
  stream: true,
  path: /:streamGenerateContent/,
  cases: geminiStreamCases,
  call: (url) => stream(() => genai(url).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })),
};

const generativeModel = (url: string) => new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: url });

const generativePlain: Driver = {
  name: '@google/generative-ai generateContent',
  provider: 'google',
  stream: false,
  path: /:generateContent/,
  cases: geminiPlainCases,
  call: (url) => settle(() => generativeModel(url).generateContent('hi')),
};

const generativeStream: Driver = {
  name: '@google/generative-ai generateContentStream',
  provider: 'google',
  stream: true,
  path: /:streamGenerateContent/,
  cases: geminiStreamCases,
  async call(url) {
    let result: { stream: AsyncIterable<unknown>; response: Promise<unknown> };
    try {
      result = await generativeModel(url).generateContentStream('hi');
    } catch (error) {
      return { error: errorView(error) };
    }
    const read = await readAll(result.stream);
    // The aggregate is read too, as apps do: it rejects when the stream failed.
    const after = await settle(() => result.response);
    return { ...read, after };
  },
};

export const DRIVERS: readonly Driver[] = [openaiPlain, openaiStream, anthropicPlain, anthropicStream, genaiPlain, genaiStream, generativePlain, generativeStream];

/** Whether the app saw a failure anywhere: the call event must then say `error`. */
export function failed(outcome: Outcome): boolean {
  if ('error' in outcome) return true;
  if ('items' in outcome) return outcome.end !== undefined || (outcome.after !== undefined && 'error' in (outcome.after as Outcome));
  return false;
}
