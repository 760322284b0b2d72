/**
 * `@costkit/redis`: a costkit budget store shared by many processes.
 *
 * ```ts
 * import costkit from 'costkit';
 * import { redisBudgetStore } from '@costkit/redis';
 *
 * await costkit.init({ budgets: [...], budgetStore: redisBudgetStore({ url: 'redis://127.0.0.1:6379' }) });
 * ```
 */
import { chunkedBudgetStore, type BudgetStore } from 'costkit/budget';
import { RedisBudgetStore, type RedisBudgetStoreOptions } from './store.js';

export interface RedisBudgetStoreFactoryOptions extends RedisBudgetStoreOptions {
  /**
   * Chunk leasing (off by default): take this much of each budget at a time and
   * admit calls against it with no round trip. Worst-case overshoot: processes
   * × chunkUsd per budget (a process that dies loses its chunks' unreported
   * spend); spend reaches Redis when a chunk is given back. See docs/budgets.md.
   */
  chunkUsd?: number;
  /** With chunkUsd: a chunk unused this long is given back (default 1000 ms). */
  chunkIdleMs?: number;
}

export function redisBudgetStore(options: RedisBudgetStoreFactoryOptions): BudgetStore {
  const { chunkUsd, chunkIdleMs, ...storeOptions } = options;
  const store = new RedisBudgetStore(storeOptions);
  return chunkUsd === undefined ? store : chunkedBudgetStore(store, { chunkUsd, idleMs: chunkIdleMs });
}

export { RedisBudgetStore, type RedisBudgetStoreOptions } from './store.js';
export { readFleetBudgets, type FleetBudgetsOptions } from './fleet.js';
export type { BudgetState, BudgetOptions } from 'costkit/budget';
