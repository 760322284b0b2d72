import * as z from 'zod/mini';
import { PROVIDER_IDS, quotedList } from '../providers/ids.js';
import { lazySchemas } from '../lazy-schema.js';

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;

/**
 * No real token price comes near it (the dearest, o1-pro output, is $600): a larger number
 * is a price in the wrong unit, which would poison every cost and budget after it.
 */
const MAX_USD_PER_MILLION = 1000;

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;

// Built on first use (src/lazy-schema.ts): most apps never pass these options.
function buildPricingSchemas() {
  const perMillion = z.number({ error: 'expected a price in USD per million tokens, e.g. 2.5' }).check(z.nonnegative({ error: 'expected a price of 0 or more USD per million tokens' }), z.lte(MAX_USD_PER_MILLION, {
      error: (issue) =>
        `expected at most ${MAX_USD_PER_MILLION} USD per million tokens, got ${String(issue.input)}: prices are USD per million tokens (2.5 is $2.50 / 1M); a number this large is in the wrong unit`,
    }));

  /** A fraction taken off (0.15 = 15% off) or a percentage string ('15%'); parsed to the fraction. */
  const discountSchema = z.pipe(z.union([z.number(), z.string()], { error: "expected a discount: a fraction like 0.15 or a percentage like '15%'" }), z.transform((value: number | string, ctx) => {
      if (typeof value === 'string') {
        const m = PERCENT.exec(value.trim());
        const percent = m ? Number(m[1]) : Number.NaN;
        if (!(percent >= 0 && percent <= 100)) {
          ctx.issues.push({ code: 'custom', message: `expected a percentage from '0%' to '100%' (e.g. '15%'), got '${value}'`, input: value });
          return z.NEVER;
        }
        return percent / 100;
      }
      if (!Number.isFinite(value) || value < 0) {
        ctx.issues.push({ code: 'custom', message: `expected a fraction from 0 to 1 (0.15 = 15% off), got ${value}`, input: value });
        return z.NEVER;
      }
      if (value > 1) {
        ctx.issues.push({ code: 'custom', message: `expected a fraction from 0 to 1 (0.15 = 15% off), got ${value}: for ${value}% off write ${value / 100} or '${value}%'`, input: value });
        return z.NEVER;
      }
      return value;
    }));

  const effectiveFromSchema = z.string({ error: "expected an ISO date or date-time, e.g. '2026-01-01' or '2026-01-01T00:00:00Z'" }).check(z.refine((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.test(s)) && !Number.isNaN(Date.parse(s)), {
      error: (issue) => `expected an ISO date or date-time with a time zone, e.g. '2026-01-01' or '2026-01-01T00:00:00Z', got '${String(issue.input)}'`,
    }));

  const modelSchema = z.string({ error: "expected a model id, 'prefix*' or '*'" }).check(z.trim(), z.minLength(1, { error: "expected a model id, 'prefix*' or '*'" }), z.refine((s) => !s.slice(0, -1).includes('*'), { error: "'*' may only end the model: 'gpt-4o*' or '*'" }));

  /** One entry of `init({ pricing: { overrides } })` (contract section 4). */
  const priceOverrideSchema = z.strictObject({
      provider: z.optional(z.enum(PROVIDER_IDS, { error: `expected ${quotedList(PROVIDER_IDS)}` })),
      model: modelSchema,
      input: z.optional(perMillion),
      output: z.optional(perMillion),
      cacheRead: z.optional(perMillion),
      cacheWrite: z.optional(perMillion),
      cacheWrite1h: z.optional(perMillion),
      discount: z.optional(discountSchema),
      effectiveFrom: z.optional(effectiveFromSchema),
    }).check(z.refine((o) => o.discount !== undefined || PRICE_FIELDS.some((f) => o[f] !== undefined), {
      error: `an override needs a price (${PRICE_FIELDS.join(', ')}) or a discount`,
    }));

  /** `init({ pricing })`. */
  const pricingOptionsSchema = z.strictObject({
      overrides: z.optional(z.array(priceOverrideSchema, { error: 'expected an array of price overrides' })),
      only: z.optional(z.boolean({ error: 'expected true or false' })),
    }).check(z.refine((p) => !p.only || (p.overrides?.length ?? 0) > 0, {
      error: 'only: true prices calls from pricing.overrides alone, and there are none: every call would have cost: null',
      path: ['only'],
    }));

  return { override: priceOverrideSchema, pricing: pricingOptionsSchema };
}

const schemas = lazySchemas(buildPricingSchemas, ['override', 'pricing']);

/** One entry of `init({ pricing: { overrides } })` (contract section 4). */
export const priceOverrideSchema = schemas.override;
/** `init({ pricing })`. */
export const pricingOptionsSchema = schemas.pricing;

export type PricingOptionsInput = z.input<typeof pricingOptionsSchema>;
export type ParsedPricingOptions = z.output<typeof pricingOptionsSchema>;
