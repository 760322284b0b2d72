import { describe, expect, it } from 'vitest';
import { parseSse } from '../src/index.js';
import { eventNames, json, post, useMock } from './helpers.js';

const ctx = useMock();
const chat = (body: unknown, headers?: Record<string, string>) => post(`${ctx.mock.url}/v1/chat/completions`, body, headers);
const responses = (body: unknown, headers?: Record<string, string>) => post(`${ctx.mock.url}/v1/responses`, body, headers);
const messages = [{ role: 'user', content: 'Explain prompt caching briefly.' }];
const base = { model: 'gpt-4o-mini', messages };

function expectChatUsageInvariants(u: any) {
  expect(Object.keys(u)).toEqual(['prompt_tokens', 'completion_tokens', 'total_tokens', 'prompt_tokens_details', 'completion_tokens_details']);
  expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
  expect(u.prompt_tokens_details.cached_tokens).toBeLessThanOrEqual(u.prompt_tokens);
  expect(u.completion_tokens_details.reasoning_tokens).toBeLessThanOrEqual(u.completion_tokens);
  expect(u.completion_tokens_details).toMatchObject({ audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 });
}

describe('chat.completions, plain', () => {
  it('answers with the dated model, a request id, the served tier and a usage block the exchange records as sent', async () => {
    const res = await chat(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const body = await res.json();
    expect(body).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini-2024-07-18', service_tier: 'default' });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.choices[0].message.content.split(' ')).toHaveLength(12);
    expectChatUsageInvariants(body.usage);
    expect(body.usage.completion_tokens).toBe(12);
    expect(ctx.mock.exchanges).toHaveLength(1);
    expect(ctx.mock.exchanges[0]).toMatchObject({
      provider: 'openai',
      operation: 'chat.completions',
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      stream: false,
      fault: null,
      body: base,
      usage: body.usage,
      usageBlocks: [body.usage],
    });
    expect(ctx.mock.exchanges[0]!.headers['content-type']).toBe('application/json');
  });

  it('echoes an unknown model and an explicit service tier; auto is served as default', async () => {
    expect(await json(chat({ ...base, model: 'my-finetune', service_tier: 'flex' }))).toMatchObject({ model: 'my-finetune', service_tier: 'flex' });
    expect((await json(chat({ ...base, service_tier: 'auto' }))).service_tier).toBe('default');
  });

  it('gives the same answer and usage to the same request', async () => {
    const a = await json(chat(base));
    const b = await json(chat(base));
    expect(b.choices[0].message.content).toBe(a.choices[0].message.content);
    expect(b.usage).toEqual(a.usage);
    expect(b.id).not.toBe(a.id);
  });

  it('counts reasoning tokens inside completion tokens for reasoning models, more at higher effort', async () => {
    for (const model of ['o1', 'o3-mini', 'o4-mini', 'gpt-5']) {
      const u = (await json(chat({ ...base, model }))).usage;
      expectChatUsageInvariants(u);
      expect(u.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
      expect(u.completion_tokens).toBe(12 + u.completion_tokens_details.reasoning_tokens);
    }
    const low = (await json(chat({ ...base, model: 'o3', reasoning_effort: 'low' }))).usage.completion_tokens_details.reasoning_tokens;
    const high = (await json(chat({ ...base, model: 'o3', reasoning_effort: 'high' }))).usage.completion_tokens_details.reasoning_tokens;
    expect(high).toBeGreaterThan(low);
    expect((await json(chat(base))).usage.completion_tokens_details.reasoning_tokens).toBe(0);
  });

  it('honours max_tokens and max_completion_tokens: the answer is cut and finish_reason is length', async () => {
    for (const cap of [{ max_tokens: 5 }, { max_completion_tokens: 5 }]) {
      const body = await json(chat({ ...base, ...cap }));
      expect(body.choices[0].finish_reason).toBe('length');
      expect(body.usage.completion_tokens).toBe(5);
      expect(body.choices[0].message.content.split(' ')).toHaveLength(5);
    }
    // Reasoning spends the cap first: a cap below it leaves no visible text.
    const starved = await json(chat({ ...base, model: 'o4-mini', max_completion_tokens: 20 }));
    expect(starved.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(starved.usage.completion_tokens).toBe(20);
    expect(starved.usage.completion_tokens_details.reasoning_tokens).toBe(20);
    expect((await json(chat({ ...base, max_tokens: 500 }))).choices[0].finish_reason).toBe('stop');
  });

  it('sets the answer length from x-mock-output-tokens and the cached count from x-mock-cached-tokens', async () => {
    const u = (await json(chat(base, { 'x-mock-output-tokens': '40', 'x-mock-cached-tokens': '4' }))).usage;
    expect(u.completion_tokens).toBe(40);
    expect(u.prompt_tokens_details.cached_tokens).toBe(4);
    const clamped = (await json(chat(base, { 'x-mock-cached-tokens': '100000' }))).usage;
    expect(clamped.prompt_tokens_details.cached_tokens).toBe(clamped.prompt_tokens);
  });

  it('caches a prompt prefix of 1024+ tokens: a repeat, or a longer conversation on top of it, reads it in steps of 128', async () => {
    const long = [{ role: 'system', content: 'x'.repeat(6000) }, { role: 'user', content: 'first question' }];
    const first = (await json(chat({ ...base, messages: long }))).usage;
    const repeat = (await json(chat({ ...base, messages: long }))).usage;
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    expect(repeat.prompt_tokens_details.cached_tokens).toBe(repeat.prompt_tokens - (repeat.prompt_tokens % 128));
    const turn2 = [...long, { role: 'assistant', content: 'an answer' }, { role: 'user', content: 'a follow-up question' }];
    const next = (await json(chat({ ...base, messages: turn2 }))).usage;
    expect(next.prompt_tokens).toBeGreaterThan(first.prompt_tokens);
    expect(next.prompt_tokens_details.cached_tokens).toBe(first.prompt_tokens - (first.prompt_tokens % 128));
    // Another model has its own cache; short prompts are never cached.
    expect((await json(chat({ model: 'gpt-4o', messages: long }))).usage.prompt_tokens_details.cached_tokens).toBe(0);
    await chat(base);
    expect((await json(chat(base))).usage.prompt_tokens_details.cached_tokens).toBe(0);
    ctx.mock.reset();
    expect((await json(chat({ ...base, messages: long }))).usage.prompt_tokens_details.cached_tokens).toBe(0);
  });

  it('counts tool definitions in the prompt and answers a forced tool call with arguments that fit the schema', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string', enum: ['c', 'f'] } } } } }];
    const plain = (await json(chat(base))).usage.prompt_tokens;
    const body = await json(chat({ ...base, tools, tool_choice: 'required' }));
    expect(body.usage.prompt_tokens).toBeGreaterThan(plain);
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    const call = body.choices[0].message.tool_calls[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'mock', days: 1, unit: 'c' });
    expect(body.choices[0].message.content).toBeNull();
    expect((await json(chat({ ...base, tools }))).choices[0].finish_reason).toBe('stop');
  });
});

describe('chat.completions, streamed', () => {
  it('sends chunks ending with data: [DONE], and no usage at all without include_usage', async () => {
    const plain = await json(chat(base));
    const res = await chat({ ...base, stream: true });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = parseSse(text) as any[];
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.choices.length === 1 && !('usage' in c))).toBe(true);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe(plain.choices[0].message.content);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(ctx.mock.exchanges[1]).toMatchObject({ stream: true, usage: null, usageBlocks: [] });
  });

  it('with include_usage: usage null on every chunk, then a last chunk with no choices and the usage', async () => {
    const plain = await json(chat(base));
    const chunks = parseSse(await (await chat({ ...base, stream: true, stream_options: { include_usage: true } })).text()) as any[];
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual(plain.usage);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(ctx.mock.exchanges[1]).toMatchObject({ stream: true, usage: last.usage, usageBlocks: [last.usage] });
  });

  it('streams a forced tool call as tool_calls deltas, and a cut answer with finish_reason length', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const chunks = parseSse(await (await chat({ ...base, tools, tool_choice: { type: 'function', function: { name: 'lookup' } }, stream: true })).text()) as any[];
    expect(chunks[0].choices[0].delta.tool_calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'lookup', arguments: '' } });
    expect(chunks.map((c) => c.choices[0].delta.tool_calls?.[0].function.arguments ?? '').join('')).toBe('{"q":"mock"}');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
    const cut = parseSse(await (await chat({ ...base, max_tokens: 3, stream: true })).text()) as any[];
    expect(cut.at(-1).choices[0].finish_reason).toBe('length');
  });
});

describe('completions (legacy)', () => {
  it('answers text_completion with the API default cap of 16 tokens', async () => {
    const body = await json(post(`${ctx.mock.url}/v1/completions`, { model: 'gpt-3.5-turbo-instruct', prompt: 'Tell me a joke about OpenTelemetry' }, { 'x-mock-output-tokens': '40' }));
    expect(body).toMatchObject({ object: 'text_completion', model: 'gpt-3.5-turbo-instruct:20230824-v2' });
    expect(body.choices[0].finish_reason).toBe('length');
    expect(body.usage).toEqual({ prompt_tokens: 9, completion_tokens: 16, total_tokens: 25 });
    expect(ctx.mock.exchanges[0]).toMatchObject({ operation: 'completions', usage: body.usage });
  });

  it('streams with the same include_usage rules as chat', async () => {
    const url = `${ctx.mock.url}/v1/completions`;
    const bare = parseSse(await (await post(url, { model: 'gpt-3.5-turbo-instruct', prompt: 'hi', stream: true })).text()) as any[];
    expect(bare.some((c) => 'usage' in c)).toBe(false);
    expect(bare.at(-1).choices[0].finish_reason).toBe('stop');
    const chunks = parseSse(await (await post(url, { model: 'gpt-3.5-turbo-instruct', prompt: 'hi', stream: true, stream_options: { include_usage: true } })).text()) as any[];
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 12 } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });
});

describe('responses', () => {
  function expectResponsesUsage(u: any) {
    expect(Object.keys(u)).toEqual(['input_tokens', 'input_tokens_details', 'output_tokens', 'output_tokens_details', 'total_tokens']);
    expect(u.total_tokens).toBe(u.input_tokens + u.output_tokens);
    expect(u.input_tokens_details.cached_tokens).toBeLessThanOrEqual(u.input_tokens);
    expect(u.output_tokens_details.reasoning_tokens).toBeLessThanOrEqual(u.output_tokens);
  }

  it('answers a response object with a message and usage', async () => {
    const body = await json(responses({ model: 'gpt-4o-mini', input: 'Tell me a joke about OpenTelemetry', instructions: 'Be brief.' }));
    expect(body).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4o-mini-2024-07-18', incomplete_details: null, service_tier: 'default', instructions: 'Be brief.' });
    expect(body.id).toMatch(/^resp_/);
    expect(body.output).toHaveLength(1);
    expect(body.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text' }] });
    expectResponsesUsage(body.usage);
    expect(ctx.mock.exchanges[0]).toMatchObject({ operation: 'responses', usage: body.usage });
  });

  it('puts a reasoning item first for reasoning models, with reasoning tokens inside output tokens', async () => {
    const body = await json(responses({ model: 'gpt-5', input: 'hi', reasoning: { effort: 'low' } }));
    expect(body.output.map((o: any) => o.type)).toEqual(['reasoning', 'message']);
    expectResponsesUsage(body.usage);
    expect(body.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBe(12 + body.usage.output_tokens_details.reasoning_tokens);
  });

  it('is incomplete with reason max_output_tokens when the cap cuts it', async () => {
    const body = await json(responses({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 4 }));
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(body.usage.output_tokens).toBe(4);
  });

  it('streams the real event sequence, each event named and numbered, usage in response.completed', async () => {
    const plain = await json(responses({ model: 'gpt-4o-mini', input: 'hi' }));
    const text = await (await responses({ model: 'gpt-4o-mini', input: 'hi', stream: true })).text();
    const events = parseSse(text) as any[];
    expect(eventNames(text)).toEqual(events.map((e) => e.type));
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array(12).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0].response).toMatchObject({ status: 'in_progress', usage: null, service_tier: 'auto' });
    const done = events.at(-1).response;
    expect(done).toMatchObject({ status: 'completed', service_tier: 'default' });
    expect(done.usage).toEqual(plain.usage);
    expect(events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('')).toBe(done.output[0].content[0].text);
    expect(ctx.mock.exchanges[1]).toMatchObject({ stream: true, usage: done.usage, usageBlocks: [done.usage] });
  });

  it('streams response.incomplete when cut, and a forced function call as argument deltas', async () => {
    const cut = parseSse(await (await responses({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 2, stream: true })).text()) as any[];
    expect(cut.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    const tools = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];
    const call = parseSse(await (await responses({ model: 'gpt-4o-mini', input: 'hi', tools, tool_choice: 'required', stream: true })).text()) as any[];
    expect(call.map((e) => e.type)).toContain('response.function_call_arguments.delta');
    expect(call.at(-1).response.output[0]).toMatchObject({ type: 'function_call', name: 'lookup', arguments: '{"q":"mock"}' });
  });

  it('counts input tokens without generating (responses/input_tokens)', async () => {
    const plain = await json(responses({ model: 'gpt-4o-mini', input: 'hi' }));
    const count = await json(post(`${ctx.mock.url}/v1/responses/input_tokens`, { model: 'gpt-4o-mini', input: 'hi' }));
    expect(count).toEqual({ object: 'response.input_tokens', input_tokens: plain.usage.input_tokens });
  });
});

describe('embeddings', () => {
  it('answers one vector per input as floats or base64 float32, usage with prompt = total', async () => {
    const url = `${ctx.mock.url}/v1/embeddings`;
    const floats = await json(post(url, { model: 'text-embedding-3-small', input: ['alpha', 'beta gamma'] }));
    expect(floats.data.map((d: any) => d.index)).toEqual([0, 1]);
    expect(floats.data[0].embedding).toHaveLength(8);
    expect(floats.usage).toEqual({ prompt_tokens: 2 + 3, total_tokens: 5 });
    const b64 = await json(post(url, { model: 'text-embedding-3-small', input: 'a', encoding_format: 'base64', dimensions: 16 }));
    expect(Buffer.from(b64.data[0].embedding, 'base64').length / Float32Array.BYTES_PER_ELEMENT).toBe(16);
    expect(ctx.mock.exchanges.map((e) => [e.operation, e.stream])).toEqual([['embeddings', false], ['embeddings', false]]);
  });
});
