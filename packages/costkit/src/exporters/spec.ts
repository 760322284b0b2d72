import { z } from 'zod';
import type { Exporter } from './types.js';

export const stdoutExporterSpecSchema = z.strictObject({
  type: z.literal('stdout'),
  /** One compact human line per call instead of JSON. */
  pretty: z.boolean().optional(),
});

export const fileExporterSpecSchema = z.strictObject({
  type: z.literal('file'),
  path: z.string().min(1),
});

export const exporterSpecSchema = z.discriminatedUnion('type', [stdoutExporterSpecSchema, fileExporterSpecSchema]);
export type ExporterSpec = z.output<typeof exporterSpecSchema>;

const exporterObjectSchema = z.custom<Exporter>(
  (value) => typeof value === 'object' && value !== null && typeof (value as Exporter).export === 'function',
  { message: "expected { type: 'stdout' | 'file', … } or an object with an export(events) method" },
);

/** An entry of `init({ exporters })`: a built-in by `type`, or an exporter object. */
export const exporterOptionSchema = z.union([exporterSpecSchema, exporterObjectSchema]);
export type ExporterOption = z.output<typeof exporterOptionSchema>;
