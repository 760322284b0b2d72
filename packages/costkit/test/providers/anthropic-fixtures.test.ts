import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import costkit, { callEventSchema, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// Responses as Anthropic documents them (plain JSON and SSE transcripts, with
// cache, 1-hour cache writes, thinking and server web searches), replayed through
// the mock provider: what the event says must equal what the provider said, by
// the contract's rules. The expected numbers were worked out by hand.
const h = useHarness();
const dir = new URL('../fixtures/anthropic/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, any>;
const fixtures = Object.keys(expected).filter((name) => !name.startsWith('_'));

let client: Anthropic;

beforeEach(() => {
  client = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
});

function replay(name: string, requestId: string): void {
  const text = readFileSync(new URL(name, dir), 'utf8');
  const sse = name.endsWith('.sse');
  h.mock.enqueue(
    sse ? { headers: { 'request-id': requestId }, sse: text } : { headers: { 'request-id': requestId }, json: JSON.parse(text) },
    { path: name.startsWith('count-tokens') ? /\/v1\/messages\/count_tokens$/ : /\/v1\/messages$/ },
  );
}

async function only(): Promise<CallEvent> {
  await costkit.flush();
  const calls = h.sink.calls();
  expect(calls).toHaveLength(1);
  return callEventSchema.parse(calls[0]) as CallEvent;
}

const params = { model: 'claude-sonnet-4-6', max_tokens: 4096, messages: [{ role: 'user' as const, content: 'Replay.' }] };

describe.each(fixtures)('%s', (name) => {
  const want = expected[name];

  it(want.stream ? 'messages.create({ stream: true })' : 'messages.create()', async () => {
    replay(name, `req_fixture_${name}`);
    if (want.stream) {
      const stream = await client.messages.create({ ...params, stream: true });
      for await (const _ of stream) void _;
    } else {
      await client.messages.create(params);
    }
    const event = await only();
    expect(event).toMatchObject({ provider: 'anthropic', operation: 'messages', stream: want.stream, status: 'ok', attempts: 1 });
    expect(event.usage).toEqual(want.usage);
    expect(event.responseModel).toBe(want.responseModel);
    expect(event.finishReason).toBe(want.finishReason);
    expect(event.serviceTier ?? null).toBe(want.serviceTier ?? null);
    expect(event.requestId).toBe(`req_fixture_${name}`);
  });

  // Registered only where it applies (not a skip).
  if (want.stream) {
    it('messages.stream() helper', async () => {
      replay(name, 'req_helper');
      const helper = client.messages.stream(params);
      const final = await helper.finalMessage();
      const event = await only();
      expect(event.usage).toEqual(want.usage);
      expect(event.finishReason).toBe(want.finishReason);
      // The SDK's own accumulated message agrees with the event.
      expect(final.usage.output_tokens).toBe(want.usage.outputTokens);
    });
  }
});

it('count-tokens.json: messages.countTokens has usage and cost null', async () => {
  replay('count-tokens.json', 'req_count');
  const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: params.messages });
  expect(counted.input_tokens).toBe(2095);
  const event = await only();
  expect(event).toMatchObject({ operation: 'messages.countTokens', usage: null, cost: null, requestId: 'req_count' });
});
