import type { Provider } from '../providers/ids.js';
import { costOf, count, rateSetFor, totalPicoOf } from './cost.js';
import { normalizeModelId } from './model-id.js';
import { compileOverrides, overrideMatches, type CompiledOverride, type ModelKeys } from './overrides.js';
import { buildPlan, segmentAt, stitchPlans, type Plan } from './plan.js';
import { bookVersion, bundledSnapshot, findInBook, serviceTiersOf, type BookAlias, type BookModel } from './snapshot.js';
import type { RateSet } from './rates.js';
import type { PriceBook, PriceResolution, PricingInput, PricingOptions } from './types.js';
import { parsePricingOptions } from './validate.js';

export { bundledSnapshot };

interface Resolved {
  plan: Plan;
  resolution: PriceResolution | null;
}

const STANDARD_TIERS = new Set(['', 'default', 'standard', 'auto', 'scale', 'on_demand']);

/** Bounded so a stream of distinct model strings cannot grow memory without end. */
const MAX_CACHED_MODELS = 4096;

/** The plan of one model (or of overrides alone when `book` is undefined). */
function modelPlan(book: BookModel | undefined, keys: ModelKeys, overrides: readonly CompiledOverride[]): Plan {
  const matching = overrides.filter((o) => overrideMatches(o, keys));
  if (!book && matching.length === 0) return [];
  const serviceTiers = book ? serviceTiersOf(book) : undefined;
  return buildPlan({ stem: `${keys.provider}/${keys.id}`, book, matching, serviceTiers });
}

/**
 * An alias's plan: each target's own plan (its periods and the overrides that name it or
 * the alias) for as long as the alias served it. While the target is unknown only an
 * override can price it, as for a model the book does not know.
 */
function aliasPlan(alias: BookAlias, eventProvider: Provider, normalized: string, overrides: readonly CompiledOverride[]): Plan {
  return stitchPlans(
    alias.moves.map(({ fromMs, target }) => ({
      fromMs,
      plan: target
        ? modelPlan(target, { provider: target.provider, eventProvider, id: target.id, normalized }, overrides)
        : modelPlan(undefined, { provider: alias.provider, eventProvider, id: alias.id, normalized }, overrides),
    })),
  );
}

export function createPriceBook(input: PricingOptions = {}): PriceBook {
  const options = parsePricingOptions(input);
  const only = options.only === true;
  const version = bookVersion;
  const canonicalize = (provider: Provider | undefined, normalized: string) => findInBook(provider, normalized)?.id;
  const overrides = compileOverrides(options.overrides ?? [], canonicalize);
  // provider -> model as sent -> plan: a repeated lookup is two Map hits, no allocation.
  const plans = new Map<Provider, Map<string, Resolved>>();
  let cachedModels = 0;

  function resolveModel(provider: Provider, model: string): Resolved {
    const normalized = normalizeModelId(model);
    const found = findInBook(provider, normalized);
    const keys: ModelKeys = { provider: found?.provider ?? provider, eventProvider: provider, id: found?.id ?? normalized, normalized };
    const stem = `${keys.provider}/${keys.id}`;
    if (found?.kind === 'alias' && !only) {
      const plan = aliasPlan(found, provider, normalized, overrides);
      const priced = plan.some((s) => s.standard !== null);
      return { plan, resolution: priced ? { provider: keys.provider, id: keys.id, ref: stem, bundled: true } : null };
    }
    const book = only || found?.kind !== 'model' ? undefined : found;
    const plan = modelPlan(book, keys, overrides);
    const priced = plan.some((s) => s.standard !== null);
    return { plan, resolution: priced ? { provider: keys.provider, id: keys.id, ref: stem, bundled: book !== undefined } : null };
  }

  function planFor(provider: Provider, model: string): Resolved {
    let byModel = plans.get(provider);
    if (!byModel) plans.set(provider, (byModel = new Map()));
    const hit = byModel.get(model);
    if (hit) return hit;
    const resolved = resolveModel(provider, model);
    if (++cachedModels > MAX_CACHED_MODELS) {
      for (const m of plans.values()) m.clear();
      cachedModels = 1;
    }
    byModel.set(model, resolved);
    return resolved;
  }

  /** The rates that price `usage` for this model at this time and service tier (the long-context tier by its input). */
  function rateSetOf({ provider, model, usage, timestamp, serviceTier }: PricingInput): RateSet | null {
    const segment = segmentAt(planFor(provider, model).plan, timestamp);
    if (!segment?.standard) return null;
    let variant = segment.standard;
    if (serviceTier && !STANDARD_TIERS.has(serviceTier)) {
      variant = segment.tierVariant(serviceTier.toLowerCase()) ?? variant;
    }
    return rateSetFor(variant, count(usage.inputTokens));
  }

  return {
    version,
    snapshot: bundledSnapshot,
    resolve(provider, model) {
      return planFor(provider, model).resolution;
    },
    price(input) {
      const set = rateSetOf(input);
      return set ? costOf(input.usage, set, version) : null;
    },
    pricePico(input) {
      const set = rateSetOf(input);
      if (!set) return null;
      const total = totalPicoOf(input.usage, set);
      return Number.isNaN(total) ? null : total;
    },
  };
}
