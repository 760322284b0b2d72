import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { type CallEvent, type CostkitEvent } from 'costkit';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import { redisBudgetStore } from '../src/index.js';
import { RedisServer } from './helpers/redis-server.js';

// Degrade through the shared store: admission waits for Redis (the call is
// held until it answers), then the cheaper model is what each SDK sends.

let redis: RedisServer;
let mock: MockProvider;
const events: CostkitEvent[] = [];
beforeAll(async () => {
  [redis, mock] = await Promise.all([RedisServer.start(), startMockProvider({ port: 0 })]);
  await costkit.init({
    budgets: [{ name: 'premium', window: 'day', limitUsd: 1e-9, onExceed: 'degrade', degradeTo: { 'gpt-4o': 'gpt-4o-mini', 'claude-opus-*': 'claude-haiku-4-5', 'gemini-2.5-pro': 'gemini-2.5-flash' } }],
    budgetStore: redisBudgetStore({ url: redis.url, timeoutMs: 2_000 }),
    exporters: [{ export: async (b) => void events.push(...b) }],
  });
});
afterAll(async () => {
  await costkit.shutdown();
  await Promise.all([redis?.stop(), mock?.close()]);
});

const modelIn = (e: { body: any; path: string }) => e.body?.model ?? /models\/([^:]+):/.exec(e.path)![1];

describe('degrade with the Redis store', () => {
  it('sends the cheaper model on OpenAI, Anthropic and both Google SDKs', async () => {
    const messages = [{ role: 'user' as const, content: 'hello there' }];
    await new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o', max_tokens: 32, messages });
    await new Anthropic({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 }).messages.create({ model: 'claude-opus-4-1', max_tokens: 32, messages });
    await new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: mock.url } }).models.generateContent({ model: 'gemini-2.5-pro', contents: 'hello there', config: { maxOutputTokens: 32 } });
    await new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-pro', generationConfig: { maxOutputTokens: 32 } }, { baseUrl: mock.url }).generateContent('hello there');
    expect(mock.exchanges.map(modelIn)).toEqual(['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash', 'gemini-2.5-flash']);
    await costkit.flush();
    const calls = events.filter((e): e is CallEvent => e.schema === 'costkit.call/1');
    expect(calls.map((c) => [c.model, c.degradedFrom])).toEqual([
      ['gpt-4o-mini', 'gpt-4o'],
      ['claude-haiku-4-5', 'claude-opus-4-1'],
      ['gemini-2.5-flash', 'gemini-2.5-pro'],
      ['gemini-2.5-flash', 'gemini-2.5-pro'],
    ]);
    const [state] = await costkit.budgets();
    expect(state!.spentUsd).toBeCloseTo(calls.reduce((s, c) => s + c.cost!.totalPicoUsd, 0) / 1e12, 8);
  });
});
