import type { CallContext } from '../call-hooks.js';
import type { BudgetEventFields } from './events.js';
import type { Budget } from './policy.js';
import { nanosToUsd, type LineState, type SettledLine } from './store.js';
import { windowLengthMs, windowRange } from './window.js';

/** What every budget event says of its budget: the name, the window `nowMs` falls in, the spend and the limit. */
function budgetFields(budget: Budget, state: LineState, threshold: number | null, nowMs: number) {
  return {
    budget: budget.name,
    window: windowRange(budget.slotAt(nowMs)),
    threshold,
    spentUsd: nanosToUsd(state.spentNanos),
    reservedUsd: nanosToUsd(state.reservedNanos),
    limitUsd: budget.limitUsd,
  };
}

/** A warnAt threshold crossed: the budget, the window, the top tags by spend and when the budget runs out at this burn rate. */
export function thresholdEvent(budget: Budget, state: SettledLine, threshold: number, nowMs: number): BudgetEventFields {
  const projected = projectedExhaustion(budget, state.spentNanos, nowMs);
  const percent = Math.round(threshold * 100);
  return {
    kind: 'threshold',
    ...budgetFields(budget, state, threshold, nowMs),
    model: null,
    degradedTo: null,
    tags: budget.ownerTags,
    topTags: (state.topTags ?? []).map(([pair, nanos]) => {
      const at = pair.indexOf('=');
      return { tag: pair.slice(0, at), value: pair.slice(at + 1), spentUsd: nanosToUsd(nanos) };
    }),
    projectedExhaustionAt: projected,
    detail:
      `budget '${budget.name}' has spent ${percent}% of its $${budget.limitUsd} limit for this window` +
      (projected ? `; at the current burn rate it runs out at ${projected}` : '; at the current burn rate it lasts the window'),
  };
}

/**
 * When spend reaches the limit at the window's average burn rate so far; null
 * when that is after the window ends (calendar windows) or nothing was spent.
 */
function projectedExhaustion(budget: Budget, spentNanos: number, nowMs: number): string | null {
  const slot = budget.slotAt(nowMs);
  if (spentNanos <= 0) return null;
  if (spentNanos >= budget.limitNanos) return new Date(nowMs).toISOString();
  const elapsed = typeof budget.window === 'object' ? windowLengthMs(budget.window, slot) : Math.max(1, nowMs - slot.startMs);
  const at = nowMs + ((budget.limitNanos - spentNanos) * elapsed) / spentNanos;
  if (typeof budget.window !== 'object' && at >= slot.endMs) return null;
  return new Date(Math.round(at)).toISOString();
}

/** The store could not be reached: once per outage per process, per budget. */
export function storeUnavailableEvent(budget: Budget, storeKind: string, nowMs: number): BudgetEventFields {
  return {
    kind: 'store-unavailable',
    ...budgetFields(budget, budget.last, null, nowMs),
    model: null,
    degradedTo: null,
    tags: budget.ownerTags,
    detail:
      `the budget store (${storeKind}) could not be reached in time: budget '${budget.name}' ` +
      (budget.whenStoreDown === 'closed' ? "refuses calls until it answers (whenStoreDown: 'closed')" : "lets calls through until it answers (whenStoreDown: 'open'); they are charged once it does") +
      '; spentUsd and reservedUsd are the last values it reported',
  };
}

/** The first call in a window to find `budget` past its limit (once across every process sharing the store). */
export function exceededEvent(budget: Budget, state: LineState, model: string, call: CallContext, nowMs: number): BudgetEventFields {
  const then = { throw: 'calls that do not fit are refused', degrade: 'calls with a degradeTo mapping are sent degraded, others refused', warn: 'calls go on (onExceed: warn)' }[budget.onExceed];
  return {
    kind: 'exceeded',
    ...budgetFields(budget, state, null, nowMs),
    model,
    degradedTo: null,
    provider: call.spec.provider,
    tags: call.tags,
    detail: `budget '${budget.name}' reached its $${budget.limitUsd} limit for this window: ${then}`,
  };
}

/** A call sent as a cheaper model because `budget` is at its limit (degradeTo). */
export function degradedEvent(budget: Budget, from: string, to: string, call: CallContext, nowMs: number): BudgetEventFields {
  return {
    kind: 'degraded',
    ...budgetFields(budget, budget.last, null, nowMs),
    model: from,
    degradedTo: to,
    provider: call.spec.provider,
    tags: call.tags,
    detail: `budget '${budget.name}' is at its limit: ${from} was sent as ${to} (degradeTo)`,
  };
}
