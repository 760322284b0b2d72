import { z } from 'zod';

/** `init({ queue })`: the bounds of the export pipeline. */
export const pipelineOptionsSchema = z.strictObject({
  /** Events held in memory at most; past it the oldest is dropped and counted. */
  maxQueueSize: z.number().int().positive().optional(),
  /** Events handed to an exporter in one batch at most. */
  maxBatchSize: z.number().int().positive().optional(),
  /** How long an event may wait for a batch to fill. */
  flushIntervalMs: z.number().int().positive().optional(),
});

export type PipelineOptions = z.output<typeof pipelineOptionsSchema>;
