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
  /** Not written, and not kept for replay: lost (the loss report says why). */
  failed: number;
  /** Written to the exporter's dead-letter file instead (replayable). */
  deadLettered: number;
  /** Batches that did not arrive whole (export() rejected, or reported some not delivered). */
  exportFailures: number;
  /** Batches whose export() passed queue.exportTimeoutMs and was abandoned. */
  timeouts: number;
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
  timeouts: number;
  queued: number;
  exporters: ExporterStats[];
}
