import * as z from 'zod/mini';
import type { BudgetStore } from './store.js';
import { lazySchema } from '../lazy-schema.js';

/**
 * `init({ budgets, budgetStore, alerts })` (contract section 6.1), checked
 * once at init. Names end up in store keys and alert messages, so they are
 * kept to a safe alphabet; `run` is the name run budgets report under.
 */

const BUDGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

// Built on first use (src/lazy-schema.ts): only apps with budgets need them.
function buildBudgetSchemas() {
  const windowSchema = z.union([
      z.enum(['day', 'month']),
      z.strictObject({ hours: z.int().check(z.positive(), z.lte(24 * 366)) }),
    ], { error: "expected 'day', 'month' (UTC calendar periods) or { hours: N } (rolling; N a whole number of hours, 1 to 8784)" });

  const thresholdSchema = z.number().check(z.gt(0, 'a warnAt threshold is a fraction of limitUsd above 0 (0.8 = 80%)'), z.lte(10, 'a warnAt threshold is a fraction of limitUsd (0.8 = 80%), at most 10'));

  const budgetOptionSchema = z.strictObject({
      name: z.string().check(z.regex(BUDGET_NAME, "use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit")),
      /** Tag names, plus `provider`, `model` and `environment`; values may use `*` as a wildcard. Empty: every call. */
      match: z.optional(z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1)))),
      window: windowSchema,
      limitUsd: z.number().check(z.positive('limitUsd must be above 0')),
      warnAt: z.optional(z.array(thresholdSchema)),
      onExceed: z.optional(z.enum(['throw', 'degrade', 'warn'])),
      /** Model the app asked for (or a `*` glob) -> the cheaper model to send instead. */
      degradeTo: z.optional(z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1)))),
      /** Lower the request's output cap to what the budget can still pay for before degrading or refusing. */
      clampToRemaining: z.optional(z.boolean()),
      whenStoreDown: z.optional(z.enum(['open', 'closed'])),
    }).check(z.superRefine((budget, ctx) => {
      if (budget.name === 'run') ctx.addIssue({ code: 'custom', path: ['name'], message: "'run' is the name run budgets (withBudget) report under; choose another" });
      if (budget.onExceed === 'degrade' && Object.keys(budget.degradeTo ?? {}).length === 0) {
        ctx.addIssue({ code: 'custom', path: ['degradeTo'], message: "onExceed: 'degrade' needs degradeTo, e.g. { 'gpt-4o': 'gpt-4o-mini' }" });
      }
    }));

  const budgetsOptionSchema = z.array(budgetOptionSchema).check(z.superRefine((budgets, ctx) => {
    const seen = new Set<string>();
    budgets.forEach((budget, index) => {
      if (seen.has(budget.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `budget name '${budget.name}' is used twice; names identify a budget's spend in the store` });
      seen.add(budget.name);
    });
  }));

  return budgetsOptionSchema;
}

export const budgetsOptionSchema = lazySchema(buildBudgetSchemas);

export const budgetStoreOptionSchema = z.custom<BudgetStore>((value) => typeof value === 'object' && value !== null && typeof (value as BudgetStore).reserve === 'function' && typeof (value as BudgetStore).settle === 'function', { message: "expected a budget store, e.g. redisBudgetStore({ url }) from '@costkit/redis' (default: in memory, one process)" });

const BUDGET_EVENT_KINDS = ['threshold', 'exceeded', 'refused', 'degraded', 'store-unavailable'] as const;

function buildAlertSchemas() {
  const webhookAlertSchema = z.strictObject({
    type: z.literal('webhook'),
    // The URL is a secret (a Slack webhook's path is its credential): messages never echo it.
    url: z.string({ message: 'expected the webhook URL as a string (is the environment variable that holds it set?)' }).check(z.refine(isHttpUrl, {
      message: 'expected an http(s) URL',
    })),
    /** The budget event kinds posted; default: threshold, exceeded and store-unavailable (one per budget per window, not one per call). */
    kinds: z.optional(z.array(z.enum(BUDGET_EVENT_KINDS)).check(z.minLength(1))),
    headers: z.optional(z.record(z.string(), z.string())),
    /** Per attempt; default 5000. */
    timeoutMs: z.optional(z.int().check(z.positive())),
    /** Attempts after the first; default 3. */
    retries: z.optional(z.int().check(z.gte(0), z.lte(10))),
  });

  return z.array(z.discriminatedUnion('type', [webhookAlertSchema]));
}

export const alertsOptionSchema = lazySchema(buildAlertSchemas);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export type BudgetOptions = z.input<typeof budgetsOptionSchema>[number];
export type ParsedBudgetOptions = z.output<typeof budgetsOptionSchema>[number];
export type AlertOptions = z.input<typeof alertsOptionSchema>[number];
export type ParsedAlertOptions = z.output<typeof alertsOptionSchema>[number];
export type BudgetEventKind = (typeof BUDGET_EVENT_KINDS)[number];
