import { AsyncResource } from 'node:async_hooks';
import { writeSync } from 'node:fs';
import type { CostkitEvent } from './event.js';
import { DeadLetteredError, describeCause, type Exporter } from './exporters/types.js';
import type { PipelineOptions } from './pipeline-options.js';
import { trackPipeline, untrackPipeline } from './exit-hooks.js';

/** Per exporter: where its events are. Each event enqueued counts once per exporter. */
export interface ExporterStats {
  name: string;
  /** Waiting in this exporter's queue. */
  queued: number;
  /** In batches being exported right now. */
  inFlight: number;
  /** Written by the exporter. */
  exported: number;
  /** Dropped because this exporter's queue was full. */
  dropped: number;
  /** In batches the exporter failed to write, and did not dead-letter: lost. */
  failed: number;
  /** In batches the exporter wrote to its dead-letter file instead (replayable). */
  deadLettered: number;
  /** Failed export() calls (batches), dead-lettered or not. */
  exportFailures: number;
  /** The exporter's own counters, e.g. the http exporter's `retries`. */
  [extra: string]: number | string;
}

export interface PipelineStats {
  /** Events accepted. */
  enqueued: number;
  /** The per-exporter counts below, summed over exporters. */
  exported: number;
  /** Dropped for a full queue, plus events recorded after shutdown (counted once). */
  dropped: number;
  failed: number;
  deadLettered: number;
  exportFailures: number;
  queued: number;
  exporters: ExporterStats[];
}

/** Not init options: seams for tests. */
export interface PipelineInternals {
  /** Where loss reports go (default: stderr). */
  report?: (message: string) => void;
  /** How often at most a loss report is written (default 60 000 ms). */
  reportIntervalMs?: number;
  now?: () => number;
}

const DEFAULTS = { maxQueueSize: 10_000, maxBatchSize: 512, flushIntervalMs: 1_000, whenFull: 'dropOldest' as const };

interface Batch {
  events: CostkitEvent[];
  /** Sequence number (per lane) of its first event. */
  firstSeq: number;
  settled: boolean;
}

/** One exporter's queue: a slow or failing exporter holds back only its own lane. */
interface Lane {
  exporter: Exporter;
  name: string;
  concurrency: number;
  queue: Deque<CostkitEvent>;
  /** Events ever pushed; the next event's sequence number. */
  pushed: number;
  inFlight: Set<Batch>;
  waiters: { seq: number; resolve: () => void }[];
  counters: { exported: number; dropped: number; failed: number; deadLettered: number; exportFailures: number };
}

/**
 * The one place events wait between a finished call and the exporters. Each
 * exporter has its own bounded queue (`maxQueueSize`), drained in batches of up
 * to `maxBatchSize` whenever one fills or `flushIntervalMs` passes, with at most
 * `exporter.maxConcurrency` exports in flight. Every event that does not reach an
 * exporter is counted (stats) and reported on stderr at most once a minute.
 */
export class Pipeline {
  private readonly lanes: Lane[];
  private readonly limits: Required<PipelineOptions>;
  private readonly loss: LossReport;
  private enqueued = 0;
  private droppedClosed = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;
  /**
   * Runs exports outside the caller's async context: a batch is not part of the
   * request whose call happened to fill it (its tags scope, its trace span).
   */
  private readonly detached: <T>(fn: () => T) => T = AsyncResource.bind(<T>(fn: () => T) => fn());

  constructor(exporters: readonly Exporter[], options: PipelineOptions & PipelineInternals = {}) {
    const { report, reportIntervalMs, now, ...queue } = options;
    this.limits = { ...DEFAULTS, ...definedOnly(queue) };
    this.loss = new LossReport(report ?? writeStderr, reportIntervalMs ?? 60_000, now ?? Date.now, this.limits);
    const names = new Map<string, number>();
    this.lanes = exporters.map((exporter) => {
      let name = exporter.name ?? (exporter.constructor?.name && exporter.constructor.name !== 'Object' ? exporter.constructor.name : 'exporter');
      const seen = names.get(name) ?? 0;
      names.set(name, seen + 1);
      if (seen) name = `${name}#${seen + 1}`;
      const wanted = Number(exporter.maxConcurrency ?? 1);
      const concurrency = Number.isFinite(wanted) ? Math.max(1, Math.floor(wanted)) : 1;
      return {
        exporter,
        name,
        concurrency,
        queue: new Deque<CostkitEvent>(),
        pushed: 0,
        inFlight: new Set<Batch>(),
        waiters: [],
        counters: { exported: 0, dropped: 0, failed: 0, deadLettered: 0, exportFailures: 0 },
      };
    });
    trackPipeline(this);
  }

  /** On the provider call's path: O(exporters), no I/O unless `whenFull: 'block'` finds a full queue. */
  enqueue(event: CostkitEvent): void {
    if (this.closed) {
      this.droppedClosed++;
      this.loss.note('closed', 'pipeline', 1);
      return;
    }
    this.enqueued++;
    const { maxQueueSize, maxBatchSize } = this.limits;
    let batchReady = false;
    for (const lane of this.lanes) {
      if (lane.queue.length >= maxQueueSize) this.makeRoom(lane);
      lane.queue.push(event);
      lane.pushed++;
      if (lane.queue.length >= maxBatchSize && lane.inFlight.size < lane.concurrency) batchReady = true;
    }
    if (batchReady) this.scheduleDrain();
    else this.armTimer();
  }

  private makeRoom(lane: Lane): void {
    if (this.limits.whenFull === 'block' && lane.exporter.exportSync) {
      const batch = lane.queue.take(this.limits.maxBatchSize);
      this.writeSync(lane, batch);
      this.resolveWaiters(lane);
      return;
    }
    lane.queue.shift();
    lane.counters.dropped++;
    this.loss.note('dropped', lane.name, 1, this.limits.whenFull === 'block' ? 'no synchronous sink to block on' : undefined);
  }

  /** Writes `events` through the exporter's synchronous path and counts the outcome. */
  private writeSync(lane: Lane, events: CostkitEvent[]): void {
    if (events.length === 0) return;
    try {
      lane.exporter.exportSync!(events);
      lane.counters.exported += events.length;
    } catch (error) {
      this.countFailure(lane, events.length, error);
    }
  }

  private scheduleDrain(): void {
    if (this.immediate) return;
    this.immediate = this.detached(() =>
      setImmediate(() => {
        this.immediate = undefined;
        this.drain(false);
      }),
    );
  }

  private armTimer(): void {
    if (this.timer || this.closed) return;
    this.timer = this.detached(() =>
      setTimeout(() => {
        this.timer = undefined;
        this.drain(true);
      }, this.limits.flushIntervalMs),
    );
    // Telemetry must never keep the app alive; beforeExit and exit hooks drain instead.
    this.timer.unref();
  }

  /** Starts exports: full batches always, partial ones when `partial` (timer, flush). */
  private drain(partial: boolean): void {
    for (const lane of this.lanes) this.drainLane(lane, partial || lane.waiters.length > 0);
    if (this.lanes.some((lane) => lane.queue.length > 0)) this.armTimer();
  }

  private drainLane(lane: Lane, partial: boolean): void {
    const { maxBatchSize } = this.limits;
    while (lane.inFlight.size < lane.concurrency && lane.queue.length > 0) {
      if (!partial && lane.queue.length < maxBatchSize) break;
      const firstSeq = lane.pushed - lane.queue.length;
      const batch: Batch = { events: lane.queue.take(maxBatchSize), firstSeq, settled: false };
      lane.inFlight.add(batch);
      this.detached(() => this.exportBatch(lane, batch));
    }
  }

  private exportBatch(lane: Lane, batch: Batch): void {
    let result: Promise<void>;
    try {
      result = Promise.resolve(lane.exporter.export(batch.events));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => {
        if (!this.settle(lane, batch)) return;
        lane.counters.exported += batch.events.length;
        this.afterSettle(lane);
      },
      (error: unknown) => {
        if (!this.settle(lane, batch)) return;
        this.countFailure(lane, batch.events.length, error);
        this.afterSettle(lane);
      },
    );
  }

  private countFailure(lane: Lane, count: number, error: unknown): void {
    lane.counters.exportFailures++;
    if (error instanceof DeadLetteredError || (error as { code?: unknown })?.code === 'COSTKIT_DEAD_LETTERED') {
      lane.counters.deadLettered += count;
      this.loss.note('deadLettered', lane.name, count, describeCause(error));
    } else {
      lane.counters.failed += count;
      this.loss.note('failed', lane.name, count, describeCause(error));
    }
  }

  /** False when the batch was already accounted for (written synchronously at exit). */
  private settle(lane: Lane, batch: Batch): boolean {
    if (batch.settled) return false;
    batch.settled = true;
    lane.inFlight.delete(batch);
    return true;
  }

  private afterSettle(lane: Lane): void {
    this.resolveWaiters(lane);
    const partial = lane.waiters.length > 0 || this.closed;
    this.drainLane(lane, partial);
    if (lane.queue.length > 0) this.armTimer();
  }

  /** Every event pushed before `seq` has left the lane (exported, failed or dropped). */
  private settledUpTo(lane: Lane, seq: number): boolean {
    if (lane.pushed - lane.queue.length < seq) return false;
    for (const batch of lane.inFlight) if (batch.firstSeq < seq) return false;
    return true;
  }

  private resolveWaiters(lane: Lane): void {
    if (lane.waiters.length === 0) return;
    lane.waiters = lane.waiters.filter((waiter) => {
      if (!this.settledUpTo(lane, waiter.seq)) return true;
      waiter.resolve();
      return false;
    });
  }

  /**
   * Resolves once every event enqueued before the call has been handed to every
   * exporter and settled (written, dead-lettered or counted as failed), and each
   * exporter's own flush() has run. Never rejects: safe to pass to waitUntil().
   */
  async flush(): Promise<void> {
    await Promise.all(
      this.lanes.map(
        (lane) =>
          new Promise<void>((resolve) => {
            const seq = lane.pushed;
            if (this.settledUpTo(lane, seq)) return resolve();
            lane.waiters.push({ seq, resolve });
            this.drainLane(lane, true);
          }),
      ),
    );
    await Promise.all(this.lanes.map((lane) => this.safely(lane, () => lane.exporter.flush?.())));
  }

  /** Flushes, stops accepting events (later ones are counted as dropped), then shuts every exporter down. Idempotent: one promise. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      // Calls still in flight (a long stream, or init() reconfiguring) may finish
      // while the first flush runs: they are accepted and go out in the second.
      await this.flush();
      this.closed = true;
      await this.flush();
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      await Promise.all(this.lanes.map((lane) => this.safely(lane, () => lane.exporter.shutdown?.())));
      untrackPipeline(this);
      this.loss.close();
    })();
    return this.shutdownPromise;
  }

  private async safely(lane: Lane, fn: () => Promise<void> | undefined): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.loss.note('failed', lane.name, 0, describeCause(error));
    }
  }

  /** Whether there is anything left to export (for beforeExit). */
  get pending(): boolean {
    return this.lanes.some((lane) => lane.queue.length > 0 || lane.inFlight.size > 0);
  }

  /**
   * At process exit: the event loop will not run again, so every event still
   * queued or in flight is written now through the exporters' synchronous path
   * (file, stdout, the http dead-letter file). An in-flight batch may already have
   * been delivered, so it can appear twice; events carry unique ids.
   */
  writeRemainingSync(): void {
    for (const lane of this.lanes) {
      const events: CostkitEvent[] = [];
      for (const batch of lane.inFlight) {
        batch.settled = true;
        events.push(...batch.events);
      }
      lane.inFlight.clear();
      events.push(...lane.queue.take(lane.queue.length));
      if (events.length === 0) continue;
      if (lane.exporter.exportSync) this.writeSync(lane, events);
      else {
        lane.counters.failed += events.length;
        this.loss.note('failed', lane.name, events.length, 'still queued at exit, and this exporter cannot write synchronously; call `await costkit.shutdown()` before exiting');
      }
      this.resolveWaiters(lane);
    }
    this.loss.flushSync();
  }

  stats(): PipelineStats {
    const exporters = this.lanes.map((lane): ExporterStats => {
      let extra: Record<string, number> = {};
      try {
        extra = lane.exporter.stats?.() ?? {};
      } catch {
        extra = {};
      }
      let inFlight = 0;
      for (const batch of lane.inFlight) inFlight += batch.events.length;
      return { ...extra, name: lane.name, queued: lane.queue.length, inFlight, ...lane.counters };
    });
    const sum = (key: 'exported' | 'dropped' | 'failed' | 'deadLettered' | 'exportFailures' | 'queued') =>
      exporters.reduce((total, e) => total + (e[key] as number), 0);
    return {
      enqueued: this.enqueued,
      exported: sum('exported'),
      dropped: sum('dropped') + this.droppedClosed,
      failed: sum('failed'),
      deadLettered: sum('deadLettered'),
      exportFailures: sum('exportFailures'),
      queued: sum('queued'),
      exporters,
    };
  }
}

type LossKind = 'dropped' | 'failed' | 'deadLettered' | 'closed';

/**
 * Loss on stderr: the first occurrence at once, then at most one summary per
 * interval, and whatever is pending at exit. Never silent, never a flood.
 */
class LossReport {
  private pending = new Map<string, { kind: LossKind; lane: string; count: number; detail?: string }>();
  private lastReportAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private totals = { dropped: 0, failed: 0, deadLettered: 0, closed: 0 };

  constructor(
    private readonly write: (message: string) => void,
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly limits: Required<PipelineOptions>,
  ) {}

  note(kind: LossKind, lane: string, count: number, detail?: string): void {
    const key = `${kind}\0${lane}`;
    const entry = this.pending.get(key);
    if (entry) {
      entry.count += count;
      if (detail) entry.detail = detail;
    } else this.pending.set(key, { kind, lane, count, detail });
    this.totals[kind] += count;
    if (this.timer) return;
    const wait = Math.max(0, this.lastReportAt + this.intervalMs - this.now());
    // Off the call path (a drop happens inside enqueue), and never holding the process.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
    this.timer.unref();
  }

  private flush(sync = false): void {
    if (this.pending.size === 0) return;
    const first = this.lastReportAt === -Infinity;
    const window = first ? '' : ` in the last ${Math.round((this.now() - this.lastReportAt) / 1000)} s`;
    this.lastReportAt = this.now();
    const parts = [...this.pending.values()].map((e) => describe(e, this.limits));
    this.pending.clear();
    const totals = `totals so far: ${this.totals.dropped + this.totals.closed} dropped, ${this.totals.failed} failed, ${this.totals.deadLettered} dead-lettered (costkit.stats())`;
    const next = sync ? '' : ` Next report in ${Math.round(this.intervalMs / 1000)} s at the earliest.`;
    // At exit the stream's asynchronous path will never run: write to fd 2 directly.
    const write = sync && this.write === writeStderr ? writeStderrSync : this.write;
    try {
      write(`costkit: events not exported${window}: ${parts.join('; ')}. ${totals}.${next}`);
    } catch {
      // stderr itself failing leaves nowhere to say so.
    }
  }

  /** At exit: say what is pending now, synchronously. */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush(true);
  }

  close(): void {
    this.flushSync();
  }
}

function describe(entry: { kind: LossKind; lane: string; count: number; detail?: string }, limits: Required<PipelineOptions>): string {
  const detail = entry.detail ? ` (${entry.detail})` : '';
  switch (entry.kind) {
    case 'dropped':
      return `${entry.count} dropped from the full queue of exporter '${entry.lane}' (maxQueueSize ${limits.maxQueueSize}${entry.detail ? `; ${entry.detail}` : ''}): raise queue.maxQueueSize or set queue.whenFull: 'block'`;
    case 'closed':
      return `${entry.count} recorded after shutdown() and dropped`;
    case 'deadLettered':
      return `${entry.count} written to the dead-letter file by exporter '${entry.lane}'${detail}`;
    case 'failed':
      return entry.count
        ? `${entry.count} lost: exporter '${entry.lane}' failed${detail}`
        : `exporter '${entry.lane}' failed to flush or shut down${detail}`;
  }
}

function writeStderr(message: string): void {
  process.stderr.write(message + '\n');
}

function writeStderrSync(message: string): void {
  writeSync(2, message + '\n');
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A FIFO with O(1) shift and batch take, for queues of many thousand events. */
class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    this.compact();
    return item;
  }

  take(count: number): T[] {
    const end = Math.min(this.items.length, this.head + count);
    const out = this.items.slice(this.head, end);
    this.head = end;
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      // Let the taken events be collected.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
