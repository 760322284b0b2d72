#!/usr/bin/env node
// Exporter throughput and bounds, against the built dist (run `npx tsup` in
// packages/costkit first):
//   1. events/s through the pipeline to the file exporter, and
//   2. to the http exporter and a loopback collector (a separate process, so the
//      collector's CPU is not ours): each a fresh process per run, BENCH_RUNS runs
//      (default 7) alternating, reported as median, min and max;
//   3. peak memory while the collector is stalled (accepts, never answers);
//   4. provider-call latency (OpenAI SDK, canned fetch) with no exporter work
//      against an http exporter whose collector takes 2 s per request.
// Usage: node packages/costkit/bench/exporters.mjs   (BENCH_EVENTS, BENCH_RUNS, BENCH_CALLS to scale)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import OpenAI from 'openai';
import costkit from '../dist/index.js';
import { Pipeline, fileExporter, httpExporter } from '../dist/exporters.js';

// A GC on demand, to measure what the queue holds rather than garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const work = mkdtempSync(join(tmpdir(), 'costkit-bench-'));

const tags = { team: 'search', feature: 'summarize' };
const usage = { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 1500 };
const cost = { currency: 'USD', input: 0.00003, cacheRead: 0.000075, cacheWrite: 0, output: 0.00018, total: 0.000285, priceRef: 'openai/gpt-4o-mini' };
// A realistic event (~620 bytes as JSON, its own nested objects), as init() would record it.
const event = (i) => ({
  schema: 'costkit.call/1', id: `0192f7c2-bench-${i}`, timestamp: '2026-11-22T10:00:00.000Z', service: 'checkout-api', environment: 'production',
  provider: 'openai', operation: 'chat.completions', model: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18', stream: false,
  status: 'ok', error: null, tags: { ...tags }, tagged: true, usage: { ...usage }, cost: { ...cost }, latencyMs: 812.4, timeToFirstTokenMs: null, attempts: 1,
  finishReason: 'stop', requestId: 'req_abc123', serviceTier: null,
});

/** Feeds `count` events the way an app does: in bursts, yielding between them. */
async function feed(pipeline, count) {
  for (let i = 0; i < count; i++) {
    pipeline.enqueue(event(i));
    if (i % 1_000 === 999) await new Promise((r) => setImmediate(r));
  }
}

/** A collector in its own process. mode: 'ok' | 'stalled' | 'slow' (answers after 2 s). */
async function startCollector(mode) {
  const source = `
    const http = require('node:http');
    let events = 0, requests = 0;
    const server = http.createServer((req, res) => {
      let bytes = 0;
      req.on('data', (c) => (bytes += c.length));
      req.on('end', () => {
        requests++;
        if (${JSON.stringify(mode)} === 'stalled') return;
        if (${JSON.stringify(mode)} === 'slow') return setTimeout(() => res.end(), 2000);
        res.end();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', resolve));
  return { url: `http://127.0.0.1:${port}/v1/events`, stop: () => child.kill() };
}

function mb(bytes) {
  return (bytes / 1024 / 1024).toFixed(1);
}

if (process.argv[2] === '--stalled') {
  const [, , , url, count] = process.argv;
  const total = Number(count);
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const pipeline = new Pipeline([httpExporter({ url, timeoutMs: 600_000 })], { report: () => undefined, exportTimeoutMs: 600_000 });
  await feed(pipeline, total);
  clearInterval(sample);
  gc();
  const after = process.memoryUsage();
  const s = pipeline.stats();
  process.stdout.write(JSON.stringify({
    'events recorded': total,
    queued: s.queued,
    'in flight': s.exporters[0].inFlight,
    'dropped (counted)': s.dropped,
    'rss before MB': mb(before.rss),
    'peak rss MB': mb(peakRss),
    'peak heap MB': mb(peakHeap),
    'heap held after GC MB': mb(after.heapUsed - before.heapUsed),
  }));
  // These batches can never settle; what was measured is above.
  pipeline.writeRemainingSync = () => undefined;
  process.exit(0);
}

/** One throughput measurement, in this (fresh) process. */
async function throughput(kind, url) {
  const exporter = kind === 'file' ? fileExporter({ path: join(work, 'events.jsonl') }) : httpExporter({ url, maxConcurrency: 2 });
  // A queue as large as the run: throughput until everything is written, nothing dropped.
  const pipeline = new Pipeline([exporter], { maxBatchSize: 2_000, maxQueueSize: EVENTS });
  const start = performance.now();
  const cpu = process.cpuUsage();
  await feed(pipeline, EVENTS);
  await pipeline.shutdown({ timeoutMs: 600_000 });
  const seconds = (performance.now() - start) / 1000;
  // CPU time of every thread of this process (the libuv pool's writes included):
  // on a machine busy with other work, what the pipeline itself costs.
  const used = process.cpuUsage(cpu);
  const s = pipeline.stats();
  const written = kind === 'file' ? statSync(join(work, 'events.jsonl')).size : undefined;
  return { eventsPerSec: EVENTS / seconds, eventsPerCpuSec: EVENTS / ((used.user + used.system) / 1e6), dropped: s.dropped, failed: s.failed, requests: s.exporters[0].requests, written };
}

if (process.argv[2] === '--throughput') {
  process.stdout.write(JSON.stringify(await throughput(process.argv[3], process.argv[4])));
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench child exited with ${code}`))));
  });
}

const spread = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
};

// 1 and 2: each run in a fresh process (no shared JIT state or heap), the cases alternating.
{
  const collector = await startCollector('ok');
  const cases = { 'pipeline -> file': ['file'], 'pipeline -> http (loopback, gzip)': ['http', collector.url] };
  const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, args] of Object.entries(cases)) results[name].push(await runChild(['--throughput', ...args]));
  }
  collector.stop();
  console.log(`costkit exporter bench, node ${process.version}, ${EVENTS} events of ~620 bytes, ${RUNS} fresh processes per case`);
  console.table(
    Object.entries(results).map(([name, runs]) => {
      const s = spread(runs.map((r) => r.eventsPerSec));
      const c = spread(runs.map((r) => r.eventsPerCpuSec));
      return {
        case: name,
        'events/s median': Math.round(s.median),
        min: Math.round(s.min),
        max: Math.round(s.max),
        'events per CPU-s median': Math.round(c.median),
        dropped: runs.reduce((n, r) => n + r.dropped, 0),
        failed: runs.reduce((n, r) => n + r.failed, 0),
        ...(runs[0].written !== undefined ? { 'MB written': mb(runs[0].written) } : { requests: runs[0].requests }),
      };
    }),
  );
}

// 3. Peak memory with a stalled collector (default queue bounds: 10 000 events),
// each size in a fresh process so that rss is not the earlier cases' high-water mark.
{
  const collector = await startCollector('stalled');
  const memoryRows = [];
  for (const total of [EVENTS, EVENTS * 5]) {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--stalled', collector.url, String(total)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    await new Promise((r) => child.on('close', r));
    memoryRows.push(JSON.parse(out));
  }
  console.log('\nStalled collector (accepts, never answers), default queue (maxQueueSize 10 000, maxBatchSize 512, http maxConcurrency 2):');
  console.table(memoryRows);
  collector.stop();
}

// 4. Provider-call latency: no exporter I/O vs a collector that takes 2 s per request.
{
  const completion = JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  });
  const client = new OpenAI({
    apiKey: 'bench', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0,
    fetch: async () => new Response(completion, { headers: { 'content-type': 'application/json' } }),
  });
  const call = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  const slow = await startCollector('slow');
  const configs = {
    'no-op exporter': [{ async export() {} }],
    'http, collector answers after 2 s': [{ type: 'http', url: slow.url }],
  };
  const results = {};
  for (let round = 0; round < 5; round++) {
    for (const [name, exporters] of Object.entries(configs)) {
      await costkit.init({ exporters });
      for (let i = 0; i < 200; i++) await call();
      const latencies = [];
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
      await costkit.shutdown({ timeoutMs: 10 });
      latencies.sort((a, b) => a - b);
      (results[name] ??= { p50: [], p99: [] });
      results[name].p50.push(latencies[Math.floor(CALLS / 2)] * 1000);
      results[name].p99.push(latencies[Math.floor(CALLS * 0.99)] * 1000);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\nProvider-call latency, OpenAI SDK with an in-process canned fetch, ${CALLS} sequential calls x 5 alternating rounds (median round):`);
  console.table(Object.entries(results).map(([name, r]) => ({ exporter: name, 'p50 µs/call': median(r.p50).toFixed(1), 'p99 µs/call': median(r.p99).toFixed(1) })));
  slow.stop();
}

rmSync(work, { recursive: true, force: true });
console.log("\n(The 'costkit: events not exported' lines above are the slow collector's queues, abandoned on purpose by shutdown({ timeoutMs: 10 }): counted and said, never silent.)");
process.exit(0);
