// The CPU-profile case: costkit (in withTags and without a scope) on each SDK
// and shape, profiled during the measured calls only, and the self time the
// profile attributes to costkit's own files (its dist) per call, with the
// functions that take most. The .cpuprofile files are kept for DevTools.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize, formatSummary } from '../stats.mjs';
import { checkRecorded, workloads } from '../workloads.mjs';
import { costkitDist, selfTimes, within } from './attribute.mjs';

const worker = fileURLToPath(new URL('../call-path/worker.mjs', import.meta.url));
const PROFILED = ['costkit', 'costkit-tags', 'costkit-budget'];
const TOP = 3;

export async function runProfile({ nodes, calls, warmup, filter, outDir = join(process.cwd(), '.cache', 'bench-profiles'), log = console.log }) {
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  const chosen = { ...filter, variants: filter.variants?.filter((v) => PROFILED.includes(v)) ?? PROFILED };
  for (const node of nodes) {
    for (const workload of workloads(chosen)) {
      for (const variant of workload.variants.filter((v) => PROFILED.includes(v))) {
        const file = join(outDir, `${workload.provider}-${workload.shape}-${variant}-node${node.version.slice(1).split('.')[0]}.cpuprofile`);
        const options = { providers: [workload.provider], shapes: [workload.shape], variant, calls, warmup, profile: file };
        const result = await runWorker(node.path, worker, options);
        if (result.unavailable) {
          log(`  cpu profile ${workload.name} on ${node.version}: '${variant}' not available: ${result.unavailable}`);
          continue;
        }
        checkRecorded(result, variant, `cpu profile ${workload.name} on ${node.version}`);
        const { totalUs, functions } = selfTimes(JSON.parse(readFileSync(file, 'utf8')));
        const own = within(functions, costkitDist);
        const ownUs = own.reduce((sum, f) => sum + f.us, 0);
        rows.push({
          node: node.version, workload: workload.name, variant, file,
          costkitUsPerCall: ownUs / calls, profiledUsPerCall: totalUs / calls, share: ownUs / totalUs,
          top: own.slice(0, TOP).map((f) => ({ where: f.where, usPerCall: f.us / calls })),
        });
        log(`  cpu profile ${workload.name} ${variant} on ${node.version}: ${(ownUs / calls).toFixed(1)} µs/call in costkit`);
      }
    }
  }
  return { rows, sampleUs: 100 };
}

export function profileColumns() {
  return ['case', 'node', 'variant', 'costkit self µs/call', 'share of profile', 'profiled µs/call', `top ${TOP} costkit functions (µs/call)`];
}

export function profileRows(rows) {
  return rows.map((row) => ({
    case: row.workload,
    node: row.node,
    variant: row.variant,
    'costkit self µs/call': formatSummary(summarize([row.costkitUsPerCall]), 1),
    'share of profile': `${(row.share * 100).toFixed(1)}%`,
    'profiled µs/call': formatSummary(summarize([row.profiledUsPerCall]), 0),
    [`top ${TOP} costkit functions (µs/call)`]: row.top.map((f) => `${f.where} ${f.usPerCall.toFixed(1)}`).join('; '),
  }));
}
