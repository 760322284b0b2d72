import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { callEventSchema, scopeUsage, withTags, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness({ init: { service: 'guard-test' } });
const messages = [{ role: 'user' as const, content: 'Write a long essay.' }];
// The mock answers this many tokens unless the request's output cap is lower: then it cuts (finish 'length').
const long = { 'x-mock-output-tokens': '40' };

async function events(): Promise<Array<CallEvent & { truncated?: boolean }>> {
  await costkit.flush();
  const calls = h.sink.calls();
  for (const event of calls) callEventSchema.parse(event);
  return calls;
}

describe('truncation', () => {
  it('flags an answer cut by its output cap on the event, and counts it on every enclosing scope (OpenAI)', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0, defaultHeaders: long });
    let outer: ReturnType<typeof scopeUsage>;
    await withTags({ team: 'docs' }, async () => {
      await withTags({ feature: 'essay' }, async () => {
        await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 5 });
        const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 5, stream: true });
        for await (const _ of stream);
        await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 500 });
        await openai.responses.create({ model: 'gpt-4o-mini', input: 'essay', max_output_tokens: 5 });
        await costkit.flush();
        expect(scopeUsage()!.truncations).toBe(3);
      });
      outer = scopeUsage();
    });
    expect(outer!.truncations).toBe(3);
    const calls = await events();
    expect(calls.map((e) => [e.finishReason, e.truncated])).toEqual([
      ['length', true],
      ['length', true],
      ['stop', undefined],
      ['length', true],
    ]);
  });

  it('flags Anthropic max_tokens stops and Gemini MAX_TOKENS finishes the same way', async () => {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0, defaultHeaders: long });
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url, headers: long } });
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash', generationConfig: { maxOutputTokens: 5 } }, { baseUrl: h.mock.url, customHeaders: long });
    await withTags({ team: 'docs' }, async () => {
      await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages });
      await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'essay', config: { maxOutputTokens: 5 } });
      await model.generateContent('essay');
      await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1000, messages });
      await costkit.flush();
      expect(scopeUsage()!.truncations).toBe(3);
    });
    const calls = await events();
    expect(calls.map((e) => [e.provider, e.truncated ?? false])).toEqual([
      ['anthropic', true],
      ['google', true],
      ['google', true],
      ['anthropic', false],
    ]);
  });
});
