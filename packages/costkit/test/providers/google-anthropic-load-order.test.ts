import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit, { withTags } from '../../src/index.js';
import { collector } from '../helpers/collect.js';

// No SDK is imported before init() in this file (each test file is its own
// process): init loads and patches them, and what the app imports or requires
// afterwards is the patched copy. One app mixing the three providers gets one
// comparable event per call.
let mock: MockProvider;
const sink = collector();
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
  await costkit.init({ exporters: [sink] });
});
afterAll(async () => {
  await costkit.shutdown();
  await mock.close();
});

describe('SDKs loaded after init()', () => {
  it('records the ESM and CommonJS builds of all three SDKs', async () => {
    const require = createRequire(import.meta.url);
    const { default: AnthropicEsm } = await import('@anthropic-ai/sdk');
    const AnthropicCjs = require('@anthropic-ai/sdk');
    const { GoogleGenAI: GenAIEsm } = await import('@google/genai');
    const { GoogleGenAI: GenAICjs } = require('@google/genai');
    const { GoogleGenerativeAI: GenEsm } = await import('@google/generative-ai');
    const { GoogleGenerativeAI: GenCjs } = require('@google/generative-ai');
    const { default: OpenAI } = await import('openai');

    await withTags({ team: 'mixed' }, async () => {
      for (const Anthropic of [AnthropicEsm, AnthropicCjs]) {
        await new Anthropic({ apiKey: 'k', baseURL: mock.url }).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
      }
      for (const GoogleGenAI of [GenAIEsm, GenAICjs]) {
        await new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: mock.url } }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      }
      for (const GoogleGenerativeAI of [GenEsm, GenCjs]) {
        await new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: mock.url }).generateContent('hi');
      }
      await new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/v1` }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    });
    await costkit.flush();
    const recorded = sink.calls();
    expect(recorded.map((e) => e.provider)).toEqual(['anthropic', 'anthropic', 'google', 'google', 'google', 'google', 'openai']);
    for (const event of recorded) {
      expect(event).toMatchObject({ status: 'ok', attempts: 1, tags: { team: 'mixed' } });
      expect(event.usage?.inputTokens).toBeGreaterThan(0);
      expect(event.usage?.outputTokens).toBeGreaterThan(0);
      expect(event.usage!.totalTokens).toBe(event.usage!.inputTokens + event.usage!.outputTokens);
    }
  });
});
