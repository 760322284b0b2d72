// Instruction counts of the main thread under callgrind, a cross-check steadier
// than time: each measurement is two runs of the same worker with two call
// counts after the same warm-up, and their difference over the extra calls is
// instructions per call, so start-up, init() and the warm-up's JIT work cancel.
// The real optimizing tiers run (no --no-opt): what is counted is the code the
// app would run. Valgrind serializes a process's threads, so counts do not
// depend on the machine's load; a run under it idles about half its wall time
// (threads waiting their turn), so two runs per core go in parallel.
//
// V8 runs with --predictable (and fixed hash and random seeds): its compiler
// and garbage collector then do their work on the main thread at the same
// points in every run instead of on helper threads at moments that vary, so
// the main thread's count repeats to within about 0.05% between identical runs
// (without it, ±10–20%). --predictable-gc-schedule takes the clock out of the
// collector's heuristics (heap growing, idle and memory-reducing collections):
// without it a 12 000-call run still moved by 7% with the machine's load. The
// code counted is still the optimized code an app runs; only where V8's
// background work happens changes, and it is counted (an allocation's
// collection included). BENCH_CALLGRIND_PREDICTABLE=0 turns all of it off.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize, formatSummary } from '../stats.mjs';
import { checkRecorded, workloads } from '../workloads.mjs';
import { VARIANTS } from '../variants/index.mjs';

const worker = fileURLToPath(new URL('../call-path/worker.mjs', import.meta.url));
export const PREDICTABLE_FLAGS = ['--predictable', '--predictable-gc-schedule', '--hash-seed=1', '--random-seed=1'];
export const CALLGRIND_DEFAULTS = { providers: ['openai'], shapes: ['plain'], variants: ['sdk', 'sdk-als', 'costkit', 'costkit-tags', 'costkit-budget'] };

/** The main thread's total instructions (valgrind numbers the first thread 1). */
function mainThreadInstructions(dir) {
  const file = readdirSync(dir).find((name) => name.endsWith('-01'));
  if (!file) throw new Error(`callgrind wrote no main-thread file in ${dir}`);
  const match = /^summary:\s+(\d+)/m.exec(readFileSync(join(dir, file), 'utf8'));
  if (!match) throw new Error(`no summary line in ${file}`);
  return Number(match[1]);
}

async function countInstructions(node, options, where, nodeFlags) {
  const dir = mkdtempSync(join(tmpdir(), 'costkit-callgrind-'));
  try {
    const prefix = ['valgrind', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${join(dir, 'cg.%p')}`];
    const result = await runWorker(node.path, worker, options, { prefix, nodeFlags, timeoutMs: 3_600_000 });
    if (result.unavailable) throw new Error(`${where}: became unavailable under valgrind: ${result.unavailable}`);
    checkRecorded(result, options.variant, where);
    return { instructions: mainThreadInstructions(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `tasks` (functions returning promises) `limit` at a time. */
async function inParallel(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }));
  return results;
}

export async function runCallgrind({ nodes, repeats, warmup, calls: [small, large], predictable = true, filter, log = console.log, parallel = 2 * cpus().length }) {
  const nodeFlags = predictable ? PREDICTABLE_FLAGS : [];
  const chosen = { providers: filter.providers ?? CALLGRIND_DEFAULTS.providers, shapes: filter.shapes ?? CALLGRIND_DEFAULTS.shapes, variants: filter.variants ?? CALLGRIND_DEFAULTS.variants };
  const jobs = [];
  const unavailable = [];
  for (const node of nodes) {
    for (const workload of workloads(chosen)) {
      // A variant this costkit cannot set up is found out without valgrind (a minute saved per run).
      const runnable = [];
      for (const variant of workload.variants) {
        const probe = await runWorker(node.path, worker, { providers: [workload.provider], shapes: [workload.shape], variant, calls: 1, warmup: 0 });
        if (!probe.unavailable) runnable.push(variant);
        else {
          log(`  callgrind ${workload.name} on ${node.version}: '${variant}' not available: ${probe.unavailable}`);
          unavailable.push({ node: node.version, workload: workload.name, variant, reason: probe.unavailable });
        }
      }
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const variant of runnable) {
          for (const calls of [small, large]) {
            jobs.push({ node, workload, variant, repeat, calls });
          }
        }
      }
    }
  }
  const counts = await inParallel(jobs.map((job) => async () => {
    const options = { providers: [job.workload.provider], shapes: [job.workload.shape], variant: job.variant, calls: job.calls, warmup };
    const where = `callgrind ${job.workload.name} ${job.variant} on ${job.node.version}`;
    const result = await countInstructions(job.node, options, where, nodeFlags);
    log(`  ${where}, ${job.calls} calls, repeat ${job.repeat + 1}: ${result.instructions} instructions`);
    return result;
  }), parallel);

  const perCall = new Map();
  jobs.forEach((job, i) => {
    if (job.calls !== small) return;
    const key = `${job.node.version}\u0000${job.workload.name}\u0000${job.variant}`;
    if (!perCall.has(key)) perCall.set(key, []);
    perCall.get(key).push((counts[i + 1].instructions - counts[i].instructions) / (large - small));
  });
  const rows = [];
  for (const [key, values] of perCall) {
    const [node, workload, variant] = key.split('\u0000');
    const baseline = perCall.get(`${node}\u0000${workload}\u0000sdk`);
    // Repeat r of a variant against repeat r of the baseline (they ran side by side).
    const ratios = baseline ? values.map((v, r) => v / baseline[r]) : [];
    rows.push({ node, workload, variant, perCall: summarize(values), values, ratio: summarize(ratios) });
  }
  return { rows, unavailable, calls: [small, large], warmup, repeats, nodeFlags };
}

export function callgrindColumns(rows) {
  return ['case', 'node', 'metric', ...VARIANTS.filter((v) => rows.some((row) => row.variant === v.id)).map((v) => v.label)];
}

export function callgrindRows(rows) {
  const out = [];
  for (const key of [...new Set(rows.map((row) => `${row.workload}\u0000${row.node}`))]) {
    const [workload, node] = key.split('\u0000');
    const group = rows.filter((row) => row.workload === workload && row.node === node);
    const label = (row) => VARIANTS.find((v) => v.id === row.variant).label;
    const thousands = { case: workload, node, metric: 'instructions/call (k)' };
    const each = { case: workload, node, metric: 'each repeat (k)' };
    const ratio = { case: workload, node, metric: '÷ uninstrumented' };
    for (const row of group) {
      const k = { ...row.perCall, median: row.perCall.median / 1000, min: row.perCall.min / 1000, max: row.perCall.max / 1000 };
      thousands[label(row)] = formatSummary(k, 0);
      each[label(row)] = row.values.map((v) => Math.round(v / 1000)).join(', ');
      ratio[label(row)] = row.variant === 'sdk' ? '1' : formatSummary(row.ratio, 2);
    }
    out.push(thousands, each, ratio);
  }
  return out;
}
