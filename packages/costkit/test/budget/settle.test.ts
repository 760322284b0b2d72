import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import costkit from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { hello, openaiClient } from './helpers.js';

// After the call, the reservation settles to what the provider reported: a
// stream cut mid-way is charged its partial usage; a failure with no usage
// releases the hold; nothing stays reserved.

const h = useHarness({ init: false });
const budgets = [{ name: 'all', window: 'day' as const, limitUsd: 10 }];

async function state() {
  const [s] = await costkit.budgets();
  return s!;
}

describe('settling', () => {
  it('charges a cut Anthropic stream its partial usage', async () => {
    await h.start({ budgets });
    h.mock.fail({ type: 'truncateStream', afterEvents: 4 }, { path: '/v1/messages' });
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, messages: hello, stream: true }, { headers: { 'x-mock-output-tokens': '400' } });
    await (async () => {
      for await (const _ of stream) void _;
    })().catch(() => undefined);
    const [call] = await h.events();
    expect(call!.status).not.toBe('ok');
    expect(call!.usage!.inputTokens).toBeGreaterThan(0);
    expect(call!.usage!.outputTokens).toBeLessThan(400);
    const s = await state();
    expect(s.spentUsd).toBeCloseTo(call!.cost!.totalPicoUsd / 1e12, 9);
    expect(s.spentUsd).toBeGreaterThan(0);
    expect(s.reservedUsd).toBe(0);
  });

  it('charges a cut Gemini stream the usage of its last chunk', async () => {
    await h.start({ budgets });
    h.mock.fail({ type: 'truncateStream', afterEvents: 2 }, { path: 'streamGenerateContent' });
    const genai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: h.mock.url } });
    await (async () => {
      for await (const _ of await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hello there', config: { maxOutputTokens: 300 } })) void _;
    })().catch(() => undefined);
    const [call] = await h.events();
    expect(call!.usage).not.toBeNull();
    const s = await state();
    expect(s.spentUsd).toBeCloseTo(call!.cost!.totalPicoUsd / 1e12, 9);
    expect(s.reservedUsd).toBe(0);
  });

  it('releases the hold of a call that failed with no usage', async () => {
    await h.start({ budgets });
    h.mock.fail({ type: 'status', status: 500 });
    await expect(openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: hello })).rejects.toMatchObject({ status: 500 });
    const [call] = await h.events();
    expect(call!.status).toBe('error');
    expect(await state()).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
  });

  it('holds the reservation while the call is in flight', async () => {
    await h.start({ budgets });
    h.mock.fail({ type: 'slowFirstByte', delayMs: 300 });
    const pending = openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: hello });
    const during = await state();
    expect(during.reservedUsd).toBeGreaterThan(0);
    expect(during.remainingUsd).toBeCloseTo(10 - during.reservedUsd, 9);
    await pending;
    const after = await state();
    expect(after.reservedUsd).toBe(0);
    expect(after.spentUsd).toBeGreaterThan(0);
    expect(after.spentUsd).toBeLessThan(during.reservedUsd);
  });
});
