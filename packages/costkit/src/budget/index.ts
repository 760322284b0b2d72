/**
 * `costkit/budget`: what a budget store is made of, for store packages
 * (`@costkit/redis`) and tools that read a fleet's budgets (`costkit budgets
 * --redis`). Applications use `init({ budgets, budgetStore })`, `withBudget`,
 * `onBudgetEvent` and `budgets()` from `costkit` itself.
 */
import { CostkitConfigError } from '../errors.js';
import { budgetsOptionSchema, type BudgetOptions } from './options-schema.js';
import { compileBudgets, type Budget } from './policy.js';

export { Budget, compileBudgets } from './policy.js';
export { budgetStates, type BudgetState } from './state.js';
export { windowAt, windowRange, ROLLING_BUCKETS, type WindowSlot, type WindowSpec } from './window.js';
export { memoryBudgetStore, MemoryBudgetStore, type MemoryBudgetStoreOptions } from './memory-store.js';
export { chunkedBudgetStore, type ChunkOptions } from './chunked-store.js';
export {
  BudgetStoreUnavailableError,
  NANOS_PER_USD,
  nanosToUsd,
  usdToNanos,
  picoToNanos,
  type BudgetStore,
  type StoreLine,
  type ReserveLine,
  type ReserveOutcome,
  type ReservedLine,
  type SettleLine,
  type SettleOutcome,
  type SettledLine,
  type LineState,
  type LeasePolicy,
} from './store.js';
export type { BudgetOptions } from './options-schema.js';

/** Checks a budgets configuration as init() does (a CostkitConfigError names the bad field) and compiles it. */
export function parseBudgets(budgets: readonly BudgetOptions[]): Budget[] {
  const result = budgetsOptionSchema.safeParse(budgets);
  if (!result.success) {
    throw new CostkitConfigError(result.error.issues.map((issue) => ({ path: ['budgets', ...issue.path].map(String).join('.'), message: issue.message })));
  }
  return compileBudgets(result.data);
}
