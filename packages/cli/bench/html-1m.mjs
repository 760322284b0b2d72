#!/usr/bin/env node
// `costkit html` over one million events: wall and CPU time of the whole process
// (startup included), peak memory, and the size of the page it writes. The ledger
// is the one report-1m.mjs uses (bench/generate-ledger.mjs, kept in the OS temp
// dir); the first read of it warms the page cache. The page must stay under 5 MB
// and its total must equal `costkit report`'s, or the bench fails.
//   node packages/cli/bench/html-1m.mjs            (after the build)
//   BENCH_EVENTS=200000 BENCH_ROUNDS=3 node …
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIMIT = 5_000_000;
const ledger = join(tmpdir(), `costkit-bench-ledger-${EVENTS}.jsonl`);
const cli = join(here, '../dist/cli.js');
const out = mkdtempSync(join(tmpdir(), 'costkit-bench-html-'));

if (!existsSync(cli)) throw new Error('build first: npx -y pnpm@10.34.9 run build');
if (!existsSync(ledger)) {
  console.log(`generating ${EVENTS} events into ${ledger} …`);
  execFileSync(process.execPath, [join(here, 'generate-ledger.mjs'), ledger, String(EVENTS)], { stdio: 'inherit' });
}
readFileSync(ledger); // warm the page cache

// GNU time gives CPU seconds (user + system, all threads) and peak RSS: on a shared
// machine the wall time includes waiting for a core, the CPU time does not.
const gnuTime = existsSync('/usr/bin/time');
function time(args) {
  const start = performance.now();
  const command = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', '__cpu %U %S %M', process.execPath, ...args] : args;
  const child = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: '1' } });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  const m = /__cpu ([\d.]+) ([\d.]+) (\d+)/.exec(child.stderr ?? '');
  return { ms: performance.now() - start, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN, rssMb: m ? Number(m[3]) / 1024 : Number.NaN, out: child.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const page = join(out, 'report.html');
const runs = [];
for (let r = 0; r < ROUNDS; r++) runs.push(time([cli, 'html', ledger, '-o', page]));
const size = statSync(page).size;
const html = readFileSync(page, 'utf8');
const data = JSON.parse(/<script type="application\/json" id="costkit-data">([^<]*)<\/script>/.exec(html)[1]);
const report = JSON.parse(time([cli, 'report', ledger, '--by', 'team', '--format', 'json']).out);
rmSync(out, { recursive: true, force: true });
if (data.models.total.costUsd !== report.total.costUsd) throw new Error(`the page's total ${data.models.total.costUsd} is not the report's ${report.total.costUsd}`);
if (size >= LIMIT) throw new Error(`the page is ${size} bytes, over ${LIMIT}`);

const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const s = (ms) => (ms / 1000).toFixed(2);
console.log(`${EVENTS} events, ${(statSync(ledger).size / 1e6).toFixed(0)} MB of JSON lines, node ${process.version}, ${ROUNDS} rounds, whole process each; load average ${load} at the end`);
console.log('| command | wall median s | wall min s | CPU (user+sys) median s | peak RSS MB | page | of which data |');
console.log('|---|---|---|---|---|---|---|');
const dataKb = Buffer.byteLength(JSON.stringify(data)) / 1024;
console.log(`| costkit html | ${s(median(runs.map((r) => r.ms)))} | ${s(Math.min(...runs.map((r) => r.ms)))} | ${s(median(runs.map((r) => r.cpuMs)))} | ${median(runs.map((r) => r.rssMb)).toFixed(0)} | ${(size / 1e6).toFixed(2)} MB | ${dataKb.toFixed(0)} KB |`);
