import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import costkit, { CostkitConfigError, type Exporter } from '../../src/index.js';
import { activeRuntime } from '../../src/runtime.js';
import { collector } from '../helpers/collect.js';
import { useHarness } from '../helpers/harness.js';

/**
 * Fault isolation: whatever breaks around a call (app code costkit runs, the
 * price book, an exporter), the provider call returns what it returns without
 * costkit, and the failure is counted in costkit.stats().
 */
const h = useHarness({ init: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
let openai: OpenAI;
beforeEach(() => {
  openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
});

/** The same request without costkit, for comparison (ids and timestamps aside). */
async function uninstrumented() {
  await costkit.shutdown();
  const { id: _id, created: _created, ...rest } = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
  return rest;
}
const strip = ({ id: _id, created: _created, ...rest }: OpenAI.ChatCompletion) => rest;

describe('tagSources', () => {
  it('a tagSource that throws: the call proceeds unchanged, keeps the other tags, and the failure is counted on every call', async () => {
    const expected = await uninstrumented();
    const sink = await h.start({
      defaultTags: { team: 'platform' },
      tagSources: [
        () => {
          throw new Error('tenant lookup failed');
        },
        () => ({ region: 'eu' }),
      ],
    });
    const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const second = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(strip(first)).toEqual(expected);
    expect(strip(second)).toEqual(expected);
    const events = await sink.recorded();
    expect(events.map((e) => e.tags)).toEqual([{ team: 'platform', region: 'eu' }, { team: 'platform', region: 'eu' }]);
    expect(costkit.stats().internalErrors).toBe(2);
  });

  it('a tagSource returning bad tags (a bad key, a number, a value too long, __proto__) keeps the good ones; each bad tag counted', async () => {
    const sink = await h.start({ tagSources: [() => JSON.parse('{"tenant":"acme","bad key":"x","count":3,"long":"' + 'x'.repeat(300) + '","__proto__":"p"}')] });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const [event] = await sink.recorded();
    expect(event!.tags).toEqual({ tenant: 'acme' });
    expect(Object.getPrototypeOf(event!.tags)).toBe(Object.prototype);
    expect(costkit.stats().internalErrors).toBe(4);
  });

  it('a tagSource returning something that is not an object (a string, a promise, null) adds nothing and breaks nothing', async () => {
    const sink = await h.start({ tagSources: [() => 'tenant' as never, () => Promise.resolve({ a: 'b' }) as never, () => null] });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const [event] = await sink.recorded();
    expect(event!.tags).toEqual({});
  });
});

describe('prices', () => {
  it('an override with a broken value is refused at init (naming the field), and calls go on unchanged, recorded by the running configuration', async () => {
    const sink = await h.start();
    for (const broken of [{ model: 'gpt-4o-mini', input: Number.NaN }, { model: 'gpt-4o-mini', input: -1 }, { model: 'gpt-4o-mini', input: '2.5' }, { model: 'gpt-*-mini*', output: 1 }]) {
      const error = await costkit.init({ exporters: [collector()], pricing: { overrides: [broken as never] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CostkitConfigError);
      expect((error as Error).message).toContain('pricing.overrides.0');
    }
    const result = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(result.choices[0]!.message.content).toBeTruthy();
    const [event] = await sink.recorded();
    expect(event!.cost!.priceRef).toContain('gpt-4o-mini');
  });

  it('a price book that throws costs the event its price, never the event or the call', async () => {
    const expected = await uninstrumented();
    const sink = await h.start();
    (activeRuntime()!.priceBook as { price: unknown }).price = () => {
      throw new Error('corrupt price entry');
    };
    const result = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(strip(result)).toEqual(expected);
    const [event] = await sink.recorded();
    expect(event).toMatchObject({ status: 'ok', cost: null });
    expect(event!.usage?.inputTokens).toBeGreaterThan(0);
    expect(costkit.stats()).toMatchObject({ internalErrors: 1, unpricedCalls: 1 });
  });
});

describe('exporters, on the call path', () => {
  const throwing: Exporter = {
    export() {
      throw new Error('exporter threw');
    },
  };
  const rejecting: Exporter = { export: () => Promise.reject(new Error('collector said no')) };

  it.each([
    ['throws', throwing],
    ['rejects', rejecting],
  ])('an exporter that %s: calls proceed unchanged, the other exporter gets every event, the failure is counted', async (_kind, broken) => {
    const expected = await uninstrumented();
    const good = collector();
    await costkit.init({ exporters: [broken, good], queue: { flushIntervalMs: 1 } });
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    for (let i = 0; i < 3; i++) expect(strip(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }))).toEqual(expected);
    await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages });
    expect(await good.recorded()).toHaveLength(4);
    const stats = costkit.stats();
    expect(stats.calls).toBe(4);
    expect(stats.exportFailures).toBeGreaterThan(0);
    expect(stats.failed + stats.deadLettered).toBe(4);
  });

  it('an exporter that never settles: calls proceed unchanged and at full speed, their events queued', async () => {
    const expected = await uninstrumented();
    // Hung for the whole test; released at its end so that shutdown (whose deadline is not this test's subject) returns.
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    await costkit.init({ exporters: [{ export: () => hung }] });
    try {
      const started = performance.now();
      for (let i = 0; i < 20; i++) expect(strip(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }))).toEqual(expected);
      // 20 local calls: far below any export deadline, so the hung export cannot be what they waited on.
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(costkit.stats()).toMatchObject({ calls: 20, enqueued: 20 });
    } finally {
      release();
    }
  });
});
