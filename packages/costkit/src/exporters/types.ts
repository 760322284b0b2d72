import type { CostkitEvent } from '../event.js';

/**
 * What an exporter does: write. Batching, queue bounds and retries of the pipeline
 * live once, in pipeline.ts; an exporter only receives finished batches.
 */
export interface Exporter {
  export(events: readonly CostkitEvent[]): Promise<void>;
  flush?(): Promise<void>;
  shutdown?(): Promise<void>;
}
