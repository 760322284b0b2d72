#!/usr/bin/env node
// What a budget adds to a provider call's path: the OpenAI SDK under costkit
// with no budget, with a budget in memory (admission answers synchronously),
// and with a budget on Redis over loopback (admission waits for one round trip:
// the reservation; the settle runs after the call has returned). Fresh process
// per measurement, sides alternating; medians of ROUNDS. Also the store's own
// reserve round trip, timed alone. Needs redis-server on the PATH.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseBudgets } from 'costkit/budget';
import { Redis } from 'ioredis';
import { RedisBudgetStore } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = s.address();
    s.close(() => resolve(free));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'costkit-bench-redis-'));
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => redis.stdout.on('data', (d) => String(d).includes('Ready to accept') && resolve()));
const url = `redis://127.0.0.1:${port}`;

try {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results = JSON.parse(execFileSync(process.execPath, [join(here, 'admission-worker.mjs'), url], { encoding: 'utf8', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } }));
  console.log(`budget admission bench: node ${process.version}, one process, ${ROUNDS} rounds of ${Number(process.env.BENCH_CALLS ?? 2_000).toLocaleString('en-US').replace(',', ' ')} sequential calls per mode (modes alternate), redis-server on 127.0.0.1`);
  console.log('| costkit with | p50 µs/call (median of rounds) | added by the budget |');
  console.log('|---|---|---|');
  const base = median(results['no budget']);
  for (const [mode, p50s] of Object.entries(results)) {
    const p50 = median(p50s);
    console.log(`| ${mode} | ${p50.toFixed(0)} | ${mode === 'no budget' ? '–' : `+${(p50 - base).toFixed(0)}`} |`);
  }

  // The store's reserve alone: one EVALSHA round trip; and what Redis itself spends per script.
  const admin = new Redis(url);
  await admin.config('RESETSTAT');
  const store = new RedisBudgetStore({ url, keyPrefix: 'bench-rt:' });
  const [line] = parseBudgets([{ name: 'rt', window: 'day', limitUsd: 1_000_000 }]).map((b) => b.lineAt(Date.now()));
  const times = [];
  for (let i = 0; i < 5_500; i++) {
    const start = performance.now();
    await store.reserve(`r${i}`, [{ ...line, amountNanos: 1_000, enforce: true }]);
    if (i >= 500) times.push((performance.now() - start) * 1000);
  }
  await store.close();
  const serverUs = /cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([\d.]+)/.exec(await admin.info('commandstats'))?.[1];
  admin.disconnect();
  const ping = [];
  const pinger = new Redis(url);
  for (let i = 0; i < 2_000; i++) {
    const start = performance.now();
    await pinger.ping();
    ping.push((performance.now() - start) * 1000);
  }
  pinger.disconnect();
  ping.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  console.log(`\nRedisBudgetStore.reserve alone (5 000 sequential, one budget line): p50 ${times[2_500].toFixed(0)} µs (of which the script in Redis: ${serverUs} µs; a PING round trip: ${ping[1_000].toFixed(0)} µs)`);
} finally {
  redis.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
