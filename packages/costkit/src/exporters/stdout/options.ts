import * as z from 'zod/mini';

/** The stdout exporter's options, as `{ type: 'stdout', … }` in init and as stdoutExporter(…). */
const stdoutOptionsShape = {
  /** One compact human line per call instead of JSON lines. */
  pretty: z.optional(z.boolean({ error: 'expected true or false' })),
};

export const stdoutSpecSchema = z.strictObject({ type: z.literal('stdout'), ...stdoutOptionsShape });

export const stdoutFactorySchema = z.strictObject({
  ...stdoutOptionsShape,
  /** Where to write; process.stdout by default. */
  stream: z.optional(z.custom<NodeJS.WritableStream>((value) => typeof (value as { write?: unknown } | null)?.write === 'function', {
      error: 'expected a writable stream, e.g. stream: process.stderr',
    })),
});
export type StdoutExporterOptions = z.input<typeof stdoutFactorySchema>;
