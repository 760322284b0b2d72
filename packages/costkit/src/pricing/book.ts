import type { Provider } from '../providers/ids.js';
import { costOf, count, rateSetFor } from './cost.js';
import { normalizeModelId } from './model-id.js';
import { compileOverrides, overrideMatches, type ModelKeys } from './overrides.js';
import { buildPlan, segmentAt, type Plan } from './plan.js';
import { bookVersion, bundledSnapshot, findInBook, serviceTiersOf } from './snapshot.js';
import type { PriceBook, PriceResolution, PricingOptions } from './types.js';
import { parsePricingOptions } from './validate.js';

export { bundledSnapshot };

interface Resolved {
  plan: Plan;
  resolution: PriceResolution | null;
}

const STANDARD_TIERS = new Set(['', 'default', 'standard', 'auto', 'scale', 'on_demand']);

/** Bounded so a stream of distinct model strings cannot grow memory without end. */
const MAX_CACHED_MODELS = 4096;

export function createPriceBook(input: PricingOptions = {}): PriceBook {
  const options = parsePricingOptions(input);
  const only = options.only === true;
  const version = bookVersion;
  const canonicalize = (provider: Provider | undefined, normalized: string) => findInBook(provider, normalized)?.id;
  const overrides = compileOverrides(options.overrides ?? [], canonicalize);
  // provider -> model as sent -> plan: a repeated lookup is two Map hits, no allocation.
  const plans = new Map<Provider, Map<string, Resolved>>();
  let cachedModels = 0;

  function planFor(provider: Provider, model: string): Resolved {
    let byModel = plans.get(provider);
    if (!byModel) plans.set(provider, (byModel = new Map()));
    const hit = byModel.get(model);
    if (hit) return hit;
    const normalized = normalizeModelId(model);
    const found = findInBook(provider, normalized);
    const book = only ? undefined : found;
    const keys: ModelKeys = { provider: found?.provider ?? provider, eventProvider: provider, id: found?.id ?? normalized, normalized };
    const matching = overrides.filter((o) => overrideMatches(o, keys));
    const stem = `${keys.provider}/${keys.id}`;
    const serviceTiers = book ? serviceTiersOf(book) : undefined;
    const plan = book || matching.length ? buildPlan({ stem, book, matching, serviceTiers }) : [];
    const priced = plan.some((s) => s.standard !== null);
    const resolution = priced ? { provider: keys.provider, id: keys.id, ref: stem, bundled: book !== undefined } : null;
    const resolved: Resolved = { plan, resolution };
    if (++cachedModels > MAX_CACHED_MODELS) {
      for (const m of plans.values()) m.clear();
      cachedModels = 1;
    }
    byModel.set(model, resolved);
    return resolved;
  }

  return {
    version,
    snapshot: bundledSnapshot,
    resolve(provider, model) {
      return planFor(provider, model).resolution;
    },
    price({ provider, model, usage, timestamp, serviceTier }) {
      const segment = segmentAt(planFor(provider, model).plan, timestamp);
      if (!segment?.standard) return null;
      let variant = segment.standard;
      if (serviceTier && !STANDARD_TIERS.has(serviceTier)) {
        variant = segment.tierVariant(serviceTier.toLowerCase()) ?? variant;
      }
      return costOf(usage, rateSetFor(variant, count(usage.inputTokens)), version);
    },
  };
}
