import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import Anthropic from '@anthropic-ai/sdk';
import { betaTool } from '@anthropic-ai/sdk/helpers/beta/json-schema';
import costkit, { withTags, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness({ init: { service: 'anthropic-test' } });
let client: Anthropic;

beforeEach(() => {
  client = new Anthropic({ apiKey: 'test-key', baseURL: h.mock.url, maxRetries: 2 });
});

const events = (): Promise<CallEvent[]> => h.sink.recorded();

type Raw = Record<string, any>;

/**
 * The usage the server sent: the Message's block, or for a stream its
 * message_start block with each field of the later message_delta block
 * replacing the earlier value (the contract's stream rule).
 */
function sent(exchange: { usage: unknown; usageBlocks: readonly unknown[]; stream: boolean }): Raw {
  if (!exchange.stream) return exchange.usage as Raw;
  const merged: Raw = {};
  for (const block of exchange.usageBlocks as Raw[]) {
    for (const [key, value] of Object.entries(block)) if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged;
}

/** The contract's Anthropic rule, applied to the usage block the server sent. */
function expectedUsage(sent: Raw) {
  const read = sent.cache_read_input_tokens ?? 0;
  const write = sent.cache_creation_input_tokens ?? 0;
  const input = sent.input_tokens + read + write;
  const usage: Raw = {
    inputTokens: input,
    outputTokens: sent.output_tokens,
    cacheReadTokens: read,
    cacheWriteTokens: write,
    reasoningTokens: sent.output_tokens_details?.thinking_tokens ?? 0,
    totalTokens: input + sent.output_tokens,
  };
  if (sent.cache_creation) usage.cacheWrite1hTokens = sent.cache_creation.ephemeral_1h_input_tokens ?? 0;
  if (typeof sent.server_tool_use?.web_search_requests === 'number') usage.webSearchRequests = sent.server_tool_use.web_search_requests;
  return usage;
}

const messages = [{ role: 'user' as const, content: 'Summarize the incident report in two sentences.' }];
const base = { model: 'claude-sonnet-4-6', max_tokens: 512, messages };

describe('messages.create', () => {
  it('records one event whose every usage field equals what the server sent', async () => {
    const message = await withTags({ team: 'support', feature: 'summarize' }, () => client.messages.create(base));
    expect(message.content[0]?.type).toBe('text');
    const [event] = await events();
    const exchange = h.mock.exchanges[0]!;
    expect(event).toMatchObject({
      provider: 'anthropic',
      operation: 'messages',
      model: 'claude-sonnet-4-6',
      responseModel: message.model,
      stream: false,
      status: 'ok',
      error: null,
      tags: { team: 'support', feature: 'summarize' },
      tagged: true,
      attempts: 1,
      finishReason: 'stop',
      requestId: message._request_id,
      timeToFirstTokenMs: null,
    });
    expect(event!.requestId).toBeTruthy();
    expect(event!.usage).toEqual(expectedUsage(sent(exchange)));
    expect(event!.usage).toEqual(expectedUsage(message.usage as Raw));
  });

  it('adds cache reads and writes to the input, and keeps the 1-hour writes apart', async () => {
    // The mock caches the prompt prefix up to the last cache_control block: the
    // first request writes it (here with the 1-hour TTL), the second reads it.
    const system = [{ type: 'text' as const, text: `Style guide ${Date.now()}: ${'Prefer short sentences. '.repeat(40)}`, cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }];
    const write = await client.messages.create({ ...base, system });
    const read = await client.messages.create({ ...base, system });
    const [written, hit] = await events();
    const writeSent = sent(h.mock.exchanges[0]!);
    const readSent = sent(h.mock.exchanges[1]!);
    expect(writeSent.cache_creation.ephemeral_1h_input_tokens).toBeGreaterThan(0);
    expect(readSent.cache_read_input_tokens).toBeGreaterThan(0);
    expect(written!.usage).toEqual(expectedUsage(writeSent));
    expect(written!.usage!.cacheWrite1hTokens).toBe(write.usage.cache_creation?.ephemeral_1h_input_tokens);
    expect(written!.usage!.cacheWriteTokens).toBe(writeSent.cache_creation_input_tokens);
    expect(hit!.usage).toEqual(expectedUsage(readSent));
    expect(hit!.usage!.cacheReadTokens).toBe(read.usage.cache_read_input_tokens);
    expect(hit!.usage!.inputTokens).toBe(readSent.input_tokens + readSent.cache_read_input_tokens + readSent.cache_creation_input_tokens);
  });

  it('counts a cache read the server reports (x-mock-cached-tokens)', async () => {
    await client.messages.create(base, { headers: { 'x-mock-cached-tokens': '8' } });
    const [event] = await events();
    const usage = sent(h.mock.exchanges[0]!);
    expect(usage.cache_read_input_tokens).toBe(8);
    expect(event!.usage).toEqual(expectedUsage(usage));
    expect(event!.usage!.inputTokens).toBe(usage.input_tokens + 8 + usage.cache_creation_input_tokens);
  });

  it('reports thinking tokens and web searches when the server sends them', async () => {
    await client.messages.create({ ...base, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [{ type: 'web_search_20250305', name: 'web_search' }] as any });
    const [event] = await events();
    const usage = sent(h.mock.exchanges[0]!);
    expect(event!.usage).toEqual(expectedUsage(usage));
    if (usage.server_tool_use) expect(event!.usage!.webSearchRequests).toBe(usage.server_tool_use.web_search_requests);
  });

  it('normalizes max_tokens to length', async () => {
    await client.messages.create({ ...base, max_tokens: 3 }, { headers: { 'x-mock-output-tokens': '40' } });
    const [event] = await events();
    expect(event!.finishReason).toBe('length');
  });

  it('keeps withResponse(), asResponse() and _request_id working', async () => {
    const { data, response, request_id } = await client.messages.create(base).withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toBeTruthy();
    expect((data as { _request_id?: string | null })._request_id).toBe(request_id);
    const raw = await client.messages.create(base).asResponse();
    const body = (await raw.json()) as Raw;
    // asResponse() alone: costkit reads a clone of the body, alongside the app.
    await vi.waitFor(async () => expect(await events()).toHaveLength(2));
    const [viaWith, viaRaw] = await events();
    expect(viaWith!.requestId).toBe(request_id);
    expect(viaWith!.usage).toEqual(expectedUsage(data.usage as Raw));
    expect(viaRaw!.usage).toEqual(expectedUsage(body.usage));
    expect(viaRaw!.requestId).toBe(raw.headers.get('request-id'));
  });

  it('records messages.parse once', async () => {
    const parse = (client.messages as any).parse;
    if (typeof parse !== 'function') return;
    const parsed = await client.messages.parse(base);
    expect(parsed.content.length).toBeGreaterThan(0);
    const recorded = await events();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ operation: 'messages', stream: false, status: 'ok' });
    expect(recorded[0]!.usage).toEqual(expectedUsage(sent(h.mock.exchanges[0]!)));
  });
});

describe('streams', () => {
  it('combines message_start and message_delta usage, with no buffering', async () => {
    const stream = await client.messages.create({ ...base, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    const [event] = await events();
    const exchange = h.mock.exchanges[0]!;
    expect(event).toMatchObject({ stream: true, status: 'ok', finishReason: 'stop', attempts: 1 });
    expect(event!.usage).toEqual(expectedUsage(sent(exchange)));
    expect(event!.requestId).toBe(stream._request_id ?? event!.requestId);
    expect(event!.timeToFirstTokenMs).not.toBeNull();
    expect(event!.timeToFirstTokenMs!).toBeLessThanOrEqual(event!.latencyMs);
  });

  it('takes the latest value of each field when message_delta repeats cumulative counts, never a sum', async () => {
    const stream = await client.messages.create({ ...base, stream: true }, { headers: { 'x-mock-anthropic-cumulative-delta': '1', 'x-mock-cached-tokens': '8' } });
    for await (const _ of stream) void _;
    const [event] = await events();
    const exchange = h.mock.exchanges[0]!;
    const blocks = (exchange.usageBlocks ?? []) as Raw[];
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks.at(-1)!.input_tokens).toBe(blocks[0]!.input_tokens);
    expect(event!.usage).toEqual(expectedUsage(sent(exchange)));
    expect(event!.usage!.cacheReadTokens).toBe(8);
    expect(event!.usage!.inputTokens).toBe(blocks[0]!.input_tokens + 8 + (blocks[0]!.cache_creation_input_tokens ?? 0));
  });

  it('keeps tee(), toReadableStream() and controller working', async () => {
    const stream = await client.messages.create({ ...base, stream: true });
    expect(stream.controller).toBeInstanceOf(AbortController);
    const [left, right] = stream.tee();
    const read = async (s: AsyncIterable<any>) => {
      let text = '';
      for await (const e of s) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
      return text;
    };
    const [a, b] = await Promise.all([read(left), read(right)]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(0);

    const readable = (await client.messages.create({ ...base, stream: true })).toReadableStream();
    const reader = readable.getReader();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    expect(bytes).toBeGreaterThan(0);

    const recorded = await events();
    expect(recorded).toHaveLength(2);
    recorded.forEach((event, i) => expect(event.usage).toEqual(expectedUsage(sent(h.mock.exchanges[i]!))));
  });

  it('records an early break as aborted, with the usage seen so far', async () => {
    const stream = await client.messages.create({ ...base, stream: true }, { headers: { 'x-mock-output-tokens': '60' } });
    let seen = 0;
    for await (const _ of stream) {
      if (++seen === 3) break;
    }
    const [event] = await events();
    const start = ((h.mock.exchanges[0]!.usageBlocks ?? []) as Raw[])[0]!;
    expect(event!.status).toBe('aborted');
    expect(event!.usage).toEqual(expectedUsage(start));
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it('records a stream cut mid-way as an error', async () => {
    const read = async () => {
      const stream = await client.messages.create({ ...base, stream: true }, { maxRetries: 0, headers: { 'x-mock-fault': 'truncate-stream=3', 'x-mock-output-tokens': '60' } });
      for await (const _ of stream) void _;
    };
    await expect(read()).rejects.toThrow();
    const [event] = await events();
    expect(event!.status).toBe('error');
  });
});

describe('the messages.stream() helper', () => {
  it('records events, on(text) and finalMessage() as one streamed call', async () => {
    const helper = client.messages.stream(base);
    let text = '';
    helper.on('text', (delta) => (text += delta));
    const final = await helper.finalMessage();
    expect(text.length).toBeGreaterThan(0);
    const [event] = await events();
    expect(event).toMatchObject({ operation: 'messages', stream: true, status: 'ok', finishReason: 'stop', responseModel: final.model });
    expect(event!.usage).toEqual(expectedUsage(final.usage as Raw));
    expect(event!.usage).toEqual(expectedUsage(sent(h.mock.exchanges[0]!)));
    expect(event!.requestId).toBe(helper.request_id ?? event!.requestId);
  });

  it('records for-await over the helper', async () => {
    const helper = client.messages.stream(base);
    const types: string[] = [];
    for await (const e of helper) types.push(e.type);
    expect(types).toContain('message_delta');
    const [event] = await events();
    expect(event!.usage).toEqual(expectedUsage(sent(h.mock.exchanges[0]!)));
  });

  it('records abort() as aborted', async () => {
    const helper = client.messages.stream(base, { headers: { 'x-mock-output-tokens': '80' } });
    let deltas = 0;
    helper.on('text', () => {
      if (++deltas === 2) helper.abort();
    });
    await expect(helper.finalMessage()).rejects.toThrow();
    const [event] = await events();
    expect(event!.status).toBe('aborted');
    expect(event!.usage?.inputTokens).toBeGreaterThan(0);
  });
});

describe('countTokens and beta.messages', () => {
  it('records messages.countTokens with usage and cost null', async () => {
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const [event] = await events();
    expect(event).toMatchObject({ operation: 'messages.countTokens', status: 'ok', usage: null, cost: null, attempts: 1, stream: false });
  });

  it('records beta.messages create, stream, stream(), parse and countTokens', async () => {
    await client.beta.messages.create(base);
    const stream = await client.beta.messages.create({ ...base, stream: true });
    for await (const _ of stream) void _;
    await client.beta.messages.stream(base).finalMessage();
    await client.beta.messages.parse(base);
    await client.beta.messages.countTokens({ model: 'claude-sonnet-4-6', messages });
    const recorded = await events();
    expect(recorded.map((e) => [e.operation, e.stream])).toEqual([
      ['messages', false],
      ['messages', true],
      ['messages', true],
      ['messages', false],
      ['messages.countTokens', false],
    ]);
    for (const i of [0, 1, 2, 3]) expect(recorded[i]!.usage).toEqual(expectedUsage(sent(h.mock.exchanges[i]!)));
    expect(recorded[4]!.usage).toBeNull();
  });
});

describe('SDK helpers and options', () => {
  it('records each round of the beta tool runner as one event', async () => {
    const tool = betaTool({ name: 'get_time', description: 'The time now', inputSchema: { type: 'object', properties: {} }, run: () => '12:00' });
    await client.beta.messages.toolRunner({ ...base, tools: [tool], tool_choice: { type: 'any' }, max_iterations: 2 });
    const recorded = await events();
    expect(h.mock.exchanges).toHaveLength(2);
    expect(recorded.map((e) => [e.operation, e.status])).toEqual([
      ['messages', 'ok'],
      ['messages', 'ok'],
    ]);
    expect(recorded[0]!.finishReason).toBe('tool_calls');
    recorded.forEach((event, i) => expect(event.usage).toEqual(expectedUsage(sent(h.mock.exchanges[i]!))));
  });

  it('records the same whether the SDK own OpenTelemetry spans are on or off', async () => {
    const untraced = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, openTelemetry: false } as any);
    await untraced.messages.create(base);
    const stream = await untraced.messages.create({ ...base, stream: true });
    for await (const _ of stream) void _;
    await untraced.messages.stream(base).finalMessage();
    const recorded = await events();
    expect(recorded.map((e) => [e.stream, e.status])).toEqual([
      [false, 'ok'],
      [true, 'ok'],
      [true, 'ok'],
    ]);
    recorded.forEach((event, i) => expect(event.usage).toEqual(expectedUsage(sent(h.mock.exchanges[i]!))));
  });
});

describe('retries and errors', () => {
  it('counts the SDK retries in attempts', async () => {
    h.mock.fail({ type: 'status', status: 529, retryAfterSeconds: 0 }, { times: 2 });
    await client.messages.create(base);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', attempts: 3 });
    expect(h.mock.exchanges.filter((e) => e.path.includes('/v1/messages'))).toHaveLength(3);
  });

  it('counts a connection reset as an attempt', async () => {
    h.mock.fail({ type: 'reset' }, { times: 1 });
    const stream = await client.messages.create({ ...base, stream: true });
    for await (const _ of stream) void _;
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', attempts: 2, stream: true });
  });

  it('throws the SDK own error, unchanged, and records it', async () => {
    h.mock.fail({ type: 'status', status: 500 }, { times: 10 });
    const error = await client.messages.create(base, { maxRetries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'error', attempts: 2, usage: null, cost: null });
    expect(event!.error).toMatchObject({ type: 'InternalServerError', status: 500 });
  });

  it('lets the SDK refuse a long non-streaming request with its own error, unchanged', async () => {
    const params = { ...base, max_tokens: 64_000 };
    await costkit.shutdown();
    let bare: unknown;
    try {
      await client.messages.create(params);
    } catch (e) {
      bare = e;
    }
    await costkit.init({ exporters: [h.sink] });
    let seen: unknown;
    try {
      await client.messages.create(params);
    } catch (e) {
      seen = e;
    }
    expect(bare).toBeInstanceOf(Anthropic.AnthropicError);
    expect(seen).toBeInstanceOf(Anthropic.AnthropicError);
    expect((seen as Error).constructor).toBe((bare as Error).constructor);
    expect((seen as Error).message).toBe((bare as Error).message);
    expect(h.mock.exchanges).toHaveLength(0);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'error', attempts: 0, usage: null });
  });

  it('never writes the API key into an event', async () => {
    h.mock.fail({ type: 'status', status: 401 }, { times: 1 });
    const keyed = new Anthropic({ apiKey: 'sk-ant-api03-SECRETSECRETSECRET', baseURL: h.mock.url });
    await keyed.messages.create(base).catch(() => undefined);
    await events();
    expect(JSON.stringify(h.sink.events)).not.toContain('SECRETSECRET');
  });
});

describe('patching', () => {
  it('covers clients created before init and several clients', async () => {
    await costkit.shutdown();
    const early = new Anthropic({ apiKey: 'k', baseURL: h.mock.url });
    await costkit.init({ exporters: [h.sink] });
    const late = new Anthropic({ apiKey: 'k', baseURL: h.mock.url });
    await early.messages.create(base);
    await late.messages.create(base);
    await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages });
    expect((await events()).map((e) => e.operation)).toEqual(['messages', 'messages', 'messages.countTokens']);
  });

  it('patches the CommonJS build too (a separate copy of the classes)', async () => {
    const require = createRequire(import.meta.url);
    const Cjs = require('@anthropic-ai/sdk') as typeof Anthropic;
    expect(Cjs).not.toBe(Anthropic);
    const cjsClient = new Cjs({ apiKey: 'k', baseURL: h.mock.url });
    await cjsClient.messages.create(base);
    const [event] = await events();
    expect(event!.usage).toEqual(expectedUsage(sent(h.mock.exchanges[0]!)));
  });

  it('patches nothing twice on a second init, and shutdown restores the originals', async () => {
    const proto = Object.getPrototypeOf(client.messages);
    const patched = proto.create;
    await costkit.init({ exporters: [h.sink] });
    expect(proto.create).toBe(patched);
    await client.messages.create(base);
    expect(await events()).toHaveLength(1);
    await costkit.shutdown();
    expect(proto.create).not.toBe(patched);
    await client.messages.create(base);
    expect(h.sink.calls()).toHaveLength(1);
  });

  it('instrument(client) records the same events when module patching is off', async () => {
    await costkit.shutdown();
    await costkit.init({ exporters: [h.sink], instrument: { anthropic: false } });
    const own = new Anthropic({ apiKey: 'k', baseURL: h.mock.url });
    await own.messages.create(base);
    expect(await events()).toHaveLength(0);
    expect(costkit.instrument(own)).toBe(own);
    await own.messages.create(base);
    const [event] = await events();
    expect(event).toMatchObject({ provider: 'anthropic', operation: 'messages', status: 'ok' });
  });
});

vi.setConfig({ testTimeout: 20_000 });
