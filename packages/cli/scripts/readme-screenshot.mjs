#!/usr/bin/env node
// The README's picture of `costkit html`: the quickstart demo (examples/quickstart,
// against the mock provider) run on each day of a fortnight (more runs on busy
// days, so the charts have a shape), its events written by the file exporter;
// then `costkit html` over that ledger with a budgets config and an invoice, and a
// screenshot of the page in Debian's Chromium (the tests' browser setup) into
// docs/images/report.png.
//   node packages/cli/scripts/readme-screenshot.mjs        (after the build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const demo = join(root, 'examples/quickstart/index.mjs');
const cli = join(here, '../dist/cli.js');
const out = join(root, 'docs/images/report.png');
const work = mkdtempSync(join(tmpdir(), 'costkit-readme-'));
const ledger = join(work, 'events.jsonl');

// Runs per day: weekdays busier than weekends, and one launch day.
const days = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 10, 9 + i)));
const runsOn = (d, i) => (i === 10 ? 5 : d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 1 : 2 + (i % 2));
const env = { ...process.env };
for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY']) delete env[key];
for (const [i, day] of days.entries()) {
  for (let run = 0; run < runsOn(day, i); run++) {
    const at = new Date(day.getTime() + (9 + 3 * run) * 3_600_000).toISOString();
    execFileSync(process.execPath, ['--import', pathToFileURL(join(here, 'demo-day.mjs')).href, demo], { cwd: dirname(demo), env: { ...env, DEMO_AT: at, DEMO_LEDGER: ledger }, stdio: 'ignore' });
  }
  process.stdout.write(`${day.toISOString().slice(0, 10)} `);
}
process.stdout.write('\n');

// The month's budgets, and an invoice that is the ledger's own cost per day and
// model except one day the provider billed more (a process without costkit).
writeFileSync(join(work, 'budgets.json'), JSON.stringify({ budgets: [
  { name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: 0.02 },
  { name: 'support-month', match: { team: 'support' }, window: 'month', limitUsd: 0.2 },
] }));
const lines = new Map();
for (const text of readFileSync(ledger, 'utf8').split('\n')) {
  if (!text) continue;
  const e = JSON.parse(text);
  if (e.schema !== 'costkit.call/1' || !e.cost) continue;
  const key = `${e.timestamp.slice(0, 10)},${e.provider},${e.model}`;
  lines.set(key, (lines.get(key) ?? 0n) + BigInt(e.cost.totalPicoUsd));
}
lines.set('2026-11-18,openai,gpt-4o-mini', (lines.get('2026-11-18,openai,gpt-4o-mini') ?? 0n) + 4_000_000_000n);
const usd = (p) => `${p / 1_000_000_000_000n}.${(p % 1_000_000_000_000n).toString().padStart(12, '0')}`;
writeFileSync(join(work, 'invoice.csv'), ['date,provider,model,cost_usd', ...[...lines].map(([k, p]) => `${k},${usd(p)}`)].join('\n') + '\n');

const page = join(work, 'report.html');
execFileSync(process.execPath, [cli, 'html', ledger, '-o', page, '--config', join(work, 'budgets.json'), '--invoice', join(work, 'invoice.csv'), '--min-usd', '0.001'], { stdio: 'inherit' });

const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
try {
  const tab = await browser.context.newPage();
  await tab.goto(pathToFileURL(page).href);
  mkdirSync(dirname(out), { recursive: true });
  // The top of the page: the headline figures, teams, cost over time, models.
  await tab.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1480 } });
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`wrote ${out}`);
