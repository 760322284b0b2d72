// The startup case: whole-process runs of an app that imports only openai, with
// all four SDKs installed beside it, uninstrumented and with costkit's init(),
// alternating (which one goes first alternates too), ROUNDS of each.
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize, formatSummary } from '../stats.mjs';

const APPS = {
  uninstrumented: fileURLToPath(new URL('./app-openai.mjs', import.meta.url)),
  costkit: fileURLToPath(new URL('./app-openai-costkit.mjs', import.meta.url)),
};

export async function runStartup({ nodes, rounds, log = console.log }) {
  const rows = [];
  for (const node of nodes) {
    const samples = { uninstrumented: [], costkit: [] };
    let patchedBuilds;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['costkit', 'uninstrumented'] : ['uninstrumented', 'costkit'];
      for (const app of order) {
        const result = await runWorker(node.path, APPS[app], {}, { nodeFlags: ['--expose-gc'] });
        if (app === 'costkit' && result.recorded < result.expected) throw new Error(`startup on ${node.version}: costkit recorded ${result.recorded} of ${result.expected} calls`);
        patchedBuilds ??= result.patchedBuilds;
        samples[app].push(result);
      }
    }
    const pick = (app, field) => samples[app].map((r) => r[field]);
    const ratio = (field) => samples.costkit.map((r, i) => r[field] / samples.uninstrumented[i][field]);
    const diff = (field) => samples.costkit.map((r, i) => r[field] - samples.uninstrumented[i][field]);
    rows.push({
      node: node.version,
      patchedBuilds,
      cpuMs: { uninstrumented: summarize(pick('uninstrumented', 'cpuMs')), costkit: summarize(pick('costkit', 'cpuMs')), ratio: summarize(ratio('cpuMs')) },
      wallMs: { uninstrumented: summarize(pick('uninstrumented', 'wallMs')), costkit: summarize(pick('costkit', 'wallMs')), ratio: summarize(ratio('wallMs')) },
      heapMB: { uninstrumented: summarize(pick('uninstrumented', 'heapMB')), costkit: summarize(pick('costkit', 'heapMB')), diff: summarize(diff('heapMB')) },
    });
    log(`  startup on ${node.version}: ${rounds} rounds done; init() patched ${patchedBuilds?.length ?? 0} SDK builds`);
  }
  return { rows };
}

export function startupColumns() {
  return ['case', 'node', 'metric', 'uninstrumented', 'costkit', 'costkit vs uninstrumented (per pair)'];
}

export function startupRows(rows) {
  const out = [];
  for (const row of rows) {
    const name = `openai app, init() patched ${row.patchedBuilds?.length ?? '?'} builds`;
    out.push({ case: name, node: row.node, metric: 'CPU ms to ready', uninstrumented: formatSummary(row.cpuMs.uninstrumented, 0), costkit: formatSummary(row.cpuMs.costkit, 0), 'costkit vs uninstrumented (per pair)': `${formatSummary(row.cpuMs.ratio, 2)}×` });
    out.push({ case: name, node: row.node, metric: 'wall ms to ready', uninstrumented: formatSummary(row.wallMs.uninstrumented, 0), costkit: formatSummary(row.wallMs.costkit, 0), 'costkit vs uninstrumented (per pair)': `${formatSummary(row.wallMs.ratio, 2)}×` });
    out.push({ case: name, node: row.node, metric: 'heap MB after init (GC)', uninstrumented: formatSummary(row.heapMB.uninstrumented, 1), costkit: formatSummary(row.heapMB.costkit, 1), 'costkit vs uninstrumented (per pair)': `+${formatSummary(row.heapMB.diff, 1)} MB` });
  }
  return out;
}
