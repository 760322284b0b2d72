import * as z from 'zod/mini';
import { filePath, whole } from '../options.js';
import { isLoopback } from './redact.js';
import { lazySchemas } from '../../lazy-schema.js';

const URL_EXAMPLE = "e.g. url: 'https://collector.example.com/v1/costkit'";

/**
 * Plain http:// carries the events and the headers (a bearer token) in clear
 * text: only to this machine, unless asked for. The message names the host only.
 */
function secureEnough(options: { url: string; allowInsecure?: boolean }, ctx: z.core.$RefinementCtx): void {
  if (!URL.canParse(options.url)) return;
  const url = new URL(options.url);
  if (url.protocol !== 'http:' || options.allowInsecure || isLoopback(url.hostname)) return;
  ctx.addIssue({
    code: 'custom',
    path: ['url'],
    message: `plain http:// would send events and headers unencrypted to ${url.hostname}; use https://, or set allowInsecure: true on a trusted network`,
  });
}

// A header's name must be an HTTP token and its value free of line breaks: Node
// would refuse them at the first request; here they are refused at once, naming
// the header and never echoing its value (it is usually a credential).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// Built on first use (src/lazy-schema.ts): most apps never pass these options.
function buildHttpSchemas() {
  const headersSchema = z.record(z.string(), z.string(), { error: "expected header names to string values, e.g. headers: { authorization: 'Bearer …' }" }).check(z.superRefine((headers, ctx) => {
      for (const [name, value] of Object.entries(headers)) {
        if (!TOKEN.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'not a valid header name (letters, digits and !#$%&\'*+.^_`|~-)' });
        else if (/[\r\n\0]/.test(value)) ctx.addIssue({ code: 'custom', path: [name], message: 'the value holds a line break or NUL; check how it is built (it is not shown here)' });
      }
    }));

  /** The http exporter's options, as `{ type: 'http', … }` in init and as httpExporter(…). */
  const httpOptionsShape = {
    /** The collector, e.g. 'https://collector.example.com/v1/costkit'. */
    url: z.string({ error: `expected the collector's URL, ${URL_EXAMPLE}` }).check(z.refine((value) => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value), { error: `expected an absolute http:// or https:// URL, ${URL_EXAMPLE}` })),
    /** Sent with every request, e.g. { authorization: `Bearer ${token}` }. Never shown in any output. */
    headers: z.optional(headersSchema),
    /**
     * A batch that could not be delivered (retries spent, a 4xx other than 408/429,
     * or a deadline) is appended here as JSON lines, in the event format, for
     * replay. Also where events still queued at process exit go. Mode 0600.
     */
    deadLetterPath: z.optional(filePath('deadLetterPath', './costkit-dead-letter.jsonl')),
    /** 'json' (default): a JSON array per request. 'ndjson': one event per line. */
    format: z.optional(z.enum(['json', 'ndjson'], { error: "expected 'json' (a JSON array per request, default) or 'ndjson' (one event per line)" })),
    /** Gzip request bodies larger than this many bytes (default 1024); false never compresses. */
    compressAboveBytes: z.optional(z.union([z.int().check(z.nonnegative()), z.literal(false)], { error: 'expected a byte count (gzip bodies larger than it) or false (never gzip), e.g. compressAboveBytes: 1024' })),
    /** One attempt's limit, connect to last byte of the answer (default 10 000). */
    timeoutMs: z.optional(whole('timeoutMs', 10_000)),
    /** Attempts after the first on 408, 429, 5xx and network errors (default 8), within the export's deadline. */
    maxRetries: z.optional(z.int({ error: 'expected a whole number >= 0, e.g. maxRetries: 8' }).check(z.nonnegative({ error: 'expected a whole number >= 0, e.g. maxRetries: 8' }))),
    /** First backoff delay (default 500); doubled per retry, with jitter. */
    retryBaseDelayMs: z.optional(whole('retryBaseDelayMs', 500)),
    /** Longest wait between attempts, Retry-After included (default 30 000). */
    retryMaxDelayMs: z.optional(whole('retryMaxDelayMs', 30_000)),
    /** Requests in flight at once, over kept-alive connections (default 2). */
    maxConcurrency: z.optional(whole('maxConcurrency', 2)),
    /** Allow plain http:// to a host other than this machine (a trusted private network). Default false. */
    allowInsecure: z.optional(z.boolean({ error: 'expected true or false' })),
  };

  const httpSpecSchema = z.strictObject({ type: z.literal('http'), ...httpOptionsShape }).check(z.superRefine(secureEnough));

  const httpFactorySchema = z.strictObject({
      ...httpOptionsShape,
      /** Waits between attempts; replace it to test retries without waiting. */
      sleep: z.optional(z.custom<(ms: number, signal?: AbortSignal, keepAlive?: boolean) => Promise<void>>((v) => typeof v === 'function', { error: 'expected a function (ms) => Promise<void>' })),
      /** Jitter source in [0, 1); Math.random by default. */
      random: z.optional(z.custom<() => number>((v) => typeof v === 'function', { error: 'expected a function returning a number in [0, 1)' })),
    }).check(z.superRefine(secureEnough));

  return { spec: httpSpecSchema, factory: httpFactorySchema };
}

const schemas = lazySchemas(buildHttpSchemas, ['spec', 'factory']);

export const httpSpecSchema = schemas.spec;
export const httpFactorySchema = schemas.factory;

export type HttpExporterOptions = z.input<typeof httpFactorySchema>;
