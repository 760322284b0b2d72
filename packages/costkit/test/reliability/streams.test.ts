import { afterAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { resolve } from 'node:path';
import costkit from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { collectGarbageUntil } from '../helpers/gc.js';
import { bundleApp, removeBundles, lastJsonLine, runNode } from './child.js';

afterAll(removeBundles);

/**
 * Streams end in many ways; each call has exactly one event, with the status
 * that says how it ended, and nothing costkit holds outlives the stream.
 */
const h = useHarness();
const messages = [{ role: 'user' as const, content: 'hi' }];
const stall = (afterEvents: number) => ({ 'x-mock-fault': `stall-stream=${afterEvents}` });

/** Opens a stream on each SDK, with the mock's fault in the headers; returns the async iterable and how to abort it. */
const SDKS = {
  openai: async (headers: Record<string, string>, signal?: AbortSignal) =>
    new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers, signal }),
  anthropic: async (headers: Record<string, string>, signal?: AbortSignal) =>
    new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages, stream: true }, { headers, signal }),
  genai: async (headers: Record<string, string>, signal?: AbortSignal) =>
    new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url, headers } }).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi', config: { abortSignal: signal } }),
  'generative-ai': async (headers: Record<string, string>, signal?: AbortSignal) =>
    (await new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url, customHeaders: headers }).generateContentStream('hi', { signal })).stream,
} satisfies Record<string, (headers: Record<string, string>, signal?: AbortSignal) => Promise<AsyncIterable<unknown>>>;
const names = Object.keys(SDKS) as (keyof typeof SDKS)[];

describe('streams, however they end: one event each', () => {
  it.each(names)('%s: the app aborts mid-stream (the server still sending): aborted, with the usage seen so far', async (name) => {
    const controller = new AbortController();
    const stream = await SDKS[name]({ ...stall(2), 'x-mock-output-tokens': '40' }, controller.signal);
    let read = 0;
    // Some SDKs end the loop quietly on the app's own abort, others throw: either is theirs to choose.
    await (async () => {
      for await (const _ of stream) {
        if (++read === 1) controller.abort();
      }
    })().catch(() => undefined);
    expect(read).toBeGreaterThanOrEqual(1);
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stream: true, status: 'aborted' });
    if (name === 'anthropic') expect(events[0]!.usage?.inputTokens).toBeGreaterThan(0);
  });

  it.each(names)('%s: the server resets the connection mid-stream: error, one event', async (name) => {
    const stream = await SDKS[name]({ 'x-mock-fault': 'truncate-stream=2', 'x-mock-output-tokens': '40' });
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toThrow();
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stream: true, status: 'error' });
  });

  it.each(['openai', 'anthropic'] as const)('%s: a consumer that reads one chunk and never finishes: aborted once it is dropped', async (name) => {
    await (async () => {
      const stream = await SDKS[name](stall(3));
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      // The app keeps neither the stream nor the iterator; the server keeps the connection open.
    })();
    await collectGarbageUntil(() => h.events());
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stream: true, status: 'aborted' });
  });

  it.each(['openai', 'anthropic'] as const)('%s: tee() read by two consumers at different speeds: both see the whole stream, one event', async (name) => {
    await costkit.shutdown();
    const plain = await SDKS[name]({ 'x-mock-output-tokens': '30' });
    const expected: unknown[] = [];
    for await (const item of plain) expected.push(strip(item));
    await h.start();

    const stream = (await SDKS[name]({ 'x-mock-output-tokens': '30' })) as AsyncIterable<unknown> & { tee(): [AsyncIterable<unknown>, AsyncIterable<unknown>] };
    const [fast, slow] = stream.tee();
    const read = async (branch: AsyncIterable<unknown>, pause: boolean) => {
      const items: unknown[] = [];
      for await (const item of branch) {
        items.push(strip(item));
        if (pause) await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return items;
    };
    const [a, b] = await Promise.all([read(fast, false), read(slow, true)]);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ stream: true, status: 'ok' });
    expect(events[0]!.usage?.outputTokens).toBe(30);
  });

  it('tee(): one branch leaves early, the other reads to the end: ok, one event, the usage whole', async () => {
    const stream = await SDKS.openai({ 'x-mock-output-tokens': '30' });
    const [early, full] = stream.tee();
    for await (const _ of early) break;
    for await (const _ of full);
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'ok', usage: { outputTokens: 30 } });
  });
});

describe('no leak', () => {
  it('10,000 streams aborted by the app: every one recorded as aborted, and costkit keeps nothing of them', async () => {
    const app = bundleApp(resolve(__dirname, 'fixtures/abort-leak-app.ts'));
    const result = await runNode(app, { execArgv: ['--expose-gc'], env: { STREAMS: '10000' }, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    const seen = lastJsonLine(result.stdout);
    expect(seen.statuses).toEqual({ aborted: 10_000 + seen.warmup });
    expect(seen.internalErrors).toBe(0);
    // The same streams ran first without costkit (the SDK's and V8's own warm-up); what 10,000 more
    // leave with costkit on is noise: a record kept per call would be megabytes.
    expect(seen.withCostkit).toBeLessThan(1.5 * 1024 * 1024);
  }, 150_000);
});

function strip(item: unknown): unknown {
  // Ids and OpenAI's per-chunk random padding differ between any two calls.
  const { id: _id, created: _created, obfuscation: _obfuscation, ...rest } = item as Record<string, unknown>;
  if (rest.message && typeof rest.message === 'object') rest.message = { ...(rest.message as object), id: undefined };
  return rest;
}
