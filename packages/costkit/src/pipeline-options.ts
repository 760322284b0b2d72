import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';

const positiveInt = (field: string, example: number) =>
  z.int({ error: `expected a whole number > 0, e.g. ${field}: ${example}` }).check(z.positive({ error: `expected a whole number > 0, e.g. ${field}: ${example}` }));

// Built on first use (src/lazy-schema.ts): most apps never pass these options.
function buildPipelineSchema() {
  /** `init({ queue })`: the bounds of the export pipeline. */
  const pipelineOptionsSchema = z.strictObject({
    /**
     * Events held in memory per exporter at most (default 10 000). Past it, the
     * `whenFull` policy applies; nothing is dropped without being counted.
     */
    maxQueueSize: z.optional(positiveInt('maxQueueSize', 10_000)),
    /** Events handed to an exporter in one batch at most (default 512). */
    maxBatchSize: z.optional(positiveInt('maxBatchSize', 512)),
    /** How long an event may wait for its batch to fill, in ms (default 1000). */
    flushIntervalMs: z.optional(positiveInt('flushIntervalMs', 1000)),
    /**
     * How long one export() may take, in ms (default 60 000), as OpenTelemetry's
     * exportTimeoutMillis. Past it the batch goes to the exporter's synchronous sink
     * (the http exporter's dead-letter file) or is counted as failed, and the lane
     * moves on.
     */
    exportTimeoutMs: z.optional(positiveInt('exportTimeoutMs', 60_000)),
    /**
     * What a full queue does with the next event. 'dropOldest' (default): the oldest
     * queued event is dropped and counted; the app never waits. 'block' (batch jobs):
     * the call that finds the queue full waits while the oldest batch is written
     * synchronously (file, stdout, or the http exporter's dead-letter file); an
     * exporter with no synchronous sink still drops, counted.
     */
    whenFull: z.optional(z.enum(['dropOldest', 'block'], { error: "expected 'dropOldest' (default) or 'block'" })),
  });

  return pipelineOptionsSchema;
}

/** `init({ queue })`: the bounds of the export pipeline. */
export const pipelineOptionsSchema = lazySchema(buildPipelineSchema);

export type PipelineOptions = z.output<typeof pipelineOptionsSchema>;
