// Compares what costkit bills with a second public price source in LiteLLM's format
// (model_prices_and_context_window.json): for every model both price, each line costkit
// bills (through the real price book: lookup, periods, long-context and service tiers)
// against the source's figure. Used by scripts/cross-check-prices.mjs; no network here.

/** LiteLLM providers that are costkit's, and how their keys name models. */
const PROVIDERS = { openai: 'openai', anthropic: 'anthropic', gemini: 'google' };
// image_generation too: Gemini's image models are billed per token like the others.
const MODES = new Set(['chat', 'completion', 'responses', 'embedding', 'image_generation']);
const TIER_NAMES = { priority: 'priority', flex: 'flex', batches: 'batch' };
const LINES = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cacheRead',
  cache_creation_input_token_cost: 'cacheWrite',
};
const PRICE_KEY = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)(?:_above_(\d+)k_tokens)?(?:_(priority|flex|batches))?$/;
const ONE_HOUR_WRITE = 'cache_creation_input_token_cost_above_1hr';
const PROBE = 10_000;

/** Every price line a LiteLLM entry states: { line, above, tier, usd } in USD per million tokens. */
function sourceLines(entry) {
  const lines = [];
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'number') continue;
    if (key === ONE_HOUR_WRITE) {
      lines.push({ line: 'cacheWrite1h', above: 0, tier: null, usd: value * 1e6 });
      continue;
    }
    const m = PRICE_KEY.exec(key);
    if (!m) continue;
    lines.push({ line: LINES[m[1]], above: m[2] ? Number(m[2]) * 1000 : 0, tier: m[3] ? TIER_NAMES[m[3]] : null, usd: value * 1e6 });
  }
  return lines;
}

/** What costkit bills for one line, USD per million tokens, or null when it cannot price it. */
function billed(book, provider, model, { line, above, tier }, timestamp) {
  const prompt = above + PROBE;
  const usage = { inputTokens: prompt, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: prompt };
  if (line === 'output') Object.assign(usage, { outputTokens: PROBE, totalTokens: prompt + PROBE });
  if (line === 'cacheRead') usage.cacheReadTokens = prompt;
  if (line === 'cacheWrite') usage.cacheWriteTokens = prompt;
  if (line === 'cacheWrite1h') Object.assign(usage, { cacheWriteTokens: prompt, cacheWrite1hTokens: prompt });
  const cost = book.price({ provider, model, usage, timestamp, serviceTier: tier });
  if (!cost) return null;
  const field = line === 'cacheWrite1h' ? 'cacheWrite' : line;
  const tokens = line === 'output' ? PROBE : prompt;
  return Number(((cost[field] / tokens) * 1e6).toPrecision(12));
}

function lineName({ line, above, tier }) {
  return `${line}${above ? `>${above}` : ''}${tier ? `:${tier}` : ''}`;
}

/**
 * @param {object} options
 * @param {import('../../src/pricing/types.js').PriceBook} options.book costkit's price book
 * @param {{ models: Array<{ provider: string, id: string }>, aliasTimelines?: Array<{ provider: string, alias: string }> }} options.snapshot prices.json
 * @param {Record<string, any>} options.source LiteLLM's model_prices_and_context_window.json
 * @param {string} options.at ISO time: compare the prices in force then
 * @param {number} [options.threshold] relative difference reported (0.01 = 1%)
 */
export function crossCheck({ book, snapshot, source, at, threshold = 0.01 }) {
  const timestamp = new Date(at).toISOString();
  const matched = new Set();
  const agree = [];
  const differences = [];
  const onlySource = [];
  for (const [key, entry] of Object.entries(source)) {
    const provider = PROVIDERS[entry?.litellm_provider];
    if (!provider || !MODES.has(entry.mode)) continue;
    const lines = sourceLines(entry);
    if (!lines.some((l) => l.line === 'input' || l.line === 'output')) continue;
    const model = key.replace(/^(?:gemini|openai|anthropic)\//, '');
    const resolution = book.resolve(provider, model);
    const standard = lines.find((l) => l.line === 'input' && !l.above && !l.tier) ?? lines.find((l) => !l.above && !l.tier);
    if (!resolution || billed(book, provider, model, standard, timestamp) === null) {
      onlySource.push({ key, provider, model, resolvesTo: resolution?.id ?? null });
      continue;
    }
    matched.add(`${resolution.provider}/${resolution.id}`);
    const diffs = [];
    for (const l of lines) {
      const costkit = billed(book, provider, model, l, timestamp);
      const theirs = Number(l.usd.toPrecision(12));
      // A line the source prices at $0 and costkit not at all (embedding output) bills nothing either way.
      if (costkit === null && theirs === 0) continue;
      const relative = costkit === null ? Number.POSITIVE_INFINITY : Math.abs(costkit - theirs) / Math.max(Math.abs(costkit), Math.abs(theirs), 1e-12);
      if (relative > threshold) diffs.push({ line: lineName(l), costkit, source: theirs });
    }
    const row = { key, provider, model, resolvesTo: resolution.id };
    if (diffs.length) differences.push({ ...row, lines: diffs });
    else agree.push(row);
  }
  const known = [...snapshot.models.map((m) => `${m.provider}/${m.id}`), ...(snapshot.aliasTimelines ?? []).map((t) => `${t.provider}/${t.alias}`)];
  const onlyCostkit = known.filter((id) => !matched.has(id)).sort();
  const byKey = (a, b) => a.key.localeCompare(b.key);
  return { at: timestamp, compared: agree.length + differences.length, agree: agree.sort(byKey), differences: differences.sort(byKey), onlySource: onlySource.sort(byKey), onlyCostkit };
}

const usd = (v) => (v === null ? 'unpriced' : `$${v}`);

/** The report for a person: counts, then every difference and every one-sided model. */
export function formatReport(report, sourceName) {
  const out = [];
  out.push(`Prices in force at ${report.at}, costkit vs ${sourceName} (USD per million tokens; differences over the threshold).`);
  out.push(`${report.compared} models both price: ${report.agree.length} agree, ${report.differences.length} differ.`);
  out.push('', `Differences (${report.differences.length}):`);
  for (const d of report.differences) {
    const target = d.resolvesTo === d.model ? '' : ` (costkit: ${d.resolvesTo})`;
    out.push(`  ${d.key}${target}: ${d.lines.map((l) => `${l.line} costkit ${usd(l.costkit)} vs ${usd(l.source)}`).join('; ')}`);
  }
  out.push('', `Priced only by ${sourceName} (${report.onlySource.length}):`);
  for (const s of report.onlySource) out.push(`  ${s.key}${s.resolvesTo ? ` (costkit finds ${s.resolvesTo} but prices nothing then)` : ''}`);
  out.push('', `In costkit's book only (${report.onlyCostkit.length}):`);
  for (const id of report.onlyCostkit) out.push(`  ${id}`);
  return out.join('\n');
}
