import { z } from 'zod';

const perMillion = z.number().nonnegative().finite();

/** `init({ pricing })`: negotiated prices per million tokens in USD (contract section 4). */
export const priceOverrideSchema = z.strictObject({
  provider: z.enum(['openai', 'anthropic', 'google']).optional(),
  model: z.string().min(1),
  input: perMillion.optional(),
  output: perMillion.optional(),
  cacheRead: perMillion.optional(),
  cacheWrite: perMillion.optional(),
  discount: z.number().min(0).max(1).optional(),
  effectiveFrom: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
});

export const pricingOptionsSchema = z.strictObject({
  overrides: z.array(priceOverrideSchema).optional(),
  only: z.boolean().optional(),
});
