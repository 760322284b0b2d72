// The startup case: whole-process runs of an app that imports only openai (and a
// CommonJS one that imports only @anthropic-ai/sdk), with
// all four SDKs installed beside it, uninstrumented and with costkit's init(),
// alternating (which one goes first alternates too), ROUNDS of each, for the
// three ways an app loads costkit: CommonJS require, ESM import, and ESM with the
// `--import costkit/register` preload (patch on load, no SDK loaded eagerly).
import { fileURLToPath } from 'node:url';
import { runWorker } from '../spawn.mjs';
import { summarize, formatSummary } from '../stats.mjs';

const app = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const REGISTER = import.meta.resolve('costkit/register');

const SETUPS = [
  { id: 'cjs', label: 'CommonJS app, require + init()', uninstrumented: app('app-openai.cjs'), costkit: app('app-openai-costkit.cjs'), costkitFlags: [] },
  // openai's CommonJS build loads node:http, node:tls, node:zlib, node:crypto and node:worker_threads itself; @anthropic-ai/sdk's none of them.
  { id: 'cjs-anthropic', label: 'CommonJS Anthropic app, require + init()', uninstrumented: app('app-anthropic.cjs'), costkit: app('app-anthropic-costkit.cjs'), costkitFlags: [] },
  { id: 'esm', label: 'ESM app, import + init()', uninstrumented: app('app-openai.mjs'), costkit: app('app-openai-costkit.mjs'), costkitFlags: [] },
  { id: 'esm-register', label: 'ESM app, --import costkit/register + init()', uninstrumented: app('app-openai.mjs'), costkit: app('app-openai-costkit.mjs'), costkitFlags: ['--import', REGISTER] },
];

export async function runStartup({ nodes, rounds, log = console.log }) {
  const rows = [];
  for (const node of nodes) for (const setup of SETUPS) rows.push(await runSetup(node, setup, rounds, log));
  return { rows };
}

async function runSetup(node, setup, rounds, log) {
  const samples = { uninstrumented: [], costkit: [] };
  let patchedBuilds;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ['costkit', 'uninstrumented'] : ['uninstrumented', 'costkit'];
    for (const side of order) {
      const flags = side === 'costkit' ? setup.costkitFlags : [];
      const result = await runWorker(node.path, setup[side], {}, { nodeFlags: ['--expose-gc', ...flags] });
      if (side === 'costkit' && result.recorded < result.expected) throw new Error(`startup (${setup.id}) on ${node.version}: costkit recorded ${result.recorded} of ${result.expected} calls`);
      patchedBuilds ??= result.patchedBuilds;
      samples[side].push(result);
    }
  }
  const pick = (app, field) => samples[app].map((r) => r[field]);
  const ratio = (field) => samples.costkit.map((r, i) => r[field] / samples.uninstrumented[i][field]);
  const diff = (field) => samples.costkit.map((r, i) => r[field] - samples.uninstrumented[i][field]);
  log(`  startup (${setup.id}) on ${node.version}: ${rounds} rounds done; init() patched ${patchedBuilds?.length ?? 0} SDK builds`);
  return {
    setup: setup.id,
    label: setup.label,
    node: node.version,
    patchedBuilds,
    cpuMs: { uninstrumented: summarize(pick('uninstrumented', 'cpuMs')), costkit: summarize(pick('costkit', 'cpuMs')), ratio: summarize(ratio('cpuMs')) },
    wallMs: { uninstrumented: summarize(pick('uninstrumented', 'wallMs')), costkit: summarize(pick('costkit', 'wallMs')), ratio: summarize(ratio('wallMs')) },
    heapMB: { uninstrumented: summarize(pick('uninstrumented', 'heapMB')), costkit: summarize(pick('costkit', 'heapMB')), diff: summarize(diff('heapMB')) },
  };
}

export function startupColumns() {
  return ['case', 'node', 'metric', 'uninstrumented', 'costkit', 'costkit vs uninstrumented (per pair)'];
}

export function startupRows(rows) {
  const out = [];
  for (const row of rows) {
    const name = `${row.label}: ${row.patchedBuilds?.length ?? '?'} SDK builds patched`;
    out.push({ case: name, node: row.node, metric: 'CPU ms to ready', uninstrumented: formatSummary(row.cpuMs.uninstrumented, 0), costkit: formatSummary(row.cpuMs.costkit, 0), 'costkit vs uninstrumented (per pair)': `${formatSummary(row.cpuMs.ratio, 2)}×` });
    out.push({ case: name, node: row.node, metric: 'wall ms to ready', uninstrumented: formatSummary(row.wallMs.uninstrumented, 0), costkit: formatSummary(row.wallMs.costkit, 0), 'costkit vs uninstrumented (per pair)': `${formatSummary(row.wallMs.ratio, 2)}×` });
    out.push({ case: name, node: row.node, metric: 'heap MB after init (GC)', uninstrumented: formatSummary(row.heapMB.uninstrumented, 1), costkit: formatSummary(row.heapMB.costkit, 1), 'costkit vs uninstrumented (per pair)': `+${formatSummary(row.heapMB.diff, 1)} MB` });
  }
  return out;
}
