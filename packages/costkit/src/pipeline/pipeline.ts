import { AsyncResource } from 'node:async_hooks';
import type { CostkitEvent } from '../event.js';
import { describeCause, type Exporter } from '../exporters/types.js';
import type { PipelineOptions } from '../pipeline-options.js';
import { trackPipeline, untrackPipeline } from '../exit-hooks.js';
import { Lane, type Abandon, type LaneHost } from './lane.js';
import { LossReport, writeStderr } from './loss-report.js';
import { deadlineTimer, settleBy, timeoutOf, type DeadlineOptions } from './deadline.js';
import type { ExportCounters, ExporterStats, PipelineStats } from './stats.js';
import { definedOnly } from '../defaults.js';

export type { ExporterStats, PipelineStats } from './stats.js';

/** Not init options: seams for tests. */
export interface PipelineInternals {
  /** Where loss reports go (default: stderr). */
  report?: (message: string) => void;
  /** How often at most a loss report is written (default 60 000 ms). */
  reportIntervalMs?: number;
  now?: () => number;
  /** Work upstream of the queue (finished calls not yet made events): done before anything reads, flushes or writes out the queue. */
  upstream?: () => void;
}

const DEFAULTS = { maxQueueSize: 10_000, maxBatchSize: 512, flushIntervalMs: 1_000, exportTimeoutMs: 60_000, whenFull: 'dropOldest' as const };

const AT_EXIT = 'still queued at exit, and this exporter cannot write synchronously; call `await costkit.shutdown()` before exiting';

/**
 * The one place events wait between a finished call and the exporters. Each
 * exporter has its own bounded queue (`maxQueueSize`), drained in batches of up
 * to `maxBatchSize` whenever one fills or `flushIntervalMs` passes, with at most
 * `exporter.maxConcurrency` exports in flight, each bounded by `exportTimeoutMs`.
 * `flush()` and `shutdown()` settle by their deadline whatever the exporters do.
 * Every event that does not reach an exporter is counted (stats) and reported on
 * stderr at most once a minute.
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
  private readonly upstream: () => void;
  /**
   * Runs exports outside the caller's async context: a batch is not part of the
   * request whose call happened to fill it (its tags scope, its trace span).
   */
  private readonly detached: <T>(fn: () => T) => T = AsyncResource.bind(<T>(fn: () => T) => fn());

  constructor(exporters: readonly Exporter[], options: PipelineOptions & PipelineInternals = {}) {
    const { report, reportIntervalMs, now, upstream, ...queue } = options;
    this.upstream = upstream ?? noUpstream;
    this.limits = { ...DEFAULTS, ...definedOnly(queue) };
    this.loss = new LossReport(report ?? writeStderr, reportIntervalMs ?? 60_000, now ?? Date.now, this.limits.maxQueueSize);
    const host: LaneHost = {
      maxBatchSize: this.limits.maxBatchSize,
      exportTimeoutMs: this.limits.exportTimeoutMs,
      loss: this.loss,
      detached: this.detached,
      armTimer: () => this.armTimer(),
      isClosing: () => this.closed,
    };
    const names = new Map<string, number>();
    this.lanes = exporters.map((exporter) => {
      let name = exporter.name ?? (exporter.constructor?.name && exporter.constructor.name !== 'Object' ? exporter.constructor.name : 'exporter');
      const seen = names.get(name) ?? 0;
      names.set(name, seen + 1);
      if (seen) name = `${name}#${seen + 1}`;
      const wanted = Number(exporter.maxConcurrency ?? 1);
      const concurrency = Number.isFinite(wanted) ? Math.max(1, Math.floor(wanted)) : 1;
      return new Lane(exporter, name, concurrency, host);
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
    const { maxQueueSize, whenFull } = this.limits;
    let batchReady = false;
    for (const lane of this.lanes) {
      if (lane.queue.length >= maxQueueSize) lane.makeRoom(whenFull === 'block');
      lane.queue.push(event);
      lane.pushed++;
      if (lane.batchReady) batchReady = true;
    }
    if (batchReady) this.scheduleDrain();
    else this.armTimer();
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
    // Nobody awaits a partial batch: an awaited flush() or the exit hooks drain instead.
    this.timer.unref();
  }

  private drain(partial: boolean): void {
    for (const lane of this.lanes) lane.drain(partial);
    if (this.lanes.some((lane) => lane.queue.length > 0)) this.armTimer();
  }

  /**
   * Resolves once every event enqueued before the call has been handed to every
   * exporter and settled (written, dead-lettered or counted as failed), and each
   * exporter's own flush() has run, or at the deadline (`timeoutMs`, default 5000),
   * whichever is first. At the deadline what is still undelivered goes to the
   * exporter's synchronous sink where it has one (the http dead-letter file);
   * anything else stays queued or in flight, counted. Never rejects for what an
   * exporter does, so it is safe to hand to waitUntil(). While it runs, the process
   * stays alive.
   */
  flush(options?: DeadlineOptions): Promise<void> {
    let timeoutMs: number;
    try {
      timeoutMs = timeoutOf(options, 'Pipeline.flush');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.settleWithin(timeoutMs, 'flush');
  }

  private settleWithin(timeoutMs: number, kind: 'flush' | 'shutdown'): Promise<void> {
    this.upstream();
    return new Promise<void>((resolve) => {
      const seqs = this.lanes.map((lane) => lane.pushed);
      const waits = this.lanes.map((lane) => lane.waitForAll());
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        cancelTimer();
        for (const wait of waits) wait.cancel();
        resolve();
      };
      const why: Abandon = {
        kind,
        reason: `not delivered within ${kind}'s deadline (timeoutMs ${timeoutMs}), and this exporter keeps nothing for replay`,
      };
      const cancelTimer = deadlineTimer(timeoutMs, true, () => {
        this.lanes.forEach((lane, i) => lane.abandon(seqs[i]!, why));
        done();
      });
      void Promise.all(waits.map((w) => w.done))
        .then(() => Promise.all(this.lanes.map((lane) => this.safely(lane, () => lane.exporter.flush?.()))))
        .then(done);
    });
  }

  /**
   * Flushes, stops accepting events (later ones are counted as dropped), then shuts
   * every exporter down, all within `timeoutMs` (default 5000). At the deadline,
   * what is still undelivered goes to the exporter's synchronous sink (the http
   * dead-letter file) or is counted as failed. Idempotent: one promise.
   */
  shutdown(options?: DeadlineOptions): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    let timeoutMs: number;
    try {
      timeoutMs = timeoutOf(options, 'Pipeline.shutdown');
    } catch (error) {
      return Promise.reject(error);
    }
    this.shutdownPromise = this.runShutdown(Date.now() + timeoutMs);
    return this.shutdownPromise;
  }

  private async runShutdown(deadline: number): Promise<void> {
    const left = () => Math.max(0, deadline - Date.now());
    // Calls still in flight (a long stream, or init() reconfiguring) may finish
    // while the first flush runs: they are accepted and go out in the second.
    await this.settleWithin(left(), 'shutdown');
    this.closed = true;
    await this.settleWithin(left(), 'shutdown');
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Exporters get what is left of the deadline to close; they are told to stop
    // at once (the http exporter aborts its retries), never waited on past it.
    await settleBy(Promise.all(this.lanes.map((lane) => this.safely(lane, () => lane.exporter.shutdown?.()))), deadline);
    untrackPipeline(this);
    this.loss.flushSync();
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
    this.upstream();
    return this.lanes.some((lane) => lane.queue.length > 0 || lane.inFlight.size > 0);
  }

  /**
   * At process exit: the event loop will not run again, so every event still
   * queued or in flight is written now through the exporters' synchronous path
   * (file, stdout, the http dead-letter file). An in-flight batch may already have
   * been delivered, so it can appear twice; events carry unique ids.
   */
  writeRemainingSync(): void {
    this.upstream();
    for (const lane of this.lanes) lane.abandon(Infinity, { kind: 'exit', reason: AT_EXIT });
    this.loss.flushSync();
  }

  stats(): PipelineStats {
    this.upstream();
    const exporters = this.lanes.map((lane): ExporterStats => {
      let extra: Record<string, number> = {};
      try {
        extra = lane.exporter.stats?.() ?? {};
      } catch {
        extra = {};
      }
      return { ...extra, name: lane.name, queued: lane.queue.length, inFlight: lane.inFlightEvents, ...lane.counters };
    });
    const sum = (key: keyof ExportCounters | 'queued') =>
      exporters.reduce((total, e) => total + (e[key] as number), 0);
    return {
      enqueued: this.enqueued,
      exported: sum('exported'),
      dropped: sum('dropped') + this.droppedClosed,
      failed: sum('failed'),
      deadLettered: sum('deadLettered'),
      exportFailures: sum('exportFailures'),
      timeouts: sum('timeouts'),
      queued: sum('queued'),
      exporters,
    };
  }
}

function noUpstream(): void {}
