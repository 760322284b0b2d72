import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { CostkitConfigError, guardEventSchema, type CallEvent, type GuardEvent, type InitOptions } from '../../src/index.js';
import { MaxTokensExceededError } from '../../src/guard/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness({ init: false });
let openai: OpenAI;
let anthropic: Anthropic;
let ai: GoogleGenAI;
let gemini: GoogleGenerativeAI;

const messages = [{ role: 'user' as const, content: 'Write the release notes.' }];

const start = (guard: InitOptions['guard']) => h.start({ service: 'guard-test', guard });

beforeEach(async () => {
  openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
  ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
  gemini = new GoogleGenerativeAI('k');
  await start({ maxTokens: { default: 200, cap: 500 } });
});

type Annotated = CallEvent & { outputCap?: { requested: number | null; applied: number; action: string } };
async function recorded(): Promise<{ calls: Annotated[]; guards: GuardEvent[] }> {
  await costkit.flush();
  return {
    calls: h.sink.calls() as Annotated[],
    guards: h.sink.events.filter((e): e is GuardEvent => e.schema === 'costkit.guard/1').map((e) => guardEventSchema.parse(e)),
  };
}
const sent = (i = 0) => h.mock.exchanges[i]!.body as Record<string, any>;

describe('OpenAI', () => {
  it('gives a chat request with no cap the default, as max_completion_tokens', async () => {
    const params = { model: 'gpt-4o-mini', messages };
    await openai.chat.completions.create(params);
    await openai.chat.completions.create(params);
    expect(sent(0).max_completion_tokens).toBe(200);
    expect(sent(0).max_tokens).toBeUndefined();
    expect(params).toEqual({ model: 'gpt-4o-mini', messages });
    const { calls, guards } = await recorded();
    expect(calls[0]!.outputCap).toEqual({ requested: null, applied: 200, action: 'defaulted' });
    // A default is reported once per model, not per call.
    expect(guards).toHaveLength(1);
    expect(guards[0]).toMatchObject({ guard: 'maxTokens', action: 'defaulted', provider: 'openai', model: 'gpt-4o-mini', operation: 'chat.completions', applied: 200 });
  });

  it('clamps the legacy max_tokens where the app set it, and says so in a guard event', async () => {
    const params = { model: 'gpt-4o-mini', messages, max_tokens: 4000 };
    await openai.chat.completions.create(params);
    expect(sent().max_tokens).toBe(500);
    expect(sent().max_completion_tokens).toBeUndefined();
    expect(params.max_tokens).toBe(4000);
    const { calls, guards } = await recorded();
    expect(calls[0]!.outputCap).toEqual({ requested: 4000, applied: 500, action: 'clamped' });
    expect(guards).toHaveLength(1);
    expect(guards[0]).toMatchObject({ guard: 'maxTokens', action: 'clamped', field: 'max_tokens', requested: 4000, applied: 500, cap: 500 });
    expect(guards[0]!.detail).toContain('init({ guard: { maxTokens: { cap: 500 } } })');
  });

  it('leaves a request within the cap alone: no copy, no event', async () => {
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 300 });
    expect(sent().max_completion_tokens).toBe(300);
    const { calls, guards } = await recorded();
    expect(calls[0]!.outputCap).toBeUndefined();
    expect(guards).toEqual([]);
  });

  it('clamps every clamp it makes, streams included (with the injected include_usage kept)', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 9000, stream: true });
    for await (const _ of stream);
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 9000 });
    expect(sent(0)).toMatchObject({ max_completion_tokens: 500, stream: true, stream_options: { include_usage: true } });
    expect(sent(1).max_completion_tokens).toBe(500);
    const { guards } = await recorded();
    expect(guards.map((g) => g.action)).toEqual(['clamped', 'clamped']);
  });

  it('uses max_output_tokens for Responses and max_tokens for legacy completions, and never touches embeddings', async () => {
    await openai.responses.create({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 1000 });
    await openai.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    await openai.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi', max_tokens: 2000 });
    // No max_tokens: the completions API's own default (16) is already a cap.
    await openai.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi' });
    await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    expect(sent(0).max_output_tokens).toBe(500);
    expect(sent(1).max_output_tokens).toBe(200);
    expect(sent(2).max_tokens).toBe(500);
    expect(sent(3).max_tokens).toBeUndefined();
    expect(Object.keys(sent(4)).filter((k) => k.startsWith('max_'))).toEqual([]);
  });

  it('refuses with MaxTokensExceededError before anything is sent when onExceed is throw', async () => {
    await start({ maxTokens: { cap: 500, onExceed: 'throw' } });
    const error = await openai.chat.completions.create({ model: 'gpt-4o', messages, max_completion_tokens: 4096 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxTokensExceededError);
    expect(error).toMatchObject({ code: 'COSTKIT_MAX_TOKENS', requested: 4096, cap: 500, model: 'gpt-4o', provider: 'openai', field: 'max_completion_tokens' });
    expect((error as Error).message).toContain("set by init({ guard: { maxTokens: { cap: 500 } } }) with onExceed: 'throw'");
    expect((error as Error).message).toContain("onExceed: 'clamp'");
    expect(h.mock.exchanges).toHaveLength(0);
    const { calls, guards } = await recorded();
    expect(calls).toEqual([]);
    expect(guards).toHaveLength(1);
    expect(guards[0]).toMatchObject({ guard: 'maxTokens', action: 'refused', requested: 4096, cap: 500 });
    // Without a default, a request with no cap gets the cap.
    await openai.chat.completions.create({ model: 'gpt-4o', messages });
    expect(sent().max_completion_tokens).toBe(500);
  });

  it('takes perModel entries over the global values, by exact name or prefix*', async () => {
    await start({ maxTokens: { default: 200, cap: 500, perModel: { 'gpt-4o*': { cap: 100 }, 'gpt-4o-mini': { default: 50, cap: 1000 } } } });
    await openai.chat.completions.create({ model: 'gpt-4o-2024-08-06', messages, max_completion_tokens: 400 });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 800 });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await openai.chat.completions.create({ model: 'o4-mini', messages, max_completion_tokens: 800 });
    expect([0, 1, 2, 3].map((i) => sent(i).max_completion_tokens)).toEqual([100, 800, 50, 500]);
    const { guards } = await recorded();
    expect(guards[0]!.detail).toContain("perModel: { 'gpt-4o*': { cap: 100 } }");
  });

  it('rejects a default above the cap at init', async () => {
    await expect(costkit.init({ guard: { maxTokens: { default: 900, cap: 500 } } })).rejects.toBeInstanceOf(CostkitConfigError);
  });
});

describe('Anthropic', () => {
  it('clamps max_tokens, and leaves countTokens alone', async () => {
    const params = { model: 'claude-haiku-4-5', max_tokens: 8000, messages };
    await anthropic.messages.create(params);
    await anthropic.beta.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8000, messages });
    await anthropic.messages.countTokens({ model: 'claude-haiku-4-5', messages });
    expect(sent(0).max_tokens).toBe(500);
    expect(sent(1).max_tokens).toBe(500);
    expect(sent(2).max_tokens).toBeUndefined();
    expect(params.max_tokens).toBe(8000);
    const { guards } = await recorded();
    expect(guards.map((g) => [g.guard, g.action, g.provider, g.field])).toEqual([
      ['maxTokens', 'clamped', 'anthropic', 'max_tokens'],
      ['maxTokens', 'clamped', 'anthropic', 'max_tokens'],
    ]);
  });

  it('gives a request that forgot max_tokens the default instead of a 400', async () => {
    await anthropic.messages.create({ model: 'claude-haiku-4-5', messages } as never);
    expect(sent().max_tokens).toBe(200);
    expect(h.mock.exchanges[0]!.status).toBe(200);
  });

  it('keeps extended thinking valid: a budget at or above the clamped max_tokens is lowered with it', async () => {
    await start({ maxTokens: { cap: 1500 } });
    const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 16000, thinking: { type: 'enabled', budget_tokens: 4000 }, messages });
    await stream.finalMessage();
    expect(sent()).toMatchObject({ max_tokens: 1500, thinking: { type: 'enabled', budget_tokens: 1499 } });
  });

  it('refuses before sending when onExceed is throw', async () => {
    await start({ maxTokens: { cap: 1024, onExceed: 'throw' } });
    await expect(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 4096, messages })).rejects.toBeInstanceOf(MaxTokensExceededError);
    expect(h.mock.exchanges).toHaveLength(0);
  });
});

describe('@google/genai', () => {
  it('clamps config.maxOutputTokens and gives a request without one the default, the app’s config untouched', async () => {
    const config = { maxOutputTokens: 2000, temperature: 0.2 };
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config });
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    expect(sent(0).generationConfig).toEqual({ maxOutputTokens: 500, temperature: 0.2 });
    expect(sent(1).generationConfig).toEqual({ maxOutputTokens: 200 });
    expect(config).toEqual({ maxOutputTokens: 2000, temperature: 0.2 });
    const { calls, guards } = await recorded();
    expect(calls.map((c) => c.outputCap?.action)).toEqual(['clamped', 'defaulted']);
    expect(guards[0]).toMatchObject({ provider: 'google', field: 'config.maxOutputTokens', requested: 2000, applied: 500 });
  });

  it('covers streams and chats, and never touches embedContent or countTokens', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi', config: { maxOutputTokens: 4000 } });
    for await (const _ of stream);
    const chat = ai.chats.create({ model: 'gemini-2.5-flash', config: { maxOutputTokens: 900 } });
    await chat.sendMessage({ message: 'hi' });
    await ai.models.embedContent({ model: 'text-embedding-004', contents: 'hi' });
    await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'hi' });
    expect(sent(0).generationConfig.maxOutputTokens).toBe(500);
    expect(sent(1).generationConfig.maxOutputTokens).toBe(500);
    expect(JSON.stringify(sent(2))).not.toContain('maxOutputTokens');
    expect(JSON.stringify(sent(3))).not.toContain('maxOutputTokens');
  });

  it('refuses before sending when onExceed is throw', async () => {
    await start({ maxTokens: { cap: 100, onExceed: 'throw' } });
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi', config: { maxOutputTokens: 101 } })).rejects.toMatchObject({
      code: 'COSTKIT_MAX_TOKENS',
      field: 'config.maxOutputTokens',
    });
    expect(h.mock.exchanges).toHaveLength(0);
  });
});

describe('@google/generative-ai', () => {
  it('counts the model’s own generationConfig as the app’s cap, and clamps it for a plain-string request', async () => {
    const generationConfig = { maxOutputTokens: 4000, temperature: 0.3 };
    const model = gemini.getGenerativeModel({ model: 'gemini-2.5-flash', generationConfig }, { baseUrl: h.mock.url });
    const result = await model.generateContent('Summarize.');
    expect(result.response.text()).toBeTruthy();
    expect(sent().generationConfig).toEqual({ maxOutputTokens: 500, temperature: 0.3 });
    expect(sent().contents).toEqual([{ role: 'user', parts: [{ text: 'Summarize.' }] }]);
    expect(model.generationConfig).toEqual({ maxOutputTokens: 4000, temperature: 0.3 });
    expect(generationConfig.maxOutputTokens).toBe(4000);
  });

  it('gives a model without a cap the default, for strings, part arrays and request objects', async () => {
    const model = gemini.getGenerativeModel({ model: 'gemini-2.5-flash', systemInstruction: 'Be brief.' }, { baseUrl: h.mock.url });
    await model.generateContent(['a', { text: 'b' }]);
    const request = { contents: [{ role: 'user', parts: [{ text: 'c' }] }], generationConfig: { maxOutputTokens: 8000 } };
    await model.generateContent(request);
    const stream = await model.generateContentStream('d');
    await stream.response;
    expect(sent(0)).toMatchObject({ contents: [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }], generationConfig: { maxOutputTokens: 200 } });
    expect(sent(0).systemInstruction).toBeDefined();
    expect(sent(1).generationConfig).toEqual({ maxOutputTokens: 500 });
    expect(request.generationConfig.maxOutputTokens).toBe(8000);
    expect(sent(2).generationConfig).toEqual({ maxOutputTokens: 200 });
  });

  it('caps chat messages through the chat’s settings, without touching the object the app passed', async () => {
    const model = gemini.getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: h.mock.url });
    const startParams = { generationConfig: { maxOutputTokens: 3000, topK: 4 } };
    const chat = model.startChat(startParams);
    await chat.sendMessage('one');
    await chat.sendMessage('two');
    const stream = await chat.sendMessageStream('three');
    await stream.response;
    for (const i of [0, 1, 2]) expect(sent(i).generationConfig).toEqual({ maxOutputTokens: 500, topK: 4 });
    expect(startParams.generationConfig.maxOutputTokens).toBe(3000);
    expect((await chat.getHistory()).length).toBe(6);
    const { calls, guards } = await recorded();
    // Each call is judged by the app's own setting (3000), not the clamped copy.
    expect(calls.map((c) => c.outputCap)).toEqual([0, 1, 2].map(() => ({ requested: 3000, applied: 500, action: 'clamped' })));
    expect(guards).toHaveLength(3);
  });

  it('never touches embedContent or countTokens', async () => {
    const model = gemini.getGenerativeModel({ model: 'text-embedding-004' }, { baseUrl: h.mock.url });
    await model.embedContent('hi');
    await model.countTokens('hi');
    expect(JSON.stringify(sent(0))).not.toContain('maxOutputTokens');
    expect(JSON.stringify(sent(1))).not.toContain('maxOutputTokens');
  });
});
