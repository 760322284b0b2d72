import type { Provider } from '../event.js';
import { ONE, ratioOf, remainderOf, type Ratio } from './money.js';
import { normalizeModelId, stripSnapshotSuffix } from './model-id.js';
import type { PriceOverride } from './types.js';

/** The priced lines of a model, USD per million tokens (webSearchPerThousand: per 1000 requests). */
export const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'webSearchPerThousand'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];
export type UsdPrices = Partial<Record<PriceField, number>>;

const OVERRIDE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;

/** How an override names models, from least to most specific. */
const Scope = { All: 0, Prefix: 1, Model: 2 } as const;
type Scope = (typeof Scope)[keyof typeof Scope];

export interface CompiledOverride {
  readonly index: number;
  readonly provider: Provider | undefined;
  readonly scope: Scope;
  /** The canonical model id (Scope.Model) or the id prefix (Scope.Prefix). */
  readonly id: string;
  readonly fromMs: number;
  readonly prices: UsdPrices;
  /** What is left to pay after the discount, or undefined when the override has none. */
  readonly keep: Ratio | undefined;
}

/** What a call's model is known as, for matching overrides. */
export interface ModelKeys {
  /** The provider of the book entry, else the event's. */
  provider: Provider;
  eventProvider: Provider;
  /** The book id, or the normalized model id when it is not in the book. */
  id: string;
  normalized: string;
}

/** Resolves an override's model to the book's id, so `gpt-4o-2024-08-06` and `gpt-4o` meet. */
export type Canonicalize = (provider: Provider | undefined, normalized: string) => string | undefined;

/** `0.15` or `'15%'` -> the fraction taken off. Validated by options-schema.ts first. */
function discountFraction(discount: number | string): number {
  return typeof discount === 'string' ? Number(discount.slice(0, -1)) / 100 : discount;
}

function parseEffectiveFrom(value: string | undefined): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  // A bare date is midnight UTC, like the book's effective dates.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new TypeError(`pricing.overrides: effectiveFrom '${value}' is not an ISO date`);
  return ms;
}

export function compileOverrides(overrides: readonly PriceOverride[], canonicalize: Canonicalize): CompiledOverride[] {
  return overrides.map((o, index) => {
    const model = normalizeModelId(o.model);
    let scope: Scope;
    let id: string;
    if (model === '*') {
      scope = Scope.All;
      id = '';
    } else if (model.endsWith('*')) {
      scope = Scope.Prefix;
      id = model.slice(0, -1);
    } else {
      scope = Scope.Model;
      id = canonicalize(o.provider, model) ?? model;
    }
    const prices: UsdPrices = {};
    for (const field of OVERRIDE_FIELDS) {
      const value = o[field];
      if (value !== undefined) prices[field] = value;
    }
    const keep = o.discount === undefined ? undefined : remainderOf(ratioOf(discountFraction(o.discount)));
    return { index, provider: o.provider, scope, id, fromMs: parseEffectiveFrom(o.effectiveFrom), prices, keep };
  });
}

export function overrideMatches(o: CompiledOverride, model: ModelKeys): boolean {
  if (o.provider !== undefined && o.provider !== model.provider && o.provider !== model.eventProvider) return false;
  switch (o.scope) {
    case Scope.All:
      return true;
    case Scope.Prefix:
      return model.id.startsWith(o.id) || model.normalized.startsWith(o.id);
    case Scope.Model:
      if (o.id === model.id || o.id === model.normalized) return true;
      // An override for a model the book does not know still covers its dated snapshots.
      return model.normalized.startsWith(o.id) && /^[-@_:]/.test(model.normalized.slice(o.id.length)) && stripSnapshotSuffix(model.normalized.slice(o.id.length)) === '';
  }
}

/** Later in the list wins: wider scopes first, then provider-wide before provider-specific, then by date, then as written. */
export function byPrecedence(a: CompiledOverride, b: CompiledOverride): number {
  return (
    a.scope - b.scope ||
    Number(a.provider !== undefined) - Number(b.provider !== undefined) ||
    a.fromMs - b.fromMs ||
    a.index - b.index
  );
}

/** A line's price and what is left of it after discounts, and whether an override set it. */
export interface LayeredLine {
  usd: number | undefined;
  keep: Ratio;
  negotiated: boolean;
}
export type LayeredPrices = Record<PriceField, LayeredLine>;

/**
 * The book's prices with the overrides in force laid over them, in precedence order:
 * a price an override gives replaces the line (with that override's own discount, or
 * none: negotiated prices are net); a discount applies to every line the override
 * does not price.
 */
export function layer(book: UsdPrices | undefined, active: readonly CompiledOverride[]): LayeredPrices {
  const lines = {} as LayeredPrices;
  for (const field of PRICE_FIELDS) lines[field] = { usd: book?.[field], keep: ONE, negotiated: false };
  for (const o of active) {
    for (const field of PRICE_FIELDS) {
      const usd = o.prices[field];
      if (usd !== undefined) lines[field] = { usd, keep: o.keep ?? ONE, negotiated: true };
      else if (o.keep) lines[field] = { ...lines[field], keep: o.keep };
    }
  }
  return lines;
}
