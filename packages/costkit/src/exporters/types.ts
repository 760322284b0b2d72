import type { CostkitEvent } from '../event.js';

/**
 * What became of a batch, as the exporter that handled it reports it. The counts
 * add up to the batch's length; the pipeline counts any it leaves out as failed.
 */
export interface ExportResult {
  /** Events written to the destination. */
  delivered: number;
  /** Events kept in a dead-letter file for replay instead, and where. */
  deadLettered?: { count: number; path: string };
  /** Events lost, and why (shown in the loss report: say what to change). */
  failed?: { count: number; reason: string };
}

/** What the pipeline tells an export about its bounds. */
export interface ExportContext {
  /**
   * Aborted when the pipeline stops waiting for this export: its own deadline
   * (`queue.exportTimeoutMs`) or a flush's or shutdown's passed. The pipeline has
   * then already accounted for the batch (through `exportSync` where there is one),
   * so a late result is ignored: stop work, cancel timers, resolve.
   */
  readonly signal: AbortSignal;
  /** When the pipeline stops waiting, in `Date.now()` milliseconds. */
  readonly deadline: number;
}

/**
 * What an exporter does: write. Batching, queue bounds, deadlines and loss
 * accounting live once, in the pipeline; an exporter only receives finished batches.
 *
 * `export` resolves to what happened (an ExportResult), or to nothing when the whole
 * batch was delivered; a rejection counts the batch as failed. Everything past
 * `shutdown` is optional and understood by the pipeline when present.
 */
export interface Exporter {
  export(events: readonly CostkitEvent[], context?: ExportContext): Promise<ExportResult | void>;
  flush?(): Promise<void>;
  shutdown?(): Promise<void>;
  /** Shown in costkit.stats().exporters and in loss reports; e.g. 'file'. */
  readonly name?: string;
  /** How many export() calls the pipeline may have in flight at once (default 1: in order). */
  readonly maxConcurrency?: number;
  /**
   * Writes a batch before this function returns: at process exit, at a deadline, or
   * for a full queue with `queue.whenFull: 'block'`. Only exporters with a local,
   * synchronous sink have one: the file exporter, stdout, and the http exporter's
   * dead-letter file. Returns what happened, like `export`; throwing counts the batch
   * as failed.
   */
  exportSync?(events: readonly CostkitEvent[]): ExportResult | void;
  /** Extra counters for costkit.stats().exporters (e.g. the http exporter's retries). */
  stats?(): Record<string, number>;
}

/**
 * @deprecated Return an {@link ExportResult} with `deadLettered` from `export()`
 * instead. Still understood when thrown (or any error with code
 * 'COSTKIT_DEAD_LETTERED' and an `events` count), so exporters written against
 * costkit 0.1 keep being counted right.
 */
export class DeadLetteredError extends Error {
  readonly code = 'COSTKIT_DEAD_LETTERED';
  constructor(
    readonly events: number,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${events} events written to the dead-letter file ${path}${options?.cause ? ` (${describeCause(options.cause)})` : ''}`, options);
    this.name = 'DeadLetteredError';
  }
}

export function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
