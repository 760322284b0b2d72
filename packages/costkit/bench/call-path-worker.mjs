// One measurement for run.mjs: a fresh process times CALLS calls of one workload,
// with costkit initialized or not, and prints µs per call. A fresh process per
// measurement keeps the two sides from sharing JIT state or patched prototypes.
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import costkit from '../dist/index.js';
import { cannedFetch } from './canned-fetch.mjs';

const [mode, workload] = process.argv.slice(2);
const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const WARMUP = 500;

const client = new OpenAI({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9/v1', fetch: cannedFetch, maxRetries: 0 });
const messages = [{ role: 'user', content: 'Say hello.' }];
const workloads = {
  plain: () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }),
  'stream-include-usage': async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    for await (const _ of stream) void _;
  },
  'stream-injected-usage': async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream) void _;
  },
};
const fn = workloads[workload];

if (mode === 'costkit') await costkit.init({ exporters: [{ async export() {} }] });

async function run(n) {
  for (let i = 0; i < n; i++) {
    await fn();
    // Let timers and I/O run now and then, as a server's event loop would (the
    // pipeline exports from there); both sides pay it alike.
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
}

await run(WARMUP);
const start = performance.now();
await run(CALLS);
const perCall = ((performance.now() - start) * 1000) / CALLS;
if (mode === 'costkit') {
  const { calls, dropped } = costkit.stats();
  if (calls !== WARMUP + CALLS || dropped !== 0) throw new Error(`expected ${WARMUP + CALLS} events, none dropped; got ${calls}, ${dropped} dropped`);
  await costkit.shutdown();
}
process.stdout.write(JSON.stringify({ perCall }));
