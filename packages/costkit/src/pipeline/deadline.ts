import { CostkitConfigError } from '../errors.js';

/** `flush()` and `shutdown()` settle within this unless told otherwise (contract section 5). */
export const DEFAULT_TIMEOUT_MS = 5_000;

export interface DeadlineOptions {
  /** Settle within this many milliseconds, whatever the exporters do (default 5000). */
  timeoutMs?: number;
}

/** The timeout asked for, checked: a bad value is a clear error, never a silent default. */
export function timeoutOf(options: DeadlineOptions | undefined, source: string): number {
  if (options === undefined || options === null) return DEFAULT_TIMEOUT_MS;
  if (typeof options !== 'object') {
    throw new CostkitConfigError([{ path: '', message: 'expected { timeoutMs } or nothing, e.g. { timeoutMs: 5000 }' }], source);
  }
  const { timeoutMs, ...rest } = options;
  const unknown = Object.keys(rest);
  if (unknown.length) {
    throw new CostkitConfigError([{ path: '', message: `unknown option(s) ${unknown.map((k) => `'${k}'`).join(', ')}; the only one is timeoutMs` }], source);
  }
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || timeoutMs > 2 ** 31 - 1) {
    throw new CostkitConfigError([{ path: 'timeoutMs', message: 'expected milliseconds, a number >= 0, e.g. timeoutMs: 5000' }], source);
  }
  return timeoutMs;
}

/**
 * A timer for a deadline. Referenced when someone awaits what it bounds (an
 * awaited flush must keep a short script alive until it settles); unref'd
 * otherwise, so background work never holds a process open.
 */
export function deadlineTimer(ms: number, keepAlive: boolean, onDeadline: () => void): () => void {
  const timer = setTimeout(onDeadline, Math.max(0, ms));
  if (!keepAlive) timer.unref();
  return () => clearTimeout(timer);
}

/** `work`, or nothing once `deadline` (Date.now() ms) passes; the wait keeps the process alive. */
export function settleBy(work: Promise<unknown>, deadline: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const cancel = deadlineTimer(deadline - Date.now(), true, resolve);
    work.then(
      () => {
        cancel();
        resolve();
      },
      () => {
        cancel();
        resolve();
      },
    );
  });
}
