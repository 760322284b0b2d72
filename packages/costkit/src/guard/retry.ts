import { newId } from '../ids.js';
import { CostkitError, RetryCapExceededError } from '../errors.js';
import { isAbortError } from '../instrument/errors.js';
import { retryStorage } from './retry-group.js';

export interface RetryCapOptions {
  /** Attempts in all, the first included (1 = never retry). Required: a loop without a cap is the bug this prevents. */
  maxAttempts: number;
  /** Backoff before the second attempt, doubled for each later one (before jitter). Default 500. */
  baseDelayMs?: number;
  /** No single wait is longer; a provider asking for more (Retry-After) ends the loop. Default 30000. */
  maxDelayMs?: number;
  /**
   * Whether a failed attempt is worth another. Default: everything except
   * 400, 401, 403, 404, 413 and 422 responses (and `x-should-retry: false`).
   * Aborts and costkit's own refusals (CostkitError) are never retried, whatever this says.
   */
  retryOn?: (error: unknown, attempt: number) => boolean;
  /** Stops the loop: no new attempt starts and a pending wait ends, with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log. */
  onRetry?: (retry: { attempt: number; delayMs: number; error: unknown; retryGroup: string }) => void;
  /** How to wait (tests inject a fake clock). Default: setTimeout, cancelled by `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the jitter (tests inject a fixed one). Default Math.random. */
  random?: () => number;
}

/** What each attempt is given: pass `signal` on to the SDK call so an abort stops it too. */
export interface RetryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  /** Shared by the events of every provider call this loop makes. */
  retryGroup: string;
  signal: AbortSignal | undefined;
}

const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
/** Requests that will fail the same way however often they are sent. */
const NON_RETRYABLE_STATUS = new Set([400, 401, 403, 404, 413, 422]);
/** Errors an SDK raises about the request itself, before or without a status. */
const NON_RETRYABLE_NAMES = new Set(['GoogleGenerativeAIRequestInputError']);

/**
 * Runs `fn` (a provider call, and whatever the app does with its answer, such
 * as parsing it) until it succeeds, at most `maxAttempts` times. Between
 * attempts it waits an exponential backoff with full jitter, or what the
 * provider asked for (Retry-After, retry-after-ms, Gemini's RetryInfo). A
 * non-retryable error, an abort, or a costkit refusal is thrown as is, at
 * once; when the attempts run out it throws RetryCapExceededError with the
 * last error as `cause`. Every provider call made inside carries the loop's
 * `retryGroup` and its `retryAttempt` on its event.
 */
export async function withRetryCap<T>(fn: (attempt: RetryAttempt) => T | PromiseLike<T>, options: RetryCapOptions): Promise<T> {
  if (typeof fn !== 'function') throw new TypeError('withRetryCap: the first argument must be the function to retry');
  const o = validate(options);
  const retryGroup = newId();
  const storage = retryStorage();
  for (let attempt = 1; ; attempt++) {
    if (o.signal?.aborted) throw abortReason(o.signal);
    let error: unknown;
    try {
      return await storage.run({ retryGroup, attempt }, () => fn({ attempt, retryGroup, signal: o.signal }));
    } catch (caught) {
      error = caught;
    }
    if (o.signal?.aborted || !isRetryable(error, attempt, o.retryOn)) throw error;
    if (attempt >= o.maxAttempts) throw new RetryCapExceededError(attempt, retryGroup, error);
    const asked = retryAfterMs(error);
    if (asked !== undefined && asked > o.maxDelayMs) {
      throw new RetryCapExceededError(attempt, retryGroup, error, `the provider asked to wait ${Math.round(asked)} ms, longer than maxDelayMs: ${o.maxDelayMs}`);
    }
    const delayMs = asked ?? backoffMs(attempt, o.baseDelayMs, o.maxDelayMs, o.random);
    o.onRetry?.({ attempt, delayMs, error, retryGroup });
    await o.sleep(delayMs, o.signal);
  }
}

/** Full jitter: a uniform wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}

/** The default retry policy (what `retryOn` replaces), after the rules nothing overrides. */
export function isRetryable(error: unknown, attempt: number, retryOn?: (error: unknown, attempt: number) => boolean): boolean {
  if (error instanceof CostkitError || isAbortError(error)) return false;
  // An abort error re-thrown by app code may keep only its name.
  if (error instanceof Error && error.name.endsWith('AbortError')) return false;
  if (retryOn) return retryOn(error, attempt);
  if (error instanceof Error && (NON_RETRYABLE_NAMES.has(error.name) || NON_RETRYABLE_NAMES.has(error.constructor?.name))) return false;
  const shouldRetry = header((error as { headers?: unknown } | null)?.headers, 'x-should-retry');
  if (shouldRetry === 'false') return false;
  if (shouldRetry === 'true') return true;
  const status = (error as { status?: unknown } | null)?.status;
  return !(typeof status === 'number' && NON_RETRYABLE_STATUS.has(status));
}

/**
 * How long the provider asked the caller to wait, in ms, from an SDK error:
 * `retry-after-ms` / `retry-after` (seconds or an HTTP date) response headers
 * on OpenAI and Anthropic errors (a Headers object, or a plain record in
 * openai 4.x), or a `google.rpc.RetryInfo` detail on Gemini errors
 * (`errorDetails` in @google/generative-ai, the JSON message in @google/genai).
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const headers = (error as { headers?: unknown }).headers;
  const ms = Number.parseFloat(header(headers, 'retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = header(headers, 'retry-after');
  if (after !== undefined && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return googleRetryDelayMs(error);
}

function googleRetryDelayMs(error: object): number | undefined {
  let details = (error as { errorDetails?: unknown }).errorDetails;
  if (!Array.isArray(details)) {
    const message = (error as { message?: unknown }).message;
    if (typeof message !== 'string' || !message.startsWith('{') || !message.includes('RetryInfo')) return undefined;
    try {
      details = (JSON.parse(message) as { error?: { details?: unknown } }).error?.details;
    } catch {
      return undefined;
    }
    if (!Array.isArray(details)) return undefined;
  }
  for (const detail of details as Array<Record<string, unknown> | null>) {
    if (typeof detail?.['@type'] !== 'string' || !detail['@type'].endsWith('google.rpc.RetryInfo')) continue;
    return durationMs(detail.retryDelay);
  }
  return undefined;
}

/** A protobuf Duration as JSON (`"37s"`, `"1.5s"`) or as an object (`{ seconds, nanos }`). */
function durationMs(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return match ? Number(match[1]) * 1000 : undefined;
  }
  if (value && typeof value === 'object') {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const s = Number(seconds ?? 0);
    const n = Number(nanos ?? 0);
    return Number.isFinite(s) && Number.isFinite(n) ? s * 1000 + n / 1e6 : undefined;
  }
  return undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

interface ResolvedOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryOn: RetryCapOptions['retryOn'];
  signal: AbortSignal | undefined;
  onRetry: RetryCapOptions['onRetry'];
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

function validate(options: RetryCapOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') {
    throw new TypeError('withRetryCap: options are required, e.g. withRetryCap(fn, { maxAttempts: 3 }); an uncapped retry loop is what this prevents');
  }
  const { maxAttempts, baseDelayMs = DEFAULT_BASE_DELAY_MS, maxDelayMs = DEFAULT_MAX_DELAY_MS } = options;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`withRetryCap: maxAttempts must be a whole number >= 1 (the first attempt included); got ${String(maxAttempts)}`);
  }
  for (const [name, value] of [['baseDelayMs', baseDelayMs], ['maxDelayMs', maxDelayMs]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`withRetryCap: ${name} must be a finite number of milliseconds >= 0; got ${String(value)}`);
    }
  }
  for (const name of ['retryOn', 'onRetry', 'sleep', 'random'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new TypeError(`withRetryCap: ${name} must be a function`);
  }
  return {
    maxAttempts,
    baseDelayMs,
    maxDelayMs,
    retryOn: options.retryOn,
    signal: options.signal,
    onRetry: options.onRetry,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    // Not unref'd: the app is waiting for this retry.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
