// Upstream (@pydantic/genai-prices) models converted to the book's entries: match rules
// to ids, aliases and prefixes; conditional prices to dated periods with long-context tiers.

// Upstream price keys costkit's usage can bill, and their names in the snapshot.
// Modality keys (input_audio_mtok, output_image_mtok, …) and storage searches are not
// in costkit's Usage, so they are left out; the generator reports how many it dropped.
const PRICE_KEYS = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cacheRead',
  cache_write_mtok: 'cacheWrite',
  cache_write_1h_mtok: 'cacheWrite1h',
  web_searches_kcount: 'webSearchPerThousand',
};
const LINE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'webSearchPerThousand'];

/** Rounds away binary noise (2 × 0.3 and the like) without touching real decimals. */
function clean(value) {
  return Number(value.toPrecision(12));
}

function convertMatch(match, entry, modelId, note) {
  if ('or' in match) return match.or.forEach((m) => convertMatch(m, entry, modelId, note));
  if ('and' in match) {
    // `and` upstream pairs a starts_with with a negative regex (e.g. "not -tts"); the
    // family guard in model-id.ts rejects such variant suffixes on its own.
    return match.and.forEach((m) => convertMatch(m, entry, modelId, note));
  }
  const [[kind, raw]] = Object.entries(match);
  const value = String(raw).toLowerCase().trim();
  if (kind === 'regex') return; // dated ids are resolved generically; see model-id.ts
  if (value.includes('/')) return note(`${modelId}: skipped ${kind} '${value}' (provider-qualified ids are normalized at lookup)`);
  if (kind === 'equals' || kind === 'ends_with') entry.aliases.add(value);
  else if (kind === 'starts_with' || kind === 'contains') entry.prefixes.add(value);
  else note(`${modelId}: unknown match kind ${kind}`);
}

function convertPrices(modelPrices, modelId, dropped) {
  const period = { tiersByStart: new Map() };
  for (const [key, value] of Object.entries(modelPrices)) {
    const field = PRICE_KEYS[key];
    if (!field) {
      dropped.add(key);
      continue;
    }
    if (typeof value === 'number') {
      period[field] = clean(value);
      continue;
    }
    period[field] = clean(value.base);
    for (const tier of value.tiers) {
      const t = period.tiersByStart.get(tier.start) ?? { above: tier.start };
      t[field] = clean(tier.price);
      period.tiersByStart.set(tier.start, t);
    }
  }
  const { tiersByStart, ...rates } = period;
  const tiers = [...tiersByStart.values()].sort((a, b) => a.above - b.above);
  if (tiers.length) rates.tiers = tiers;
  if (rates.input === undefined && rates.output === undefined) return undefined;
  return rates;
}

export function convertModel(provider, model, dropped, note) {
  const id = model.id.toLowerCase();
  const entry = { provider, id, name: model.name, aliases: new Set(), prefixes: new Set() };
  convertMatch(model.match, entry, id, note);
  const conditional = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  const periods = [];
  for (const { constraint, prices } of conditional) {
    if (constraint && constraint.type !== 'start_date') {
      note(`${provider}/${id}: skipped a ${constraint.type} price (not supported)`);
      continue;
    }
    const rates = convertPrices(prices, id, dropped);
    if (!rates) continue;
    periods.push({ from: constraint?.start_date ?? null, ...rates });
  }
  if (periods.length === 0) return undefined;
  periods.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  if (periods[0].from !== null) note(`${provider}/${id}: no price before ${periods[0].from}; earlier calls are unpriced`);
  entry.prices = periods;
  if (model.deprecated) entry.deprecated = true;
  return entry;
}

/** Anthropic bills a 1-hour cache write at 2x the base input price (prompt-caching docs). */
export function fillAnthropicOneHourWrites(entry) {
  for (const period of entry.prices) {
    const fill = (rates, base) => {
      if (rates.cacheWrite1h === undefined && (rates.cacheWrite ?? base?.cacheWrite) !== undefined && (rates.input ?? base?.input) !== undefined) {
        rates.cacheWrite1h = clean(2 * (rates.input ?? base.input));
      }
    };
    fill(period);
    for (const tier of period.tiers ?? []) if (tier.input !== undefined) fill(tier, period);
  }
}

export function finishEntry(entry) {
  entry.aliases.delete(entry.id);
  const out = { provider: entry.provider, id: entry.id };
  if (entry.name) out.name = entry.name;
  if (entry.deprecated) out.deprecated = true;
  out.aliases = [...entry.aliases].sort();
  out.prefixes = [...entry.prefixes].sort();
  out.prices = entry.prices.map((p) => {
    const ordered = { from: p.from };
    for (const field of LINE_FIELDS) if (p[field] !== undefined) ordered[field] = p[field];
    if (p.tiers) ordered.tiers = p.tiers;
    return ordered;
  });
  if (entry.serviceTiers) out.serviceTiers = entry.serviceTiers;
  return out;
}

