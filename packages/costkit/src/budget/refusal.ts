import type { CallContext } from '../call-hooks.js';
import type { Scope } from '../context.js';
import { BudgetExceededError } from '../errors.js';
import type { BudgetEventFields } from './events.js';
import type { Budget } from './policy.js';
import type { RunBudget } from './run-budget.js';
import { nanosToUsd, type LineState, type StoreLine } from './store.js';
import { windowRange } from './window.js';

/** A budget a call did not fit: a named one (`budget`) or a run (`run`, with its scope). */
export interface Failure {
  budget?: Budget;
  run?: RunBudget;
  scope?: Scope;
  state: LineState;
  line: StoreLine;
}

export function refusal(failure: Failure, call: CallContext, model: string, estimatedUsd: number, reason: 'limit' | 'store-unavailable', nowMs: number): BudgetExceededError {
  const { state } = failure;
  const common = {
    spentUsd: nanosToUsd(state.spentNanos),
    reservedUsd: nanosToUsd(state.reservedNanos),
    estimatedUsd,
    reason,
    provider: call.spec.provider,
    model,
  };
  if (failure.run) {
    const run = failure.run;
    return new BudgetExceededError({
      ...common,
      budget: 'run',
      window: { start: new Date(run.startedAtMs).toISOString(), end: new Date(Math.max(nowMs, run.startedAtMs)).toISOString() },
      limitUsd: run.limitUsd,
      scopeTags: failure.scope?.tags ?? {},
      runName: run.name,
    });
  }
  const budget = failure.budget!;
  return new BudgetExceededError({ ...common, budget: budget.name, window: windowRange(budget.slotAt(nowMs)), limitUsd: budget.limitUsd });
}

/** The `refused` event of a refusal: one per refused call. */
export function refusedEvent(failure: Failure, call: CallContext, model: string, error: BudgetExceededError): BudgetEventFields {
  return {
    kind: 'refused',
    budget: error.budget,
    window: error.window,
    threshold: null,
    spentUsd: error.spentUsd,
    reservedUsd: error.reservedUsd,
    limitUsd: error.limitUsd,
    model,
    degradedTo: null,
    provider: call.spec.provider,
    tags: call.tags,
    reason: error.reason,
    estimatedUsd: error.estimatedUsd,
    ...(failure.run?.name ? { runName: failure.run.name } : {}),
    detail: error.message,
  };
}
