import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { GoogleGenerativeAI, type GenerativeModel } from '@google/generative-ai';
import costkit, { withTags, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { collectGarbageUntil } from '../helpers/gc.js';
import { expectedGeminiUsage as expectedUsage } from '../helpers/gemini-usage.js';

const h = useHarness({ init: { service: 'generative-ai-test' } });
let model: GenerativeModel;

beforeEach(() => {
  model = new GoogleGenerativeAI('test-key').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url });
});

const events = (): Promise<CallEvent[]> => h.sink.recorded();

type Raw = Record<string, any>;

const prompt = 'Write a haiku about code review.';
const withHeaders = (headers: Record<string, string>) => new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url, customHeaders: headers });

describe('GenerativeModel', () => {
  it('records generateContent with every usage field the server sent', async () => {
    const { response } = await withTags({ team: 'poetry' }, () => model.generateContent(prompt));
    expect(response.text()).toBeTruthy();
    const [event] = await events();
    const sent = h.mock.exchanges[0]!.usage as Raw;
    expect(event).toMatchObject({
      provider: 'google',
      operation: 'generateContent',
      model: 'gemini-2.5-flash',
      stream: false,
      status: 'ok',
      tags: { team: 'poetry' },
      attempts: 1,
      finishReason: 'stop',
    });
    expect(event!.usage).toEqual(expectedUsage(sent));
    expect(event!.usage).toEqual(expectedUsage(response.usageMetadata as Raw));
  });

  it('counts cached and thinking tokens by the normalization rules', async () => {
    const cachedModel = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'models/gemini-2.5-pro' }, { baseUrl: h.mock.url, customHeaders: { 'x-mock-cached-tokens': '5' } });
    await cachedModel.generateContent(prompt);
    const [event] = await events();
    const sent = h.mock.exchanges[0]!.usage as Raw;
    expect(event!.model).toBe('gemini-2.5-pro');
    expect(event!.usage).toEqual(expectedUsage(sent));
    expect(event!.usage!.cacheReadTokens).toBe(5);
    expect(event!.usage!.reasoningTokens).toBe(sent.thoughtsTokenCount);
    expect(sent.thoughtsTokenCount).toBeGreaterThan(0);
  });

  it('records generateContentStream read through stream: the last chunk usage, never a sum', async () => {
    const result = await model.generateContentStream(prompt);
    let chunks = 0;
    for await (const chunk of result.stream) {
      chunks++;
      expect(typeof chunk.text()).toBe('string');
    }
    const aggregate = await result.response;
    expect(chunks).toBeGreaterThan(1);
    const [event] = await events();
    const exchange = h.mock.exchanges[0]!;
    expect(event).toMatchObject({ stream: true, status: 'ok', finishReason: 'stop', attempts: 1 });
    expect(event!.usage).toEqual(expectedUsage(exchange.usage as Raw));
    expect(event!.usage).toEqual(expectedUsage(aggregate.usageMetadata as Raw));
    expect(event!.timeToFirstTokenMs).not.toBeNull();
  });

  it('records generateContentStream read only through response', async () => {
    const result = await model.generateContentStream(prompt);
    const aggregate = await result.response;
    const [event] = await events();
    expect(event).toMatchObject({ stream: true, status: 'ok', finishReason: 'stop' });
    expect(event!.usage).toEqual(expectedUsage(aggregate.usageMetadata as Raw));
    expect(event!.usage).toEqual(expectedUsage(h.mock.exchanges[0]!.usage as Raw));
  });

  it('records an early break as aborted, with the usage seen so far', async () => {
    const result = await withHeaders({ 'x-mock-output-tokens': '60' }).generateContentStream(prompt);
    let seen: Raw | undefined;
    for await (const chunk of result.stream) {
      seen = chunk.usageMetadata as Raw | undefined;
      break;
    }
    const [event] = await events();
    expect(event!.status).toBe('aborted');
    expect(event!.usage).toEqual(seen ? expectedUsage(seen) : null);
    await result.response.catch(() => undefined);
  });

  it('records an abort through requestOptions.signal as aborted', async () => {
    const controller = new AbortController();
    const result = await withHeaders({ 'x-mock-output-tokens': '80' }).generateContentStream(prompt, { signal: controller.signal });
    result.response.catch(() => undefined);
    await expect((async () => {
      let n = 0;
      for await (const _ of result.stream) if (++n === 1) controller.abort();
    })()).rejects.toThrow();
    const [event] = await events();
    expect(event!.status).toBe('aborted');
  });

  it('records countTokens with usage null, embedContent and batchEmbedContents as embedContent', async () => {
    const counted = await model.countTokens(prompt);
    expect(counted.totalTokens).toBeGreaterThan(0);
    const embedder = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'text-embedding-004' }, { baseUrl: h.mock.url });
    const one = await embedder.embedContent('hello');
    expect(one.embedding.values.length).toBeGreaterThan(0);
    const many = await embedder.batchEmbedContents({ requests: [{ content: { role: 'user', parts: [{ text: 'a' }] } }, { content: { role: 'user', parts: [{ text: 'b' }] } }] });
    expect(many.embeddings).toHaveLength(2);
    const recorded = await events();
    expect(recorded.map((e) => [e.operation, e.model, e.status])).toEqual([
      ['countTokens', 'gemini-2.5-flash', 'ok'],
      ['embedContent', 'text-embedding-004', 'ok'],
      ['embedContent', 'text-embedding-004', 'ok'],
    ]);
    expect(recorded[0]).toMatchObject({ usage: null, cost: null });
    for (const i of [1, 2]) {
      const sent = h.mock.exchanges[i]!.usage as Raw | null | undefined;
      if (sent) expect(recorded[i]!.usage?.inputTokens).toBe(sent.promptTokenCount);
      else expect(recorded[i]!.usage).toBeNull();
    }
  });
});

describe('a stream the app stops reading', () => {
  it('is finished as aborted once its generator is garbage', async () => {
    let response: Promise<unknown> | undefined;
    await (async () => {
      const result = await withHeaders({ 'x-mock-output-tokens': '30' }).generateContentStream(prompt);
      response = result.response;
      await result.stream.next();
    })();
    await response;
    await collectGarbageUntil(events);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'aborted', stream: true });
    expect(event!.usage).not.toBeNull();
  });
});

describe('ChatSession', () => {
  it('records sendMessage and sendMessageStream, which bypass the model methods, once each', async () => {
    const chat = model.startChat();
    const reply = await chat.sendMessage('Hello');
    expect(reply.response.text()).toBeTruthy();
    const streamed = await chat.sendMessageStream('And again');
    for await (const _ of streamed.stream) void _;
    await streamed.response;
    expect(await chat.getHistory()).toHaveLength(4);
    const recorded = await events();
    expect(recorded.map((e) => [e.operation, e.stream, e.status])).toEqual([
      ['generateContent', false, 'ok'],
      ['generateContent', true, 'ok'],
    ]);
    recorded.forEach((event, i) => expect(event.usage).toEqual(expectedUsage(h.mock.exchanges[i]!.usage as Raw)));
  });
});

describe('errors and patching', () => {
  it('reports the SDK own error unchanged; this SDK never retries, so attempts is 1', async () => {
    h.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 0 }, { times: 1 });
    const error = await model.generateContent(prompt).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(429);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'error', attempts: 1, usage: null });
    expect(event!.error?.status).toBe(429);
    expect(h.mock.exchanges.filter((e) => e.status === 429)).toHaveLength(1);
  });

  it('covers models created before init and the CommonJS build', async () => {
    await costkit.shutdown();
    const early = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url });
    await costkit.init({ exporters: [h.sink] });
    const Cjs = (createRequire(import.meta.url)('@google/generative-ai') as typeof import('@google/generative-ai')).GoogleGenerativeAI;
    expect(Cjs).not.toBe(GoogleGenerativeAI);
    const cjs = new Cjs('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url });
    await early.generateContent(prompt);
    await cjs.generateContent(prompt);
    await cjs.startChat().sendMessage(prompt);
    expect(await events()).toHaveLength(3);
  });

  it('shutdown restores the originals; instrument() takes a client, a model or a chat', async () => {
    const proto = Object.getPrototypeOf(model);
    const patched = proto.generateContent;
    await costkit.shutdown();
    expect(proto.generateContent).not.toBe(patched);
    await costkit.init({ exporters: [h.sink], instrument: { google: false } });
    await model.generateContent(prompt);
    expect(await events()).toHaveLength(0);
    const chat = model.startChat();
    expect(costkit.instrument(chat)).toBe(chat);
    await chat.sendMessage(prompt);
    await model.generateContent(prompt);
    expect(await events()).toHaveLength(1);
    costkit.instrument(new GoogleGenerativeAI('k'));
    await model.generateContent(prompt);
    expect(await events()).toHaveLength(2);
  });
});

vi.setConfig({ testTimeout: 20_000 });
