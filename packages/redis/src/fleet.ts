import { parseBudgets, budgetStates, type BudgetOptions, type BudgetState } from 'costkit/budget';
import { RedisBudgetStore, type RedisBudgetStoreOptions } from './store.js';

export interface FleetBudgetsOptions extends Omit<RedisBudgetStoreOptions, 'leaseMs' | 'maxHoldMs'> {
  /** The budgets configuration the fleet runs with (the `budgets` of its init()). */
  budgets: readonly BudgetOptions[];
  /** The time to read the windows at (default now), epoch ms. */
  now?: number;
}

/**
 * Every budget's state for a whole fleet, read from the Redis its processes
 * share: what `costkit budgets --redis <url>` prints. Same shape as
 * `costkit.budgets()` in one process. Opens and closes its own connection
 * (unless given `client`).
 */
export async function readFleetBudgets(options: FleetBudgetsOptions): Promise<BudgetState[]> {
  const budgets = parseBudgets(options.budgets);
  const { budgets: _configured, now, ...storeOptions } = options;
  // A CLI waits longer than a provider call would.
  const store = new RedisBudgetStore({ timeoutMs: 5_000, ...storeOptions });
  try {
    const nowMs = now ?? Date.now();
    const lines = budgets.map((b) => b.lineAt(nowMs));
    return budgetStates(budgets, await store.read(lines), nowMs);
  } finally {
    await store.close();
  }
}
