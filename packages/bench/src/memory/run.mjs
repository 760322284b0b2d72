// The memory case, per SDK and Node: a long stream through the uninstrumented
// and the costkit-instrumented SDK (heap growth at half-way and after, time to
// the first chunk), and many abandoned streams (heap growth). Each measurement
// is a fresh process; ROUNDS of each.
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize, formatSummary } from '../stats.mjs';
import { checkRecorded } from '../workloads.mjs';
import { SDKS } from '../sdks.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const VARIANTS = ['sdk', 'costkit-tags'];
const MB = 2 ** 20;

export async function runMemory({ nodes, rounds, chunks, abandoned, warmupStreams, filter, log = console.log }) {
  const rows = [];
  const providers = Object.keys(SDKS).filter((p) => !filter.providers || filter.providers.includes(p));
  for (const node of nodes) {
    for (const provider of providers) {
      const samples = Object.fromEntries(VARIANTS.map((v) => [v, { long: [], abandoned: [] }]));
      for (let round = 0; round < rounds; round++) {
        for (const variant of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
          const where = `memory ${provider} on ${node.version}`;
          const long = await runWorker(node.path, worker, { provider, variant, test: 'long-stream', chunks, warmupStreams }, { nodeFlags: ['--expose-gc'] });
          checkRecorded(long, variant, `${where}, long stream`);
          if (long.received < chunks) throw new Error(`${where}: the long stream gave ${long.received} of ${chunks} chunks`);
          const dropped = await runWorker(node.path, worker, { provider, variant, test: 'abandoned', abandoned, warmupStreams }, { nodeFlags: ['--expose-gc'] });
          // An abandoned stream is still a call: its event arrives once the stream is collected.
          checkRecorded(dropped, variant, `${where}, abandoned streams`);
          samples[variant].long.push(long);
          samples[variant].abandoned.push(dropped);
        }
      }
      for (const variant of VARIANTS) {
        const { long, abandoned: dropped } = samples[variant];
        rows.push({
          node: node.version, provider, variant,
          middleGrowthMB: summarize(long.map((r) => (r.middle - r.before) / MB)),
          afterGrowthMB: summarize(long.map((r) => (r.after - r.before) / MB)),
          firstChunkMs: summarize(long.map((r) => r.firstChunkMs)),
          streamMs: summarize(long.map((r) => r.totalMs)),
          abandonedGrowthMB: summarize(dropped.map((r) => (r.after - r.before) / MB)),
          abandonedBytesEach: summarize(dropped.map((r) => (r.after - r.before) / abandoned)),
        });
      }
      log(`  memory ${provider} on ${node.version}: ${rounds} rounds done`);
    }
  }
  return { rows, chunks, abandoned };
}

export function memoryColumns() {
  return ['case', 'node', 'metric', 'uninstrumented', 'costkit in withTags'];
}

const METRICS = [
  ['long stream: heap growth half-way (MB)', 'middleGrowthMB', 2],
  ['long stream: heap growth after (MB)', 'afterGrowthMB', 2],
  ['long stream: time to first chunk (ms)', 'firstChunkMs', 2],
  ['long stream: whole stream (ms)', 'streamMs', 0],
  ['abandoned streams: heap growth (MB)', 'abandonedGrowthMB', 2],
  ['abandoned streams: growth per stream (bytes)', 'abandonedBytesEach', 0],
];

export function memoryRows(rows) {
  const out = [];
  for (const key of [...new Set(rows.map((row) => `${row.provider}\u0000${row.node}`))]) {
    const [provider, node] = key.split('\u0000');
    const sdk = rows.find((row) => row.provider === provider && row.node === node && row.variant === 'sdk');
    const costkit = rows.find((row) => row.provider === provider && row.node === node && row.variant === 'costkit-tags');
    for (const [metric, field, digits] of METRICS) {
      out.push({ case: provider, node, metric, uninstrumented: formatSummary(sdk?.[field], digits), 'costkit in withTags': formatSummary(costkit?.[field], digits) });
    }
  }
  return out;
}
