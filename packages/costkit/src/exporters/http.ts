import http from 'node:http';
import https from 'node:https';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { CostkitEvent } from '../event.js';
import { warnOnce } from '../diagnostics.js';
import { DeadLetteredError, describeCause, type Exporter } from './types.js';
import { appendOnce, appendOnceSync, toJsonLines } from './jsonl.js';

const gzipAsync = promisify(gzip);

export interface HttpExporterOptions {
  /** The collector, e.g. 'https://collector.example.com/v1/costkit'. */
  url: string;
  /** Sent with every request, e.g. { authorization: `Bearer ${token}` }. */
  headers?: Record<string, string>;
  /**
   * A batch that could not be delivered (retries spent, or a 4xx other than 408/429)
   * is appended here as JSON lines, in the event format, for replay. Also where
   * events still queued at process exit go.
   */
  deadLetterPath?: string;
  /** 'json' (default): a JSON array per request. 'ndjson': one event per line. */
  format?: 'json' | 'ndjson';
  /** Gzip request bodies larger than this many bytes (default 1024); false never compresses. */
  compressAboveBytes?: number | false;
  /** One attempt's limit, connect to last byte of the answer (default 10 000). */
  timeoutMs?: number;
  /** Attempts after the first on 408, 429, 5xx and network errors (default 8, about 50 s of backoff at least). */
  maxRetries?: number;
  /** First backoff delay (default 500); doubled per retry, with jitter. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included (default 30 000). */
  retryMaxDelayMs?: number;
  /** Requests in flight at once, over kept-alive connections (default 2). */
  maxConcurrency?: number;
  /** Waits between attempts; replace it to test retries without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); Math.random by default. */
  random?: () => number;
}

/** Why one attempt failed, and whether another may succeed. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

const DEFAULTS = {
  format: 'json' as const,
  compressAboveBytes: 1024,
  timeoutMs: 10_000,
  maxRetries: 8,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  maxConcurrency: 2,
};

/**
 * POSTs each batch to a collector. Retries with exponential backoff and jitter on
 * 408, 429, 5xx and network errors, honouring Retry-After; never retries another
 * 4xx (reported once). Undeliverable batches go to `deadLetterPath`. Requests use
 * node:http with a keep-alive agent, not fetch or a provider SDK, so they are never
 * recorded as LLM calls.
 */
export function httpExporter(options: HttpExporterOptions): Exporter {
  const url = parseUrl(options.url);
  const o = { ...DEFAULTS, ...definedOnly(options) };
  const transport = url.protocol === 'https:' ? https : http;
  // Idle kept-alive sockets are unref'd by the agent, so they never hold the process open.
  const agent = new transport.Agent({ keepAlive: true, maxSockets: o.maxConcurrency });
  const sleep = options.sleep ?? unrefSleep;
  const random = options.random ?? Math.random;
  const headers: Record<string, string> = {
    'content-type': o.format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
    'user-agent': 'costkit-http-exporter',
    ...lowerKeys(options.headers ?? {}),
  };
  const counters = { sent: 0, requests: 0, retries: 0 };

  async function body(events: readonly CostkitEvent[]): Promise<{ data: Buffer; gzipped: boolean }> {
    const lines = toJsonLines(events);
    // A JSON array is the same lines joined by commas: serialize once either way.
    const data = o.format === 'ndjson' ? lines : Buffer.concat([Buffer.from('['), replaceNewlines(lines), Buffer.from(']')]);
    if (o.compressAboveBytes !== false && data.length > o.compressAboveBytes) return { data: await gzipAsync(data), gzipped: true };
    return { data, gzipped: false };
  }

  function attempt(payload: { data: Buffer; gzipped: boolean }): Promise<void> {
    counters.requests++;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            ...headers,
            'content-length': String(payload.data.length),
            ...(payload.gzipped ? { 'content-encoding': 'gzip' } : {}),
          },
          timeout: o.timeoutMs,
        },
        (response) => {
          // Read the answer to its end so the connection goes back to the pool.
          response.resume();
          response.on('error', (error) => reject(new AttemptError(`network error reading the answer: ${error.message}`, true)));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve();
            const retryable = status === 408 || status === 429 || status >= 500;
            const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
            reject(new AttemptError(`${options.url} answered ${status} ${response.statusMessage ?? ''}`.trim(), retryable, retryAfterMs, status));
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within timeoutMs (${o.timeoutMs} ms)`)));
      request.on('error', (error) => reject(new AttemptError(`network error: ${error.message}`, true)));
      request.end(payload.data);
    });
  }

  function backoff(retry: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, o.retryMaxDelayMs);
    const ceiling = Math.min(o.retryMaxDelayMs, o.retryBaseDelayMs * 2 ** (retry - 1));
    // "Equal jitter": at least half the ceiling, so the retries of a batch still
    // span a minimum time (an outage shorter than it loses nothing).
    return ceiling / 2 + random() * (ceiling / 2);
  }

  async function deadLetter(events: readonly CostkitEvent[], cause: unknown): Promise<never> {
    if (!o.deadLetterPath) throw cause;
    try {
      await appendOnce(o.deadLetterPath, toJsonLines(events));
    } catch (error) {
      throw new Error(`could not deliver (${describeCause(cause)}) nor write the dead-letter file ${o.deadLetterPath} (${describeCause(error)})`, { cause });
    }
    throw new DeadLetteredError(events.length, o.deadLetterPath, { cause });
  }

  return {
    name: 'http',
    maxConcurrency: o.maxConcurrency,
    async export(events) {
      if (events.length === 0) return;
      const payload = await body(events);
      for (let retry = 0; ; retry++) {
        try {
          await attempt(payload);
          counters.sent += events.length;
          return;
        } catch (error) {
          const failure = error instanceof AttemptError ? error : new AttemptError(describeCause(error), true);
          if (!failure.retryable) {
            warnOnce(
              `http-exporter:${options.url}:${failure.status}`,
              `costkit: the http exporter's collector ${failure.message}; batches are not retried on this status` +
                (o.deadLetterPath ? ` and go to ${o.deadLetterPath}` : ' and are lost (set deadLetterPath to keep them)') +
                `. Check the exporter's url and headers (authorization).`,
            );
            return deadLetter(events, failure);
          }
          if (retry >= o.maxRetries) return deadLetter(events, new Error(`gave up after ${retry + 1} attempts: ${failure.message}`));
          counters.retries++;
          await sleep(backoff(retry + 1, failure.retryAfterMs));
        }
      }
    },
    ...(o.deadLetterPath
      ? {
          exportSync(events: readonly CostkitEvent[]) {
            // No synchronous HTTP in Node: at exit (or a blocking full queue) the
            // batch goes to the dead-letter file, to be replayed.
            appendOnceSync(o.deadLetterPath!, toJsonLines(events));
            throw new DeadLetteredError(events.length, o.deadLetterPath!);
          },
        }
      : {}),
    async shutdown() {
      agent.destroy();
    },
    stats: () => ({ ...counters }),
  };
}

function parseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`httpExporter: 'url' must be an absolute http:// or https:// URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`httpExporter: 'url' must use http: or https:, got ${url.protocol}`);
  }
  return url;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.max(0, Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function unrefSleep(ms: number): Promise<void> {
  // Unref'd: a batch waiting to retry does not keep a finished process alive; the
  // exit hook writes it to the dead-letter file instead.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** JSON lines to the inside of a JSON array: each '\n' but the last becomes ','. */
function replaceNewlines(lines: Buffer): Buffer {
  const out = lines.subarray(0, Math.max(0, lines.length - 1));
  // JSON.stringify escapes newlines inside strings, so every raw 0x0a is a separator.
  for (let i = out.indexOf(10); i !== -1; i = out.indexOf(10, i + 1)) out[i] = 44;
  return out;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
