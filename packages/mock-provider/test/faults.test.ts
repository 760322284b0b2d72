import { describe, expect, it } from 'vitest';
import { parseSse } from '../src/index.js';
import { json, post, readAll, useMock } from './helpers.js';

const ctx = useMock();
const chatBody = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const chat = (headers?: Record<string, string>, body: object = chatBody) => post(`${ctx.mock.url}/v1/chat/completions`, body, headers);
const claude = (headers?: Record<string, string>, body: object = {}) => post(`${ctx.mock.url}/v1/messages`, { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...body }, headers);
const gemini = (method = 'generateContent', headers?: Record<string, string>) =>
  post(`${ctx.mock.url}/v1beta/models/gemini-2.5-flash:${method}`, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, headers);

describe('status faults', () => {
  it('fail the next `times` matching requests with the OpenAI error body and Retry-After headers, then answer again', async () => {
    ctx.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 2, retryAfterMs: 1500 }, { times: 2 });
    const first = await chat();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('retry-after-ms')).toBe('1500');
    expect(first.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await first.json()).toEqual({ error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    expect((await chat()).status).toBe(429);
    expect((await chat()).status).toBe(200);
    expect(ctx.mock.exchanges.map((e) => [e.status, e.fault?.type ?? null, e.usage === null])).toEqual([
      [429, 'status', true],
      [429, 'status', true],
      [200, null, false],
    ]);
    const server = await chat({ 'x-mock-fault': 'status=500' });
    expect((await server.json()).error.type).toBe('server_error');
  });

  it('shape Anthropic errors by status: rate_limit_error, overloaded_error (529), api_error (500)', async () => {
    ctx.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 1 });
    const limited = await claude();
    expect(limited.headers.get('retry-after')).toBe('1');
    const body = await limited.json();
    expect(body).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.any(String) }, request_id: limited.headers.get('request-id') });
    ctx.mock.fail({ type: 'status', status: 529 });
    expect((await json(claude())).error.type).toBe('overloaded_error');
    ctx.mock.fail({ type: 'status', status: 500 });
    expect((await json(claude())).error.type).toBe('api_error');
  });

  it('shape Gemini errors as google.rpc.Status, the retry delay as RetryInfo in the body', async () => {
    ctx.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 3 });
    const res = await gemini();
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await res.json()).toEqual({
      error: { code: 429, message: expect.any(String), status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }] },
    });
    ctx.mock.fail({ type: 'status', status: 503, retryAfterMs: 250 });
    expect((await json(gemini())).error).toMatchObject({ code: 503, status: 'UNAVAILABLE', details: [{ retryDelay: '0.25s' }] });
    ctx.mock.fail({ type: 'status', status: 500 });
    expect((await json(gemini())).error).toEqual({ code: 500, message: expect.any(String), status: 'INTERNAL' });
  });

  it('apply only to paths that match a substring or a pattern', async () => {
    ctx.mock.fail({ type: 'status', status: 503 }, { path: '/v1/messages', times: 1 });
    ctx.mock.fail({ type: 'status', status: 500 }, { path: /:streamGenerateContent$/, times: 1 });
    expect((await chat()).status).toBe(200);
    expect((await gemini()).status).toBe(200);
    expect((await gemini('streamGenerateContent?alt=sse')).status).toBe(500);
    expect((await claude()).status).toBe(503);
    expect((await claude()).status).toBe(200);
  });

  it('rejects a fault it could not act on when it is queued', () => {
    expect(() => ctx.mock.fail({ type: 'status', status: 200 })).toThrow(TypeError);
    expect(() => ctx.mock.fail({ type: 'truncateStream', afterEvents: -1 })).toThrow(TypeError);
  });
});

describe('reset', () => {
  it('destroys the socket before any response byte, and the next request is answered', async () => {
    ctx.mock.fail({ type: 'reset' });
    await expect(chat()).rejects.toThrow();
    expect(ctx.mock.exchanges[0]).toMatchObject({ status: 0, fault: { type: 'reset' }, usage: null });
    expect((await chat()).status).toBe(200);
  });
});

describe('slowFirstByte', () => {
  it('holds the status line back, then answers normally: a later request overtakes it', async () => {
    ctx.mock.fail({ type: 'slowFirstByte', delayMs: 150 });
    const order: string[] = [];
    const slow = chat().then(async (res) => order.push(`slow ${res.status} ${(await res.json()).object}`));
    // Sent once the slow one is recorded, so the fault cannot go to this one instead.
    while (ctx.mock.exchanges.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const fast = chat().then((res) => order.push(`fast ${res.status}`));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast 200', 'slow 200 chat.completion']);
    expect(ctx.mock.exchanges[0]!.fault).toEqual({ type: 'slowFirstByte', delayMs: 150 });
  });
});

describe('truncateStream', () => {
  it('sends N events, then drops the connection without the terminator', async () => {
    const res = await chat({ 'x-mock-fault': 'truncate-stream=3' }, { ...chatBody, stream: true });
    expect(res.status).toBe(200);
    const { text, error } = await readAll(res);
    expect(error).toBeDefined();
    expect(parseSse(text)).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
  });

  it('records only the usage blocks that went out', async () => {
    ctx.mock.fail({ type: 'truncateStream', afterEvents: 2 });
    const { text, error } = await readAll(await gemini('streamGenerateContent?alt=sse', { 'x-mock-output-tokens': '30' }));
    expect(error).toBeDefined();
    const sent = parseSse(text) as any[];
    expect(sent).toHaveLength(2);
    expect(ctx.mock.exchanges[0]!.usageBlocks).toEqual(sent.map((c) => c.usageMetadata));
    expect(ctx.mock.exchanges[0]!.usage).toEqual(sent[1].usageMetadata);

    const cut = await readAll(await claude({ 'x-mock-fault': 'truncate-stream=1' }, { stream: true }));
    expect(cut.error).toBeDefined();
    const start = (parseSse(cut.text) as any[])[0];
    expect(start.type).toBe('message_start');
    expect(ctx.mock.exchanges[1]!.usageBlocks).toEqual([start.message.usage]);
  });

  it('with 0 events sends only the headers; a plain JSON answer is not cut', async () => {
    const res = await chat({ 'x-mock-fault': 'truncate-stream=0' }, { ...chatBody, stream: true });
    expect(res.status).toBe(200);
    const { text, error } = await readAll(res);
    expect([text, error !== undefined]).toEqual(['', true]);
    expect((await json(chat({ 'x-mock-fault': 'truncate-stream=1' }))).object).toBe('chat.completion');
  });
});

describe('the x-mock-fault header', () => {
  it('applies to the one request that carries it', async () => {
    const limited = await chat({ 'x-mock-fault': 'status=429;retry-after=1;retry-after-ms=20' });
    expect([limited.status, limited.headers.get('retry-after'), limited.headers.get('retry-after-ms')]).toEqual([429, '1', '20']);
    await expect(chat({ 'x-mock-fault': 'reset' })).rejects.toThrow();
    expect((await chat()).status).toBe(200);
    const slow = await chat({ 'x-mock-fault': 'slow-first-byte=5' });
    expect(slow.status).toBe(200);
    expect(ctx.mock.exchanges.map((e) => e.fault)).toEqual([
      { type: 'status', status: 429, retryAfterSeconds: 1, retryAfterMs: 20 },
      { type: 'reset' },
      null,
      { type: 'slowFirstByte', delayMs: 5 },
    ]);
  });

  it('answers a malformed fault with a provider-shaped 400 that says why', async () => {
    const res = await chat({ 'x-mock-fault': 'status=200' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/status must be 400-599/);
  });
});

describe('stallStream', () => {
  it('sends N events, then nothing more, keeping the connection open until the client leaves', async () => {
    const controller = new AbortController();
    const res = await post(`${ctx.mock.url}/v1/chat/completions`, { ...chatBody, stream: true }, { 'x-mock-fault': 'stall-stream=2' }, controller.signal);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (parseSse(text).length < 2) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(parseSse(text)).toHaveLength(2);
    // Nothing more arrives; the client gives up and the server lives on.
    const next = reader.read();
    controller.abort();
    await expect(next).rejects.toThrow();
    expect(ctx.mock.exchanges[0]!.fault).toEqual({ type: 'stallStream', afterEvents: 2 });
    expect((await chat()).status).toBe(200);
  });

  it('is refused with a negative count', () => {
    expect(() => ctx.mock.fail({ type: 'stallStream', afterEvents: -1 })).toThrow(TypeError);
  });
});
