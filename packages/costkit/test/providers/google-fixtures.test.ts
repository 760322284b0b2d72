import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GoogleGenAI } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import costkit, { callEventSchema, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// Gemini responses as Google documents them (JSON and SSE, with cached content,
// thinking and tool-use prompt tokens), replayed through the mock provider and
// read through both SDKs: what the event says must equal what the provider
// said, by the contract's rules. The expected numbers were worked out by hand.
const h = useHarness();
const dir = new URL('../fixtures/google/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, any>;
const fixtures = Object.keys(expected).filter((name) => !name.startsWith('_'));

const METHOD: Record<string, string> = {
  'count-tokens.json': 'countTokens',
  'embed-content.json': 'embedContent',
  'batch-embed-contents.json': 'batchEmbedContents',
};

function replay(name: string, model: string): void {
  const text = readFileSync(new URL(name, dir), 'utf8');
  const sse = name.endsWith('.sse');
  const method = sse ? 'streamGenerateContent' : (METHOD[name] ?? 'generateContent');
  h.mock.enqueue(sse ? { sse: text } : { json: JSON.parse(text) }, { path: `/models/${model}:${method}` });
}

async function only(): Promise<CallEvent> {
  await costkit.flush();
  const calls = h.sink.calls();
  expect(calls).toHaveLength(1);
  return callEventSchema.parse(calls[0]) as CallEvent;
}

function check(event: CallEvent, want: Record<string, any>, model: string): void {
  expect(event).toMatchObject({ provider: 'google', operation: want.operation, model, stream: want.stream, status: 'ok' });
  expect(event.usage).toEqual(want.usage);
  if ('finishReason' in want) expect(event.finishReason).toBe(want.finishReason);
  if (want.usage === null) expect(event.cost).toBeNull();
}

describe.each(fixtures)('%s', (name) => {
  const want = expected[name];
  const model = name.includes('embed') ? 'text-embedding-004' : 'gemini-2.5-flash';

  // @google/genai sends every Gemini API embedding request to batchEmbedContents.
  // Registered only where it applies (not a skip).
  if (name !== 'embed-content.json') {
    it('through @google/genai', async () => {
      const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
      replay(name, model);
      if (want.operation === 'countTokens') await ai.models.countTokens({ model, contents: 'x' });
      else if (want.operation === 'embedContent') await ai.models.embedContent({ model, contents: ['a', 'b'] });
      else if (want.stream) {
        for await (const _ of await ai.models.generateContentStream({ model, contents: 'x' })) void _;
      } else await ai.models.generateContent({ model, contents: 'x' });
      const event = await only();
      check(event, want, model);
      if (want.operation === 'generateContent') {
        expect(event.responseModel).toBe(want.responseModel);
        expect(event.requestId).toBe(want.requestId);
      }
    });
  }

  it('through @google/generative-ai', async () => {
    const gm = new GoogleGenerativeAI('k').getGenerativeModel({ model }, { baseUrl: h.mock.url });
    replay(name, model);
    if (want.operation === 'countTokens') await gm.countTokens('x');
    else if (name === 'embed-content.json') await gm.embedContent('x');
    else if (name === 'batch-embed-contents.json') await gm.batchEmbedContents({ requests: [{ content: { role: 'user', parts: [{ text: 'a' }] } }, { content: { role: 'user', parts: [{ text: 'b' }] } }] });
    else if (want.stream) {
      const result = await gm.generateContentStream('x');
      for await (const _ of result.stream) void _;
    } else await gm.generateContent('x');
    const event = await only();
    check(event, want, model);
    if (want.operation === 'generateContent') expect(event.responseModel).toBe(want.responseModel);
  });

  // Registered only where it applies (not a skip).
  if (want.stream) {
    it('through a @google/generative-ai stream read only by its response', async () => {
      const gm = new GoogleGenerativeAI('k').getGenerativeModel({ model }, { baseUrl: h.mock.url });
      replay(name, model);
      const result = await gm.generateContentStream('x');
      await result.response;
      check(await only(), want, model);
    });
  }
});
