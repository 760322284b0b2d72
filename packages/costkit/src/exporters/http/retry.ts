/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.max(0, Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The wait before retry number `retry` (1 for the first): Retry-After when the
 * collector sent one, else exponential with "equal jitter": at least half the
 * ceiling, so the retries of a batch still span a minimum time (an outage shorter
 * than it loses nothing).
 */
export function backoff(retry: number, retryAfterMs: number | undefined, o: { retryBaseDelayMs: number; retryMaxDelayMs: number }, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, o.retryMaxDelayMs);
  const ceiling = Math.min(o.retryMaxDelayMs, o.retryBaseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Waits `ms`, or less when `signal` aborts (a deadline passed, or shutdown): a
 * retry schedule never outlives the export that owns it. Under the pipeline the
 * timer is unref'd (nobody awaits a batch in the background; an awaited flush or
 * shutdown holds the process, with its own deadline); called directly (a replay
 * script awaiting export()), it keeps the process alive like any awaited wait.
 */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, keepAlive: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (!keepAlive) timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
