// The measuring process of admission.mjs: the OpenAI SDK (in-process canned
// fetch: no network) under costkit with no budget, a budget in memory and a
// budget on Redis over loopback, re-initialized in turn in this one process
// (same JIT state for all three), ROUNDS rounds of CALLS sequential calls each.
// Prints the p50 µs per call of each round and mode.
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import costkit, { withTags } from 'costkit';
import { redisBudgetStore } from '@costkit/redis';
// The call-path bench's canned provider (packages/bench): the same answers every bench measures against.
import { createCannedFetch } from '../../bench/src/canned/index.mjs';

const [redisUrl] = process.argv.slice(2);
const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const budgets = [{ name: 'team-day', match: { team: 'search' }, window: 'day', limitUsd: 1_000_000, warnAt: [0.5, 0.8] }];
const modes = {
  'no budget': {},
  'a budget in memory': { budgets },
  'a budget on Redis (loopback)': { budgets, budgetStore: () => redisBudgetStore({ url: redisUrl, keyPrefix: `bench-${process.pid}:` }) },
};

const client = new OpenAI({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9/v1', fetch: createCannedFetch(), maxRetries: 0 });
const messages = [{ role: 'user', content: 'Say hello.' }];
const call = () => withTags({ team: 'search' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 64, messages }));

async function measure(n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call();
    times.push((performance.now() - start) * 1000);
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

const results = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
for (let round = 0; round <= ROUNDS; round++) {
  for (const [mode, { budgetStore, ...rest }] of Object.entries(modes)) {
    await costkit.init({ instrument: { anthropic: false, google: false }, exporters: [{ async export() {} }], ...rest, ...(budgetStore ? { budgetStore: budgetStore() } : {}) });
    const p50 = await measure(round === 0 ? 500 : CALLS);
    if (costkit.stats().budgetStoreErrors !== 0) throw new Error(`${mode}: store errors`);
    await costkit.shutdown();
    // Round 0 warms up every path.
    if (round > 0) results[mode].push(p50);
  }
}
process.stdout.write(JSON.stringify(results));
