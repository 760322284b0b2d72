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

/** What a `guard.maxTokens` rule did to the request's output cap. */
export const outputCapSchema = z.object({
  /** The cap the request asked for; null when it set none. */
  requested: z.number().int().nonnegative().nullable(),
  /** The cap sent. */
  applied: z.number().int().nonnegative(),
  action: z.enum(['defaulted', 'clamped']),
});

/** The budgets a call was charged to, and what admission did (contract section 6.1). */
export const callBudgetSchema = z.object({
  /** Names of every budget the call matched (a run budget is 'run'). */
  matched: z.array(z.string()),
  /** The worst-case cost reserved before the call was sent, USD. */
  reservedUsd: z.number().nonnegative(),
  /** The request's output cap was lowered to what the budget could pay for (`clampToRemaining`). */
  clampedOutputTo: z.number().int().nonnegative().optional(),
  /** The store could not be reached in time; the call went on (`whenStoreDown: 'open'`). */
  storeUnavailable: z.boolean().optional(),
});

// Objects are loose: a ledger tool reading events written by a newer costkit
// keeps the fields it does not know. Every field this version writes is declared.
export const callEventSchema = z.looseObject({
  schema: z.literal('costkit.call/1'),
  ...envelope,
  provider: providerSchema,
  operation: z.string(),
  /** The model sent (after a budget degraded it: see degradedFrom). */
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
  /** The outermost scope's id, shared by every call of one user action; null outside any scope (contract section 7). Absent in events written before v1.1. */
  interactionId: z.string().nullable().optional(),
  /** The model the app asked for, when a budget sent a cheaper one. */
  degradedFrom: z.string().optional(),
  /** Set on calls made inside `withRetryCap`: the loop's id, shared by its attempts. */
  retryGroup: z.string().optional(),
  /** 1 for the loop's first attempt. */
  retryAttempt: z.number().int().positive().optional(),
  outputCap: outputCapSchema.optional(),
  /** The answer was cut by its output cap (`finishReason: 'length'`). */
  truncated: z.literal(true).optional(),
  budget: callBudgetSchema.optional(),
  /** The OpenTelemetry trace and span active when the call started (`@costkit/otel`). */
  traceId: z.string().optional(),
  spanId: z.string().optional(),
});
export type CallEvent = z.infer<typeof callEventSchema>;

export const budgetWindowSchema = z.object({ start: z.string().datetime(), end: z.string().datetime() });

/** A budget crossed a threshold, refused or degraded a call, or lost its store (contract section 6.1). */
export const budgetEventSchema = z.looseObject({
  schema: z.literal('costkit.budget/1'),
  ...envelope,
  kind: z.enum(['threshold', 'exceeded', 'refused', 'degraded', 'store-unavailable']),
  budget: z.string(),
  window: budgetWindowSchema,
  /** The warnAt fraction crossed (threshold events); null otherwise. */
  threshold: z.number().nullable(),
  spentUsd: z.number().nonnegative(),
  reservedUsd: z.number().nonnegative(),
  limitUsd: z.number().nonnegative(),
  /** The model the app asked for; null for events not about one call. */
  model: z.string().nullable(),
  /** The model sent instead (degraded events); null otherwise. */
  degradedTo: z.string().nullable(),
  provider: providerSchema.nullable().optional(),
  /** A human sentence: what happened and what to change. */
  detail: z.string().optional(),
  /** refused events: the call did not fit ('limit'), or the store did not answer and the budget is whenStoreDown: 'closed'. */
  reason: z.enum(['limit', 'store-unavailable']).optional(),
  /** refused events: what the call would have reserved (its worst-case cost), USD. */
  estimatedUsd: z.number().nonnegative().optional(),
  /** refused events of a run budget: the name given to withBudget. */
  runName: z.string().optional(),
  /** threshold events: the window's top tags by spend, highest first. */
  topTags: z.array(z.object({ tag: z.string(), value: z.string(), spentUsd: z.number().nonnegative() })).optional(),
  /** threshold events: when the limit is reached at the window's burn rate so far; null when not within the window. */
  projectedExhaustionAt: z.string().datetime().nullable().optional(),
});
export type BudgetEvent = z.infer<typeof budgetEventSchema>;

/** A guard clamped, defaulted or refused a call (contract section 6). */
export const guardEventSchema = z.looseObject({
  schema: z.literal('costkit.guard/1'),
  ...envelope,
  guard: z.enum(['maxTokens', 'maxRetries', 'scopeLimit']),
  action: z.enum(['clamped', 'refused', 'defaulted']),
  provider: providerSchema.optional(),
  model: z.string().optional(),
  operation: z.string().optional(),
  detail: z.string(),
  /** maxTokens: the request field; maxRetries: where the value came from. */
  field: z.string().optional(),
  requested: z.number().nullable().optional(),
  applied: z.number().optional(),
  cap: z.number().optional(),
  /** scopeLimit: which limit, its value, what the scope had used, the scope's tags and where the limit was set. */
  limit: z.enum(['maxCalls', 'maxCostUsd']).optional(),
  value: z.number().optional(),
  spent: z.number().optional(),
  scopeTags: tagsSchema.optional(),
  source: z.enum(['withTags', 'init']).optional(),
});
export type GuardEvent = z.infer<typeof guardEventSchema>;

/** Validates any line of a costkit event file. */
export const costkitEventSchema = z.discriminatedUnion('schema', [
  callEventSchema,
  budgetEventSchema,
  guardEventSchema,
]);
export type CostkitEvent = z.infer<typeof costkitEventSchema>;
