import type { CostkitEvent } from '../event.js';

/**
 * What an exporter does: write. Batching, queue bounds and loss accounting live
 * once, in pipeline.ts; an exporter only receives finished batches.
 *
 * `export` resolves when the batch is written and rejects when it is not; the
 * pipeline counts both. Everything past `shutdown` is optional and understood by
 * the pipeline when present.
 */
export interface Exporter {
  export(events: readonly CostkitEvent[]): Promise<void>;
  flush?(): Promise<void>;
  shutdown?(): Promise<void>;
  /** Shown in costkit.stats().exporters and in loss reports; e.g. 'file'. */
  readonly name?: string;
  /** How many export() calls the pipeline may have in flight at once (default 1: in order). */
  readonly maxConcurrency?: number;
  /**
   * Writes a batch before this function returns (process exit, or a full queue with
   * `queue.whenFull: 'block'`). Only exporters with a local, synchronous sink have
   * one: the file exporter, stdout, and the http exporter's dead-letter file.
   */
  exportSync?(events: readonly CostkitEvent[]): void;
  /** Extra counters for costkit.stats().exporters (e.g. the http exporter's retries). */
  stats?(): Record<string, number>;
}

/**
 * An export that did not reach its destination but was written to a dead-letter
 * file for replay. The pipeline counts its events as dead-lettered, not lost.
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
