import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import costkit, { BudgetExceededError, withTags, type CallEvent, type CostkitEvent } from 'costkit';
import { readFleetBudgets, redisBudgetStore } from '../src/index.js';
import { until } from './helpers/redis-server.js';
import { startWorker } from './helpers/workers.js';
import { redisAndMockProvider } from './helpers/per-file.js';

// Redis crashes and comes back from an older snapshot, in which the budget
// had spent less. A stale-low counter must not reopen a spent budget: every
// process remembers the highest spend it has seen per window and repairs the
// counter with it on its next operation; a call whose hold the snapshot lost
// is still charged when it settles.

const env = redisAndMockProvider();

const limitUsd = 0.003;
const budgets = [{ name: 'search-day', match: { team: 'search' }, window: 'day' as const, limitUsd }];
const openai = () => new OpenAI({ apiKey: 'k', baseURL: `${env.mock.url}/v1`, maxRetries: 0 });
const ask = (headers: Record<string, string> = {}) =>
  withTags({ team: 'search' }, () => openai().chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hello there' }] }, { headers: { 'x-mock-output-tokens': '50', ...headers } }));

describe('a Redis restart from an old snapshot', () => {
  it('does not reopen a spent budget for the processes that saw it spent, nor for the ones after them', async () => {
    const events: CostkitEvent[] = [];
    await costkit.init({
      instrument: { anthropic: false, google: false },
      budgets,
      budgetStore: redisBudgetStore({ url: env.redis.url, keyPrefix: 'snap:', timeoutMs: 500 }),
      exporters: [{ export: async (b) => void events.push(...b) }],
    });
    await ask();
    const admin = new Redis(env.redis.url);
    await admin.save();
    admin.disconnect();
    const [atSnapshot] = await costkit.budgets();

    // Spend the rest of the window, then keep one call in flight through the crash.
    for (let i = 0; i < 20 && (await ask().then(() => true, () => false)); i++);
    const [spent] = await costkit.budgets();
    expect(spent!.remainingUsd).toBeLessThan(0.00053);
    const inFlight = ask({ 'x-mock-fault': 'slow-first-byte=800' }).catch((e: unknown) => e);

    await env.redis.kill();
    await env.redis.launch();
    const fresh = new Redis(env.redis.url);
    // What Redis alone now says: the snapshot's spend.
    expect(Number(await fresh.get('snap:budget:search-day:' + spent!.window.start.slice(0, 10) + ':spent'))).toBe(Math.round(atSnapshot!.spentUsd * 1e9));

    // This process saw the budget spent: its next call is refused, and the counter is repaired.
    await until('the store answers again', () => costkit.budgets().then(() => true, () => false));
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    const [repaired] = await readFleetBudgets({ url: env.redis.url, keyPrefix: 'snap:', budgets });
    expect(repaired!.spentUsd).toBeGreaterThanOrEqual(spent!.spentUsd);

    // The call whose hold the snapshot lost is charged when it settles.
    await inFlight;
    await costkit.flush();
    const charged = events.filter((e): e is CallEvent => e.schema === 'costkit.call/1' && e.cost !== null).reduce((s, e) => s + e.cost!.totalPicoUsd, 0) / 1e12;
    await until('the in-flight call was charged', async () => (await readFleetBudgets({ url: env.redis.url, keyPrefix: 'snap:', budgets }))[0]!.spentUsd >= charged - 1e-9);

    // A process started after the repair finds the budget spent too.
    const worker = startWorker({ mockUrl: env.mock.url, redisUrl: env.redis.url, keyPrefix: 'snap:', budgets, calls: 3, outputTokens: 50 });
    const report = await worker.result;
    expect(report).toMatchObject({ fulfilled: 0, refused: 3 });
    fresh.disconnect();
    await costkit.shutdown();
  });
});
