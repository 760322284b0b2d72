import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema.js';

// Built on first use (src/lazy-schema.ts): most apps never pass these options.
function buildGuardSchema() {
  const tokenCount = z.int().check(z.positive());

  /** `init({ guard })`: limits applied to every instrumented call (contract section 6). */
  const guardOptionsSchema = z.strictObject({
    /** Every client's own SDK retries are capped to this many. */
    maxRetries: z.optional(z.int().check(z.gte(0))),
    /**
     * Output caps: a request without one gets `default` (or `cap` when no default
     * is set); one above `cap` is clamped, or refused when `onExceed` is 'throw'.
     * `perModel` keys are model names, or prefixes ending in '*'.
     */
    maxTokens: z.optional(z.strictObject({
        default: z.optional(tokenCount),
        cap: z.optional(tokenCount),
        onExceed: z.optional(z.enum(['clamp', 'throw'])),
        perModel: z.optional(z.record(z.string(), z.strictObject({ default: z.optional(tokenCount), cap: z.optional(tokenCount) }))),
      }).check(z.refine((m) => m.default === undefined || m.cap === undefined || m.default <= m.cap, {
        message: 'default must not be above cap (a default above the cap would be clamped on every call)',
        path: ['default'],
      }))),
    /** Defaults for every withTags scope that sets no limits of its own. */
    scopeLimits: z.optional(z.strictObject({
        maxCalls: z.optional(z.int().check(z.gte(0))),
        maxCostUsd: z.optional(z.number().check(z.gte(0))),
      })),
  });

  return guardOptionsSchema;
}

/** `init({ guard })`: limits applied to every instrumented call (contract section 6). */
export const guardOptionsSchema = lazySchema(buildGuardSchema);

export type GuardOptions = z.output<typeof guardOptionsSchema>;
