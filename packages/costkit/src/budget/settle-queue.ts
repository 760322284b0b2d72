import { warnOnce } from '../diagnostics.js';
import type { Budget } from './policy.js';
import type { SettleLine } from './store.js';

/** A settle the store did not take: retried until it does (spend is never dropped on an error). */
export interface PendingSettle {
  readonly id: string;
  readonly lines: readonly SettleLine[];
  readonly budgets: readonly Budget[];
}

const MAX_PENDING = 10_000;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;

/**
 * Settles that failed (the store was down or slow), retried in order with a
 * growing delay until the store takes them. The queue is bounded: past
 * MAX_PENDING a settle is dropped, counted and warned about, never silently.
 */
export class SettleQueue {
  private readonly queue: PendingSettle[] = [];
  private timer: NodeJS.Timeout | undefined;
  private delayMs = FIRST_DELAY_MS;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly send: (pending: PendingSettle) => Promise<void>,
    private readonly onDropped: (count: number) => void,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  add(pending: PendingSettle): void {
    if (this.queue.length >= MAX_PENDING) {
      this.drop(1);
      return;
    }
    this.queue.push(pending);
    this.schedule();
  }

  /** The store answers again: retry now rather than at the end of the current backoff. */
  kick(): void {
    if (this.queue.length === 0 || this.draining) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.delayMs = FIRST_DELAY_MS;
    void this.drain();
  }

  /** One more attempt now (shutdown); what the store still does not take is dropped and counted. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.drain();
    if (this.queue.length > 0) this.drop(this.queue.splice(0).length);
  }

  private schedule(): void {
    if (this.timer || this.draining) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delayMs);
    this.timer.unref();
  }

  private drain(): Promise<void> {
    this.draining ??= this.drainNow().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.draining;
  }

  private async drainNow(): Promise<void> {
    while (this.queue.length > 0) {
      try {
        await this.send(this.queue[0]!);
      } catch {
        this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
        return;
      }
      this.queue.shift();
      this.delayMs = FIRST_DELAY_MS;
    }
  }

  private drop(count: number): void {
    this.onDropped(count);
    warnOnce('budget-settles-dropped', `costkit: ${count} budget settle(s) could not reach the budget store and were dropped; those calls' spend is missing from their budgets. Counted in costkit.stats().budgetSettlesDropped.`);
  }
}
