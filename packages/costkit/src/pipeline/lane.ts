import type { CostkitEvent } from '../event.js';
import type { ExportContext, Exporter } from '../exporters/types.js';
import { Deque } from './deque.js';
import type { LossReport } from './loss-report.js';
import { outcomeOfError, outcomeOfResult, type Outcome } from './outcome.js';
import { deadlineTimer } from './deadline.js';
import type { ExportCounters } from './stats.js';

/** What a lane needs from the pipeline that owns it. */
export interface LaneHost {
  readonly maxBatchSize: number;
  readonly exportTimeoutMs: number;
  readonly loss: LossReport;
  /** Runs `fn` outside the caller's async context (its tags scope, its trace span). */
  detached<T>(fn: () => T): T;
  /** Something is left in a queue: make sure a partial batch goes out later. */
  armTimer(): void;
  /** Whether the pipeline is closing: partial batches go out at once. */
  isClosing(): boolean;
}

interface Batch {
  events: CostkitEvent[];
  /** Sequence number (per lane) of its first event. */
  firstSeq: number;
  /** Counted already (settled by its export, or taken over at a deadline or exit). */
  settled: boolean;
  controller: AbortController;
  cancelTimeout: () => void;
}

/** Why a lane stops waiting for its exporter. */
export type Abandon = { kind: 'flush' | 'shutdown' | 'exit'; reason: string };

/**
 * One exporter's bounded queue and the exports in flight from it: a slow or
 * failing exporter holds back only its own lane. Every event that enters leaves
 * through exactly one counter (exported, dropped, failed, dead-lettered).
 */
export class Lane {
  readonly queue = new Deque<CostkitEvent>();
  /** Events ever pushed; the next event's sequence number. */
  pushed = 0;
  readonly inFlight = new Set<Batch>();
  private waiters: { seq: number; resolve: () => void }[] = [];
  readonly counters: ExportCounters = { exported: 0, dropped: 0, failed: 0, deadLettered: 0, exportFailures: 0, timeouts: 0 };

  constructor(
    readonly exporter: Exporter,
    readonly name: string,
    readonly concurrency: number,
    private readonly host: LaneHost,
  ) {}

  /** Whether a full batch is waiting and an export slot is free. */
  get batchReady(): boolean {
    return this.queue.length >= this.host.maxBatchSize && this.inFlight.size < this.concurrency;
  }

  /** Starts exports: full batches always, a partial one when `partial` (timer), a flush waits or the pipeline closes. */
  drain(partial: boolean): void {
    const { maxBatchSize } = this.host;
    partial ||= this.waiters.length > 0 || this.host.isClosing();
    while (this.inFlight.size < this.concurrency && this.queue.length > 0) {
      if (!partial && this.queue.length < maxBatchSize) break;
      const firstSeq = this.pushed - this.queue.length;
      const events = this.queue.take(maxBatchSize);
      const controller = new AbortController();
      const batch: Batch = { events, firstSeq, settled: false, controller, cancelTimeout: noop };
      this.inFlight.add(batch);
      // Each export is bounded, as OpenTelemetry's exportTimeoutMillis bounds its
      // exports: a hung exporter holds its lane for this long at most.
      const timeoutMs = this.host.exportTimeoutMs;
      this.host.detached(() => {
        batch.cancelTimeout = deadlineTimer(timeoutMs, false, () => this.timedOut(batch, timeoutMs));
        this.start(batch, { signal: controller.signal, deadline: Date.now() + timeoutMs });
      });
    }
  }

  private start(batch: Batch, context: ExportContext): void {
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(this.exporter.export(batch.events, context));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => this.finish(batch, outcomeOfResult(value, batch.events.length)),
      (error: unknown) => this.finish(batch, outcomeOfError(error, batch.events.length)),
    );
  }

  private finish(batch: Batch, outcome: Outcome): void {
    if (!this.take(batch)) return;
    this.count(outcome);
    this.afterSettle();
  }

  /** Marks a batch accounted for; false when it already was (a late result after a deadline). */
  private take(batch: Batch): boolean {
    if (batch.settled) return false;
    batch.settled = true;
    batch.cancelTimeout();
    this.inFlight.delete(batch);
    return true;
  }

  private timedOut(batch: Batch, timeoutMs: number): void {
    if (!this.take(batch)) return;
    batch.controller.abort();
    this.counters.timeouts++;
    this.fallBack(batch.events, `no result within queue.exportTimeoutMs (${timeoutMs} ms)`, true);
    this.afterSettle();
  }

  private afterSettle(): void {
    this.resolveWaiters();
    this.drain(false);
    if (this.queue.length > 0) this.host.armTimer();
  }

  /** Counts where a batch's events went, and says so when some did not arrive. */
  count(outcome: Outcome): void {
    const c = this.counters;
    c.exported += outcome.delivered;
    if (outcome.deadLettered === 0 && outcome.failed === 0) return;
    c.exportFailures++;
    if (outcome.deadLettered > 0) {
      c.deadLettered += outcome.deadLettered;
      const detail = [outcome.deadLetterPath, outcome.reason].filter(Boolean).join('; ');
      this.host.loss.note('deadLettered', this.name, outcome.deadLettered, detail || undefined);
    }
    if (outcome.failed > 0) {
      c.failed += outcome.failed;
      this.host.loss.note('failed', this.name, outcome.failed, outcome.reason);
    }
  }

  /** Writes `events` through the exporter's synchronous path and counts the outcome. */
  writeSync(events: CostkitEvent[]): void {
    if (events.length === 0) return;
    let outcome: Outcome;
    try {
      outcome = outcomeOfResult(this.exporter.exportSync!(events), events.length);
    } catch (error) {
      outcome = outcomeOfError(error, events.length);
    }
    this.count(outcome);
  }

  /**
   * Events the pipeline stops waiting for: written synchronously where the
   * exporter can (its file, stdout, the http dead-letter file), else counted as
   * failed when `final`, else left where they are (a flush's deadline: they may
   * still be delivered).
   */
  private fallBack(events: CostkitEvent[], reason: string, final: boolean): boolean {
    if (this.exporter.exportSync) {
      this.writeSync(events);
      return true;
    }
    if (!final) return false;
    this.count({ delivered: 0, deadLettered: 0, failed: events.length, reason });
    return true;
  }

  /** The full-queue policy: drop the oldest (counted), or write the oldest batch now ('block'). */
  makeRoom(block: boolean): void {
    if (block && this.exporter.exportSync) {
      this.writeSync(this.queue.take(this.host.maxBatchSize));
      this.resolveWaiters();
      return;
    }
    this.queue.shift();
    this.counters.dropped++;
    this.host.loss.note('dropped', this.name, 1, block ? 'no synchronous sink to block on' : undefined);
  }

  /**
   * At a deadline or at exit: every event pushed before `seq` that is still queued
   * or in flight is taken over (see fallBack). In-flight exports are aborted first
   * (their late results are ignored), except at a flush's deadline for an exporter
   * with nowhere synchronous to put them: those go on.
   */
  abandon(seq: number, why: Abandon): void {
    const final = why.kind !== 'flush';
    const canTakeOver = final || this.exporter.exportSync !== undefined;
    if (!canTakeOver) return;
    const events: CostkitEvent[] = [];
    for (const batch of [...this.inFlight]) {
      if (batch.firstSeq >= seq) continue;
      this.take(batch);
      batch.controller.abort();
      for (const event of batch.events) events.push(event);
    }
    const queuedFrom = this.pushed - this.queue.length;
    const fromQueue = Math.min(this.queue.length, Math.max(0, seq - queuedFrom));
    for (const event of this.queue.take(fromQueue)) events.push(event);
    if (events.length > 0) this.fallBack(events, why.reason, final);
    this.resolveWaiters();
  }

  /** Every event pushed before `seq` has left the lane (exported, failed or dropped). */
  settledUpTo(seq: number): boolean {
    if (this.pushed - this.queue.length < seq) return false;
    for (const batch of this.inFlight) if (batch.firstSeq < seq) return false;
    return true;
  }

  /** Resolves once every event pushed so far has left the lane; `cancel` forgets the wait. */
  waitForAll(): { done: Promise<void>; cancel: () => void } {
    const seq = this.pushed;
    if (this.settledUpTo(seq)) return { done: Promise.resolve(), cancel: noop };
    let waiter!: { seq: number; resolve: () => void };
    const done = new Promise<void>((resolve) => (waiter = { seq, resolve }));
    this.waiters.push(waiter);
    this.drain(true);
    return { done, cancel: () => (this.waiters = this.waiters.filter((w) => w !== waiter)) };
  }

  resolveWaiters(): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => {
      if (!this.settledUpTo(waiter.seq)) return true;
      waiter.resolve();
      return false;
    });
  }

  get inFlightEvents(): number {
    let n = 0;
    for (const batch of this.inFlight) n += batch.events.length;
    return n;
  }
}

function noop(): void {}
