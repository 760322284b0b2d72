// The call-path case: per SDK, shape and Node version, every variant in its own
// fresh process, ROUNDS rounds. Each round runs every variant once, in an order
// rotated from round to round (so no variant always runs first or after the
// same one); the pair ratio of a variant is its time over the uninstrumented
// SDK's in the same round. Reported per variant: the median and range of the
// per-call times, and of the pair ratios.
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize } from '../stats.mjs';
import { checkRecorded, rotate, workloads } from '../workloads.mjs';

const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));

/** `{ rows, unavailable }`: one row per workload × node × variant with its summaries. */
export async function runCallPath({ nodes, rounds, calls, warmup, filter, combined = false, log = console.log }) {
  if (combined) return runCombined({ nodes, calls, warmup, filter, log });
  const rows = [];
  const unavailable = [];
  for (const node of nodes) {
    for (const workload of workloads(filter)) {
      const perCall = Object.fromEntries(workload.variants.map((id) => [id, { cpu: [], wall: [] }]));
      const ratios = Object.fromEntries(workload.variants.map((id) => [id, { cpu: [], wall: [] }]));
      const tagsOverScope = { cpu: [], wall: [] };
      let active = workload.variants;
      for (let round = 0; round < rounds; round++) {
        const results = {};
        for (const variant of rotate(active, round)) {
          const options = { providers: [workload.provider], shapes: [workload.shape], variant, calls: calls[workload.shape], warmup };
          const result = await runWorker(node.path, worker, options);
          if (result.unavailable) {
            log(`  ${workload.name} on ${node.version}: '${variant}' not available: ${result.unavailable}`);
            unavailable.push({ node: node.version, workload: workload.name, variant, reason: result.unavailable });
            active = active.filter((id) => id !== variant);
            continue;
          }
          checkRecorded(result, variant, `${workload.name} on ${node.version}`);
          const [measured] = result.measurements;
          results[variant] = measured;
          perCall[variant].cpu.push(measured.cpuUsPerCall);
          perCall[variant].wall.push(measured.wallUsPerCall);
        }
        for (const [variant, result] of Object.entries(results)) {
          ratios[variant].cpu.push(result.cpuUsPerCall / results.sdk.cpuUsPerCall);
          ratios[variant].wall.push(result.wallUsPerCall / results.sdk.wallUsPerCall);
        }
        if (results['costkit-tags'] && results['sdk-als']) {
          tagsOverScope.cpu.push(results['costkit-tags'].cpuUsPerCall / results['sdk-als'].cpuUsPerCall);
          tagsOverScope.wall.push(results['costkit-tags'].wallUsPerCall / results['sdk-als'].wallUsPerCall);
        }
      }
      for (const variant of active) {
        rows.push({
          node: node.version, workload: workload.name, variant,
          cpuUs: summarize(perCall[variant].cpu), wallUs: summarize(perCall[variant].wall),
          cpuRatio: summarize(ratios[variant].cpu), wallRatio: summarize(ratios[variant].wall),
          ...(variant === 'costkit-tags' ? { cpuOverScope: summarize(tagsOverScope.cpu), wallOverScope: summarize(tagsOverScope.wall) } : {}),
        });
      }
      log(`  ${workload.name} on ${node.version}: ${rounds} rounds of ${active.length} variants done`);
    }
  }
  return { rows, unavailable };
}

/**
 * The smoke's shape of the same case: one process per variant and Node runs
 * every SDK and shape the variant applies to, once, so the whole matrix is
 * checked (one event or span per call) in a few processes. It measures nothing.
 */
async function runCombined({ nodes, calls, warmup, filter, log }) {
  const rows = [];
  const unavailable = [];
  const all = workloads(filter);
  for (const node of nodes) {
    const variants = [...new Set(all.flatMap((w) => w.variants))];
    const results = await Promise.all(variants.map(async (variant) => {
      const mine = all.filter((w) => w.variants.includes(variant));
      const options = { providers: [...new Set(mine.map((w) => w.provider))], shapes: [...new Set(mine.map((w) => w.shape))], variant, calls: calls.plain, warmup };
      const result = await runWorker(node.path, worker, options);
      if (!result.unavailable) checkRecorded(result, variant, `call path (combined) on ${node.version}`);
      return [variant, result];
    }));
    const baseline = new Map(results.find(([v]) => v === 'sdk')[1].measurements.map((m) => [`${m.provider} ${m.shape}`, m]));
    for (const [variant, result] of results) {
      if (result.unavailable) {
        unavailable.push({ node: node.version, workload: 'all', variant, reason: result.unavailable });
        continue;
      }
      for (const m of result.measurements) {
        const base = baseline.get(`${m.provider} ${m.shape}`);
        const one = (value) => summarize([value]);
        rows.push({ node: node.version, workload: `${m.provider} ${m.shape}`, variant, recorded: result.recorded, expected: result.expected, cpuUs: one(m.cpuUsPerCall), wallUs: one(m.wallUsPerCall), cpuRatio: one(m.cpuUsPerCall / base.cpuUsPerCall), wallRatio: one(m.wallUsPerCall / base.wallUsPerCall) });
      }
    }
    log(`  call path (combined) on ${node.version}: ${variants.length} variants done`);
  }
  return { rows, unavailable };
}
