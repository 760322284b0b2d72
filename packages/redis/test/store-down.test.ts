import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import costkit, { BudgetExceededError, costkitEventSchema, withTags, type CallEvent, type CostkitEvent } from 'costkit';
import { redisBudgetStore } from '../src/index.js';
import { until } from './helpers/redis-server.js';
import { redisAndMockProvider } from './helpers/per-file.js';

// whenStoreDown, with redis-server killed mid-run and started again: 'open'
// budgets let calls through (counted, warned once, marked on the events, one
// store-unavailable event per outage), 'closed' ones refuse them; the wait is
// bounded; once Redis is back, admission resumes and the calls made during the
// outage are charged.

const env = redisAndMockProvider();

const budgets = [
  { name: 'open-team', match: { team: 'a' }, window: 'day' as const, limitUsd: 1 },
  { name: 'closed-team', match: { team: 'b' }, window: 'day' as const, limitUsd: 1, whenStoreDown: 'closed' as const },
];

async function start(timeoutMs: number, prefix: string): Promise<CostkitEvent[]> {
  const events: CostkitEvent[] = [];
  await costkit.init({
    instrument: { anthropic: false, google: false },
    budgets,
    budgetStore: redisBudgetStore({ url: env.redis.url, keyPrefix: prefix, timeoutMs }),
    exporters: [{ export: async (batch) => void events.push(...batch) }],
  });
  return events;
}

const openai = () => new OpenAI({ apiKey: 'k', baseURL: `${env.mock.url}/v1`, maxRetries: 0 });
const ask = (team: string) => withTags({ team }, () => openai().chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }));
const spent = (events: CostkitEvent[], team: string) => events.filter((e): e is CallEvent => e.schema === 'costkit.call/1' && e.tags.team === team).reduce((s, e) => s + e.cost!.totalPicoUsd, 0) / 1e12;

describe('whenStoreDown', () => {
  it("'open' lets calls through and 'closed' refuses them while Redis is down; both recover when it is back", async () => {
    const events = await start(250, 'down:');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    await ask('a');
    await ask('b');

    await env.redis.kill();
    env.mock.reset();
    const startedAt = performance.now();
    await expect(ask('a')).resolves.toBeDefined();
    const refusal = await ask('b').catch((e: unknown) => e);
    await ask('a');
    // Nothing queued behind a dead connection: answered well within one store timeout.
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(refusal).toBeInstanceOf(BudgetExceededError);
    expect(refusal).toMatchObject({ budget: 'closed-team', reason: 'store-unavailable' });
    expect(env.mock.exchanges).toHaveLength(2);
    expect(costkit.stats().budgetStoreErrors).toBeGreaterThanOrEqual(2);
    await costkit.flush();
    const during = events.filter((e): e is CallEvent => e.schema === 'costkit.call/1').slice(2);
    expect(during.map((e) => e.budget)).toEqual([
      { matched: ['open-team'], reservedUsd: expect.any(Number), storeUnavailable: true },
      { matched: ['open-team'], reservedUsd: expect.any(Number), storeUnavailable: true },
    ]);
    // One store-unavailable event per budget for the outage, not one per call.
    const unavailable = events.filter((e) => e.schema === 'costkit.budget/1' && e.kind === 'store-unavailable');
    expect(unavailable.map((e) => (e as { budget: string }).budget)).toEqual(['open-team', 'closed-team']);
    for (const event of events) costkitEventSchema.parse(event);
    expect(events.filter((e) => e.schema === 'costkit.budget/1' && e.kind === 'refused')).toHaveLength(1);

    await env.redis.launch();
    await until('the closed budget admits again', () => ask('b').then(() => true, () => false), 10_000);
    // The calls let through during the outage are charged once Redis is back, on top of what was seen before it.
    await until('the outage spend reached Redis', async () => {
      const [open] = await costkit.budgets();
      return Math.abs(open!.spentUsd - spent(events, 'a')) < 1e-8;
    });
    await costkit.flush();
    const [open, closed] = await costkit.budgets();
    expect(open!.spentUsd).toBeCloseTo(spent(events, 'a'), 8);
    expect(closed!.spentUsd).toBeCloseTo(spent(events, 'b'), 8);
    expect(open!.reservedUsd + closed!.reservedUsd).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.includes('budget store (redis) could not be reached'))).toHaveLength(1);
    await costkit.shutdown();
  });

  it('bounds the wait for a store that answers slowly, then applies the policy', async () => {
    await start(150, 'slow:');
    await ask('a');
    const admin = new Redis(env.redis.url);
    // The server stops answering for a second.
    const sleeping = admin.call('DEBUG', 'SLEEP', '1');
    const probe = new Redis(env.redis.url, { commandTimeout: 50, maxRetriesPerRequest: 0 });
    await until('the server stopped answering', () => probe.ping().then(() => false, () => true));
    probe.disconnect();
    const startedAt = performance.now();
    const results = await Promise.allSettled([ask('a'), ask('b')]);
    const waited = performance.now() - startedAt;
    expect(results[0]!.status).toBe('fulfilled');
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ reason: 'store-unavailable' });
    expect(waited).toBeLessThan(900);
    await sleeping;
    admin.disconnect();
    await costkit.shutdown();
  });
});
