import { z } from 'zod';

const tokenCount = z.number().int().positive();

/** `init({ guard })`: limits applied to every instrumented call (contract section 6). */
export const guardOptionsSchema = z.strictObject({
  /** Every client's own SDK retries are capped to this many. */
  maxRetries: z.number().int().min(0).optional(),
  maxTokens: z
    .strictObject({
      default: tokenCount.optional(),
      cap: tokenCount.optional(),
      onExceed: z.enum(['clamp', 'throw']).optional(),
      perModel: z.record(z.string(), z.strictObject({ default: tokenCount.optional(), cap: tokenCount.optional() })).optional(),
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
