import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { GoogleGenAI } from '@google/genai';
import costkit, { withTags, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { collectGarbageUntil } from '../helpers/gc.js';
import { expectedGeminiUsage as expectedUsage } from '../helpers/gemini-usage.js';

const h = useHarness({ init: { service: 'genai-test' } });
let ai: GoogleGenAI;

beforeEach(() => {
  ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: h.mock.url } });
});

const events = (): Promise<CallEvent[]> => h.sink.recorded();

type Raw = Record<string, any>;

const contents = 'Explain the difference between a mutex and a semaphore in one paragraph.';

describe('models.generateContent', () => {
  it('records one event whose every usage field equals what the server sent', async () => {
    const response = await withTags({ team: 'docs', feature: 'explain' }, () => ai.models.generateContent({ model: 'gemini-2.5-flash', contents }));
    expect(response.text).toBeTruthy();
    const [event] = await events();
    const sent = h.mock.exchanges[0]!.usage as Raw;
    expect(event).toMatchObject({
      provider: 'google',
      operation: 'generateContent',
      model: 'gemini-2.5-flash',
      stream: false,
      status: 'ok',
      error: null,
      tags: { team: 'docs', feature: 'explain' },
      tagged: true,
      attempts: 1,
      finishReason: 'stop',
      timeToFirstTokenMs: null,
    });
    expect(event!.usage).toEqual(expectedUsage(sent));
    expect(event!.usage).toEqual(expectedUsage(response.usageMetadata as Raw));
    expect(event!.usage!.totalTokens).toBe(sent.totalTokenCount);
    expect(event!.responseModel).toBe(response.modelVersion?.replace(/^models\//, '') ?? null);
  });

  it('counts cached and thinking tokens by the normalization rules', async () => {
    await ai.models.generateContent({ model: 'gemini-2.5-pro', contents }, );
    await ai.models.generateContent({ model: 'gemini-2.5-pro', contents, config: { httpOptions: { headers: { 'x-mock-cached-tokens': '6' } } } });
    const [thinking, cached] = await events();
    expect((h.mock.exchanges[0]!.usage as Raw).thoughtsTokenCount).toBeGreaterThan(0);
    expect(thinking!.usage).toEqual(expectedUsage(h.mock.exchanges[0]!.usage as Raw));
    expect(thinking!.usage!.reasoningTokens).toBe((h.mock.exchanges[0]!.usage as Raw).thoughtsTokenCount);
    const sent = h.mock.exchanges[1]!.usage as Raw;
    expect(sent.cachedContentTokenCount).toBe(6);
    expect(cached!.usage).toEqual(expectedUsage(sent));
    expect(cached!.usage!.cacheReadTokens).toBe(6);
  });

  it('normalizes models/ names', async () => {
    await ai.models.generateContent({ model: 'models/gemini-2.5-flash', contents });
    const [event] = await events();
    expect(event!.model).toBe('gemini-2.5-flash');
  });

  it('normalizes MAX_TOKENS to length', async () => {
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents, config: { maxOutputTokens: 3, httpOptions: { headers: { 'x-mock-output-tokens': '40' } } } });
    const [event] = await events();
    expect(event!.finishReason).toBe('length');
  });
});

describe('models.generateContentStream', () => {
  it('takes the last chunk cumulative usage, never a sum', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.text ?? '';
    }
    expect(chunks).toBeGreaterThan(1);
    expect(text.length).toBeGreaterThan(0);
    const [event] = await events();
    const exchange = h.mock.exchanges[0]!;
    expect(event).toMatchObject({ operation: 'generateContent', stream: true, status: 'ok', finishReason: 'stop', attempts: 1 });
    expect(event!.usage).toEqual(expectedUsage(exchange.usage as Raw));
    const blocks = (exchange.usageBlocks ?? []) as Raw[];
    if (blocks.length > 1) {
      const summed = blocks.reduce((n, b) => n + (b.promptTokenCount ?? 0), 0);
      expect(event!.usage!.inputTokens).not.toBe(summed);
    }
    expect(event!.timeToFirstTokenMs).not.toBeNull();
    expect(event!.timeToFirstTokenMs!).toBeLessThanOrEqual(event!.latencyMs);
  });

  it('gives the app the SDK own async generator', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents });
    expect(typeof stream[Symbol.asyncIterator]).toBe('function');
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    const first = await stream.next();
    expect(first.done).toBe(false);
    await stream.return(undefined);
    const [event] = await events();
    expect(event!.status).toBe('aborted');
  });

  it('records an early break as aborted, with the usage seen so far', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents, config: { httpOptions: { headers: { 'x-mock-output-tokens': '60' } } } });
    let seen: Raw | undefined;
    for await (const chunk of stream) {
      seen = chunk.usageMetadata as Raw;
      break;
    }
    const [event] = await events();
    expect(event!.status).toBe('aborted');
    expect(event!.usage).toEqual(seen ? expectedUsage(seen) : null);
  });

  it('records an abort through config.abortSignal as aborted', async () => {
    const controller = new AbortController();
    const stream = await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents,
      config: { abortSignal: controller.signal, httpOptions: { headers: { 'x-mock-output-tokens': '80' } } },
    });
    await expect((async () => {
      let n = 0;
      for await (const _ of stream) if (++n === 1) controller.abort();
    })()).rejects.toThrow();
    const [event] = await events();
    expect(event!.status).toBe('aborted');
  });
});

describe('a stream the app never reads to the end', () => {
  it('is finished as aborted once the generator is garbage', async () => {
    await (async () => {
      const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents });
      await stream.next();
    })();
    await collectGarbageUntil(events);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'aborted', stream: true });
    expect(event!.usage).not.toBeNull();
  });
});

describe('chats, embedContent and countTokens', () => {
  it('records chats send and sendStream once each', async () => {
    const chat = ai.chats.create({ model: 'gemini-2.5-flash' });
    const reply = await chat.sendMessage({ message: 'Hello' });
    expect(reply.text).toBeTruthy();
    const stream = await chat.sendMessageStream({ message: 'And again' });
    for await (const _ of stream) void _;
    expect(chat.getHistory(true).length).toBeGreaterThanOrEqual(4);
    const recorded = await events();
    expect(recorded.map((e) => [e.operation, e.stream, e.status])).toEqual([
      ['generateContent', false, 'ok'],
      ['generateContent', true, 'ok'],
    ]);
    recorded.forEach((event, i) => expect(event.usage).toEqual(expectedUsage(h.mock.exchanges[i]!.usage as Raw)));
  });

  it('records embedContent as embedContent and countTokens with usage null', async () => {
    const embedded = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: ['a', 'b'] });
    expect(embedded.embeddings?.length).toBe(2);
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents });
    expect(counted.totalTokens).toBeGreaterThan(0);
    const [embed, count] = await events();
    expect(embed).toMatchObject({ operation: 'embedContent', model: 'gemini-embedding-001', status: 'ok', attempts: 1 });
    const sentEmbedUsage = h.mock.exchanges[0]!.usage as Raw | null | undefined;
    if (sentEmbedUsage) expect(embed!.usage?.inputTokens).toBe(sentEmbedUsage.promptTokenCount);
    else expect(embed!.usage).toBeNull();
    expect(count).toMatchObject({ operation: 'countTokens', status: 'ok', usage: null, cost: null });
  });
});

describe('retries and errors', () => {
  it('counts the SDK own retries (httpOptions.retryOptions) in attempts', async () => {
    const retrying = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url, retryOptions: { attempts: 4, initialDelay: 0, maxDelay: 0 } } });
    h.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 0 }, { times: 2 });
    await retrying.models.generateContent({ model: 'gemini-2.5-flash', contents });
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', attempts: 3 });
  });

  it('is one attempt when the SDK is not asked to retry, and reports its error unchanged', async () => {
    h.mock.fail({ type: 'status', status: 503 }, { times: 1 });
    const error = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents }).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(503);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'error', attempts: 1, usage: null, cost: null });
    expect(event!.error?.status).toBe(503);
  });

  it('records a stream cut mid-way as an error', async () => {
    const read = async () => {
      const stream = await ai.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents,
        config: { automaticContinuation: false, httpOptions: { headers: { 'x-mock-fault': 'truncate-stream=2', 'x-mock-output-tokens': '60' } } } as any,
      });
      for await (const _ of stream) void _;
    };
    await expect(read()).rejects.toThrow();
    const [event] = await events();
    expect(event!.status).toBe('error');
  });
});

describe('automatic continuation (2.x+)', () => {
  // The SDK resumes from a continuationToken with a new request (a "hop") and
  // sums the hops' usageMetadata into what it returns: each hop is an attempt,
  // and the event's usage is that merged total (every hop is billed).
  const hop = (text: string, finish: string, token: string | undefined, usage: Raw) => ({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, finishReason: finish, ...(token ? { continuationToken: token } : {}) }],
    usageMetadata: usage,
    modelVersion: 'gemini-2.5-pro',
    responseId: `resp-${text.length}`,
  });
  const first = { promptTokenCount: 40, candidatesTokenCount: 300, thoughtsTokenCount: 120, totalTokenCount: 460 };
  const second = { promptTokenCount: 40, candidatesTokenCount: 90, thoughtsTokenCount: 10, totalTokenCount: 140, cachedContentTokenCount: 32 };
  const summed = { promptTokenCount: 80, candidatesTokenCount: 390, thoughtsTokenCount: 130, cachedContentTokenCount: 32 };

  it('generateContent: hops are attempts, usage is the merged total', async () => {
    const path = '/models/gemini-2.5-pro:generateContent';
    h.mock.enqueue({ json: hop('Part one.', 'CONTINUATION', 'ct-1', first) }, { path });
    h.mock.enqueue({ json: hop('Part two.', 'STOP', undefined, second) }, { path });
    const response = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents });
    expect(h.mock.exchanges).toHaveLength(2);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', attempts: 2, finishReason: 'stop' });
    expect(event!.usage).toEqual(expectedUsage(response.usageMetadata as Raw));
    expect(event!.usage).toEqual(expectedUsage(summed));
  });

  it('generateContentStream: hops are attempts, the last chunk carries the merged total', async () => {
    const path = '/models/gemini-2.5-pro:streamGenerateContent';
    const sse = (...chunks: object[]) => chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('');
    const checkpoint = { ...hop('Part one, ', 'CONTINUATION', 'ct-1', { promptTokenCount: 40, totalTokenCount: 40 }) };
    delete (checkpoint.candidates[0] as Raw).finishReason;
    h.mock.enqueue({ sse: sse(checkpoint, hop('still one.', 'CONTINUATION', 'ct-1', first)) }, { path });
    h.mock.enqueue({ sse: sse(hop('Part two.', 'STOP', undefined, second)) }, { path });
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-pro', contents });
    let last: Raw | undefined;
    for await (const chunk of stream) last = (chunk.usageMetadata as Raw | undefined) ?? last;
    expect(h.mock.exchanges).toHaveLength(2);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', stream: true, attempts: 2, finishReason: 'stop' });
    expect(event!.usage).toEqual(expectedUsage(last!));
    expect(event!.usage).toEqual(expectedUsage(summed));
  });
});

describe('patching', () => {
  it('covers clients created before init, several clients and the CommonJS build', async () => {
    await costkit.shutdown();
    const early = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    await costkit.init({ exporters: [h.sink] });
    const late = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    const Cjs = (createRequire(import.meta.url)('@google/genai') as typeof import('@google/genai')).GoogleGenAI;
    expect(Cjs).not.toBe(GoogleGenAI);
    const cjs = new Cjs({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    for (const c of [early, late, cjs]) await c.models.generateContent({ model: 'gemini-2.5-flash', contents });
    const recorded = await events();
    expect(recorded).toHaveLength(3);
    recorded.forEach((event, i) => expect(event.usage).toEqual(expectedUsage(h.mock.exchanges[i]!.usage as Raw)));
  });

  it('shutdown restores the originals; instrument(client) patches them back', async () => {
    const proto = Object.getPrototypeOf(ai.models);
    const patched = proto.generateContentInternal;
    await costkit.shutdown();
    expect(proto.generateContentInternal).not.toBe(patched);
    await costkit.init({ exporters: [h.sink], instrument: { google: false } });
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
    expect(await events()).toHaveLength(0);
    expect(costkit.instrument(ai)).toBe(ai);
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
    expect(await events()).toHaveLength(1);
  });
});

vi.setConfig({ testTimeout: 20_000 });
