import type { CallRecord } from '../recorder.js';
import { reportInternalError } from '../diagnostics.js';
import { isAbortError } from './errors.js';

/**
 * Reads one streamed item as it passes. Returns false to hide the item from the
 * app (the usage-only chunk costkit asked for), true to pass it on untouched.
 */
export type ItemObserver = (item: unknown, record: CallRecord) => boolean;

// A stream the app never reads to the end still owes its event: when neither the
// stream nor any iterator of it is reachable any more, the call is finished as
// aborted with the usage seen so far.
const unfinished = new FinalizationRegistry<CallRecord>((record) => record.finish('aborted'));
const KEEPALIVE = Symbol('costkit.streamToken');

/**
 * Observes an SDK stream in place: the same object comes back to the app, with
 * its own methods (tee, toReadableStream, controller), only its source iterator
 * wrapped. Nothing is buffered; each item is looked at once and passed on.
 */
export function observeSdkStream(stream: unknown, record: CallRecord, observe: ItemObserver): void {
  const target = stream as { iterator?: unknown; controller?: { signal?: AbortSignal } } & Record<symbol, unknown>;
  const source = target?.iterator;
  if (typeof source !== 'function') {
    // Not the Stream shape this version of costkit knows; report the call without usage.
    record.finish('ok');
    return;
  }
  const token = {};
  target[KEEPALIVE] = token;
  unfinished.register(token, record, token);
  const controller = target.controller;
  target.iterator = function (this: unknown, ...args: unknown[]) {
    const inner = (source as (...a: unknown[]) => AsyncIterator<unknown>).apply(this, args);
    return observeIterator(inner, record, observe, controller?.signal, token);
  };
}

/**
 * Wraps an async iterator so that the record finishes exactly once: at the end
 * (ok, or aborted if the request's signal fired), on an error thrown while
 * reading, or when the app leaves early (`break` calls return()).
 */
export function observeIterator<T>(
  inner: AsyncIterator<T>,
  record: CallRecord,
  observe: ItemObserver,
  signal?: AbortSignal,
  token?: object,
): AsyncIterableIterator<T> {
  const settle = (status: 'ok' | 'aborted') => {
    record.finish(signal?.aborted ? 'aborted' : status);
    if (token) unfinished.unregister(token);
  };
  // `abortedBefore`: whether the signal had fired before the read that failed.
  // The SDKs' streams abort their own controller in a `finally` when a read
  // fails, so a signal that fired during the failing read says nothing.
  const fail = (error: unknown, abortedBefore: boolean) => {
    record.finish(isAbortError(error) || abortedBefore ? 'aborted' : 'error', error);
    if (token) unfinished.unregister(token);
  };
  const keep = (value: T): boolean => {
    try {
      return observe(value, record);
    } catch (error) {
      reportInternalError('stream observer', error);
      return true;
    }
  };
  // next() chains on the SDK's own promise instead of awaiting it: one promise
  // per chunk, not three, on the path of every streamed token.
  const read = (args: [] | [unknown]): Promise<IteratorResult<T>> => {
    const abortedBefore = signal?.aborted === true;
    return inner.next(...args).then(
      (result) => {
        if (result.done) {
          settle('ok');
          return result;
        }
        return keep(result.value) ? result : read([]);
      },
      (error: unknown) => {
        fail(error, abortedBefore);
        throw error;
      },
    );
  };
  const iterator: AsyncIterableIterator<T> & { [KEEPALIVE]?: object } = {
    next(...args: [] | [unknown]) {
      return read(args);
    },
    async return(value?: unknown) {
      try {
        return inner.return ? await inner.return(value) : { done: true as const, value: value as T };
      } finally {
        settle('aborted');
      }
    },
    async throw(error?: unknown) {
      fail(error, signal?.aborted === true);
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  if (token) iterator[KEEPALIVE] = token;
  return iterator;
}
