import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import costkit from '../src/index.js';
import { collector } from './helpers/collect.js';
import { useHarness } from './helpers/harness.js';

const h = useHarness({ init: false });
const messages = [{ role: 'user' as const, content: 'hi' }];

// stats() first: it is read before any init() in this file.
describe('stats()', () => {
  it('is zeros before init, and after shutdown still says what happened, calls dropped after it included', async () => {
    expect(costkit.stats()).toMatchObject({ calls: 0, enqueued: 0, dropped: 0, exporters: [] });
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    await costkit.init({ exporters: [collector()] });
    h.mock.fail({ type: 'slowFirstByte', delayMs: 200 });
    const late = openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    while (h.mock.exchanges.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await costkit.shutdown();
    await late;
    const after = costkit.stats();
    expect(after.calls).toBe(1);
    expect(after.dropped).toBe(1);
  });
});

describe('init() again reconfigures', () => {
  it('unpatches a provider the new options no longer ask for, and keeps the others', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    const first = collector();
    await costkit.init({ exporters: [first] });
    const createBefore = Object.getPrototypeOf(openai.chat.completions).create;
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });

    const second = collector();
    const report = await costkit.init({ exporters: [second], instrument: { openai: false } });
    expect(report.some((r) => r.provider === 'openai')).toBe(false);
    expect(report.some((r) => r.provider === 'anthropic')).toBe(true);
    expect(Object.getPrototypeOf(openai.chat.completions).create).not.toBe(createBefore);
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages });
    await costkit.flush();
    expect(first.calls().map((e) => e.provider)).toEqual(['openai']);
    expect(second.calls().map((e) => e.provider)).toEqual(['anthropic']);

    // Asked for again: patched again, once.
    const third = collector();
    await costkit.init({ exporters: [third] });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await costkit.flush();
    expect(third.calls().map((e) => e.provider)).toEqual(['openai']);
  });

  it('counts a call in flight across the reconfiguration in the new configuration, instead of dropping it', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const first = collector();
    await costkit.init({ exporters: [first] });
    h.mock.fail({ type: 'slowFirstByte', delayMs: 300 });
    const inFlight = openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    // Wait until the request reached the provider, then reconfigure while it waits for its answer.
    while (h.mock.exchanges.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = collector();
    await costkit.init({ exporters: [second] });
    await inFlight;
    await costkit.flush();
    expect(first.calls()).toHaveLength(0);
    expect(second.calls()).toHaveLength(1);
    expect(costkit.stats()).toMatchObject({ calls: 0, enqueued: 1, dropped: 0 });
  });
});
