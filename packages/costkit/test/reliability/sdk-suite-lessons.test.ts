import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { useHarness } from '../helpers/harness.js';

/**
 * What running the SDKs' own test suites with costkit patched in taught (see
 * docs/reliability.md): those suites subclass the client, replace its
 * transport methods and compare request options by deep equality. Each case
 * here is one of their patterns, against the mock provider.
 */
const h = useHarness();
const messages = [{ role: 'user' as const, content: 'hi' }];

/** A client that records what its resources hand to post(), as the openai-node suite's RecordingClient does. */
class RecordingClient extends OpenAI {
  readonly requests: { path: string; options: unknown; response: unknown }[] = [];
  override post<Rsp>(path: string, options?: Parameters<OpenAI['post']>[1]) {
    const response = super.post<Rsp>(path, options);
    this.requests.push({ path, options, response });
    return response;
  }
}

describe('patterns of the SDKs\' own suites', () => {
  it('a client subclass overriding post() gets the request options as the app passed them, deep-equal symbols included, and create() returns its APIPromise', async () => {
    const client = new RecordingClient({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const body = { input: 'hello', model: 'text-embedding-3-small', encoding_format: 'float' as const };
    const headers = { 'X-Custom': 'kept' };
    const options = { headers, timeout: 5000 };
    const promise = client.embeddings.create(body, options);
    const [call] = client.requests;
    expect(promise).toBe(call!.response);
    const sent = (await call!.options) as Record<PropertyKey, unknown>;
    // What the SDK itself adds (its auth marker) is all that differs from what the app passed.
    expect(sent).toEqual({ ...options, body, __security: { bearerAuth: true } });
    expect(Reflect.ownKeys(sent).filter((k) => typeof k === 'symbol')).toEqual([]);
    expect(sent.headers).toBe(headers);
    await promise;
    const [event] = await h.events();
    expect(event).toMatchObject({ operation: 'embeddings', status: 'ok' });
  });

  it('a client whose post() answers without the transport (a spied parser): the app gets that answer, and the next call is bound to its own request', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const canned = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 }).embeddings.create({ input: 'canned', model: 'text-embedding-3-small' });
    const post = client.post.bind(client);
    client.post = (() => canned) as typeof client.post;
    const result = await client.embeddings.create({ input: 'hello', model: 'text-embedding-3-small' });
    // The canned answer, decoded by the SDK as its own.
    expect(result.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(h.mock.exchanges.map((e) => (e.body as { input?: string }).input)).toEqual(['canned']);
    client.post = post;
    // The next request gets its own edits (stream usage), not a leftover of the call above.
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const chunk of stream) expect(chunk.choices.length).toBeGreaterThan(0);
    expect((h.mock.exchanges.at(-1)!.body as Record<string, unknown>).stream_options).toEqual({ include_usage: true });
    expect((h.mock.exchanges[0]!.body as Record<string, unknown>).stream_options).toBeUndefined();
    const events = await h.events();
    expect(events.map((e) => [e.operation, e.status])).toEqual([
      ['embeddings', 'ok'],
      ['embeddings', 'ok'],
      ['chat.completions', 'ok'],
    ]);
    expect(events.at(-1)!.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('a client built with its own fetch (the suites\' mock fetch): every attempt goes through it, counted once per call', async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push(String(input));
      return globalThis.fetch(input, init);
    };
    h.mock.fail({ type: 'status', status: 529 }, { times: 1 });
    const client = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 1, fetch });
    const message = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(seen).toHaveLength(2);
    const [event] = await h.events();
    expect(event).toMatchObject({ provider: 'anthropic', status: 'ok', attempts: 2 });
  });
});
