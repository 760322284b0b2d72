import { describe, expect, it } from 'vitest';
import { parseSse } from '../src/index.js';
import { eventNames, json, post, useMock } from './helpers.js';

const ctx = useMock();
const messages = (body: unknown, headers?: Record<string, string>, query = '') => post(`${ctx.mock.url}/v1/messages${query}`, body, headers);
const countTokens = (body: unknown) => json(post(`${ctx.mock.url}/v1/messages/count_tokens`, body));
const base = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hello' }] };
const system = (text: string, cache_control?: object) => [{ type: 'text', text, ...(cache_control ? { cache_control } : {}) }];
const LONG = 'You are a careful assistant. '.repeat(50);

describe('messages, plain', () => {
  it('answers a message with a request-id header and the usage block the exchange records', async () => {
    const res = await messages(base);
    expect(res.headers.get('request-id')).toMatch(/^req_011C/);
    const body = await res.json();
    expect(body).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'end_turn', stop_sequence: null });
    expect(body.id).toMatch(/^msg_01/);
    expect(body.content).toEqual([{ type: 'text', text: expect.any(String) }]);
    expect(Object.keys(body.usage)).toEqual(['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation', 'output_tokens', 'service_tier']);
    expect(body.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, output_tokens: 12, service_tier: 'standard' });
    expect(body.usage.input_tokens).toBe((await countTokens(base)).input_tokens);
    expect(ctx.mock.exchanges[0]).toMatchObject({ provider: 'anthropic', operation: 'messages', stream: false, status: 200, usage: body.usage, usageBlocks: [body.usage] });
  });

  it('serves the SDK beta paths (?beta=true) and count_tokens', async () => {
    expect((await messages(base, {}, '?beta=true')).status).toBe(200);
    const count = await json(post(`${ctx.mock.url}/v1/messages/count_tokens?beta=true`, base));
    expect(count).toEqual({ input_tokens: expect.any(Number) });
    expect(ctx.mock.exchanges.map((e) => [e.operation, e.query])).toEqual([
      ['messages', { beta: 'true' }],
      ['messages.countTokens', { beta: 'true' }],
    ]);
  });

  it('stops at max_tokens, and counts thinking as output that spends max_tokens first', async () => {
    const capped = await json(messages({ ...base, max_tokens: 5 }));
    expect(capped).toMatchObject({ stop_reason: 'max_tokens', usage: { output_tokens: 5 } });
    const thinking = await json(messages({ ...base, thinking: { type: 'enabled', budget_tokens: 1024 } }));
    expect(thinking.content.map((b: any) => b.type)).toEqual(['thinking', 'text']);
    expect(thinking.content[0]).toMatchObject({ thinking: expect.any(String), signature: expect.any(String) });
    expect(thinking.usage.output_tokens).toBe(12 + 40);
    const starved = await json(messages({ ...base, max_tokens: 45, thinking: { type: 'enabled', budget_tokens: 1024 } }));
    expect(starved).toMatchObject({ stop_reason: 'max_tokens', usage: { output_tokens: 45 } });
  });

  it('answers a forced tool with stop_reason tool_use and an input that fits the schema', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const body = await json(messages({ ...base, tools, tool_choice: { type: 'tool', name: 'get_weather' } }));
    expect(body.stop_reason).toBe('tool_use');
    expect(body.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_01/), name: 'get_weather', input: { city: 'mock' } }]);
    expect((await json(messages({ ...base, tools }))).stop_reason).toBe('end_turn');
    expect((await json(messages({ ...base, tools }))).usage.input_tokens).toBeGreaterThan((await json(messages(base))).usage.input_tokens);
  });

  it('reports server_tool_use when the request has a web_search tool', async () => {
    const body = await json(messages({ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] }));
    expect(body.usage.server_tool_use).toEqual({ web_search_requests: 1 });
  });
});

describe('prompt caching', () => {
  it('writes a cache_control prefix on the first request and reads it on a repeat; input_tokens excludes both', async () => {
    const request = { ...base, system: system(LONG, { type: 'ephemeral' }) };
    const total = (await countTokens(request)).input_tokens;
    const first = (await json(messages(request))).usage;
    const second = (await json(messages(request))).usage;
    expect(first.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.cache_creation).toEqual({ ephemeral_5m_input_tokens: first.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 });
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.input_tokens + first.cache_creation_input_tokens).toBe(total);
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBe(0);
    expect(second.input_tokens).toBe(first.input_tokens);
    // The cache is per model.
    expect((await json(messages({ ...request, model: 'claude-haiku-4-5' }))).usage.cache_read_input_tokens).toBe(0);
  });

  it('splits writes by ttl, and a conversation that moves its breakpoint reads the old prefix and writes only the new turns', async () => {
    const hour = (await json(messages({ ...base, system: system(LONG, { type: 'ephemeral', ttl: '1h' }) }))).usage;
    expect(hour.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: hour.cache_creation_input_tokens });

    const turn = (text: string, marked: boolean) => ({ role: 'user', content: [{ type: 'text', text, ...(marked ? { cache_control: { type: 'ephemeral' } } : {}) }] });
    const sys = system(LONG);
    const one = { ...base, system: sys, messages: [turn('first question '.repeat(20), true)] };
    const first = (await json(messages(one))).usage;
    const two = { ...base, system: sys, messages: [turn('first question '.repeat(20), false), { role: 'assistant', content: 'an answer' }, turn('second question '.repeat(20), true)] };
    const second = (await json(messages(two))).usage;
    const total2 = (await countTokens(two)).input_tokens;
    // The system prompt was cached by the 1h request above (the marker is not part of the prefix).
    expect(first.cache_read_input_tokens).toBe(hour.cache_creation_input_tokens);
    expect(second.cache_read_input_tokens).toBe(first.cache_read_input_tokens + first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.input_tokens + second.cache_read_input_tokens + second.cache_creation_input_tokens).toBe(total2);
  });

  it('takes the cache-read count from x-mock-cached-tokens, and forgets every cache on reset()', async () => {
    const forced = (await json(messages(base, { 'x-mock-cached-tokens': '4' }))).usage;
    expect(forced).toMatchObject({ cache_read_input_tokens: 4, cache_creation_input_tokens: 0 });
    const request = { ...base, system: system(LONG, { type: 'ephemeral' }) };
    await messages(request);
    ctx.mock.reset();
    expect((await json(messages(request))).usage.cache_read_input_tokens).toBe(0);
  });
});

describe('messages, streamed', () => {
  it('sends the real event sequence; message_start carries input and cache counts, message_delta the output', async () => {
    const plain = await json(messages(base));
    const res = await messages({ ...base, stream: true });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const text = await res.text();
    expect(eventNames(text)).toEqual(['message_start', 'content_block_start', 'ping', ...Array(12).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    const events = parseSse(text) as any[];
    expect(events.map((e) => e.type)).toEqual(eventNames(text));
    const start = events[0].message;
    expect(start).toMatchObject({ content: [], stop_reason: null, usage: { ...plain.usage, output_tokens: 1 } });
    const delta = events.find((e) => e.type === 'message_delta');
    expect(delta).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } });
    expect(events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join('')).toBe(plain.content[0].text);
    expect(ctx.mock.exchanges[1]).toMatchObject({ stream: true, usageBlocks: [start.usage, delta.usage], usage: delta.usage });
  });

  it('with x-mock-anthropic-cumulative-delta: 1, message_delta repeats the input and cache counts (newer API versions)', async () => {
    const request = { ...base, system: system(LONG, { type: 'ephemeral' }), thinking: { type: 'enabled', budget_tokens: 2000 }, stream: true };
    const events = parseSse(await (await messages(request, { 'x-mock-anthropic-cumulative-delta': '1' })).text()) as any[];
    const start = events[0].message.usage;
    const delta = events.find((e) => e.type === 'message_delta').usage;
    expect(delta).toEqual({
      input_tokens: start.input_tokens,
      cache_creation_input_tokens: start.cache_creation_input_tokens,
      cache_read_input_tokens: 0,
      output_tokens: 52,
      output_tokens_details: { thinking_tokens: 40 },
    });
    expect(start.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('streams thinking (thinking_delta, signature_delta) before the text, pinging after the first block opens', async () => {
    const text = await (await messages({ ...base, thinking: { type: 'enabled', budget_tokens: 1024 }, stream: true })).text();
    const events = parseSse(text) as any[];
    expect(eventNames(text).slice(0, 7)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'content_block_start']);
    expect(events[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    expect(events.slice(3, 5).map((e) => e.delta.type)).toEqual(['thinking_delta', 'signature_delta']);
    expect(events[6]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } });
    expect(events.find((e) => e.type === 'message_delta').usage.output_tokens).toBe(52);
  });

  it('streams a forced tool as input_json_delta and stops with tool_use', async () => {
    const tools = [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }];
    const events = parseSse(await (await messages({ ...base, tools, tool_choice: { type: 'any' }, stream: true })).text()) as any[];
    expect(events[1].content_block).toMatchObject({ type: 'tool_use', name: 'lookup', input: {} });
    expect(events.filter((e) => e.delta?.type === 'input_json_delta').map((e) => e.delta.partial_json).join('')).toBe('{"q":"mock"}');
    expect(events.find((e) => e.type === 'message_delta').delta.stop_reason).toBe('tool_use');
  });
});
