import { describe, expect, it } from 'vitest';
import { parseSse } from '../src/index.js';
import { json, post, useMock } from './helpers.js';

const ctx = useMock();
const call = (model: string, method: string, body: unknown, headers?: Record<string, string>, version = 'v1beta') =>
  post(`${ctx.mock.url}/${version}/models/${model}:${method}`, body, headers);
const request = { contents: [{ role: 'user', parts: [{ text: 'What is 2+2? Give a brief answer.' }] }] };

describe('generateContent', () => {
  it('answers candidates with usageMetadata, modelVersion and responseId', async () => {
    const body = await json(call('gemini-2.0-flash', 'generateContent', request));
    expect(body.candidates[0]).toMatchObject({ content: { role: 'model', parts: [{ text: expect.any(String) }] }, finishReason: 'STOP', index: 0 });
    expect(body.modelVersion).toBe('gemini-2.0-flash');
    expect(body.responseId).toMatch(/^[\w-]{22}$/);
    expect(body.usageMetadata).toEqual({
      promptTokenCount: 15,
      candidatesTokenCount: 12,
      totalTokenCount: 27,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 15 }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
    });
    expect(ctx.mock.exchanges[0]).toMatchObject({ provider: 'google', operation: 'generateContent', stream: false, usage: body.usageMetadata, usageBlocks: [body.usageMetadata] });
  });

  it('reports thoughts for 2.5 and 3 models unless thinkingBudget is 0, within totalTokenCount', async () => {
    for (const model of ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview']) {
      const u = (await json(call(model, 'generateContent', request))).usageMetadata;
      expect(u.thoughtsTokenCount).toBeGreaterThan(0);
      expect(u.totalTokenCount).toBe(u.promptTokenCount + u.candidatesTokenCount + u.thoughtsTokenCount);
    }
    const off = await json(call('gemini-2.5-flash', 'generateContent', { ...request, generationConfig: { thinkingConfig: { thinkingBudget: 0 } } }));
    expect(off.usageMetadata.thoughtsTokenCount).toBeUndefined();
    const small = await json(call('gemini-2.5-flash', 'generateContent', { ...request, generationConfig: { thinkingConfig: { thinkingBudget: 10 } } }));
    expect(small.usageMetadata.thoughtsTokenCount).toBe(10);
    expect((await json(call('gemini-2.5-flash-lite', 'generateContent', request))).usageMetadata.thoughtsTokenCount).toBeUndefined();
  });

  it('cuts the answer at maxOutputTokens with finishReason MAX_TOKENS; thinking spends the cap first', async () => {
    const capped = await json(call('gemini-2.0-flash', 'generateContent', { ...request, generationConfig: { maxOutputTokens: 3 } }));
    expect(capped.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(capped.usageMetadata.candidatesTokenCount).toBe(3);
    const starved = await json(call('gemini-2.5-flash', 'generateContent', { ...request, generationConfig: { maxOutputTokens: 30 } }));
    expect(starved.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(starved.usageMetadata.thoughtsTokenCount).toBe(30);
    expect(starved.usageMetadata.candidatesTokenCount).toBeUndefined();
  });

  it('counts a named cachedContent inside promptTokenCount and as cachedContentTokenCount', async () => {
    const cache = await json(post(`${ctx.mock.url}/v1beta/cachedContents`, { model: 'models/gemini-2.0-flash', contents: [{ role: 'user', parts: [{ text: 'a long document '.repeat(400) }] }], ttl: '300s' }));
    expect(cache.name).toMatch(/^cachedContents\//);
    const cached = cache.usageMetadata.totalTokenCount;
    const plain = (await json(call('gemini-2.0-flash', 'generateContent', request))).usageMetadata;
    const u = (await json(call('gemini-2.0-flash', 'generateContent', { ...request, cachedContent: cache.name }))).usageMetadata;
    expect(u.cachedContentTokenCount).toBe(cached);
    expect(u.promptTokenCount).toBe(plain.promptTokenCount + cached);
    expect(u.cacheTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: cached }]);
    expect(u.totalTokenCount).toBe(u.promptTokenCount + u.candidatesTokenCount);
    expect((await json(fetch(`${ctx.mock.url}/v1beta/${cache.name}`))).usageMetadata.totalTokenCount).toBe(cached);
    expect((await fetch(`${ctx.mock.url}/v1beta/${cache.name}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${ctx.mock.url}/v1beta/${cache.name}`)).status).toBe(404);
    const unknown = (await json(call('gemini-2.0-flash', 'generateContent', { ...request, cachedContent: 'cachedContents/made-up' }))).usageMetadata;
    expect(unknown.cachedContentTokenCount).toBe(1024);
    const forced = (await json(call('gemini-2.0-flash', 'generateContent', request, { 'x-mock-cached-tokens': '6' }))).usageMetadata;
    expect(forced).toMatchObject({ cachedContentTokenCount: 6, promptTokenCount: plain.promptTokenCount });
  });

  it('adds toolUsePromptTokenCount when tools are given, and answers a functionCall when mode is ANY', async () => {
    const tools = [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } }] }];
    const auto = await json(call('gemini-2.0-flash', 'generateContent', { ...request, tools }));
    const u = auto.usageMetadata;
    expect(u.toolUsePromptTokenCount).toBeGreaterThan(0);
    expect(u.totalTokenCount).toBe(u.promptTokenCount + u.candidatesTokenCount + u.toolUsePromptTokenCount);
    const forced = await json(call('gemini-2.0-flash', 'generateContent', { ...request, tools, toolConfig: { functionCallingConfig: { mode: 'ANY' } } }));
    expect(forced.candidates[0].content.parts).toEqual([{ functionCall: { name: 'get_weather', args: { city: 'mock' } } }]);
    expect(forced.candidates[0].finishReason).toBe('STOP');
  });
});

describe('streamGenerateContent', () => {
  it('sends data: chunks ending CRLF CRLF, each with the cumulative usageMetadata, finishReason on the last', async () => {
    const plain = await json(call('gemini-2.5-flash', 'generateContent', request));
    const res = await call('gemini-2.5-flash', 'streamGenerateContent?alt=sse', request);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(text.split('\r\n\r\n').filter(Boolean).every((event) => event.startsWith('data: {'))).toBe(true);
    const chunks = parseSse(text) as any[];
    expect(chunks.length).toBeGreaterThan(1);
    const usage = chunks.map((c) => c.usageMetadata);
    expect(usage.every((u) => u.promptTokenCount === plain.usageMetadata.promptTokenCount && u.thoughtsTokenCount === plain.usageMetadata.thoughtsTokenCount)).toBe(true);
    const candidates = usage.map((u) => u.candidatesTokenCount);
    expect(candidates).toEqual([...candidates].sort((a, b) => a - b));
    expect(usage.at(-1)).toEqual(plain.usageMetadata);
    expect(chunks.map((c) => c.candidates[0].finishReason)).toEqual([...Array(chunks.length - 1).fill(undefined), 'STOP']);
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe(plain.candidates[0].content.parts[0].text);
    const exchange = ctx.mock.exchanges[1]!;
    expect(exchange).toMatchObject({ operation: 'streamGenerateContent', stream: true, query: { alt: 'sse' }, usage: plain.usageMetadata });
    expect(exchange.usageBlocks).toEqual(usage);
  });

  it('streams one JSON array without alt=sse, and MAX_TOKENS on the last chunk when capped', async () => {
    const chunks = await json(call('gemini-2.0-flash', 'streamGenerateContent', request));
    expect(Array.isArray(chunks)).toBe(true);
    expect(chunks.at(-1).usageMetadata.candidatesTokenCount).toBe(12);
    const capped = parseSse(await (await call('gemini-2.0-flash', 'streamGenerateContent?alt=sse', { ...request, generationConfig: { maxOutputTokens: 4 } })).text()) as any[];
    expect(capped.at(-1).candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(capped.at(-1).usageMetadata.candidatesTokenCount).toBe(4);
  });
});

describe('embeddings and countTokens', () => {
  it('answers embedContent and batchEmbedContents, with no usage (as the API)', async () => {
    const one = await json(call('text-embedding-004', 'embedContent', { content: { parts: [{ text: 'a' }] } }));
    expect(one.embedding.values).toHaveLength(8);
    const batch = await json(call('gemini-embedding-001', 'batchEmbedContents', { requests: [{ content: { parts: [{ text: 'a' }] } }, { content: { parts: [{ text: 'b' }] }, outputDimensionality: 4 }] }));
    expect(batch.embeddings.map((e: any) => e.values.length)).toEqual([8, 4]);
    expect(ctx.mock.exchanges.map((e) => [e.operation, e.usage])).toEqual([['embedContent', null], ['batchEmbedContents', null]]);
  });

  it('counts tokens as generateContent would bill the prompt, bare or wrapped in generateContentRequest, on v1 too', async () => {
    const prompt = (await json(call('gemini-2.0-flash', 'generateContent', request))).usageMetadata.promptTokenCount;
    expect((await json(call('gemini-2.0-flash', 'countTokens', request))).totalTokens).toBe(prompt);
    expect((await json(call('gemini-2.0-flash', 'countTokens', { generateContentRequest: { model: 'models/gemini-2.0-flash', ...request } }, {}, 'v1'))).totalTokens).toBe(prompt);
  });
});
