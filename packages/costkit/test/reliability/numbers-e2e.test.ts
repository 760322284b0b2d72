import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import costkit, { costkitEventSchema } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';

const h = useHarness({ init: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
let openai: OpenAI;
let anthropic: Anthropic;
beforeEach(() => {
  openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
});

const completion = (usage: unknown) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage,
});

const sse = (events: Array<[string, unknown]>) => events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');

describe('sane numbers, through the real SDKs', () => {
  it('1e308 prompt tokens: the event is valid, its usage not reported for that field, its cost complete', async () => {
    const sink = await h.start();
    h.mock.enqueue({ json: completion({ prompt_tokens: 1e308, completion_tokens: 12, total_tokens: 1e308 }) });
    const result = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(result.usage?.prompt_tokens).toBe(1e308);
    const [event] = await sink.recorded();
    expect(event!.usage).toMatchObject({ inputTokens: 0, outputTokens: 12, totalTokens: 12 });
    expect(event!.cost).not.toBeNull();
    expect(Number.isFinite(event!.cost!.total)).toBe(true);
    expect(event!.cost!.total).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(event)).cost.total).toBe(event!.cost!.total);
  });

  it('a junk input_tokens in the message_delta of a real Anthropic stream leaves message_start standing', async () => {
    const sink = await h.start();
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], stop_reason: null, stop_sequence: null };
    h.mock.enqueue({
      sse: sse([
        ['message_start', { type: 'message_start', message: { ...message, usage: { input_tokens: 1200, cache_read_input_tokens: 800, cache_creation_input_tokens: 0, output_tokens: 1 } } }],
        ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: -50000, cache_read_input_tokens: '800', output_tokens: 30 } }],
        ['message_stop', { type: 'message_stop' }],
      ]),
    });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages, stream: true });
    for await (const _ of stream);
    const [event] = await sink.recorded();
    expect(event!.usage).toMatchObject({ inputTokens: 2000, cacheReadTokens: 800, outputTokens: 30 });
    expect(event!.cost!.total).toBeGreaterThan(0);
  });

  it('a price so large that a cost cannot be exact gives cost: null, warned and counted, never a rounded or infinite cost', async () => {
    // The highest price overrides accept ($1,000 per million tokens) times a count still within
    // what a call may report (10^8 tokens): 10^17 pico-USD, past what a safe integer holds.
    const sink = await h.start({ pricing: { overrides: [{ provider: 'openai', model: 'gpt-4o-mini*', input: 1000, output: 1000 }] } });
    const warned: string[] = [];
    const onWarning = (w: Error) => warned.push(w.message);
    process.on('warning', onWarning);
    try {
      h.mock.enqueue({ json: completion({ prompt_tokens: 100_000_000, completion_tokens: 10, total_tokens: 100_000_010 }) });
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const [event] = await sink.recorded();
      expect(event!.usage?.inputTokens).toBe(100_000_000);
      expect(event!.cost).toBeNull();
      expect(() => costkitEventSchema.parse(JSON.parse(JSON.stringify(event)))).not.toThrow();
      expect(costkit.stats().unpricedCalls).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warned.some((w) => w.includes('too large to be exact'))).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
