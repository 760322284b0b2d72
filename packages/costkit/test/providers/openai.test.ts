import { beforeEach, describe, expect, it, vi } from 'vitest';
import OpenAI from 'openai';
import costkit, { withTags, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { collectGarbageUntil } from '../helpers/gc.js';

const h = useHarness({ init: { service: 'openai-test' } });
let client: OpenAI;

beforeEach(() => {
  client = new OpenAI({ apiKey: 'test-key', baseURL: `${h.mock.url}/v1`, maxRetries: 2 });
});

const events = (): Promise<CallEvent[]> => h.sink.recorded();

const messages = [{ role: 'user' as const, content: 'Summarize the quarterly report in one line.' }];

describe('chat.completions.create', () => {
  it('records one event whose usage equals what the server sent', async () => {
    const result = await withTags({ team: 'search', feature: 'summarize' }, () =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expect(result.choices[0]?.message.content).toBeTruthy();
    const [event] = await events();
    const sent = h.mock.exchanges[0]!.usage as any;
    expect(event).toMatchObject({
      provider: 'openai',
      operation: 'chat.completions',
      model: 'gpt-4o-mini',
      responseModel: result.model,
      stream: false,
      status: 'ok',
      error: null,
      tags: { team: 'search', feature: 'summarize' },
      tagged: true,
      attempts: 1,
      finishReason: 'stop',
      requestId: h.mock.exchanges[0]!.headers && (result as any)._request_id,
      timeToFirstTokenMs: null,
    });
    expect(event!.usage).toEqual({
      inputTokens: sent.prompt_tokens,
      outputTokens: sent.completion_tokens,
      cacheReadTokens: sent.prompt_tokens_details?.cached_tokens ?? 0,
      cacheWriteTokens: 0,
      reasoningTokens: sent.completion_tokens_details?.reasoning_tokens ?? 0,
      totalTokens: sent.total_tokens,
    });
    expect(event!.cost?.total).toBeGreaterThan(0);
    expect(event!.requestId).toMatch(/^req_/);
  });

  it('counts cached and reasoning tokens as subsets', async () => {
    await client.chat.completions.create({ model: 'o4-mini', messages }, { headers: { 'x-mock-cached-tokens': '8' } });
    const [event] = await events();
    const sent = h.mock.exchanges[0]!.usage as any;
    expect(sent.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(event!.usage).toMatchObject({
      inputTokens: sent.prompt_tokens,
      cacheReadTokens: 8,
      outputTokens: sent.completion_tokens,
      reasoningTokens: sent.completion_tokens_details.reasoning_tokens,
    });
  });

  it('keeps withResponse(), asResponse() and _request_id working', async () => {
    const { data, response, request_id } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_/);
    expect((data as any)._request_id).toBe(request_id);

    const raw = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse();
    const body = await raw.json();
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);

    const [viaWith, viaRaw] = await events();
    expect(viaWith!.requestId).toBe(request_id);
    expect(viaWith!.usage?.inputTokens).toBe(body.usage.prompt_tokens);
    expect(viaRaw!.usage?.inputTokens).toBe(body.usage.prompt_tokens);
    expect(viaRaw!.status).toBe('ok');
  });

  it('marks a response cut by the output cap as finishReason length', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 2 }, { headers: { 'x-mock-output-tokens': '50' } });
    const [event] = await events();
    expect(event!.finishReason).toBe('length');
  });
});

describe('chat.completions streams', () => {
  it('asks for usage, hides the usage-only chunk, and records the usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks: any[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    // An app that reads choices[0] on every chunk must not crash.
    for (const chunk of chunks) {
      expect(chunk.choices[0]).toBeDefined();
      expect('usage' in chunk).toBe(false);
    }
    expect((h.mock.exchanges[0]!.body as any).stream_options).toEqual({ include_usage: true });
    const [event] = await events();
    const sent = h.mock.exchanges[0]!.usage as any;
    expect(event).toMatchObject({ stream: true, status: 'ok', finishReason: 'stop' });
    expect(event!.usage?.inputTokens).toBe(sent.prompt_tokens);
    expect(event!.usage?.outputTokens).toBe(sent.completion_tokens);
    expect(event!.timeToFirstTokenMs).not.toBeNull();
    expect(event!.timeToFirstTokenMs!).toBeLessThanOrEqual(event!.latencyMs);
  });

  it('leaves the usage chunk in place when the app asked for it', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    const chunks: any[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.prompt_tokens).toBeGreaterThan(0);
    const [event] = await events();
    expect(event!.usage?.inputTokens).toBe(last.usage.prompt_tokens);
  });

  it('does not inject when injectStreamUsage is off: usage is null, never a guess', async () => {
    await costkit.init({ exporters: [h.sink], openai: { injectStreamUsage: false } });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream) void _;
    expect((h.mock.exchanges[0]!.body as any).stream_options).toBeUndefined();
    const [event] = await events();
    expect(event!.usage).toBeNull();
    expect(event!.cost).toBeNull();
  });

  it('keeps tee() and toReadableStream() working', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const [left, right] = stream.tee();
    const read = async (s: AsyncIterable<any>) => {
      const out: string[] = [];
      for await (const c of s) out.push(c.choices[0]?.delta?.content ?? '');
      return out.join('');
    };
    const [a, b] = await Promise.all([read(left), read(right)]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(0);

    const readable = (await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })).toReadableStream();
    const reader = readable.getReader();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    expect(bytes).toBeGreaterThan(0);

    const recorded = await events();
    expect(recorded).toHaveLength(2);
    expect(recorded.every((e) => e.status === 'ok' && e.usage !== null)).toBe(true);
  });

  it('records status aborted when the app breaks out early', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-mock-output-tokens': '40' } });
    let seen = 0;
    for await (const _ of stream) {
      if (++seen === 2) break;
    }
    const [event] = await events();
    expect(event!.status).toBe('aborted');
    expect(event!.responseModel).toBeTruthy();
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it('records status aborted when the app aborts through the controller', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-mock-output-tokens': '40' } });
    let seen = 0;
    try {
      for await (const _ of stream) {
        if (++seen === 2) stream.controller.abort();
      }
    } catch {
      // older SDKs throw an abort error here; either way the event says aborted
    }
    const [event] = await events();
    expect(event!.status).toBe('aborted');
  });

  it('still records a stream the app never reads, once it is garbage-collected', async () => {
    await (async () => {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    })();
    await collectGarbageUntil(events);
    const [event] = await events();
    expect(event).toMatchObject({ stream: true, status: 'aborted' });
  });

  it('records status error when the stream is cut mid-way', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { headers: { 'x-mock-fault': 'truncate-stream=2', 'x-mock-output-tokens': '40' } });
    await expect((async () => {
      for await (const _ of stream) void _;
    })()).rejects.toThrow();
    const [event] = await events();
    expect(event!.status).toBe('error');
  });
});

describe('helpers and other operations', () => {
  it('records chat.completions.parse, .stream() and runTools() through create', async () => {
    const parsed = await client.chat.completions.parse({ model: 'gpt-4o-mini', messages });
    expect(parsed.choices[0]).toBeDefined();
    const helper = client.chat.completions.stream({ model: 'gpt-4o-mini', messages });
    const final = await helper.finalChatCompletion();
    expect(final.choices[0]?.message).toBeDefined();
    const runner = client.chat.completions.runTools({ model: 'gpt-4o-mini', messages, tools: [] as any });
    await runner.finalContent();
    const recorded = await events();
    expect(recorded.map((e) => [e.operation, e.stream])).toEqual([
      ['chat.completions', false],
      ['chat.completions', true],
      ['chat.completions', false],
    ]);
    expect(recorded[1]!.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('records responses.create, plain and streamed, and responses.stream()', async () => {
    const plain = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hi' });
    expect(plain.output_text).toBeTruthy();
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hi', stream: true });
    for await (const _ of stream) void _;
    const helper = client.responses.stream({ model: 'gpt-4o-mini', input: 'Say hi' });
    await helper.finalResponse();
    const recorded = await events();
    expect(recorded).toHaveLength(3);
    recorded.forEach((event, i) => {
      const sent = h.mock.exchanges[i]!.usage as any;
      expect(event.operation).toBe('responses');
      expect(event.usage).toMatchObject({ inputTokens: sent.input_tokens, outputTokens: sent.output_tokens });
      expect(event.finishReason).toBe('stop');
    });
    expect(recorded[1]!.timeToFirstTokenMs).not.toBeNull();
  });

  it('records legacy completions and embeddings', async () => {
    await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' });
    const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi', stream: true });
    for await (const chunk of stream) expect(chunk.choices[0]).toBeDefined();
    await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    const recorded = await events();
    expect(recorded.map((e) => e.operation)).toEqual(['completions', 'completions', 'embeddings']);
    expect(recorded[1]!.usage?.inputTokens).toBe((h.mock.exchanges[1]!.usage as any).prompt_tokens);
    expect(recorded[2]!.usage).toMatchObject({ inputTokens: (h.mock.exchanges[2]!.usage as any).prompt_tokens, outputTokens: 0 });
  });
});

describe('retries and errors', () => {
  it('counts the SDK retries in attempts', async () => {
    h.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 0 }, { times: 2 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', attempts: 3 });
    expect(h.mock.exchanges).toHaveLength(3);
  });

  it('counts a connection reset as an attempt', async () => {
    h.mock.fail({ type: 'reset' }, { times: 1 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const [event] = await events();
    expect(event).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('throws the SDK own error, unchanged, and records it', async () => {
    h.mock.fail({ type: 'status', status: 500 }, { times: 10 });
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }, { maxRetries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(500);
    const [event] = await events();
    expect(event).toMatchObject({ status: 'error', attempts: 2, usage: null, cost: null });
    expect(event!.error).toMatchObject({ type: 'InternalServerError', status: 500 });
  });

  it('never writes the API key into an event', async () => {
    h.mock.fail({ type: 'status', status: 401 }, { times: 1 });
    const keyed = new OpenAI({ apiKey: 'sk-proj-SECRETSECRETSECRET', baseURL: `${h.mock.url}/v1` });
    await keyed.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch(() => undefined);
    await events();
    expect(JSON.stringify(h.sink.events)).not.toContain('SECRETSECRET');
  });
});

describe('patching', () => {
  it('covers clients created before init and several clients', async () => {
    await costkit.shutdown();
    const early = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1` });
    await costkit.init({ exporters: [h.sink] });
    const late = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1` });
    await early.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await late.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(await events()).toHaveLength(2);
  });

  it('patches nothing twice when init is called again, and shutdown restores the originals', async () => {
    const proto = Object.getPrototypeOf(client.chat.completions);
    const patched = proto.create;
    await costkit.init({ exporters: [h.sink] });
    expect(proto.create).toBe(patched);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(await events()).toHaveLength(1);
    await costkit.shutdown();
    expect(proto.create).not.toBe(patched);
    expect(proto.create.toString()).not.toContain('callInstrumented');
  });

  it('warns once and prices nothing for an unknown model', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    await client.chat.completions.create({ model: 'acme-llm-1', messages });
    await client.chat.completions.create({ model: 'acme-llm-1', messages });
    const recorded = await events();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(recorded.map((e) => e.cost)).toEqual([null, null]);
    expect(recorded[0]!.usage).not.toBeNull();
    expect(warnings.filter((w) => w.includes('acme-llm-1'))).toHaveLength(1);
    expect(costkit.stats()?.unpricedCalls).toBe(2);
  });
});

vi.setConfig({ testTimeout: 20_000 });
