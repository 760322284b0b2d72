import { z } from 'zod';
import type { Exporter } from './types.js';

// Each message names what was expected and gives an example, so the error a user
// sees (prefixed with the option path by config.ts) says how to fix it.

const whole = (field: string, example: number) => {
  const error = `expected a whole number > 0, e.g. ${field}: ${example}`;
  return z.number({ error }).int({ error }).positive({ error });
};

export const stdoutExporterSpecSchema = z.strictObject({
  type: z.literal('stdout'),
  /** One compact human line per call instead of JSON. */
  pretty: z.boolean({ error: 'expected true or false' }).optional(),
});

export const fileExporterSpecSchema = z.strictObject({
  type: z.literal('file'),
  path: z.string({ error: "expected a file path, e.g. path: './costkit-events.jsonl'" }).min(1, { error: "expected a file path, e.g. path: './costkit-events.jsonl'" }),
  /** 'day': one file per UTC day (costkit-2026-11-22.jsonl). */
  rotate: z.enum(['day', 'none'], { error: "expected 'day' (one file per UTC day) or 'none'" }).optional(),
  /** Move on to a new numbered file past this size. */
  maxFileBytes: whole('maxFileBytes', 100 * 1024 * 1024).optional(),
});

export const httpExporterSpecSchema = z.strictObject({
  type: z.literal('http'),
  url: z
    .string({ error: "expected the collector's URL, e.g. url: 'https://collector.example.com/v1/costkit'" })
    .refine((value) => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value), {
      error: "expected an absolute http:// or https:// URL, e.g. url: 'https://collector.example.com/v1/costkit'",
    }),
  headers: z
    .record(z.string(), z.string(), { error: "expected header names to string values, e.g. headers: { authorization: 'Bearer …' }" })
    .optional(),
  deadLetterPath: z.string({ error: "expected a file path, e.g. deadLetterPath: './costkit-dead-letter.jsonl'" }).min(1, { error: "expected a file path, e.g. deadLetterPath: './costkit-dead-letter.jsonl'" }).optional(),
  format: z.enum(['json', 'ndjson'], { error: "expected 'json' (a JSON array per request, default) or 'ndjson' (one event per line)" }).optional(),
  compressAboveBytes: z
    .union([z.number().int().nonnegative(), z.literal(false)], { error: 'expected a byte count (gzip bodies larger than it) or false (never gzip), e.g. compressAboveBytes: 1024' })
    .optional(),
  timeoutMs: whole('timeoutMs', 10_000).optional(),
  maxRetries: z.number().int().nonnegative({ error: 'expected a whole number >= 0, e.g. maxRetries: 8' }).optional(),
  retryBaseDelayMs: whole('retryBaseDelayMs', 500).optional(),
  retryMaxDelayMs: whole('retryMaxDelayMs', 30_000).optional(),
  maxConcurrency: whole('maxConcurrency', 2).optional(),
});

export const exporterSpecSchema = z.discriminatedUnion('type', [stdoutExporterSpecSchema, fileExporterSpecSchema, httpExporterSpecSchema]);
export type ExporterSpec = z.output<typeof exporterSpecSchema>;

const KNOWN_TYPES = ['stdout', 'file', 'http'];

/** An entry of `init({ exporters })`: a built-in by `type`, or an exporter object. */
export type ExporterOption = ExporterSpec | Exporter;

/**
 * A built-in is checked against its own schema, so a mistake is reported at its
 * field (`exporters.0.url`), not as "matches none of the alternatives".
 */
export const exporterOptionSchema = z.custom<ExporterOption>().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null) {
    ctx.addIssue({ code: 'custom', message: "expected { type: 'stdout' | 'file' | 'http', … } or an object with an export(events) method" });
    return;
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) {
    if (typeof (value as Exporter).export !== 'function') {
      ctx.addIssue({ code: 'custom', message: "expected { type: 'stdout' | 'file' | 'http', … } or an object with an export(events) method" });
    }
    return;
  }
  if (typeof type !== 'string' || !KNOWN_TYPES.includes(type)) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `unknown exporter type ${JSON.stringify(type)}; expected 'stdout', 'file' or 'http', or pass an exporter object` });
    return;
  }
  const result = exporterSpecSchema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown option(s) ${issue.keys.map((k) => `'${k}'`).join(', ')} for a '${type}' exporter; check the spelling against docs/exporters.md`
        : issue.message;
    ctx.addIssue({ code: 'custom', path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message });
  }
});
