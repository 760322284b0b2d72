import type { CallRecord } from '../../recorder.js';
import { observeIterator, settleWhenCollected, type ItemObserver } from '../../instrument/settle.js';

// Keeps the stream's watch token alive exactly as long as the stream or any
// iterator of it is reachable.
const KEEPALIVE = Symbol('costkit.streamToken');

/**
 * Observes a Stainless `Stream` in place: the same object comes back to the
 * app, with its own methods (tee, toReadableStream, controller), only its
 * source iterator wrapped. Nothing is buffered; each item is looked at once
 * and passed on. A stream the app drops unread settles as aborted once it
 * is garbage.
 */
export function observeSdkStream(stream: unknown, record: CallRecord, observe: ItemObserver): void {
  const target = stream as { iterator?: unknown; controller?: { signal?: AbortSignal } } & Record<symbol, unknown>;
  const source = target?.iterator;
  if (typeof source !== 'function') {
    // Not the Stream shape this version of costkit knows; report the call without usage.
    record.succeed();
    return;
  }
  const token = {};
  target[KEEPALIVE] = token;
  settleWhenCollected(token, record, token);
  const signal = target.controller?.signal;
  target.iterator = function (this: unknown, ...args: unknown[]) {
    const inner = (source as (...a: unknown[]) => AsyncIterator<unknown>).apply(this, args);
    const observed = observeIterator(inner, record, observe, signal, token) as AsyncIterableIterator<unknown> & Record<symbol, unknown>;
    observed[KEEPALIVE] = token;
    return observed;
  };
}

/** The Stainless Stream shape: an `iterator` factory and a `controller`. */
export function isSdkStream(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { iterator?: unknown }).iterator === 'function' && 'controller' in value;
}
