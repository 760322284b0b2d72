import type { CallContext, CallDecision } from '../call-hooks.js';
import type { Scope } from '../context.js';
import type { CallRecord } from '../recorder.js';
import type { RequestEdits } from '../providers/adapter.js';
import type { CallAnnotations } from '../recorder.js';
import type { Estimate, Estimator } from './estimate.js';
import type { BudgetEvents } from './events.js';
import type { Budget } from './policy.js';
import type { BudgetSet } from './budget-set.js';
import type { RunBudget } from './run-budget.js';
import { reserveAll } from './memory-store.js';
import { degradedEvent, exceededEvent } from './budget-events.js';
import { refusal, refusedEvent, type Failure } from './refusal.js';
import { Reservation, type ReservationOwner } from './reservation.js';
import { nanosToUsd, reserveLine, type BudgetStore, type LineState, type ReserveLine, type ReserveOutcome, type StoreLine } from './store.js';

/** What an admission needs from the budget system that runs it. */
export interface AdmissionSystem extends ReservationOwner {
  readonly store: BudgetStore;
  readonly estimator: Estimator;
  readonly events: BudgetEvents;
  now(): number;
  newId(): string;
  noteStoreUp(): void;
  noteStoreDown(error: unknown): void;
  noteUnpriced(model: string, provider: string): void;
  track(reservation: Reservation): void;
}

const NO_BUDGETS: readonly Budget[] = [];
const NO_LINES: readonly StoreLine[] = [];
const NO_RUN_BUDGETS: readonly RunBudget[] = [];
const RUN_ONLY: readonly string[] = Object.freeze(['run']);

/** A clamp below this many output tokens is no answer at all: refuse or degrade instead. */
const MIN_CLAMPED_OUTPUT = 64;

/**
 * One call's way through its budgets: reserve its estimate against every
 * matching budget at once; when an enforced one cannot pay, clamp the output
 * cap (where every such budget allows it), else degrade (where every such
 * budget is 'degrade' with a mapping), else refuse. Each step is one more
 * all-or-nothing reservation. Written as continuations so an in-memory store
 * keeps the whole path synchronous, and a shared store costs one round trip
 * when the call fits.
 */
export class Admission {
  private model: string;
  private outputCap: number | undefined = undefined;
  private estimate: Estimate;
  private degradedFrom: string | undefined = undefined;
  private clamped = false;
  /** Per named budget: held without checking its limit (a 'degrade' budget past its limit, once degraded). Made on the first degrade. */
  private unchecked: boolean[] | undefined = undefined;
  private readonly budgets: readonly Budget[];
  private readonly storeLines: readonly StoreLine[];
  private readonly id: string;

  constructor(
    private readonly system: AdmissionSystem,
    private readonly call: CallContext,
    private readonly record: CallRecord,
    private readonly set: BudgetSet | undefined,
    private readonly runs: ReadonlyArray<{ run: RunBudget; scope: Scope }>,
  ) {
    this.model = call.spec.model;
    this.estimate = system.estimator.estimate(call, this.model, undefined);
    this.budgets = set ? set.budgets : NO_BUDGETS;
    this.storeLines = set ? set.linesAt(system.now()) : NO_LINES;
    this.id = system.newId();
    if (!this.estimate.priced) system.noteUnpriced(this.model, call.spec.provider);
  }

  run(): CallDecision | Promise<CallDecision> {
    const amount = this.estimate.nanos;
    const { runs } = this;
    if (runs.length > 0) {
      const lines = runs.map(({ run }) => reserveLine(run.line, amount, true));
      const outcome = reserveAll(this.id, lines, runs.map(({ run }) => run.ledger), Date.now(), Number.POSITIVE_INFINITY);
      if (!outcome.ok) return this.fallback(this.runFailures(outcome));
    }
    if (this.budgets.length === 0) return this.admitted(true);
    let outcome: ReserveOutcome | Promise<ReserveOutcome>;
    try {
      outcome = this.system.store.reserve(this.id, this.reserveLines(amount));
    } catch (error) {
      return this.storeDown(error);
    }
    if (outcome instanceof Promise) return outcome.then((o) => this.answered(o), (error: unknown) => this.storeDown(error));
    return this.answered(outcome);
  }

  private reserveLines(amount: number): ReserveLine[] {
    const lines = new Array<ReserveLine>(this.storeLines.length);
    for (let i = 0; i < lines.length; i++) lines[i] = reserveLine(this.storeLines[i]!, amount, this.enforced(i));
    return lines;
  }

  /** Whether budget `i` refuses past its limit for this call ('warn' budgets and degraded calls are held unchecked). */
  private enforced(i: number): boolean {
    return this.budgets[i]!.onExceed !== 'warn' && this.unchecked?.[i] !== true;
  }

  private answered(outcome: ReserveOutcome): CallDecision | Promise<CallDecision> {
    this.system.noteStoreUp();
    this.reportExceeded(outcome);
    if (outcome.ok) return this.admitted(true);
    this.releaseRuns();
    const failures: Failure[] = [];
    outcome.lines.forEach((state, i) => {
      if (this.enforced(i) && state.over) failures.push({ budget: this.budgets[i]!, state, line: this.storeLines[i]! });
    });
    return this.fallback(failures);
  }

  private runFailures(outcome: ReserveOutcome): Failure[] {
    const failures: Failure[] = [];
    outcome.lines.forEach((state, i) => {
      if (state.over) failures.push({ run: this.runs[i]!.run, scope: this.runs[i]!.scope, state, line: this.runs[i]!.run.line });
    });
    return failures;
  }

  /** The call does not fit: clamp, degrade or refuse. */
  private fallback(failures: Failure[]): CallDecision | Promise<CallDecision> {
    const { call, system } = this;
    if (!this.clamped && !this.degradedFrom && failures.every(allowsClamp) && call.adapter.outputCap(call.spec.operation, call.target)) {
      this.clamped = true;
      const remaining = Math.min(...failures.map(remainingOf));
      const affordable = system.estimator.affordableOutput(call, this.estimate, remaining);
      if (affordable >= MIN_CLAMPED_OUTPUT && affordable < this.estimate.outputTokens) {
        this.outputCap = affordable;
        this.estimate = system.estimator.estimate(call, this.model, affordable, this.estimate.prompt);
        return this.run();
      }
    }
    const first = failures[0]!;
    const target = !this.degradedFrom && first.budget && failures.every(isDegrading) ? first.budget.degradeTo!(this.model) : undefined;
    if (target !== undefined && target !== this.model) {
      this.degradedFrom = this.model;
      this.model = target;
      // A degraded call is the budget's chosen way past its limit: held there, not checked against it.
      const unchecked = (this.unchecked ??= this.budgets.map(() => false));
      for (const failure of failures) unchecked[this.budgets.indexOf(failure.budget!)] = true;
      this.outputCap = undefined;
      this.estimate = system.estimator.estimate(call, target, undefined, this.estimate.prompt);
      return this.run();
    }
    const error = refusal(first, call, this.requestedModel(), nanosToUsd(this.estimate.nanos), 'limit', system.now());
    system.events.emit(refusedEvent(first, call, this.requestedModel(), error));
    throw error;
  }

  private storeDown(error: unknown): CallDecision {
    const { system } = this;
    system.noteStoreDown(error);
    const closed = this.budgets.find((b) => b.whenStoreDown === 'closed');
    if (!closed) return this.admitted(false);
    this.releaseRuns();
    const failure: Failure = { budget: closed, state: { spentNanos: 0, reservedNanos: 0 }, line: this.storeLines[this.budgets.indexOf(closed)]! };
    const refused = refusal(failure, this.call, this.requestedModel(), nanosToUsd(this.estimate.nanos), 'store-unavailable', system.now());
    system.events.emit(refusedEvent(failure, this.call, this.requestedModel(), refused));
    throw refused;
  }

  private admitted(confirmed: boolean): CallDecision {
    const { call, record, estimate } = this;
    const runs = this.runs.length === 0 ? NO_RUN_BUDGETS : this.runs.map((r) => r.run);
    const reservation = new Reservation(this.system, this.id, this.budgets, this.storeLines, runs, estimate, confirmed);
    record.reservation = reservation;
    if (this.budgets.length > 0) this.system.track(reservation);
    const { set } = this;
    const matched = set ? (this.runs.length > 0 ? set.namesWithRun : set.names) : RUN_ONLY;
    // The set's frozen array, shared by its calls' events (the event type says string[]; nothing of costkit's writes to it).
    const budget: NonNullable<CallAnnotations['budget']> = { matched: matched as string[], reservedUsd: nanosToUsd(estimate.nanos) };
    // Most calls fit as asked: no edits object for them.
    let edits: RequestEdits | undefined;
    if (this.outputCap !== undefined) {
      (edits ??= {}).outputCap = this.outputCap;
      budget.clampedOutputTo = this.outputCap;
    }
    if (!confirmed) budget.storeUnavailable = true;
    const annotations: CallAnnotations = { budget };
    if (this.degradedFrom !== undefined) {
      (edits ??= {}).model = this.model;
      annotations.degradedFrom = this.degradedFrom;
      this.reportDegraded();
    }
    return edits ? { edits, annotations } : { annotations };
  }

  private reportDegraded(): void {
    const budget = this.budgets[this.unchecked!.indexOf(true)]!;
    this.system.events.emit(degradedEvent(budget, this.degradedFrom!, this.model, this.call, this.system.now()));
  }

  /** The first call in a window to find a budget past its limit says so, once across every process. */
  private reportExceeded(outcome: ReserveOutcome): void {
    for (let i = 0; i < outcome.lines.length; i++) {
      const state = outcome.lines[i]!;
      const budget = this.budgets[i]!;
      budget.last = state;
      if (state.firstOver) this.system.events.emit(exceededEvent(budget, state, this.requestedModel(), this.call, this.system.now()));
    }
  }

  private releaseRuns(): void {
    for (const { run } of this.runs) run.ledger.settle(this.id, 0, 'spent', undefined);
  }

  private requestedModel(): string {
    return this.degradedFrom ?? this.call.spec.model;
  }
}

function allowsClamp(failure: Failure): boolean {
  return failure.budget ? failure.budget.clampToRemaining : failure.run!.clampToRemaining;
}

function isDegrading(failure: Failure): boolean {
  return failure.budget !== undefined && failure.budget.onExceed === 'degrade' && failure.budget.degradeTo !== undefined;
}

function remainingOf(failure: Failure): number {
  const state: LineState = failure.state;
  return Math.max(0, failure.line.limitNanos - state.spentNanos - state.reservedNanos);
}
