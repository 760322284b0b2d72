import { withRunScope } from '../context.js';
import { ensureRunBudgets } from './install.js';
import { Ledger } from './ledger.js';
import { usdToNanos, type StoreLine } from './store.js';

export interface RunBudgetOptions {
  /** What every call inside may spend together, USD. */
  limitUsd: number;
  /** Names the run in the error and events (e.g. the agent's task id). */
  name?: string;
  /** Lower a call's output cap to what the run can still pay for before refusing it. */
  clampToRemaining?: boolean;
}

const RUN_BUCKETS: readonly string[] = Object.freeze(['spent']);

/**
 * One agent run's budget, shared by every call inside `withBudget`, nested
 * sub-agents included (a nested run reserves against its own limit and every
 * enclosing one, so it can only use what the outer run has left). It lives in
 * this process, with the scope: a run does not span processes.
 */
export class RunBudget {
  readonly ledger = new Ledger(Number.POSITIVE_INFINITY);
  readonly limitNanos: number;
  readonly line: StoreLine;
  readonly startedAtMs = Date.now();
  readonly clampToRemaining: boolean;

  constructor(
    readonly limitUsd: number,
    readonly name: string | undefined,
    clampToRemaining: boolean | undefined,
  ) {
    this.limitNanos = usdToNanos(limitUsd);
    this.clampToRemaining = clampToRemaining ?? false;
    this.line = { key: 'run', buckets: RUN_BUCKETS, limitNanos: this.limitNanos, expireAtMs: Number.POSITIVE_INFINITY, rearmMs: 0 };
  }
}

/**
 * Runs `fn` with a budget shared by every provider call it makes (across
 * awaits, nested scopes and sub-agents) and returns what `fn` returns. A call
 * the run cannot afford is refused before it is sent with BudgetExceededError
 * (`budget: 'run'`). The scope keeps the current tags.
 */
export function withBudget<T>(options: RunBudgetOptions, fn: () => T): T {
  if (options === null || typeof options !== 'object') throw new TypeError('withBudget: the first argument must be { limitUsd }, e.g. withBudget({ limitUsd: 2 }, fn)');
  const { limitUsd, name, clampToRemaining } = options;
  if (typeof limitUsd !== 'number' || !Number.isFinite(limitUsd) || limitUsd < 0) {
    throw new TypeError(`withBudget: limitUsd must be a finite number >= 0; got ${typeof limitUsd === 'number' ? limitUsd : typeof limitUsd}`);
  }
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 128)) throw new TypeError('withBudget: name must be a non-empty string of at most 128 characters');
  if (clampToRemaining !== undefined && typeof clampToRemaining !== 'boolean') throw new TypeError('withBudget: clampToRemaining must be a boolean');
  if (typeof fn !== 'function') throw new TypeError('withBudget: the second argument must be the function to run');
  ensureRunBudgets();
  return withRunScope(new RunBudget(limitUsd, name, clampToRemaining), fn);
}
