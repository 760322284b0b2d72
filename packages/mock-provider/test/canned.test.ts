import { describe, expect, it } from 'vitest';
import { parseSse } from '../src/index.js';
import { json, post, readAll, useMock } from './helpers.js';

const ctx = useMock();
const send = (path: string, body: object = {}) => post(`${ctx.mock.url}${path}`, body);

// Hand-written fixtures in each provider's wire shape (the numbers are arbitrary).
const chatCompletion = {
  id: 'chatcmpl-fixture',
  object: 'chat.completion',
  created: 1755182719,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Four.' }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 91, completion_tokens: 21, total_tokens: 112, prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 } },
};
const anthropicSse = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_fixture","type":"message","role":"assistant","model":"claude-3-opus-20240229","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":17,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  'event: ping\ndata: {"type": "ping"}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Sure"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":158}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join('');

describe('canned responses', () => {
  it('replays a JSON body byte for byte with its status and headers, and records the usage it carries', async () => {
    ctx.mock.enqueue({ json: chatCompletion, headers: { 'x-request-id': 'req_fixture' } });
    const res = await send('/v1/chat/completions', { model: 'gpt-4o', messages: [] });
    expect(res.headers.get('x-request-id')).toBe('req_fixture');
    expect(await res.text()).toBe(JSON.stringify(chatCompletion));
    expect(ctx.mock.exchanges[0]).toMatchObject({ provider: 'openai', operation: 'chat.completions', status: 200, usage: chatCompletion.usage, usageBlocks: [chatCompletion.usage] });
    // Consumed: the next request is generated again.
    expect((await json(send('/v1/chat/completions', { model: 'gpt-4o', messages: [] }))).id).not.toBe('chatcmpl-fixture');
  });

  it('replays raw SSE text as is and parses every usage block out of it', async () => {
    ctx.mock.enqueue({ sse: anthropicSse }, { path: '/v1/messages' });
    // Queued for /v1/messages only: an OpenAI request goes past it.
    expect((await send('/v1/chat/completions', { model: 'gpt-4o', messages: [] })).status).toBe(200);
    const res = await send('/v1/messages', { model: 'claude-3-opus-20240229', max_tokens: 10, messages: [], stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(await res.text()).toBe(anthropicSse);
    expect(ctx.mock.exchanges[1]).toMatchObject({ provider: 'anthropic', stream: true, usage: { output_tokens: 158 } });
    expect(ctx.mock.exchanges[1]!.usageBlocks).toEqual([
      { input_tokens: 17, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      { output_tokens: 158 },
    ]);
  });

  it('reads usage the way each provider sends it: skips usage: null chunks, finds response.usage and usageMetadata', async () => {
    const chatSse = 'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}\n\ndata: {"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9}}\n\ndata: [DONE]\n\n';
    const responsesSse = 'event: response.created\ndata: {"type":"response.created","response":{"usage":null},"sequence_number":0}\n\nevent: response.completed\ndata: {"type":"response.completed","response":{"usage":{"input_tokens":13,"output_tokens":104,"total_tokens":117}},"sequence_number":1}\n\n';
    const geminiSse = 'data: {"candidates":[],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}\r\n\r\ndata: {"candidates":[],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":13,"totalTokenCount":22}}\r\n\r\n';
    ctx.mock.enqueue({ sse: chatSse }, { path: '/v1/chat/completions' });
    ctx.mock.enqueue({ sse: responsesSse }, { path: '/v1/responses' });
    ctx.mock.enqueue({ sse: geminiSse }, { path: /streamGenerateContent/ });
    expect(await (await send('/v1/chat/completions', { stream: true })).text()).toBe(chatSse);
    expect(await (await send('/v1/responses', { stream: true })).text()).toBe(responsesSse);
    expect(await (await send('/v1beta/models/gemini-pro:streamGenerateContent?alt=sse')).text()).toBe(geminiSse);
    expect(ctx.mock.exchanges.map((e) => e.usageBlocks)).toEqual([
      [{ prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 }],
      [{ input_tokens: 13, output_tokens: 104, total_tokens: 117 }],
      [{ promptTokenCount: 9, totalTokenCount: 9 }, { promptTokenCount: 9, candidatesTokenCount: 13, totalTokenCount: 22 }],
    ]);
  });

  it('replays recorded errors, and an injected fault goes first while the canned response waits for the retry', async () => {
    const retryInfo = { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }] } };
    ctx.mock.enqueue({ status: 429, json: retryInfo });
    ctx.mock.fail({ type: 'status', status: 500 });
    expect((await send('/v1beta/models/gemini-2.5-flash:generateContent')).status).toBe(500);
    const replayed = await send('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(replayed.status).toBe(429);
    expect(await replayed.json()).toEqual(retryInfo);
    expect(ctx.mock.exchanges.map((e) => [e.status, e.usage])).toEqual([
      [500, null],
      [429, null],
    ]);
  });

  it('cuts a replayed stream with truncateStream like a generated one', async () => {
    ctx.mock.enqueue({ sse: anthropicSse });
    ctx.mock.fail({ type: 'truncateStream', afterEvents: 2 });
    const { text, error } = await readAll(await send('/v1/messages', { stream: true }));
    expect(error).toBeDefined();
    expect(parseSse(text).map((e: any) => e.type)).toEqual(['message_start', 'content_block_start']);
    expect(ctx.mock.exchanges[0]!.usageBlocks).toHaveLength(1);
  });

  it('serves a path no route knows, recorded under the path as its operation', async () => {
    const image = { created: 1, data: [{ url: 'https://example.invalid/cat.png' }] };
    ctx.mock.enqueue({ json: image }, { path: '/v1/images/generations' });
    expect(await json(send('/v1/images/generations', { prompt: 'a cat' }))).toEqual(image);
    expect(ctx.mock.exchanges[0]).toMatchObject({ provider: 'openai', operation: '/v1/images/generations', status: 200, usage: null });
    expect((await send('/v1/images/generations', { prompt: 'a cat' })).status).toBe(404);
  });

  it('refuses a canned response with more than one of json, sse and body', () => {
    expect(() => ctx.mock.enqueue({ json: {}, sse: 'data: {}\n\n' })).toThrow(TypeError);
    expect(() => ctx.mock.enqueue({ json: {}, body: '{}' })).toThrow(TypeError);
  });

  it('replays a raw body byte for byte: an HTML page with status 200, a JSON text cut short', async () => {
    const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
    ctx.mock.enqueue({ body: html, headers: { 'content-type': 'text/html' } });
    const page = await send('/v1/chat/completions', { model: 'gpt-4o', messages: [] });
    expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html', html]);

    const cut = JSON.stringify(chatCompletion).slice(0, 80);
    ctx.mock.enqueue({ body: cut, headers: { 'content-type': 'application/json' } });
    expect(await (await send('/v1/chat/completions', { model: 'gpt-4o', messages: [] })).text()).toBe(cut);
    expect(ctx.mock.exchanges[1]).toMatchObject({ status: 200, usage: null });

    // A raw body that is whole JSON still records its usage; without headers it is text/plain.
    ctx.mock.enqueue({ body: JSON.stringify(chatCompletion) });
    const whole = await send('/v1/chat/completions', { model: 'gpt-4o', messages: [] });
    expect(whole.headers.get('content-type')).toBe('text/plain');
    expect(ctx.mock.exchanges[2]!.usage).toEqual(chatCompletion.usage);
  });
});
