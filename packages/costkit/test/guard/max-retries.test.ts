import { beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import OpenAIv4 from 'openai-v4';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import costkit, { guardEventSchema, type GuardEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// Made before init(): the patch is on the prototypes, so the cap must reach it too.
const h = useHarness({ init: { service: 'guard-test', guard: { maxRetries: 1 } } });
let openaiBeforeInit: OpenAI;
let anthropicBeforeInit: Anthropic;

const messages = [{ role: 'user' as const, content: 'hi' }];
// retry-after-ms 1: the SDKs retry at once, so a storm takes no time (openai
// 4.x and @anthropic-ai/sdk take 0 as "not said" and back off ~0.5 s).
const storm = (status = 429) => h.mock.fail({ type: 'status', status, retryAfterMs: 1 }, { times: 20 });

beforeAll(async () => {
  openaiBeforeInit = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 5 });
  anthropicBeforeInit = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 5 });
});

async function guardEvents(): Promise<GuardEvent[]> {
  await costkit.flush();
  return h.sink.events.filter((e): e is GuardEvent => e.schema === 'costkit.guard/1').map((e) => guardEventSchema.parse(e));
}

describe('guard.maxRetries: OpenAI', () => {
  it('caps a client made before init (maxRetries: 5) to 1 retry', async () => {
    storm();
    await expect(openaiBeforeInit.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(h.mock.exchanges).toHaveLength(2);
    // The app's client is untouched.
    expect(openaiBeforeInit.maxRetries).toBe(5);
    await costkit.flush();
    expect(h.sink.calls()[0]).toMatchObject({ attempts: 2, status: 'error' });
  });

  it('caps a client made after init, with the SDK default of 2 retries', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1` });
    storm(503);
    await expect(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect(h.mock.exchanges).toHaveLength(2);
  });

  it('caps a per-request maxRetries, and leaves one below the cap alone', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    storm();
    const options = { maxRetries: 10, headers: { 'x-app': 'kept' } };
    await expect(client.responses.create({ model: 'gpt-4o-mini', input: 'hi' }, options)).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
    expect(h.mock.exchanges[0]!.headers['x-app']).toBe('kept');
    // The app's options object is not modified.
    expect(options).toEqual({ maxRetries: 10, headers: { 'x-app': 'kept' } });

    h.mock.reset();
    storm();
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(1);
  });

  it('caps streams and openai 4.x clients too', async () => {
    storm();
    await expect(openaiBeforeInit.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);

    h.mock.reset();
    storm();
    const v4 = costkit.instrument(new OpenAIv4({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 4 }));
    await expect(v4.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
  });

  it('reports a clamp once per client and requested value, not once per call', async () => {
    storm();
    await openaiBeforeInit.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch(() => undefined);
    await openaiBeforeInit.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch(() => undefined);
    await openaiBeforeInit.chat.completions.create({ model: 'gpt-4o-mini', messages }, { maxRetries: 3 }).catch(() => undefined);
    const events = await guardEvents();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ guard: 'maxRetries', action: 'clamped', provider: 'openai', model: 'gpt-4o-mini', requested: 5, applied: 1 });
    expect(events[0]!.detail).toContain('init({ guard: { maxRetries: 1 } })');
    expect(events[1]).toMatchObject({ requested: 3, applied: 1 });
  });
});

describe('guard.maxRetries: Anthropic', () => {
  it('caps clients made before and after init, and per-request options', async () => {
    storm(529);
    await expect(anthropicBeforeInit.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
    expect(anthropicBeforeInit.maxRetries).toBe(5);

    h.mock.reset();
    storm(529);
    const after = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    await expect(after.messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages }, { maxRetries: 7 })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);

    h.mock.reset();
    storm(529);
    await expect(after.messages.countTokens({ model: 'claude-haiku-4-5', messages })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(1);
  });
});

describe('guard.maxRetries: @google/genai', () => {
  it('caps retryOptions set on the client (attempts 5 -> 2)', async () => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url, retryOptions: { attempts: 5, initialDelay: 0, maxDelay: 0 } } });
    storm();
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
    const events = await guardEvents();
    expect(events[0]).toMatchObject({ guard: 'maxRetries', provider: 'google', requested: 4, applied: 1 });
  });

  it('caps retryOptions set per request, keeping the app’s other settings', async () => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    storm(503);
    const config = { httpOptions: { retryOptions: { attempts: 9, initialDelay: 0, maxDelay: 0, httpStatusCodes: [503] } } };
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
    expect(config.httpOptions.retryOptions.attempts).toBe(9);

    // The app's httpStatusCodes were kept: a 429 is not in them, so it is not retried.
    h.mock.reset();
    storm(429);
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(1);
  });

  it('adds no retries to a client that had none', async () => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    storm();
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(1);
    expect(await guardEvents()).toEqual([]);
  });

  it('caps embedContent and streams the same way', async () => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url, retryOptions: { attempts: 4, initialDelay: 0, maxDelay: 0 } } });
    storm();
    await expect(ai.models.embedContent({ model: 'text-embedding-004', contents: 'hi' })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
    h.mock.reset();
    storm();
    await expect(ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(2);
  });
});

describe('guard.maxRetries: 0', () => {
  it('turns the SDKs’ own retries off', async () => {
    await costkit.init({ exporters: [h.sink], guard: { maxRetries: 0 } });
    storm();
    await expect(openaiBeforeInit.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toThrow();
    expect(h.mock.exchanges).toHaveLength(1);
  });
});
