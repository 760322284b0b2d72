#!/usr/bin/env node
// Regenerates packages/costkit/src/pricing/prices.json, costkit's bundled price book,
// from the installed @pydantic/genai-prices package (a dev dependency: nothing is
// fetched at runtime) plus the hand-maintained scripts/price-supplement.json.
//
//   pnpm prices:update            write the snapshot (unchanged prices keep their version)
//   pnpm prices:update --check    exit 1 when the committed snapshot is stale
//   --supplement <file>           read another supplement (to try a change; --check never writes)
//
// To take newer upstream prices: `pnpm --filter costkit update @pydantic/genai-prices --latest`,
// then run this, review the diff of prices.json, run the pricing tests, commit.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAliasTimelines } from './lib/alias-timelines.mjs';
import { convertModel, fillAnthropicOneHourWrites, finishEntry } from './lib/upstream.mjs';
import { promotionReviews } from './lib/promotions.mjs';
import { priceProblems } from './lib/sanity.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
const repoRoot = join(packageRoot, '..', '..');
const outPath = join(packageRoot, 'src', 'pricing', 'prices.json');
const { values: flags } = parseArgs({
  options: { check: { type: 'boolean' }, verbose: { type: 'boolean' }, supplement: { type: 'string' } },
});
const supplementPath = flags.supplement ?? join(here, 'price-supplement.json');

const SOURCE = '@pydantic/genai-prices';
const PROVIDERS = ['openai', 'anthropic', 'google'];

const notes = [];
const note = (message) => notes.push(message);

const require = createRequire(join(packageRoot, 'package.json'));
// The package's exports map hides package.json: find it from the entry point.
const sourceEntry = require.resolve(SOURCE);
const sourcePackageJson = JSON.parse(readFileSync(join(dirname(sourceEntry), '..', 'package.json'), 'utf8'));
if (sourcePackageJson.name !== SOURCE) throw new Error(`expected ${SOURCE}'s package.json next to ${sourceEntry}`);
const { findProvider } = await import(SOURCE);
const supplement = JSON.parse(readFileSync(supplementPath, 'utf8'));

// 1. Upstream.
const byKey = new Map();
const dropped = new Set();
for (const provider of PROVIDERS) {
  const upstream = findProvider({ providerId: provider });
  if (!upstream) throw new Error(`${SOURCE} has no provider '${provider}'`);
  for (const model of upstream.models) {
    // The Google entry also lists Claude on Vertex AI; costkit's google provider is the
    // Gemini SDKs, which cannot call it (Claude on Vertex goes through the Anthropic SDK).
    if (provider === 'google' && model.id.startsWith('claude')) continue;
    const entry = convertModel(provider, model, dropped, note);
    if (!entry) {
      note(`${provider}/${model.id}: no token price, left out (cost: null, never $0)`);
      continue;
    }
    byKey.set(`${provider}/${entry.id}`, entry);
  }
}

// 2. Supplement: renames, patches, extra models, service tiers.
for (const r of supplement.renames ?? []) {
  const entry = byKey.get(`${r.provider}/${r.from}`);
  if (!entry) throw new Error(`supplement rename: ${r.provider}/${r.from} is not upstream any more`);
  byKey.delete(`${r.provider}/${r.from}`);
  entry.aliases.add(entry.id);
  entry.id = r.to;
  if (r.name) entry.name = r.name;
  for (const p of r.prefixes ?? []) entry.prefixes.add(p);
  byKey.set(`${r.provider}/${r.to}`, entry);
}
for (const p of supplement.patches ?? []) {
  const entry = byKey.get(`${p.provider}/${p.id}`);
  if (!entry) throw new Error(`supplement patch: ${p.provider}/${p.id} is not upstream any more`);
  if (p.prices) entry.prices = structuredClone(p.prices);
  for (const a of p.aliases ?? []) entry.aliases.add(a);
  for (const a of p.prefixes ?? []) entry.prefixes.add(a);
}
for (const m of supplement.models ?? []) {
  const key = `${m.provider}/${m.id}`;
  if (byKey.has(key)) throw new Error(`supplement model ${key} is upstream now: remove it from the supplement`);
  byKey.set(key, {
    provider: m.provider,
    id: m.id,
    name: m.name,
    aliases: new Set(m.aliases ?? []),
    prefixes: new Set(m.prefixes ?? []),
    prices: structuredClone(m.prices),
  });
}
const strip = ({ why, $comment, verified, ...rest }) => rest;
const providerTiers = {};
for (const [provider, tiers] of Object.entries(supplement.serviceTiers?.providers ?? {})) {
  providerTiers[provider] = Object.fromEntries(Object.entries(tiers).map(([name, t]) => [name, strip(t)]));
}
for (const t of supplement.serviceTiers?.models ?? []) {
  const { provider, ids, tier, ...rates } = strip(t);
  for (const id of ids) {
    const entry = byKey.get(`${provider}/${id}`);
    if (!entry) throw new Error(`supplement service tier: ${provider}/${id} is not in the book`);
    (entry.serviceTiers ??= {})[tier] = rates;
  }
}
for (const entry of byKey.values()) if (entry.provider === 'anthropic') fillAnthropicOneHourWrites(entry);

// 3. Exact keys must name one model per provider: the first (in id order) keeps it.
const models = [...byKey.values()]
  .sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id))
  .map(finishEntry);
for (const provider of PROVIDERS) {
  const owner = new Map();
  for (const m of models.filter((x) => x.provider === provider)) owner.set(m.id, m.id);
  for (const m of models.filter((x) => x.provider === provider)) {
    m.aliases = m.aliases.filter((a) => {
      const held = owner.get(a);
      if (held && held !== m.id) {
        note(`${provider}: alias '${a}' of ${m.id} already names ${held}; kept there`);
        return false;
      }
      owner.set(a, m.id);
      return true;
    });
  }
}

/** Top level indented, one model per line: a price change is a one-line diff. */
function format(snapshot) {
  const { models: list, aliasTimelines: timelines, ...head } = snapshot;
  const top = JSON.stringify(head, null, 2).slice(0, -2);
  const lines = (items) => items.map((m) => `    ${JSON.stringify(m)}`).join(',\n');
  return `${top},\n  "aliasTimelines": [\n${lines(timelines)}\n  ],\n  "models": [\n${lines(list)}\n  ]\n}\n`;
}

const aliasTimelines = buildAliasTimelines(supplement.aliasTimelines, models, note);
const reviews = promotionReviews(supplement.promotions, models, new Date().toISOString().slice(0, 10));
const body = { serviceTiers: providerTiers, aliasTimelines, models };
const problems = priceProblems(body);
if (problems.length) {
  console.error(`refusing to write prices.json: ${problems.length} price(s) fail the sanity check:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const hashOf = (sourceVersion, { serviceTiers, aliasTimelines: timelines = [], models: list }) =>
  createHash('sha256').update(JSON.stringify({ sourceVersion, serviceTiers, aliasTimelines: timelines, models: list })).digest('hex').slice(0, 10);
const hash = hashOf(sourcePackageJson.version, body);
let previous;
try {
  previous = JSON.parse(readFileSync(outPath, 'utf8'));
} catch {
  previous = undefined;
}
// Unchanged only if the recorded hash matches *and* the committed content still hashes to it
// (a hand edit of prices.json is stale too).
const unchanged = previous?.contentHash === hash && hashOf(previous.sourceVersion, previous) === hash;
const now = new Date();
const snapshot = {
  $comment: 'Generated by packages/costkit/scripts/update-prices.mjs (pnpm prices:update). Do not edit: change scripts/price-supplement.json or upstream, then regenerate.',
  schema: 'costkit.prices/1',
  version: unchanged ? previous.version : `${now.toISOString().slice(0, 10)}.${hash.slice(0, 8)}`,
  source: `npm:${SOURCE}`,
  sourceVersion: sourcePackageJson.version,
  sourceUrl: 'https://github.com/pydantic/genai-prices',
  supplement: relative(repoRoot, supplementPath),
  generatedAt: unchanged ? previous.generatedAt : now.toISOString(),
  contentHash: hash,
  units: 'USD per million tokens; webSearchPerThousand: USD per 1000 requests',
  ...body,
};

if (flags.verbose) for (const n of notes) console.log(`  ${n}`);
for (const r of reviews) console.log(`review: ${r}`);
console.log(`${SOURCE}@${sourcePackageJson.version}: ${models.length} models (${PROVIDERS.map((p) => `${p} ${models.filter((m) => m.provider === p).length}`).join(', ')}); ${notes.length} notes (--verbose); price keys not billed from Usage: ${[...dropped].sort().join(', ') || 'none'}`);
if (flags.check) {
  if (!unchanged) {
    const committed = previous ? hashOf(previous.sourceVersion, previous) : 'missing';
    console.error(`prices.json is stale: its content hashes to ${committed} (recorded: ${previous?.contentHash ?? 'none'}), the source and supplement give ${hash}. Run pnpm prices:update`);
    process.exit(1);
  }
  console.log(`prices.json is current (version ${snapshot.version})`);
} else if (unchanged) {
  console.log(`prices unchanged: ${relative(repoRoot, outPath)} stays at version ${snapshot.version}`);
} else {
  writeFileSync(outPath, format(snapshot));
  console.log(`wrote ${relative(repoRoot, outPath)} version ${snapshot.version}`);
}
