import { z } from 'zod';

const tokenCount = z.number().int().positive();

/** `init({ guard })`: limits applied to every instrumented call (contract section 6). */
export const guardOptionsSchema = z.strictObject({
  /** Every client's own SDK retries are capped to this many. */
  maxRetries: z.number().int().min(0).optional(),
  /**
   * Output caps: a request without one gets `default` (or `cap` when no default
   * is set); one above `cap` is clamped, or refused when `onExceed` is 'throw'.
   * `perModel` keys are model names, or prefixes ending in '*'.
   */
  maxTokens: z
    .strictObject({
      default: tokenCount.optional(),
      cap: tokenCount.optional(),
      onExceed: z.enum(['clamp', 'throw']).optional(),
      perModel: z.record(z.string(), z.strictObject({ default: tokenCount.optional(), cap: tokenCount.optional() })).optional(),
    })
    .refine((m) => m.default === undefined || m.cap === undefined || m.default <= m.cap, {
      message: 'default must not be above cap (a default above the cap would be clamped on every call)',
      path: ['default'],
    })
    .optional(),
  /** Defaults for every withTags scope that sets no limits of its own. */
  scopeLimits: z
    .strictObject({
      maxCalls: z.number().int().min(0).optional(),
      maxCostUsd: z.number().min(0).optional(),
    })
    .optional(),
});

export type GuardOptions = z.output<typeof guardOptionsSchema>;
