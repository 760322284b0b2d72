import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import costkit from 'costkit';
import { readFleetBudgets, redisBudgetStore } from '../src/index.js';
import { until } from './helpers/redis-server.js';
import { startWorker } from './helpers/workers.js';
import { redisAndMockProvider } from './helpers/per-file.js';

// A reservation is a lease: a process killed mid-call stops renewing it and
// the hold expires by itself (nothing leaks, nothing needs a cleanup job); a
// live process keeps the lease of a long call alive for as long as it runs.

const env = redisAndMockProvider();

const budgets = [{ name: 'search-day', match: { team: 'search' }, window: 'day', limitUsd: 1 }];

describe('leases', () => {
  it('a process killed mid-call leaves a reservation that expires', async () => {
    const worker = startWorker({ mockUrl: env.mock.url, redisUrl: env.redis.url, keyPrefix: 'killed:', budgets, calls: 1, leaseMs: 500, headers: { 'x-mock-fault': 'slow-first-byte=30000' } });
    // It is killed: it never reports.
    worker.result.catch(() => undefined);
    const read = async () => (await readFleetBudgets({ url: env.redis.url, keyPrefix: 'killed:', budgets: budgets as never }))[0]!;
    await until('the worker holds a reservation', async () => (await read()).reservedUsd > 0, 20_000);
    const held = await read();
    expect(held.reservedUsd).toBeGreaterThan(0);
    expect(held.remainingUsd).toBeCloseTo(1 - held.reservedUsd, 9);
    const exited = new Promise((resolve) => worker.child.once('exit', resolve));
    worker.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await until('the killed process’s hold expired', async () => (await read()).reservedUsd === 0, 5_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(await read()).toMatchObject({ spentUsd: 0, reservedUsd: 0, remainingUsd: 1 });
  });

  it('a live process renews the lease of a call that outlasts it', async () => {
    await costkit.init({ instrument: { anthropic: false, google: false }, budgets: budgets as never, budgetStore: redisBudgetStore({ url: env.redis.url, keyPrefix: 'live:', leaseMs: 300, timeoutMs: 2_000 }), exporters: [] });
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${env.mock.url}/v1`, maxRetries: 0 });
    let done = false;
    const call = costkit
      .withTags({ team: 'search' }, () => openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-mock-fault': 'slow-first-byte=1500' } }))
      .finally(() => (done = true));
    await until('the call holds a reservation', async () => (await costkit.budgets())[0]!.reservedUsd > 0);
    // Five leases long: every reading while the call runs still sees its hold.
    while (!done) {
      const [state] = await costkit.budgets();
      if (!done) expect(state!.reservedUsd).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await call;
    await until('the call settled', async () => (await costkit.budgets())[0]!.spentUsd > 0);
    expect((await costkit.budgets())[0]!.reservedUsd).toBe(0);
    await costkit.shutdown();
  });
});
