#!/usr/bin/env node
// costkit call-path overhead: the OpenAI SDK instrumented by costkit against the
// same SDK uninstrumented, measured in this run. Each measurement is a fresh
// process (call-path-worker.mjs) with an in-process canned fetch, so the network
// is not what is measured; the two sides alternate so drift in the machine
// affects both alike. Reported: the median per-call time of each side and their
// ratio, and the one-time cost of init().
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WORKLOADS = {
  'chat.completions.create': 'plain',
  'chat.completions.create, stream (app asks include_usage)': 'stream-include-usage',
  'chat.completions.create, stream (costkit injects include_usage)': 'stream-injected-usage',
};

const measure = (mode, workload) =>
  JSON.parse(execFileSync(process.execPath, [join(here, 'call-path-worker.mjs'), mode, workload], { encoding: 'utf8', env: process.env })).perCall;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`costkit call-path bench: ${ROUNDS} alternating process pairs per workload, node ${process.version}`);

const costkit = (await import('../dist/index.js')).default;
const initStart = performance.now();
const patched = await costkit.init({ exporters: [{ async export() {} }] });
console.log(`one-time init(): ${(performance.now() - initStart).toFixed(0)} ms to load and patch ${patched.length} SDK builds (${patched.map((p) => `${p.packageName} ${p.build}`).join(', ')})`);
await costkit.shutdown();

const rows = [];
for (const [name, workload] of Object.entries(WORKLOADS)) {
  const plain = [];
  const instrumented = [];
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(measure('plain', workload));
    instrumented.push(measure('costkit', workload));
  }
  const base = median(plain);
  const inst = median(instrumented);
  // Each pair ran back to back, so its ratio shares the machine's state of the moment.
  const pairRatio = median(instrumented.map((t, i) => t / plain[i]));
  rows.push({ workload: name, 'uninstrumented µs/call': base.toFixed(1), 'costkit µs/call': inst.toFixed(1), ratio: (inst / base).toFixed(3), 'median pair ratio': pairRatio.toFixed(3) });
}
console.table(rows);
