import { z } from 'zod';

/**
 * The `cost` block of a call event. Owned by the pricing module: the event schema
 * imports it so the price book and the event can never disagree on its shape.
 */
export const costSchema = z.object({
  currency: z.literal('USD'),
  input: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  output: z.number(),
  total: z.number(),
  priceRef: z.string(),
});

export type Cost = z.infer<typeof costSchema>;
