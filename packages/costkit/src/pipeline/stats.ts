/** Where an exporter's events went: each leaves through exactly one of exported, dropped, failed, deadLettered. */
export interface ExportCounters {
  /** Written by the exporter. */
  exported: number;
  /** Dropped because this exporter's queue was full. */
  dropped: number;
  /** Not written, and not kept for replay: lost (the loss report says why). */
  failed: number;
  /** Written to the exporter's dead-letter file instead (replayable). */
  deadLettered: number;
  /** Batches that did not arrive whole (export() rejected, or reported some not delivered). */
  exportFailures: number;
  /** Batches whose export() passed queue.exportTimeoutMs and was abandoned. */
  timeouts: number;
}

/** Per exporter: where its events are. Each event enqueued counts once per exporter. */
export interface ExporterStats extends ExportCounters {
  name: string;
  /** Waiting in this exporter's queue. */
  queued: number;
  /** In batches being exported right now. */
  inFlight: number;
  /** The exporter's own counters, e.g. the http exporter's `retries`. */
  [extra: string]: number | string;
}

/** The per-exporter counts, summed over exporters. */
export interface PipelineStats extends ExportCounters {
  /** Events accepted. */
  enqueued: number;
  /** Dropped for a full queue, plus events recorded after shutdown (counted once). */
  dropped: number;
  queued: number;
  exporters: ExporterStats[];
}
