import { describe, expect, it } from 'vitest';
import AnthropicV0 from 'anthropic-v0';
import AnthropicV1 from '@anthropic-ai/sdk';
import costkit, { withTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

// The last 0.x next to 1.x: what the patch relies on (Messages.prototype.create
// and countTokens, the APIPromise's lazy parse, Stream.iterator, buildRequest)
// must hold in each major an app may still run.
const h = useHarness({ init: { instrument: { anthropic: false } } });
const versions = { '0.x': AnthropicV0, '1.x': AnthropicV1 } as Record<string, any>;

type Raw = Record<string, any>;
// A stream's usage is message_start's block with message_delta's fields replacing it.
const sent = (e: { usage: unknown; usageBlocks: readonly unknown[]; stream: boolean }): Raw =>
  e.stream ? Object.assign({}, ...(e.usageBlocks as Raw[])) : (e.usage as Raw);
const input = (u: Raw) => u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
const base = { model: 'claude-3-5-haiku-latest', max_tokens: 256, messages: [{ role: 'user', content: 'hello' }] };

describe.each(Object.entries(versions))('@anthropic-ai/sdk %s', (_version, Anthropic) => {
  it('records plain, streamed, helper-streamed and countTokens calls with the server usage', async () => {
    const client = costkit.instrument(new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 2 }));
    await withTags({ team: 'matrix' }, async () => {
      const plain = await client.messages.create(base);
      expect(plain.content.length).toBeGreaterThan(0);
      const stream = await client.messages.create({ ...base, stream: true });
      for await (const _ of stream) void _;
      await client.messages.stream(base).finalMessage();
      await client.beta.messages.create(base);
      await client.messages.countTokens({ model: base.model, messages: base.messages });
    });
    await costkit.flush();
    const recorded = h.sink.calls();
    expect(recorded.map((e) => [e.operation, e.stream, e.status])).toEqual([
      ['messages', false, 'ok'],
      ['messages', true, 'ok'],
      ['messages', true, 'ok'],
      ['messages', false, 'ok'],
      ['messages.countTokens', false, 'ok'],
    ]);
    for (const i of [0, 1, 2, 3]) {
      const usage = sent(h.mock.exchanges[i]!);
      expect(recorded[i]!.usage).toMatchObject({ inputTokens: input(usage), outputTokens: usage.output_tokens, cacheReadTokens: usage.cache_read_input_tokens ?? 0 });
      expect(recorded[i]!.tags).toEqual({ team: 'matrix' });
      expect(recorded[i]!.requestId).toBeTruthy();
    }
    expect(recorded[4]!.usage).toBeNull();
  });

  it('keeps withResponse() and counts retries', async () => {
    const client = costkit.instrument(new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 2 }));
    h.mock.fail({ type: 'status', status: 429, retryAfterSeconds: 0 }, { times: 1 });
    const { data, response } = await client.messages.create(base).withResponse();
    expect(response.status).toBe(200);
    expect(data.content.length).toBeGreaterThan(0);
    await costkit.flush();
    expect(h.sink.calls()[0]).toMatchObject({ status: 'ok', attempts: 2 });
  });

  it('records a broken-off stream as aborted and restores the SDK on shutdown', async () => {
    const client = costkit.instrument(new Anthropic({ apiKey: 'k', baseURL: h.mock.url }));
    const stream = await client.messages.create({ ...base, stream: true }, { headers: { 'x-mock-output-tokens': '50' } });
    for await (const _ of stream) break;
    await costkit.flush();
    expect(h.sink.calls()[0]).toMatchObject({ status: 'aborted' });
    const proto = Object.getPrototypeOf(client.messages);
    const patched = proto.create;
    await costkit.shutdown();
    expect(proto.create).not.toBe(patched);
    await client.messages.create(base);
    expect(h.sink.calls()).toHaveLength(1);
  });
});
