import type { Provider, Usage } from '../event.js';
import type { Cost } from './cost-schema.js';

/**
 * A negotiated price or a discount (contract section 4). Prices are USD per million
 * tokens and replace the bundled price of that line; `discount` is a fraction of the
 * price taken off (0.15 = 15% off), or a string percentage ('15%').
 */
export interface PriceOverride {
  provider?: Provider;
  /** A model id (aliases and dated ids resolve like the book's), `prefix*`, or `*` for every model. */
  model: string;
  input?: number;
  output?: number;
  cacheRead?: number;
  /** Cache writes; Anthropic's 5-minute writes. */
  cacheWrite?: number;
  /** Anthropic 1-hour cache writes; default: the book's 1-hour price, else `cacheWrite`. */
  cacheWrite1h?: number;
  discount?: number | `${number}%`;
  /** ISO date or date-time: the override applies to calls started at or after it. */
  effectiveFrom?: string;
}

export interface PricingOptions {
  overrides?: PriceOverride[];
  /** Ignore the bundled book (prices, long-context and service tiers): price from overrides only. */
  only?: boolean;
}

export interface PricingInput {
  provider: Provider;
  model: string;
  usage: Usage;
  /** ISO time the call started: prices are chosen by effective date. */
  timestamp: string;
  /** As the provider reported it (OpenAI `service_tier`, Anthropic `usage.service_tier`). */
  serviceTier?: string | null;
}

/** Where a model id lands in the book. */
export interface PriceResolution {
  provider: Provider;
  /** The book's id (or the override's model when it is not in the book). */
  id: string;
  /** `provider/id`, the stem of every priceRef for this model. */
  ref: string;
  /** True when the price comes from the bundled book, false for an override-only model. */
  bundled: boolean;
}

/** Identifies the bundled snapshot. */
export interface PriceSnapshotInfo {
  version: string;
  source: string;
  sourceVersion: string;
  generatedAt: string;
  models: number;
}

export interface PriceBook {
  /** The cost of one call, or null when the model has no price. Pure; resolution is cached. */
  price(input: PricingInput): Cost | null;
  /** `price(input)?.totalPicoUsd`, without building the Cost (null when unpriced). */
  pricePico(input: PricingInput): number | null;
  /** The model the book would price `model` as, or null. */
  resolve(provider: Provider, model: string): PriceResolution | null;
  /** Identifies the bundled snapshot the prices came from. */
  readonly version: string;
  readonly snapshot: PriceSnapshotInfo;
}
