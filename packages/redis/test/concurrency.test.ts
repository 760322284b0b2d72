import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import costkit, { BudgetExceededError, withTags, type CallEvent, type CostkitEvent } from 'costkit';
import { readFleetBudgets, redisBudgetStore } from '../src/index.js';
import { startWorker } from './helpers/workers.js';
import { redisAndMockProvider } from './helpers/per-file.js';

// The budget's promise under contention: many calls at once, in one process or
// in four sharing one redis-server, never spend more than the limit plus one
// call's reservation, and Redis's count of the spend is the calls' own cost.

const env = redisAndMockProvider();

const OUTPUT = 50;
const request = { model: 'gpt-4o', max_tokens: OUTPUT, messages: [{ role: 'user' as const, content: 'hello there' }] };
// Each answer uses its whole output cap, so each call costs about what it reserves.
const headers = { 'x-mock-output-tokens': String(OUTPUT) };

/** What one call reserves: measured on a call first, so the limit below allows exactly 50. */
async function reservationUsd(prefix: string): Promise<number> {
  const events: CostkitEvent[] = [];
  await costkit.init({
    budgets: [{ name: 'probe', window: 'day', limitUsd: 100 }],
    budgetStore: redisBudgetStore({ url: env.redis.url, keyPrefix: prefix }),
    exporters: [{ export: async (batch) => void events.push(...batch) }],
  });
  const openai = new OpenAI({ apiKey: 'k', baseURL: `${env.mock.url}/v1`, maxRetries: 0 });
  await openai.chat.completions.create(request, { headers });
  await costkit.shutdown();
  const call = events.find((e): e is CallEvent => e.schema === 'costkit.call/1')!;
  return call.budget!.reservedUsd;
}

describe('200 concurrent calls against a budget that allows 50', () => {
  it('in one process: never more than the limit plus one reservation, and Redis holds the calls’ own cost', async () => {
    const reservation = await reservationUsd('probe1:');
    const limitUsd = reservation * 50.5;
    const budgets = [{ name: 'search-day', match: { team: 'search' }, window: 'day' as const, limitUsd, onExceed: 'throw' as const }];
    const events: CostkitEvent[] = [];
    await costkit.init({ budgets, budgetStore: redisBudgetStore({ url: env.redis.url, keyPrefix: 'one:', timeoutMs: 2_000 }), exporters: [{ export: async (b) => void events.push(...b) }] });
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${env.mock.url}/v1`, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => withTags({ team: 'search' }, () => openai.chat.completions.create(request, { headers }))));
    const states = await costkit.budgets();
    await costkit.flush();

    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toBeGreaterThanOrEqual(50);
    for (const r of refused) expect(r.reason).toBeInstanceOf(BudgetExceededError);
    expect(fulfilled + refused.length).toBe(200);
    const calls = events.filter((e): e is CallEvent => e.schema === 'costkit.call/1');
    expect(calls).toHaveLength(fulfilled);
    const spentUsd = calls.reduce((sum, e) => sum + e.cost!.totalPicoUsd, 0) / 1e12;
    expect(spentUsd).toBeLessThanOrEqual(limitUsd + reservation);
    // Redis's count is the calls' cost (each rounded up to a nano-dollar), nothing left held.
    expect(states[0]!.spentUsd).toBeCloseTo(spentUsd, 6);
    expect(states[0]!.reservedUsd).toBe(0);
    expect(events.filter((e) => e.schema === 'costkit.budget/1' && e.kind === 'refused')).toHaveLength(refused.length);
    await costkit.shutdown();
  });

  it('in four processes sharing one redis-server: the same bound, across the fleet', async () => {
    const reservation = await reservationUsd('probe4:');
    const limitUsd = reservation * 50.5;
    const budgets = [{ name: 'search-day', match: { team: 'search' }, window: 'day', limitUsd, onExceed: 'throw' }];
    const config = { mockUrl: env.mock.url, redisUrl: env.redis.url, keyPrefix: 'four:', budgets, calls: 50, maxTokens: OUTPUT, outputTokens: OUTPUT, ready: true };
    const workers = Array.from({ length: 4 }, () => startWorker(config));
    await Promise.all(workers.map((w) => w.printed('ready')));
    for (const w of workers) w.child.stdin!.end('go\n');
    const reports = await Promise.all(workers.map((w) => w.result));

    for (const r of reports) expect(r.otherErrors).toEqual([]);
    const fulfilled = reports.reduce((n, r) => n + r.fulfilled, 0);
    const refused = reports.reduce((n, r) => n + r.refused, 0);
    expect(fulfilled + refused).toBe(200);
    expect(fulfilled).toBeGreaterThanOrEqual(50);
    const spentUsd = reports.reduce((sum, r) => sum + r.costPico, 0) / 1e12;
    expect(spentUsd).toBeLessThanOrEqual(limitUsd + reservation);
    const [state] = await readFleetBudgets({ url: env.redis.url, keyPrefix: 'four:', budgets: budgets as never });
    expect(state!.spentUsd).toBeCloseTo(spentUsd, 6);
    expect(state!.reservedUsd).toBe(0);
  });
});
