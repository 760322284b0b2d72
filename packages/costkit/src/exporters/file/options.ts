import * as z from 'zod/mini';
import { filePath, whole } from '../options.js';
import { lazySchemas } from '../../lazy-schema.js';

// Built on first use (src/lazy-schema.ts): most apps never pass these options.
function buildFileSchemas() {
  /** The file exporter's options, as `{ type: 'file', … }` in init and as fileExporter(…). */
  const fileOptionsShape = {
    /** The JSON lines file, e.g. './costkit-events.jsonl'. Created with mode 0600. */
    path: filePath('path', './costkit-events.jsonl'),
    /**
     * 'day': one file per UTC day of the event's timestamp, the date inserted before
     * the extension (costkit.jsonl -> costkit-2026-11-22.jsonl). Default 'none'.
     */
    rotate: z.optional(z.enum(['day', 'none'], { error: "expected 'day' (one file per UTC day) or 'none'" })),
    /**
     * Start a new file once this one holds this many bytes (costkit.jsonl, then
     * costkit.1.jsonl, costkit.2.jsonl, …). A batch is never split, so a file can
     * exceed it by one batch.
     */
    maxFileBytes: z.optional(whole('maxFileBytes', 100 * 1024 * 1024)),
  };

  const fileSpecSchema = z.strictObject({ type: z.literal('file'), ...fileOptionsShape });
  const fileFactorySchema = z.strictObject(fileOptionsShape);

  return { spec: fileSpecSchema, factory: fileFactorySchema };
}

const schemas = lazySchemas(buildFileSchemas, ['spec', 'factory']);

export const fileSpecSchema = schemas.spec;
export const fileFactorySchema = schemas.factory;
export type FileExporterOptions = z.input<typeof fileFactorySchema>;
