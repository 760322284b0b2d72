import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSse, startMockProvider, type MockProvider } from '../src/index.js';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Explain prompt caching briefly.' }] };

describe('OpenAI wire format', () => {
  it('answers chat.completions with a realistic usage block and a request id', async () => {
    const res = await post('/v1/chat/completions', chat);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = await res.json();
    expect(body.model).toBe('gpt-4o-mini-2024-07-18');
    expect(body.choices[0].finish_reason).toBe('stop');
    const u = body.usage;
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
    expect(u.prompt_tokens_details.cached_tokens).toBe(0);
    expect(mock.exchanges[0]).toMatchObject({ provider: 'openai', operation: 'chat.completions', status: 200, stream: false, usage: u });
  });

  it('reports reasoning tokens inside completion tokens for reasoning models, and forced cached tokens', async () => {
    const body = await (await post('/v1/chat/completions', { ...chat, model: 'o4-mini' }, { 'x-mock-cached-tokens': '4' })).json();
    expect(body.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(body.usage.completion_tokens).toBeGreaterThan(body.usage.completion_tokens_details.reasoning_tokens);
    expect(body.usage.prompt_tokens_details.cached_tokens).toBe(4);
  });

  it('serves a repeated long prompt from the cache', async () => {
    const long = { ...chat, messages: [{ role: 'user', content: 'x'.repeat(6000) }] };
    const first = (await (await post('/v1/chat/completions', long)).json()).usage;
    const second = (await (await post('/v1/chat/completions', long)).json()).usage;
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    expect(second.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(second.prompt_tokens_details.cached_tokens % 128).toBe(0);
    expect(second.prompt_tokens_details.cached_tokens).toBeLessThanOrEqual(second.prompt_tokens);
  });

  it('streams chunks, with a usage-only final chunk only when include_usage is asked', async () => {
    const plain = parseSse(await (await post('/v1/chat/completions', { ...chat, stream: true })).text()) as any[];
    expect(plain.every((c) => c.choices.length === 1 && !('usage' in c))).toBe(true);
    const text = await (await post('/v1/chat/completions', { ...chat, stream: true, stream_options: { include_usage: true } })).text();
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const chunks = parseSse(text) as any[];
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.completion_tokens).toBe(12);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(mock.exchanges[1]!.usage).toEqual(last.usage);
  });

  it('cuts the answer at the output cap and says so', async () => {
    const chatBody = await (await post('/v1/chat/completions', { ...chat, max_completion_tokens: 3 })).json();
    expect(chatBody.choices[0].finish_reason).toBe('length');
    expect(chatBody.usage.completion_tokens).toBe(3);
    const responses = await (await post('/v1/responses', { model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 2 })).json();
    expect(responses.status).toBe('incomplete');
    expect(responses.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('streams the Responses API event sequence with usage in response.completed', async () => {
    const events = parseSse(await (await post('/v1/responses', { model: 'gpt-4o-mini', input: 'hi', stream: true })).text()) as any[];
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.at(-1)).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1).response.usage.output_tokens).toBe(12);
  });

  it('answers legacy completions and embeddings (float or base64)', async () => {
    const completion = await (await post('/v1/completions', { model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' })).json();
    expect(completion.object).toBe('text_completion');
    const floats = await (await post('/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'] })).json();
    expect(floats.data).toHaveLength(2);
    expect(floats.usage.total_tokens).toBe(floats.usage.prompt_tokens);
    const b64 = await (await post('/v1/embeddings', { model: 'text-embedding-3-small', input: 'a', encoding_format: 'base64' })).json();
    expect(Buffer.from(b64.data[0].embedding, 'base64').length / Float32Array.BYTES_PER_ELEMENT).toBe(8);
  });
});

describe('Anthropic wire format', () => {
  const system = [{ type: 'text', text: 'You are a careful assistant. '.repeat(50), cache_control: { type: 'ephemeral' } }];
  const request = { model: 'claude-sonnet-4-5', max_tokens: 100, system, messages: [{ role: 'user', content: 'hello' }] };

  it('writes the prompt cache on the first request and reads it on the next; input_tokens excludes both', async () => {
    const first = (await (await post('/v1/messages', request)).json()).usage;
    const second = (await (await post('/v1/messages', request)).json()).usage;
    expect(first.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.cache_creation.ephemeral_5m_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(first.cache_read_input_tokens).toBe(0);
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.input_tokens).toBe(first.input_tokens);
    const oneHour = { ...request, model: 'claude-opus-4-1', system: [{ ...system[0], cache_control: { type: 'ephemeral', ttl: '1h' } }] };
    const hour = (await (await post('/v1/messages', oneHour)).json()).usage;
    expect(hour.cache_creation.ephemeral_1h_input_tokens).toBe(hour.cache_creation_input_tokens);
  });

  it('streams the real event sequence; message_delta repeats cumulative counts only when asked', async () => {
    const res = await post('/v1/messages', { ...request, model: 'claude-haiku-4-5', stream: true });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const text = await res.text();
    const names = [...text.matchAll(/^event: (\S+)/gm)].map((m) => m[1]);
    expect(names[0]).toBe('message_start');
    expect(names).toContain('ping');
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const delta = (parseSse(text) as any[]).find((e) => e.type === 'message_delta');
    expect(Object.keys(delta.usage)).toEqual(['output_tokens']);
    const cumulative = parseSse(await (await post('/v1/messages', { ...request, stream: true }, { 'x-mock-anthropic-cumulative-delta': '1' })).text()) as any[];
    expect(cumulative.find((e) => e.type === 'message_delta').usage.input_tokens).toBeGreaterThan(0);
  });

  it('counts thinking as output and stops at max_tokens', async () => {
    const body = await (await post('/v1/messages', { ...request, max_tokens: 45, thinking: { type: 'enabled', budget_tokens: 1024 } })).json();
    expect(body.content[0].type).toBe('thinking');
    expect(body.stop_reason).toBe('max_tokens');
    expect(body.usage.output_tokens).toBe(45);
    const count = await (await post('/v1/messages/count_tokens', request)).json();
    expect(count.input_tokens).toBeGreaterThan(0);
  });
});

describe('Gemini wire format', () => {
  const request = { contents: [{ role: 'user', parts: [{ text: 'Summarize the ticket.' }] }] };

  it('answers generateContent with usageMetadata, thoughts for 2.5 models', async () => {
    const body = await (await post('/v1beta/models/gemini-2.5-flash:generateContent', request)).json();
    const u = body.usageMetadata;
    expect(u.thoughtsTokenCount).toBeGreaterThan(0);
    expect(u.totalTokenCount).toBe(u.promptTokenCount + u.candidatesTokenCount + u.thoughtsTokenCount);
    expect(body.candidates[0].finishReason).toBe('STOP');
    const off = await (await post('/v1beta/models/gemini-2.5-flash:generateContent', { ...request, generationConfig: { thinkingConfig: { thinkingBudget: 0 } } })).json();
    expect(off.usageMetadata.thoughtsTokenCount).toBeUndefined();
  });

  it('streams chunks whose usageMetadata is cumulative', async () => {
    const chunks = parseSse(await (await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', request)).text()) as any[];
    const counts = chunks.map((c) => c.usageMetadata.candidatesTokenCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(12);
    expect(chunks.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(mock.exchanges[0]!.usageBlocks).toHaveLength(chunks.length);
  });

  it('answers embedContent, batchEmbedContents and countTokens; MAX_TOKENS at the cap', async () => {
    expect((await (await post('/v1beta/models/text-embedding-004:embedContent', { content: { parts: [{ text: 'a' }] } })).json()).embedding.values).toHaveLength(8);
    expect((await (await post('/v1beta/models/text-embedding-004:batchEmbedContents', { requests: [{}, {}] })).json()).embeddings).toHaveLength(2);
    expect((await (await post('/v1beta/models/gemini-2.5-pro:countTokens', request)).json()).totalTokens).toBeGreaterThan(0);
    const capped = await (await post('/v1beta/models/gemini-2.0-flash:generateContent', { ...request, generationConfig: { maxOutputTokens: 2 } })).json();
    expect(capped.candidates[0].finishReason).toBe('MAX_TOKENS');
  });
});

describe('fault injection', () => {
  it('answers provider-shaped errors with Retry-After for the next N requests', async () => {
    mock.fail({ type: 'status', status: 429, retryAfterSeconds: 2, retryAfterMs: 1500 }, { times: 2 });
    const a = await post('/v1/chat/completions', chat);
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(a.headers.get('retry-after-ms')).toBe('1500');
    expect((await a.json()).error.type).toBe('rate_limit_exceeded');
    expect((await post('/v1/chat/completions', chat)).status).toBe(429);
    expect((await post('/v1/chat/completions', chat)).status).toBe(200);
    mock.fail({ type: 'status', status: 529 }, { path: '/v1/messages' });
    expect((await (await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 5, messages: [] })).json()).error.type).toBe('overloaded_error');
    mock.fail({ type: 'status', status: 429 });
    expect((await (await post('/v1beta/models/gemini-2.0-flash:generateContent', {})).json()).error.status).toBe('RESOURCE_EXHAUSTED');
  });

  it('injects faults from a request header, for that request only', async () => {
    expect((await post('/v1/chat/completions', chat, { 'x-mock-fault': 'status=500' })).status).toBe(500);
    await expect(post('/v1/chat/completions', chat, { 'x-mock-fault': 'reset' })).rejects.toThrow();
    expect(mock.exchanges.at(-1)!.fault).toEqual({ type: 'reset' });
    expect((await post('/v1/chat/completions', chat)).status).toBe(200);
  });

  it('truncates a stream after N events without its terminator', async () => {
    const res = await post('/v1/chat/completions', { ...chat, stream: true }, { 'x-mock-fault': 'truncate-stream=2' });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('delays the first byte', async () => {
    mock.fail({ type: 'slowFirstByte', delayMs: 50 });
    const order: string[] = [];
    const slow = post('/v1/chat/completions', chat).then(() => order.push('slow'));
    const fast = post('/v1/chat/completions', chat).then(() => order.push('fast'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('replays canned responses and records the usage they carry', async () => {
    mock.enqueue({ json: { id: 'x', object: 'chat.completion', model: 'gpt-4o', choices: [], usage: { prompt_tokens: 91, completion_tokens: 21, total_tokens: 112 } } });
    expect((await (await post('/v1/chat/completions', chat)).json()).usage.prompt_tokens).toBe(91);
    const sse = 'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":17,"output_tokens":1}}}\n\nevent: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":158}}\n\n';
    mock.enqueue({ sse }, { path: '/v1/messages' });
    expect(await (await post('/v1/messages', { stream: true })).text()).toBe(sse);
    expect(mock.exchanges[1]!.usageBlocks).toEqual([{ input_tokens: 17, output_tokens: 1 }, { output_tokens: 158 }]);
  });
});

describe('CLI', () => {
  it('starts on a free port and answers', async () => {
    const child = spawn(process.execPath, [join(__dirname, '../dist/cli.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const url = /listening on (\S+)/.exec(line.toString())![1]!;
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    await once(child, 'exit');
  });
});
