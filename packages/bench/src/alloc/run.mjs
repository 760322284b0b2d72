// The allocation case: what one call allocates, by V8's sampling heap profiler
// over the measured calls (garbage included, not only what survives), per SDK,
// shape and variant, each in a fresh process, the variants alternating round by
// round. Reported per call: all bytes allocated, the difference from the
// uninstrumented process of the same round, and the bytes allocated by
// costkit's own functions (its dist files; what the SDK allocates when costkit
// calls into it is the SDK's). Allocation is what the garbage collector pays
// for, and unlike CPU time it does not move with the machine's load.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize, formatSummary } from '../stats.mjs';
import { checkRecorded, rotate, workloads } from '../workloads.mjs';
import { costkitDist } from '../profile/attribute.mjs';
import { VARIANTS } from '../variants/index.mjs';

const worker = fileURLToPath(new URL('../call-path/worker.mjs', import.meta.url));

export async function runAllocations({ nodes, rounds, calls, warmup, filter, outDir = join(process.cwd(), '.cache', 'bench-allocations'), log = console.log }) {
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const node of nodes) {
    for (const workload of workloads(filter)) {
      const perRound = [];
      for (let round = 0; round < rounds; round++) {
        const measured = {};
        for (const variant of rotate(workload.variants, round)) {
          const file = join(outDir, `${workload.provider}-${workload.shape}-${variant}-node${node.version.slice(1).split('.')[0]}-${round}.heapprofile`);
          const options = { providers: [workload.provider], shapes: [workload.shape], variant, calls: calls[workload.shape], warmup, allocations: file };
          const result = await runWorker(node.path, worker, options);
          if (result.unavailable) continue;
          checkRecorded(result, variant, `allocations ${workload.name} on ${node.version}`);
          measured[variant] = bytesPerCall(JSON.parse(readFileSync(file, 'utf8')), calls[workload.shape]);
          rmSync(file);
        }
        perRound.push(measured);
      }
      for (const variant of workload.variants) {
        const rounds = perRound.filter((r) => r[variant] && r.sdk);
        if (rounds.length === 0) continue;
        rows.push({
          node: node.version,
          workload: workload.name,
          variant,
          total: summarize(rounds.map((r) => r[variant].total)),
          added: summarize(rounds.map((r) => r[variant].total - r.sdk.total)),
          costkit: summarize(rounds.map((r) => r[variant].costkit)),
        });
      }
      log(`  allocations ${workload.name} on ${node.version}: ${rounds} rounds of ${workload.variants.length} variants done`);
    }
  }
  return { rows };
}

/** Sampled bytes per call: all of them, and those allocated in costkit's own functions. */
function bytesPerCall(profile, calls) {
  let total = 0;
  let costkit = 0;
  const visit = (node) => {
    total += node.selfSize;
    if (node.callFrame.url.includes(costkitDist)) costkit += node.selfSize;
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  return { total: total / calls, costkit: costkit / calls };
}

export function allocationColumns() {
  return ['case', 'node', 'variant', 'bytes allocated per call', 'added to the uninstrumented call', "in costkit's own functions"];
}

export function allocationRows(rows) {
  return rows.map((row) => ({
    case: row.workload,
    node: row.node,
    variant: VARIANTS.find((v) => v.id === row.variant)?.label ?? row.variant,
    'bytes allocated per call': formatSummary(row.total, 0),
    'added to the uninstrumented call': row.variant === 'sdk' ? '—' : formatSummary(row.added, 0),
    "in costkit's own functions": row.costkit.median > 0 ? formatSummary(row.costkit, 0) : '—',
  }));
}
