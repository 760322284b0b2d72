import { describe, expect, it } from 'vitest';
import { GoogleGenAI as GenAIv1 } from 'genai-v1';
import { GoogleGenAI as GenAIv2 } from 'genai-v2';
import { GoogleGenAI as GenAIv3 } from '@google/genai';
import costkit, { withTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// The last 1.x and 2.x next to 3.x. 1.x has no automatic continuation and no
// retries; 2.x and 3.x continue and retry inside the SDK: the patched Models
// prototype methods and ApiClient.apiCall must hold in each.
const h = useHarness({ init: { instrument: { google: false } } });
const versions = { '1.x': GenAIv1, '2.x': GenAIv2, '3.x': GenAIv3 } as Record<string, any>;

type Raw = Record<string, any>;
const expectedUsage = (sent: Raw) => {
  const input = (sent.promptTokenCount ?? 0) + (sent.toolUsePromptTokenCount ?? 0);
  const output = (sent.candidatesTokenCount ?? 0) + (sent.thoughtsTokenCount ?? 0);
  return { inputTokens: input, outputTokens: output, cacheReadTokens: sent.cachedContentTokenCount ?? 0, cacheWriteTokens: 0, reasoningTokens: sent.thoughtsTokenCount ?? 0, totalTokens: input + output };
};
const contents = 'hello';

describe.each(Object.entries(versions))('@google/genai %s', (version, GoogleGenAI) => {
  it('records generateContent, streams, chats, embedContent and countTokens with the server usage', async () => {
    const ai = costkit.instrument(new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } }));
    await withTags({ team: 'matrix' }, async () => {
      await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
      const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents });
      for await (const _ of stream) void _;
      const chat = ai.chats.create({ model: 'gemini-2.5-flash' });
      await chat.sendMessage({ message: 'hi' });
      for await (const _ of await chat.sendMessageStream({ message: 'again' })) void _;
      await ai.models.embedContent({ model: 'gemini-embedding-001', contents: 'embed me' });
      await ai.models.countTokens({ model: 'gemini-2.5-flash', contents });
    });
    await costkit.flush();
    const recorded = h.sink.calls();
    expect(recorded.map((e) => [e.operation, e.stream, e.status, e.attempts])).toEqual([
      ['generateContent', false, 'ok', 1],
      ['generateContent', true, 'ok', 1],
      ['generateContent', false, 'ok', 1],
      ['generateContent', true, 'ok', 1],
      ['embedContent', false, 'ok', 1],
      ['countTokens', false, 'ok', 1],
    ]);
    for (const i of [0, 1, 2, 3]) {
      expect(recorded[i]!.usage).toEqual(expectedUsage(h.mock.exchanges[i]!.usage as Raw));
      expect(recorded[i]!.tags).toEqual({ team: 'matrix' });
    }
    expect(recorded[5]!.usage).toBeNull();
  });

  it('records a broken-off stream as aborted and restores the SDK on shutdown', async () => {
    const ai = costkit.instrument(new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } }));
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents, config: { httpOptions: { headers: { 'x-mock-output-tokens': '50' } } } });
    for await (const _ of stream) break;
    await costkit.flush();
    expect(h.sink.calls()[0]).toMatchObject({ status: 'aborted', stream: true });
    await costkit.shutdown();
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
    expect(h.sink.calls()).toHaveLength(1);
  });

  // Registered only where it applies (not a skip).
  if (version !== '1.x') {
    it('counts the SDK own retries in attempts', async () => {
      const ai = costkit.instrument(new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url, retryOptions: { attempts: 3, initialDelay: 0, maxDelay: 0 } } }));
      h.mock.fail({ type: 'status', status: 503, retryAfterSeconds: 0 }, { times: 2 });
      await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
      await costkit.flush();
      expect(h.sink.calls()[0]).toMatchObject({ status: 'ok', attempts: 3 });
    });
  }
});
