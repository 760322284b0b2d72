import type http from 'node:http';
import type zlib from 'node:zlib';
import { promisify } from 'node:util';
import { nodeBuiltin } from '../../node-builtin.js';
import type { CostkitEvent } from '../../event.js';
import { warnOnce } from '../../diagnostics.js';
import { describeCause, type ExportContext, type Exporter, type ExportResult } from '../types.js';
import { appendOnce, appendOnceSync } from '../jsonl.js';
import { toJsonLines, type JsonLines } from '../serialize.js';
import { parseFactoryOptions } from '../options.js';
import { httpFactorySchema, type HttpExporterOptions } from './options.js';
import { attempt, AttemptError, type AttemptSettings, type Payload } from './request.js';
import { abortableSleep, backoff } from './retry.js';
import { redactUrl } from './redact.js';
import { definedOnly } from '../../defaults.js';

export type { HttpExporterOptions } from './options.js';
export { parseRetryAfter } from './retry.js';
export { redactUrl } from './redact.js';

let gzipAsync: ((data: Buffer) => Promise<Buffer>) | undefined;

/** node:zlib is loaded with the first batch big enough to compress. */
function gzip(data: Buffer): Promise<Buffer> {
  gzipAsync ??= promisify(nodeBuiltin<typeof zlib>('node:zlib').gzip) as (data: Buffer) => Promise<Buffer>;
  return gzipAsync(data);
}

const DEFAULTS = {
  format: 'json' as const,
  compressAboveBytes: 1024 as number | false,
  timeoutMs: 10_000,
  maxRetries: 8,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  maxConcurrency: 2,
};

/**
 * POSTs each batch to a collector. Retries with exponential backoff and jitter on
 * 408, 429, 5xx and network errors, honouring Retry-After, within the export's
 * deadline; never retries another 4xx (reported once). Undeliverable batches go to
 * `deadLetterPath`. Requests use node:http with a keep-alive agent, not fetch or a
 * provider SDK, so they are never recorded as LLM calls. No output (error, warning,
 * loss report) ever shows the URL's credentials or a header's value.
 */
export function httpExporter(options: HttpExporterOptions): Exporter {
  const { sleep: sleepOption, random: randomOption, headers: given, ...rest } = parseFactoryOptions(httpFactorySchema, options, 'http', 'httpExporter');
  const o = { ...DEFAULTS, ...definedOnly(rest) };
  const url = new URL(rest.url);
  const shown = redactUrl(url);
  // Loaded here, by the app's first HTTP exporter, not at costkit's import.
  const transport = nodeBuiltin<typeof http>(url.protocol === 'https:' ? 'node:https' : 'node:http');
  // Idle kept-alive sockets are unref'd by the agent, so they never hold the process open.
  const agent = new transport.Agent({ keepAlive: true, maxSockets: o.maxConcurrency });
  const sleep = sleepOption ?? ((ms: number, signal: AbortSignal, keepAlive: boolean) => abortableSleep(ms, signal, keepAlive));
  const random = randomOption ?? Math.random;
  const settings: AttemptSettings = {
    transport,
    agent,
    url,
    shown,
    timeoutMs: o.timeoutMs,
    headers: {
      'content-type': o.format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
      'user-agent': 'costkit-http-exporter',
      ...lowerKeys(given ?? {}),
    },
  };
  const counters = { sent: 0, requests: 0, retries: 0 };
  /** Aborted by shutdown(): every export stops retrying at once. */
  const closing = new AbortController();

  async function body(lines: JsonLines): Promise<Payload> {
    // A JSON array is the same lines joined by commas: serialize once either way.
    const data = o.format === 'ndjson' ? lines.data : Buffer.concat([Buffer.from('['), replaceNewlines(lines.data), Buffer.from(']')]);
    if (o.compressAboveBytes !== false && data.length > o.compressAboveBytes) return { data: await gzip(data), gzipped: true };
    return { data, gzipped: false };
  }

  /** Where an undeliverable batch goes: the dead-letter file, or counted as lost. */
  async function undeliverable(lines: JsonLines, why: string): Promise<ExportResult> {
    const skipped = lines.skipped;
    if (!o.deadLetterPath) return withSkipped({ delivered: 0, failed: { count: lines.count, reason: `${why}; set deadLetterPath to keep such batches` } }, skipped);
    try {
      await appendOnce(o.deadLetterPath, lines.data);
    } catch (error) {
      return withSkipped({ delivered: 0, failed: { count: lines.count, reason: `${why}, and the dead-letter file ${o.deadLetterPath} could not be written (${describeCause(error)})` } }, skipped);
    }
    return withSkipped({ delivered: 0, deadLettered: { count: lines.count, path: o.deadLetterPath } }, skipped);
  }

  async function exportBatch(events: readonly CostkitEvent[], context?: ExportContext): Promise<ExportResult> {
    const lines = toJsonLines(events);
    if (lines.count === 0) return withSkipped({ delivered: 0 }, lines.skipped);
    const { signal, dispose } = either(context?.signal ?? closing.signal, closing.signal);
    try {
      return await deliver(lines, signal, context);
    } finally {
      dispose();
    }
  }

  /** Stopped: by the pipeline (which has taken the batch over), or by shutdown() (then it is ours to keep). */
  function stopped(lines: JsonLines, context: ExportContext | undefined): Promise<ExportResult> {
    if (context?.signal.aborted) return Promise.resolve({ delivered: 0, failed: { count: lines.count, reason: 'abandoned at a deadline' } });
    return undeliverable(lines, 'the exporter was shut down before the batch was delivered');
  }

  async function deliver(lines: JsonLines, signal: AbortSignal, context: ExportContext | undefined): Promise<ExportResult> {
    const deadline = context?.deadline;
    const payload = await body(lines);
    for (let retry = 0; ; retry++) {
      counters.requests++;
      try {
        await attempt(settings, payload, signal);
        counters.sent += lines.count;
        return withSkipped({ delivered: lines.count }, lines.skipped);
      } catch (error) {
        if (signal.aborted) return stopped(lines, context);
        const failure = error instanceof AttemptError ? error : new AttemptError(describeCause(error), true);
        if (!failure.retryable) {
          warnOnce(
            `http-exporter:${shown}:${failure.status}`,
            `costkit: the http exporter's collector ${failure.message}; batches are not retried on this status` +
              (o.deadLetterPath ? ` and go to ${o.deadLetterPath}` : ' and are lost (set deadLetterPath to keep them)') +
              `. Check the exporter's url and headers (authorization).`,
          );
          return undeliverable(lines, failure.message);
        }
        const wait = backoff(retry + 1, failure.retryAfterMs, o, random);
        // A retry that could not start before the deadline is not waited for.
        const tooLate = deadline !== undefined && Date.now() + wait >= deadline;
        if (retry >= o.maxRetries || tooLate) {
          return undeliverable(lines, `gave up after ${retry + 1} attempt${retry ? 's' : ''}${tooLate && retry < o.maxRetries ? ' (the export deadline left no time for another)' : ''}: ${failure.message}`);
        }
        counters.retries++;
        // Awaited by its caller when called directly (no pipeline context): then the wait holds the process.
        await sleep(wait, signal, context === undefined);
        if (signal.aborted) return stopped(lines, context);
      }
    }
  }

  return {
    name: 'http',
    maxConcurrency: o.maxConcurrency,
    export: exportBatch,
    ...(o.deadLetterPath
      ? {
          exportSync(events: readonly CostkitEvent[]): ExportResult {
            // No synchronous HTTP in Node: at exit, at a deadline or for a blocking
            // full queue, the batch goes to the dead-letter file, to be replayed.
            const lines = toJsonLines(events);
            appendOnceSync(o.deadLetterPath!, lines.data);
            return withSkipped({ delivered: 0, deadLettered: { count: lines.count, path: o.deadLetterPath! } }, lines.skipped);
          },
        }
      : {}),
    async shutdown() {
      closing.abort();
      agent.destroy();
    },
    stats: () => ({ ...counters }),
  };
}

function withSkipped(result: ExportResult, skipped: JsonLines['skipped']): ExportResult {
  if (!skipped) return result;
  const failed = result.failed ? { count: result.failed.count + skipped.count, reason: `${result.failed.reason}; ${skipped.reason}` } : skipped;
  return { ...result, failed };
}

/** A signal aborted when either is, and how to stop listening (AbortSignal.any arrived in Node 20.3, and keeps its listeners). */
function either(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  const dispose = () => {
    a.removeEventListener('abort', abort);
    b.removeEventListener('abort', abort);
  };
  return { signal: controller.signal, dispose };
}

/** JSON lines to the inside of a JSON array, in a copy: each '\n' but the last becomes ','. */
function replaceNewlines(lines: Buffer): Buffer {
  // A copy: the lines themselves may still go to the dead-letter file.
  const out = Buffer.from(lines.subarray(0, Math.max(0, lines.length - 1)));
  // JSON escapes newlines inside strings, so every raw 0x0a is a separator.
  for (let i = out.indexOf(10); i !== -1; i = out.indexOf(10, i + 1)) out[i] = 44;
  return out;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
