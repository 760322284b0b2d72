import type { Reservation } from './reservation.js';
import type { BudgetStore, LeasePolicy, StoreLine } from './store.js';

/**
 * Keeps the leases of calls in flight alive: every third of a lease, one
 * renewal for all of them. A process that dies stops renewing and its holds
 * expire by themselves; a call older than maxHoldMs stops being renewed, so a
 * hung call cannot pin a budget either. The timer runs only while calls are
 * in flight and never keeps the process alive.
 */
export class LeaseKeeper {
  private readonly inflight = new Set<Reservation>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: BudgetStore,
    private readonly lease: LeasePolicy,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(reservation: Reservation): void {
    this.inflight.add(reservation);
    if (this.timer) return;
    this.timer = setInterval(() => this.renew(), Math.max(10, Math.floor(this.lease.ms / 3)));
    this.timer.unref();
  }

  delete(reservation: Reservation): void {
    this.inflight.delete(reservation);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.inflight.clear();
  }

  private renew(): void {
    if (this.inflight.size === 0) {
      this.stop();
      return;
    }
    const now = Date.now();
    const byKey = new Map<string, { line: StoreLine; ids: string[] }>();
    for (const reservation of this.inflight) {
      if (now - reservation.madeAtMs > this.lease.maxHoldMs) {
        this.inflight.delete(reservation);
        continue;
      }
      for (const line of reservation.lines) {
        let group = byKey.get(line.key);
        if (!group) byKey.set(line.key, (group = { line, ids: [] }));
        group.ids.push(reservation.id);
      }
    }
    if (byKey.size === 0 || !this.store.renew) return;
    try {
      const done = this.store.renew([...byKey.values()]);
      if (done instanceof Promise) done.catch(this.onError);
    } catch (error) {
      this.onError(error);
    }
  }
}
