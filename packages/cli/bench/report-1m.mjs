#!/usr/bin/env node
// `costkit report` over one million events against a plain DuckDB query over the
// same file, each a whole process (startup included), alternating, median of the
// rounds. The ledger is generated once (bench/generate-ledger.mjs) and kept in
// the OS temp dir; the first read of it warms the page cache for both sides.
//   node packages/cli/bench/report-1m.mjs            (after the build)
//   BENCH_EVENTS=200000 BENCH_ROUNDS=5 node …
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ledger = join(tmpdir(), `costkit-bench-ledger-${EVENTS}.jsonl`);
const cli = join(here, '../dist/cli.js');

if (!existsSync(cli)) throw new Error('build first: npx -y pnpm@10.34.9 run build');
if (!existsSync(ledger)) {
  console.log(`generating ${EVENTS} events into ${ledger} …`);
  execFileSync(process.execPath, [join(here, 'generate-ledger.mjs'), ledger, String(EVENTS)], { stdio: 'inherit' });
}
readFileSync(ledger); // warm the page cache
const size = statSync(ledger).size;

// CPU seconds (user + system) beside wall time: on a shared machine the wall time
// includes waiting for a core, the CPU time does not. GNU time reports it when present.
const gnuTime = existsSync('/usr/bin/time');
const time = (args) => {
  const start = performance.now();
  const command = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', '__cpu %U %S', process.execPath, ...args] : args;
  const child = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: '1' } });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  const cpu = /__cpu ([\d.]+) ([\d.]+)/.exec(child.stderr ?? '');
  return { ms: performance.now() - start, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN, out: child.stdout };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sides = {
  'costkit report --by team,feature (json)': [cli, 'report', ledger, '--by', 'team,feature', '--format', 'json'],
  'plain DuckDB group-by (same file)': [join(here, 'plain-duckdb.mjs'), ledger],
  'costkit report --by customer,model (json)': [cli, 'report', ledger, '--by', 'customer,model', '--format', 'json'],
};
const results = Object.fromEntries(Object.keys(sides).map((k) => [k, { wall: [], cpu: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, args] of Object.entries(sides)) {
    const t = time(args);
    results[name].wall.push(t.ms);
    results[name].cpu.push(t.cpuMs);
  }
}

// Both sides must agree on the money, or the comparison means nothing.
const report = JSON.parse(time(sides['costkit report --by team,feature (json)']).out);
const plain = JSON.parse(time(sides['plain DuckDB group-by (same file)']).out);
const plainTotal = plain.reduce((s, r) => s + BigInt(r.pico ?? 0), 0n);
const reportTotal = BigInt(Math.round(report.total.costUsd * 1e6));
if (BigInt(Math.round(Number(plainTotal) / 1e6)) !== reportTotal) throw new Error(`totals differ: ${plainTotal} vs ${report.total.costUsd}`);

const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`${EVENTS} events, ${(size / 1e6).toFixed(0)} MB, node ${process.version}, ${ROUNDS} alternating rounds, whole process each; load average ${load} at the end`);
console.log('| command | wall median s | wall min s | CPU (user+sys) median s |');
console.log('|---|---|---|---|');
const s = (ms) => (ms / 1000).toFixed(2);
for (const [name, r] of Object.entries(results)) console.log(`| ${name} | ${s(median(r.wall))} | ${s(Math.min(...r.wall))} | ${s(median(r.cpu))} |`);
