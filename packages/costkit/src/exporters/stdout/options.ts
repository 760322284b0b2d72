import { z } from 'zod';

/** The stdout exporter's options, as `{ type: 'stdout', … }` in init and as stdoutExporter(…). */
export const stdoutOptionsShape = {
  /** One compact human line per call instead of JSON lines. */
  pretty: z.boolean({ error: 'expected true or false' }).optional(),
};

export const stdoutSpecSchema = z.strictObject({ type: z.literal('stdout'), ...stdoutOptionsShape });

export const stdoutFactorySchema = z.strictObject({
  ...stdoutOptionsShape,
  /** Where to write; process.stdout by default. */
  stream: z
    .custom<NodeJS.WritableStream>((value) => typeof (value as { write?: unknown } | null)?.write === 'function', {
      error: 'expected a writable stream, e.g. stream: process.stderr',
    })
    .optional(),
});
export type StdoutExporterOptions = z.input<typeof stdoutFactorySchema>;
