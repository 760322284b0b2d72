import type { Budget } from './policy.js';
import { nanosToUsd, type LineState } from './store.js';
import { windowRange } from './window.js';

/** One budget now (contract section 6.1: `costkit.budgets()`). */
export interface BudgetState {
  name: string;
  window: { start: string; end: string };
  spentUsd: number;
  /** Held for calls in flight. */
  reservedUsd: number;
  limitUsd: number;
  /** What a new call can still reserve: limit - spent - reserved, never below 0. */
  remainingUsd: number;
}

export function budgetStates(budgets: readonly Budget[], states: readonly LineState[], nowMs: number): BudgetState[] {
  return budgets.map((budget, i) => {
    const state = states[i] ?? { spentNanos: 0, reservedNanos: 0 };
    return {
      name: budget.name,
      window: windowRange(budget.slotAt(nowMs)),
      spentUsd: nanosToUsd(state.spentNanos),
      reservedUsd: nanosToUsd(state.reservedNanos),
      limitUsd: budget.limitUsd,
      remainingUsd: nanosToUsd(Math.max(0, budget.limitNanos - state.spentNanos - state.reservedNanos)),
    };
  });
}
