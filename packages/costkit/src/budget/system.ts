import { newId } from '../ids.js';
import type { AdmissionHook, AfterCallHook, CallContext } from '../call-hooks.js';
import type { Cost } from '../pricing/index.js';
import type { CallRecord } from '../recorder.js';
import type { Runtime } from '../runtime.js';
import { warnOnce } from '../diagnostics.js';
import { Admission, type AdmissionSystem } from './admission.js';
import { BudgetSets } from './budget-set.js';
import { Estimator } from './estimate.js';
import { BudgetEvents, type BudgetEventSink } from './events.js';
import { LeaseKeeper } from './leases.js';
import type { Budget } from './policy.js';
import { Reservation, runsOf } from './reservation.js';
import { SettleQueue, type PendingSettle } from './settle-queue.js';
import { budgetStates, type BudgetState } from './state.js';
import { picoToNanos, settleLine, type BudgetStore, type SettleLine, type SettleOutcome } from './store.js';
import { thresholdEvent, storeUnavailableEvent } from './budget-events.js';

const NO_RUNS: ReturnType<typeof runsOf> & object = [];

/**
 * The budgets of one running instance: the admission hook that reserves
 * before a call is sent, the after-call hook that settles it, the store, the
 * lease renewals and the settles waiting for the store. Calls that started
 * under it settle through it, even after init() reconfigured.
 */
export class BudgetSystem implements AdmissionSystem {
  readonly estimator: Estimator;
  readonly events: BudgetEvents;
  private readonly leases: LeaseKeeper | undefined;
  private readonly settles: SettleQueue;
  private readonly sets: BudgetSets;
  private down = false;
  private nextId = 0;
  private readonly idPrefix = newId();

  constructor(
    private readonly runtime: Runtime,
    readonly budgets: readonly Budget[],
    readonly store: BudgetStore,
    sinks: readonly BudgetEventSink[],
  ) {
    this.estimator = new Estimator(runtime.priceBook);
    this.sets = new BudgetSets(budgets);
    this.events = new BudgetEvents(runtime, sinks);
    this.leases = store.lease ? new LeaseKeeper(store, store.lease, (error) => this.noteStoreDown(error)) : undefined;
    store.watch?.((lines, outcome) => this.settledElsewhere(lines, outcome));
    this.settles = new SettleQueue(
      (pending) => this.sendSettle(pending),
      (count) => (runtime.budgetCounters.budgetSettlesDropped += count),
    );
  }

  readonly admit: AdmissionHook = (call: CallContext, record: CallRecord) => {
    const { spec } = call;
    // Token counting bills nothing.
    if (spec.operation.endsWith('countTokens')) return undefined;
    const set = this.sets.match(call.tags, spec.provider, spec.model, this.runtime.environment);
    const runs = call.scope ? runsOf(call.scope) : undefined;
    if (!set && !runs) return undefined;
    return new Admission(this, call, record, set, runs ?? NO_RUNS).run();
  };

  readonly afterCall: AfterCallHook = (record, _status, cost) => {
    const reservation = record.reservation;
    if (reservation instanceof Reservation) reservation.owner.finish(reservation, record, cost);
    else if (record.usage) this.estimator.observe(record, undefined);
  };

  now(): number {
    return this.store.now ? this.store.now() : Date.now();
  }

  /** Unique per call; the store's idempotency key. */
  newId(): string {
    return `${this.idPrefix}:${(this.nextId++).toString(36)}`;
  }

  track(reservation: Reservation): void {
    if (reservation.confirmed) this.leases?.add(reservation);
  }

  finish(reservation: Reservation, record: CallRecord, cost: Cost | null): void {
    const actual = cost ? picoToNanos(cost.totalPicoUsd) : 0;
    for (const run of reservation.runs) run.ledger.settle(reservation.id, actual, 'spent', undefined);
    this.estimator.observe(record, reservation.estimate);
    if (reservation.budgets.length === 0) return;
    this.leases?.delete(reservation);
    const lines = new Array<SettleLine>(reservation.lines.length);
    for (let i = 0; i < lines.length; i++) lines[i] = settleLine(reservation.lines[i]!, actual, reservation.budgets[i]!.warnAt, record.tags);
    this.settle({ id: reservation.id, lines, budgets: reservation.budgets });
  }

  private settle(pending: PendingSettle): void {
    let outcome: SettleOutcome | Promise<SettleOutcome>;
    try {
      outcome = this.store.settle(pending.id, pending.lines);
    } catch (error) {
      this.noteStoreDown(error);
      this.settles.add(pending);
      return;
    }
    if (!(outcome instanceof Promise)) return this.settled(pending, outcome);
    outcome.then(
      (o) => this.settled(pending, o),
      (error: unknown) => {
        this.noteStoreDown(error);
        this.settles.add(pending);
      },
    );
  }

  private async sendSettle(pending: PendingSettle): Promise<void> {
    const outcome = await this.store.settle(pending.id, pending.lines);
    this.settled(pending, outcome);
  }

  private settled(pending: PendingSettle, outcome: SettleOutcome): void {
    this.noteStoreUp();
    let nowMs: number | undefined;
    for (let i = 0; i < outcome.lines.length; i++) {
      const state = outcome.lines[i]!;
      const budget = pending.budgets[i]!;
      budget.last = state;
      for (let t = 0; t < state.fired.length; t++) this.events.emit(thresholdEvent(budget, state, state.fired[t]!, (nowMs ??= this.now())));
    }
  }

  /** A settle the store made itself (a chunk given back): its lines name their budgets by key. */
  private settledElsewhere(lines: readonly SettleLine[], outcome: SettleOutcome): void {
    const budgets = lines.map((line) => this.budgets.find((b) => line.key.startsWith(`${b.name}:`)));
    if (budgets.every((b): b is Budget => b !== undefined)) this.settled({ id: '', lines, budgets }, outcome);
  }

  noteStoreUp(): void {
    if (!this.down) return;
    this.down = false;
    this.settles.kick();
  }

  noteStoreDown(error: unknown): void {
    this.runtime.budgetCounters.budgetStoreErrors++;
    if (this.down) return;
    this.down = true;
    warnOnce(
      'budget-store-down',
      `costkit: the budget store (${this.store.kind}) could not be reached in time (${describeError(error)}); budgets with whenStoreDown: 'open' let calls through, ` +
        `'closed' ones refuse them, until it answers again. Failures are counted in costkit.stats().budgetStoreErrors.`,
    );
    const nowMs = this.now();
    for (const budget of this.budgets) this.events.emit(storeUnavailableEvent(budget, this.store.kind, nowMs));
  }

  noteUnpriced(model: string, provider: string): void {
    warnOnce(
      `budget-unpriced:${provider}/${model}`,
      `costkit: ${provider}/${model} has no price, so budgets cannot reserve or charge its calls (they go on uncounted). Add it with init({ pricing: { overrides: [{ provider: '${provider}', model: '${model}', input, output }] } }).`,
    );
  }

  async states(): Promise<BudgetState[]> {
    const nowMs = this.now();
    const lines = this.budgets.map((b) => b.lineAt(nowMs));
    return budgetStates(this.budgets, await this.store.read(lines), nowMs);
  }

  /** Stops renewals, gives waiting settles one more try, waits for alerts in flight; closes the store when asked. */
  async shutdown(closeStore: boolean, timeoutMs: number): Promise<void> {
    this.leases?.stop();
    await this.settles.flush();
    await this.events.flush(timeoutMs);
    if (closeStore) await this.store.close?.();
  }
}

/** An error for a message: its class and text, with any credentials in a URL masked. */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 300);
}
