import * as z from 'zod/mini';
import { costSchema } from './pricing/cost-schema.js';
import { lazySchemas } from './lazy-schema.js';

import { PROVIDER_IDS, type Provider } from './providers/ids.js';

export type { Provider };

// Built on first use (lazy-schema.ts): apps that never read events back pay nothing.
function buildEventSchemas() {
  /** The providers costkit instruments; the event's `provider` field. */
  const providerSchema = z.enum(PROVIDER_IDS);

  const tagsSchema = z.record(z.string(), z.string());

  const usageSchema = z.object({
    /** Every prompt token, cached or not. */
    inputTokens: z.int().check(z.nonnegative()),
    /** Every billed output token, reasoning included. */
    outputTokens: z.int().check(z.nonnegative()),
    /** Subset of inputTokens read from the provider's prompt cache. */
    cacheReadTokens: z.int().check(z.nonnegative()),
    /** Subset of inputTokens written to the provider's prompt cache. */
    cacheWriteTokens: z.int().check(z.nonnegative()),
    /** Subset of outputTokens spent on reasoning / thinking. */
    reasoningTokens: z.int().check(z.nonnegative()),
    totalTokens: z.int().check(z.nonnegative()),
    /**
     * Subset of cacheWriteTokens written with Anthropic's 1-hour TTL, which is priced
     * higher than the 5-minute default. Absent when the provider has no such split.
     */
    cacheWrite1hTokens: z.optional(z.int().check(z.nonnegative())),
    /** Server-side web searches, billed per request by Anthropic. */
    webSearchRequests: z.optional(z.int().check(z.nonnegative())),
  });

  const callErrorSchema = z.object({
    type: z.string(),
    status: z.nullable(z.int()),
    message: z.string(),
  });

  const finishReasonSchema = z.string();

  const envelope = {
    id: z.string().check(z.minLength(1)),
    timestamp: z.iso.datetime(),
    service: z.string(),
    environment: z.string(),
    tags: tagsSchema,
  };

  /** What a `guard.maxTokens` rule did to the request's output cap. */
  const outputCapSchema = z.object({
    /** The cap the request asked for; null when it set none. */
    requested: z.nullable(z.int().check(z.nonnegative())),
    /** The cap sent. */
    applied: z.int().check(z.nonnegative()),
    action: z.enum(['defaulted', 'clamped']),
  });

  /** The budgets a call was charged to, and what admission did (contract section 6.1). */
  const callBudgetSchema = z.object({
    /** Names of every budget the call matched (a run budget is 'run'). */
    matched: z.array(z.string()),
    /** The worst-case cost reserved before the call was sent, USD. */
    reservedUsd: z.number().check(z.nonnegative()),
    /** The request's output cap was lowered to what the budget could pay for (`clampToRemaining`). */
    clampedOutputTo: z.optional(z.int().check(z.nonnegative())),
    /** The store could not be reached in time; the call went on (`whenStoreDown: 'open'`). */
    storeUnavailable: z.optional(z.boolean()),
  });

  // Objects are loose: a ledger tool reading events written by a newer costkit
  // keeps the fields it does not know. Every field this version writes is declared.
  const callEventSchema = z.looseObject({
    schema: z.literal('costkit.call/1'),
    ...envelope,
    provider: providerSchema,
    operation: z.string(),
    /** The model sent (after a budget degraded it: see degradedFrom). */
    model: z.string(),
    responseModel: z.nullable(z.string()),
    stream: z.boolean(),
    status: z.enum(['ok', 'error', 'aborted']),
    error: z.nullable(callErrorSchema),
    tagged: z.boolean(),
    usage: z.nullable(usageSchema),
    cost: z.nullable(costSchema),
    latencyMs: z.number().check(z.nonnegative()),
    timeToFirstTokenMs: z.nullable(z.number().check(z.nonnegative())),
    attempts: z.int().check(z.nonnegative()),
    finishReason: z.nullable(finishReasonSchema),
    requestId: z.nullable(z.string()),
    /** The provider's service tier when it reports one (OpenAI `service_tier`). */
    serviceTier: z.optional(z.nullable(z.string())),
    /** The outermost scope's id, shared by every call of one user action; null outside any scope (contract section 7). Absent in events written before v1.1. */
    interactionId: z.optional(z.nullable(z.string())),
    /** The model the app asked for, when a budget sent a cheaper one. */
    degradedFrom: z.optional(z.string()),
    /** Set on calls made inside `withRetryCap`: the loop's id, shared by its attempts. */
    retryGroup: z.optional(z.string()),
    /** 1 for the loop's first attempt. */
    retryAttempt: z.optional(z.int().check(z.positive())),
    outputCap: z.optional(outputCapSchema),
    /** The answer was cut by its output cap (`finishReason: 'length'`). */
    truncated: z.optional(z.literal(true)),
    budget: z.optional(callBudgetSchema),
    /** The OpenTelemetry trace and span active when the call started (`@costkit/otel`). */
    traceId: z.optional(z.string()),
    spanId: z.optional(z.string()),
  });

  const budgetWindowSchema = z.object({ start: z.iso.datetime(), end: z.iso.datetime() });

  /** A budget crossed a threshold, refused or degraded a call, or lost its store (contract section 6.1). */
  const budgetEventSchema = z.looseObject({
    schema: z.literal('costkit.budget/1'),
    ...envelope,
    kind: z.enum(['threshold', 'exceeded', 'refused', 'degraded', 'store-unavailable']),
    budget: z.string(),
    window: budgetWindowSchema,
    /** The warnAt fraction crossed (threshold events); null otherwise. */
    threshold: z.nullable(z.number()),
    spentUsd: z.number().check(z.nonnegative()),
    reservedUsd: z.number().check(z.nonnegative()),
    limitUsd: z.number().check(z.nonnegative()),
    /** The model the app asked for; null for events not about one call. */
    model: z.nullable(z.string()),
    /** The model sent instead (degraded events); null otherwise. */
    degradedTo: z.nullable(z.string()),
    provider: z.optional(z.nullable(providerSchema)),
    /** A human sentence: what happened and what to change. */
    detail: z.optional(z.string()),
    /** refused events: the call did not fit ('limit'), or the store did not answer and the budget is whenStoreDown: 'closed'. */
    reason: z.optional(z.enum(['limit', 'store-unavailable'])),
    /** refused events: what the call would have reserved (its worst-case cost), USD. */
    estimatedUsd: z.optional(z.number().check(z.nonnegative())),
    /** refused events of a run budget: the name given to withBudget. */
    runName: z.optional(z.string()),
    /** threshold events: the window's top tags by spend, highest first. */
    topTags: z.optional(z.array(z.object({ tag: z.string(), value: z.string(), spentUsd: z.number().check(z.nonnegative()) }))),
    /** threshold events: when the limit is reached at the window's burn rate so far; null when not within the window. */
    projectedExhaustionAt: z.optional(z.nullable(z.iso.datetime())),
  });

  /** A guard clamped, defaulted or refused a call (contract section 6). */
  const guardEventSchema = z.looseObject({
    schema: z.literal('costkit.guard/1'),
    ...envelope,
    guard: z.enum(['maxTokens', 'maxRetries', 'scopeLimit']),
    action: z.enum(['clamped', 'refused', 'defaulted']),
    provider: z.optional(providerSchema),
    model: z.optional(z.string()),
    operation: z.optional(z.string()),
    detail: z.string(),
    /** maxTokens: the request field; maxRetries: where the value came from. */
    field: z.optional(z.string()),
    requested: z.optional(z.nullable(z.number())),
    applied: z.optional(z.number()),
    cap: z.optional(z.number()),
    /** scopeLimit: which limit, its value, what the scope had used, the scope's tags and where the limit was set. */
    limit: z.optional(z.enum(['maxCalls', 'maxCostUsd'])),
    value: z.optional(z.number()),
    spent: z.optional(z.number()),
    scopeTags: z.optional(tagsSchema),
    source: z.optional(z.enum(['withTags', 'init'])),
  });

  const costkitEventSchema = z.discriminatedUnion('schema', [
    callEventSchema,
    budgetEventSchema,
    guardEventSchema,
  ]);

  return { usage: usageSchema, callEvent: callEventSchema, budgetEvent: budgetEventSchema, guardEvent: guardEventSchema, costkitEvent: costkitEventSchema, callError: callErrorSchema };
}

type EventSchemas = ReturnType<typeof buildEventSchemas>;
const schemas = lazySchemas(buildEventSchemas, ['usage', 'callEvent', 'budgetEvent', 'guardEvent', 'costkitEvent']);

export const usageSchema = schemas.usage;
export const callEventSchema = schemas.callEvent;
export const budgetEventSchema = schemas.budgetEvent;
export const guardEventSchema = schemas.guardEvent;
/** Validates any line of a costkit event file. */
export const costkitEventSchema = schemas.costkitEvent;

export type Usage = z.infer<EventSchemas['usage']>;
export type CallError = z.infer<EventSchemas['callError']>;
export type CallEvent = z.infer<EventSchemas['callEvent']>;
export type BudgetEvent = z.infer<EventSchemas['budgetEvent']>;
export type GuardEvent = z.infer<EventSchemas['guardEvent']>;
export type CostkitEvent = z.infer<EventSchemas['costkitEvent']>;
