import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import costkit, { BudgetExceededError, withTags, type CallEvent, type CostkitEvent } from 'costkit';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import { readFleetBudgets, redisBudgetStore } from '../src/index.js';
import { RedisServer } from './helpers/redis-server.js';

// Chunk leasing (off by default): a process takes a chunk of the budget at a
// time and admits calls against it without a round trip; the limit still
// holds, and the spend reaches Redis when the chunk is given back.

let redis: RedisServer;
let mock: MockProvider;
let admin: Redis;
beforeAll(async () => {
  [redis, mock] = await Promise.all([RedisServer.start(), startMockProvider({ port: 0 })]);
  admin = new Redis(redis.url);
});
afterAll(async () => {
  await costkit.shutdown();
  admin?.disconnect();
  await Promise.all([redis?.stop(), mock?.close()]);
});

const ask = () =>
  withTags({ team: 'search' }, () =>
    new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hello there' }] }, { headers: { 'x-mock-output-tokens': '50' } }),
  );

async function scriptCalls(): Promise<number> {
  const info = await admin.info('commandstats');
  return [...info.matchAll(/cmdstat_eval(?:sha)?:calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('chunk leasing', () => {
  it('admits most calls with no round trip, holds the limit, and charges the spend when chunks are given back', async () => {
    const budgets = [{ name: 'chunked', match: { team: 'search' }, window: 'day' as const, limitUsd: 0.008 }];
    const events: CostkitEvent[] = [];
    await costkit.init({
      instrument: { anthropic: false, google: false },
      budgets,
      budgetStore: redisBudgetStore({ url: redis.url, keyPrefix: 'chunks:', chunkUsd: 0.0027, timeoutMs: 2_000 }),
      exporters: [{ export: async (b) => void events.push(...b) }],
    });
    await admin.config('RESETSTAT');
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await ask().then(() => 'ok', (e: unknown) => (e instanceof BudgetExceededError ? 'refused' : String(e))));
    const calls = await scriptCalls();
    await costkit.shutdown();

    const admitted = outcomes.filter((o) => o === 'ok').length;
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'refused')).toEqual([]);
    expect(admitted).toBeGreaterThanOrEqual(10);
    // Without chunks every call costs two round trips (reserve, settle): 40. With them, the admitted calls
    // share a few chunk takes and returns; each refused call still asks the store once.
    expect(calls).toBeLessThan(admitted);
    const spentUsd = events.filter((e): e is CallEvent => e.schema === 'costkit.call/1').reduce((s, e) => s + e.cost!.totalPicoUsd, 0) / 1e12;
    expect(spentUsd).toBeLessThanOrEqual(0.008 + 0.00053);
    const [state] = await readFleetBudgets({ url: redis.url, keyPrefix: 'chunks:', budgets });
    expect(state!.spentUsd).toBeCloseTo(spentUsd, 8);
    expect(state!.reservedUsd).toBe(0);
  });
});
