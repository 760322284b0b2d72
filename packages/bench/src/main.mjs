#!/usr/bin/env node
// `pnpm bench`: every case on every Node version, one table per case.
//   node packages/bench/src/main.mjs [--cases call-path,callgrind,cpu-prof,alloc,startup,memory]
//     [--nodes 20,24] [--providers openai,...] [--shapes plain,stream] [--variants costkit,...]
//     [--rounds N] [--quick] [--json results.json]
// Counts come from the flags or BENCH_ROUNDS / BENCH_CALLS / BENCH_WARMUP; --quick
// is the seconds-long smoke (tiny counts: it checks the bench, it measures nothing).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchNodes } from './nodes.mjs';
import { printTable } from './table.mjs';
import { settings } from './settings.mjs';
import { runCallPath } from './call-path/run.mjs';
import { callPathColumns, callPathRows } from './call-path/table.mjs';
import { runCallgrind, callgrindColumns, callgrindRows, PREDICTABLE_FLAGS } from './callgrind/run.mjs';
import { runProfile, profileColumns, profileRows } from './profile/run.mjs';
import { runAllocations, allocationColumns, allocationRows } from './alloc/run.mjs';
import { runStartup, startupColumns, startupRows } from './startup/run.mjs';
import { runMemory, memoryColumns, memoryRows } from './memory/run.mjs';

const CASES = ['call-path', 'callgrind', 'cpu-prof', 'alloc', 'startup', 'memory'];
const list = (value) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

const { values: flags } = parseArgs({
  options: {
    cases: { type: 'string' }, nodes: { type: 'string' }, providers: { type: 'string' }, shapes: { type: 'string' },
    variants: { type: 'string' }, rounds: { type: 'string' }, quick: { type: 'boolean', default: false }, json: { type: 'string' },
  },
});
const cases = list(flags.cases) ?? CASES;
for (const name of cases) if (!CASES.includes(name)) throw new Error(`--cases: unknown case '${name}'; one of: ${CASES.join(', ')}`);
const config = settings({ quick: flags.quick, rounds: flags.rounds });
const filter = { providers: list(flags.providers), shapes: list(flags.shapes), variants: list(flags.variants) };
const nodes = benchNodes(list(flags.nodes));
const log = (line) => process.stderr.write(`${line}\n`);

console.log(`costkit bench, ${new Date().toISOString().slice(0, 10)}: ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, nodes ${nodes.map((n) => n.version).join(' and ')}${flags.quick ? ' (quick smoke: these numbers measure nothing)' : ''}`);
const results = { date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, nodes: nodes.map((n) => n.version), config, cases: {} };

if (cases.includes('call-path')) {
  log(`call path: ${config.rounds} rounds, ${config.calls.plain} plain / ${config.calls.stream} streamed calls after ${config.warmup} warm-up`);
  const result = await runCallPath({ nodes, rounds: config.rounds, calls: config.calls, warmup: config.warmup, filter, combined: flags.quick, log });
  results.cases['call-path'] = result;
  for (const u of result.unavailable) console.log(`call path: ${u.variant} on ${u.workload}, ${u.node}: not available (${u.reason})`);
  printTable(`call path: CPU and wall time per call, median [min–max] of ${config.rounds} fresh processes per variant`, callPathColumns(result.rows), callPathRows(result.rows));
}
if (cases.includes('callgrind')) {
  log(`callgrind: ${config.callgrind.repeats} repeats of ${config.callgrind.calls.join(' and ')} calls after ${config.callgrind.warmup} warm-up${config.callgrind.predictable ? `, V8 ${PREDICTABLE_FLAGS.join(' ')}` : ''}`);
  // The smoke counts the smallest SDK, uninstrumented, unless told otherwise: under
  // valgrind a process that loads costkit takes a minute and more to start.
  const cgFilter = flags.quick ? { providers: filter.providers ?? ['generative-ai'], shapes: filter.shapes ?? ['plain'], variants: filter.variants ?? ['sdk'] } : filter;
  const result = await runCallgrind({ nodes, ...config.callgrind, filter: cgFilter, log });
  results.cases.callgrind = result;
  for (const u of result.unavailable) console.log(`callgrind: ${u.variant} on ${u.workload}, ${u.node}: not available (${u.reason})`);
  printTable(`callgrind: main-thread instructions per call, (I(${config.callgrind.calls[1]}) − I(${config.callgrind.calls[0]})) ÷ ${config.callgrind.calls[1] - config.callgrind.calls[0]}, median [min–max] of ${config.callgrind.repeats}`, callgrindColumns(result.rows), callgrindRows(result.rows));
}
if (cases.includes('cpu-prof')) {
  log(`cpu profile: ${config.profile.calls} calls after ${config.warmup} warm-up`);
  const result = await runProfile({ nodes, ...config.profile, warmup: config.warmup, filter, log });
  results.cases['cpu-prof'] = result;
  printTable(`cpu profile: self time in costkit's files during ${config.profile.calls} calls (${result.sampleUs} µs sampling)`, profileColumns(), profileRows(result.rows));
}
if (cases.includes('alloc')) {
  log(`allocations: ${config.alloc.rounds} rounds, ${config.calls.plain} plain / ${config.calls.stream} streamed calls after ${config.warmup} warm-up`);
  const result = await runAllocations({ nodes, rounds: config.alloc.rounds, calls: config.calls, warmup: config.warmup, filter, log });
  results.cases.alloc = result;
  printTable(`allocations: bytes per call by V8's sampling heap profiler (garbage included), median [min–max] of ${config.alloc.rounds} fresh processes`, allocationColumns(), allocationRows(result.rows));
}
if (cases.includes('startup')) {
  log(`startup: ${config.startup.rounds} alternating rounds`);
  const result = await runStartup({ nodes, rounds: config.startup.rounds, log });
  results.cases.startup = result;
  printTable(`startup: an app that imports only openai (all four SDKs installed), whole process to after init(), median [min–max] of ${config.startup.rounds}`, startupColumns(), startupRows(result.rows));
}
if (cases.includes('memory')) {
  log(`memory: a ${config.memory.chunks}-chunk stream and ${config.memory.abandoned} abandoned streams, ${config.memory.rounds} rounds`);
  const result = await runMemory({ nodes, ...config.memory, filter, log });
  results.cases.memory = result;
  printTable(`memory: heap after GC, median [min–max] of ${config.memory.rounds} fresh processes`, memoryColumns(), memoryRows(result.rows));
}
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`);
