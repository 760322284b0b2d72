import type { CostkitEvent } from './event.js';
import type { Exporter } from './exporters/types.js';
import type { PipelineOptions } from './pipeline-options.js';
import { reportInternalError, warnOnce } from './diagnostics.js';

export interface PipelineStats {
  enqueued: number;
  exported: number;
  dropped: number;
  exportFailures: number;
  queued: number;
}

const DEFAULTS = { maxQueueSize: 10_000, maxBatchSize: 512, flushIntervalMs: 1_000 };

/**
 * The one place events wait: a bounded queue drained in batches to every
 * exporter, off the provider call's path. A full queue drops its oldest event and
 * counts it; nothing is lost without a number saying so.
 */
export class Pipeline {
  private readonly queue: CostkitEvent[] = [];
  private readonly limits: Required<PipelineOptions>;
  private readonly timer: NodeJS.Timeout;
  private drainScheduled = false;
  /** Per exporter, the tail of its export chain, so a slow exporter holds back only itself. */
  private readonly tails: Promise<void>[];
  private readonly counters = { enqueued: 0, exported: 0, dropped: 0, exportFailures: 0 };
  private closed = false;

  constructor(
    private readonly exporters: readonly Exporter[],
    options: PipelineOptions = {},
  ) {
    this.limits = { ...DEFAULTS, ...stripUndefined(options) };
    this.tails = exporters.map(() => Promise.resolve());
    this.timer = setInterval(() => this.drain(), this.limits.flushIntervalMs);
    // Telemetry must never keep the app alive.
    this.timer.unref();
  }

  enqueue(event: CostkitEvent): void {
    if (this.closed) {
      this.counters.dropped++;
      warnOnce('pipeline:closed', 'costkit: an event was recorded after shutdown() and was dropped');
      return;
    }
    this.counters.enqueued++;
    this.queue.push(event);
    if (this.queue.length > this.limits.maxQueueSize) {
      this.queue.shift();
      this.counters.dropped++;
      warnOnce('pipeline:full', `costkit: the event queue is full (${this.limits.maxQueueSize}); oldest events are being dropped. See costkit.stats().dropped.`);
    }
    if (this.queue.length >= this.limits.maxBatchSize) this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Hands every queued event to every exporter, in batches. */
  private drain(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.limits.maxBatchSize);
      this.exporters.forEach((exporter, index) => {
        this.tails[index] = this.tails[index]!.then(() => this.exportBatch(exporter, batch));
      });
    }
  }

  private async exportBatch(exporter: Exporter, batch: readonly CostkitEvent[]): Promise<void> {
    try {
      await exporter.export(batch);
      this.counters.exported += batch.length;
    } catch (error) {
      this.counters.exportFailures++;
      reportInternalError(`exporter ${exporter.constructor?.name ?? 'exporter'}`, error);
    }
  }

  /** Resolves once every event enqueued so far has reached every exporter. */
  async flush(): Promise<void> {
    this.drain();
    await Promise.all(this.tails);
    await Promise.all(this.exporters.map((e) => e.flush?.().catch((error) => reportInternalError('exporter flush', error))));
  }

  async shutdown(): Promise<void> {
    await this.flush();
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all(this.exporters.map((e) => e.shutdown?.().catch((error) => reportInternalError('exporter shutdown', error))));
  }

  stats(): PipelineStats {
    return { ...this.counters, queued: this.queue.length };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
