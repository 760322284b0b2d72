import type { Provider, Usage } from '../event.js';
import type { Cost } from './cost-schema.js';

export type { Cost } from './cost-schema.js';

/** A negotiated price or discount, per million tokens in USD (contract section 4). */
export interface PriceOverride {
  provider?: Provider;
  model: string;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  discount?: number;
  effectiveFrom?: string;
}

export interface PricingOptions {
  overrides?: PriceOverride[];
  /** Use only the overrides, never the bundled book. */
  only?: boolean;
}

export interface PricingInput {
  provider: Provider;
  model: string;
  usage: Usage;
  /** ISO time the call started: prices are chosen by effective date. */
  timestamp: string;
  serviceTier?: string | null;
}

export interface PriceBook {
  /** The cost of one call, or null when the model has no price. Pure and cached. */
  price(input: PricingInput): Cost | null;
  /** Identifies the bundled snapshot the prices came from. */
  readonly version: string;
}

// Placeholder book with a handful of OpenAI prices (USD per million tokens),
// replaced by the generated price book (issue 4) behind the same interface.
const STARTER: Record<string, { input: number; cacheRead: number; output: number }> = {
  'openai/gpt-4o-mini': { input: 0.15, cacheRead: 0.075, output: 0.6 },
  'openai/gpt-4o': { input: 2.5, cacheRead: 1.25, output: 10 },
};

export function createPriceBook(_options: PricingOptions = {}): PriceBook {
  return {
    version: 'starter',
    price({ provider, model, usage }) {
      const key = Object.keys(STARTER)
        .filter((k) => `${provider}/${model}`.startsWith(k))
        .sort((a, b) => b.length - a.length)[0];
      if (!key) return null;
      const p = STARTER[key]!;
      const uncached = usage.inputTokens - usage.cacheReadTokens;
      const input = (uncached * p.input) / 1e6;
      const cacheRead = (usage.cacheReadTokens * p.cacheRead) / 1e6;
      const output = (usage.outputTokens * p.output) / 1e6;
      return { currency: 'USD', input, cacheRead, cacheWrite: 0, output, total: input + cacheRead + output, priceRef: key };
    },
  };
}
