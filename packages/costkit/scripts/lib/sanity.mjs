// Sanity checks on the generated book, run by update-prices.mjs before anything is written.
// A price in the wrong unit (a per-token number typed as per-million, cents for dollars)
// poisons every cost and budget after it, silently; refusing it here costs nothing.

/** No real token price comes near it (the dearest, o1-pro output, is $600 per million). */
export const MAX_USD_PER_MILLION = 1000;

const LINE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'webSearchPerThousand'];

function checkLines(prices, where, problems) {
  for (const field of LINE_FIELDS) {
    const value = prices[field];
    if (value === undefined) continue;
    const unit = field === 'webSearchPerThousand' ? 'USD per 1000 requests' : 'USD per million tokens';
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`${where}.${field}: ${JSON.stringify(value)} is not a price (expected a number of ${unit}, 0 or more)`);
    } else if (value > MAX_USD_PER_MILLION) {
      problems.push(`${where}.${field}: ${value} ${unit} is over the ${MAX_USD_PER_MILLION} sanity bound, so it is in the wrong unit; fix it in the supplement or upstream`);
    }
  }
}

/** Every problem with the book's prices, each naming the model, period and field. */
export function priceProblems(book) {
  const problems = [];
  for (const m of book.models) {
    m.prices.forEach((period, i) => {
      checkLines(period, `${m.provider}/${m.id} prices[${i}]`, problems);
      for (const tier of period.tiers ?? []) checkLines(tier, `${m.provider}/${m.id} prices[${i}].tiers[>${tier.above}]`, problems);
    });
    for (const [tier, spec] of Object.entries(m.serviceTiers ?? {})) {
      if ('multiplier' in spec) {
        if (!(spec.multiplier > 0 && spec.multiplier <= 10)) problems.push(`${m.provider}/${m.id} serviceTiers.${tier}.multiplier: ${spec.multiplier} is not a tier multiplier (expected more than 0, at most 10)`);
      } else checkLines(spec, `${m.provider}/${m.id} serviceTiers.${tier}`, problems);
    }
  }
  for (const [provider, tiers] of Object.entries(book.serviceTiers ?? {})) {
    for (const [tier, spec] of Object.entries(tiers)) {
      if ('multiplier' in spec && !(spec.multiplier > 0 && spec.multiplier <= 10)) problems.push(`serviceTiers.${provider}.${tier}.multiplier: ${spec.multiplier} is not a tier multiplier (expected more than 0, at most 10)`);
    }
  }
  return problems;
}
