#!/usr/bin/env node
// Cross-checks the bundled price book against a second public price source, LiteLLM's
// model_prices_and_context_window.json, by hand when the book is refreshed (not in CI,
// which has no network). Lists every price line over 1% apart and the models only one
// side prices. Uses the built library, so it compares what costkit really bills.
//
//   npx -y pnpm@10.34.9 build
//   node packages/costkit/scripts/cross-check-prices.mjs --source <file-or-url> [--at 2026-07-24] [--threshold 1] [--json]
//
// --source  a local copy of the file, or its URL (fetched; never commit the file)
// --at      compare the prices in force on that day (default: now); use the source's date
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { crossCheck, formatReport } from './lib/cross-check.mjs';

const USAGE = 'usage: cross-check-prices.mjs --source <file-or-url> [--at <ISO date>] [--threshold <percent>] [--json]';
const here = dirname(fileURLToPath(import.meta.url));

let flags;
try {
  ({ values: flags } = parseArgs({
    options: { source: { type: 'string' }, at: { type: 'string' }, threshold: { type: 'string', default: '1' }, json: { type: 'boolean' } },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (!flags.source) {
  console.error(`--source is required: a copy of LiteLLM's model_prices_and_context_window.json, or its URL\n${USAGE}`);
  process.exit(2);
}
const at = flags.at ?? new Date().toISOString();
const threshold = Number(flags.threshold) / 100;
if (Number.isNaN(Date.parse(at)) || !(threshold >= 0)) {
  console.error(`--at takes an ISO date (got ${at}), --threshold a percentage (got ${flags.threshold})\n${USAGE}`);
  process.exit(2);
}

async function load(source) {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
    return response.json();
  }
  return JSON.parse(readFileSync(source, 'utf8'));
}

const dist = join(here, '..', 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error('costkit is not built: run npx -y pnpm@10.34.9 build first (the cross-check prices through the built library)');
  process.exit(2);
}
const { createPriceBook } = await import(pathToFileURL(dist).href);
const snapshot = JSON.parse(readFileSync(join(here, '..', 'src', 'pricing', 'prices.json'), 'utf8'));
const source = await load(flags.source);
const report = crossCheck({ book: createPriceBook(), snapshot, source, at, threshold });
console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report, 'the source'));
