import * as z from 'zod/mini';
import { lazySchemas } from '../../lazy-schema.js';

// Built on first use (src/lazy-schema.ts): most apps never pass these options.
function buildStdoutSchemas() {
  /** The stdout exporter's options, as `{ type: 'stdout', … }` in init and as stdoutExporter(…). */
  const stdoutOptionsShape = {
    /** One compact human line per call instead of JSON lines. */
    pretty: z.optional(z.boolean({ error: 'expected true or false' })),
  };

  const stdoutSpecSchema = z.strictObject({ type: z.literal('stdout'), ...stdoutOptionsShape });

  const stdoutFactorySchema = z.strictObject({
    ...stdoutOptionsShape,
    /** Where to write; process.stdout by default. */
    stream: z.optional(z.custom<NodeJS.WritableStream>((value) => typeof (value as { write?: unknown } | null)?.write === 'function', {
        error: 'expected a writable stream, e.g. stream: process.stderr',
      })),
  });

  return { spec: stdoutSpecSchema, factory: stdoutFactorySchema };
}

const schemas = lazySchemas(buildStdoutSchemas, ['spec', 'factory']);

export const stdoutSpecSchema = schemas.spec;
export const stdoutFactorySchema = schemas.factory;

export type StdoutExporterOptions = z.input<typeof stdoutFactorySchema>;
