import { z } from 'zod';
import { costSchema } from './pricing/cost-schema.js';

import { PROVIDER_IDS, type Provider } from './providers/ids.js';

export type { Provider };

/** The providers costkit instruments; the event's `provider` field. */
export const providerSchema = z.enum(PROVIDER_IDS);

const tagsSchema = z.record(z.string(), z.string());

export const usageSchema = z.object({
  /** Every prompt token, cached or not. */
  inputTokens: z.number().int().nonnegative(),
  /** Every billed output token, reasoning included. */
  outputTokens: z.number().int().nonnegative(),
  /** Subset of inputTokens read from the provider's prompt cache. */
  cacheReadTokens: z.number().int().nonnegative(),
  /** Subset of inputTokens written to the provider's prompt cache. */
  cacheWriteTokens: z.number().int().nonnegative(),
  /** Subset of outputTokens spent on reasoning / thinking. */
  reasoningTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /**
   * Subset of cacheWriteTokens written with Anthropic's 1-hour TTL, which is priced
   * higher than the 5-minute default. Absent when the provider has no such split.
   */
  cacheWrite1hTokens: z.number().int().nonnegative().optional(),
  /** Server-side web searches, billed per request by Anthropic. */
  webSearchRequests: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

export const callErrorSchema = z.object({
  type: z.string(),
  status: z.number().int().nullable(),
  message: z.string(),
});
export type CallError = z.infer<typeof callErrorSchema>;

export const finishReasonSchema = z.string();

const envelope = {
  id: z.string().min(1),
  timestamp: z.string().datetime(),
  service: z.string(),
  environment: z.string(),
  tags: tagsSchema,
};

export const callEventSchema = z.object({
  schema: z.literal('costkit.call/1'),
  ...envelope,
  provider: providerSchema,
  operation: z.string(),
  model: z.string(),
  responseModel: z.string().nullable(),
  stream: z.boolean(),
  status: z.enum(['ok', 'error', 'aborted']),
  error: callErrorSchema.nullable(),
  tagged: z.boolean(),
  usage: usageSchema.nullable(),
  cost: costSchema.nullable(),
  latencyMs: z.number().nonnegative(),
  timeToFirstTokenMs: z.number().nonnegative().nullable(),
  attempts: z.number().int().nonnegative(),
  finishReason: finishReasonSchema.nullable(),
  requestId: z.string().nullable(),
  /** The provider's service tier when it reports one (OpenAI `service_tier`). */
  serviceTier: z.string().nullable().optional(),
});
export type CallEvent = z.infer<typeof callEventSchema>;

export const budgetEventSchema = z.object({
  schema: z.literal('costkit.budget/1'),
  ...envelope,
  budget: z.string(),
  action: z.enum(['warn', 'refused', 'degraded']),
  spentUsd: z.number(),
  limitUsd: z.number(),
  detail: z.string(),
}).passthrough();
export type BudgetEvent = z.infer<typeof budgetEventSchema>;

export const guardEventSchema = z.object({
  schema: z.literal('costkit.guard/1'),
  ...envelope,
  guard: z.string(),
  action: z.enum(['clamped', 'refused', 'defaulted']),
  provider: providerSchema.optional(),
  model: z.string().optional(),
  detail: z.string(),
}).passthrough();
export type GuardEvent = z.infer<typeof guardEventSchema>;

/** Validates any line of a costkit event file. */
export const costkitEventSchema = z.discriminatedUnion('schema', [
  callEventSchema,
  budgetEventSchema,
  guardEventSchema,
]);
export type CostkitEvent = z.infer<typeof costkitEventSchema>;
