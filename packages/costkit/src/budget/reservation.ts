import type { Scope } from '../context.js';
import type { Cost } from '../pricing/index.js';
import type { CallRecord } from '../recorder.js';
import type { Estimate } from './estimate.js';
import type { Budget } from './policy.js';
import type { RunBudget } from './run-budget.js';
import type { StoreLine } from './store.js';

/** Who settles a reservation: the budget system that made it, even after init() reconfigured. */
export interface ReservationOwner {
  finish(reservation: Reservation, record: CallRecord, cost: Cost | null): void;
}

/**
 * What one call holds against budgets, kept on `record.reservation` until the
 * call settles. Its id is the store's idempotency key.
 */
export class Reservation {
  /** Wall-clock time it was made (epoch ms): renewal stops after the store's maxHoldMs. */
  readonly madeAtMs = Date.now();

  constructor(
    readonly owner: ReservationOwner,
    readonly id: string,
    /** Named budgets held in the store, and their lines, in the same order. */
    readonly budgets: readonly Budget[],
    readonly lines: readonly StoreLine[],
    /** Run budgets held in this process (innermost first). */
    readonly runs: readonly RunBudget[],
    readonly estimate: Estimate,
    /** false: the store did not answer and the call went on (`whenStoreDown: 'open'`); it is charged when it settles. */
    readonly confirmed: boolean,
  ) {}
}

/** The run budgets a call is inside, innermost first, with the scope of each (for messages). */
export function runsOf(scope: Scope | undefined): Array<{ run: RunBudget; scope: Scope }> | undefined {
  let runs: Array<{ run: RunBudget; scope: Scope }> | undefined;
  for (let s = scope; s; s = s.parent) if (s.run) (runs ??= []).push({ run: s.run, scope: s });
  return runs;
}
