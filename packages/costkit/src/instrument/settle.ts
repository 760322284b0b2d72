import type { CallRecord } from '../recorder.js';
import { reportInternalError } from '../diagnostics.js';

/**
 * How an instrumented call ends, whatever the SDK returns: a promise that
 * settles, an async iterator read to its end (or left early, or failing), or
 * a stream the app drops unread. Each kind settles the record in one place
 * here; providers only say what each value or item means (their observers).
 */

/**
 * Reads one streamed item as it passes. Returns false to hide the item from the
 * app (the usage-only chunk costkit asked for), true to pass it on untouched.
 */
export type ItemObserver = (item: unknown, record: CallRecord) => boolean;

// A stream the app never reads to the end still owes its event: when nothing
// that could read it is reachable any more, the call is finished as aborted
// with the usage seen so far.
const unread = new FinalizationRegistry<CallRecord>((record) => record.abandon());

/** Finishes the call as aborted, with the usage seen so far, once `holder` is garbage (unless it settles first). */
export function settleWhenCollected(holder: object, record: CallRecord, token: object = holder): void {
  if (!record.isFinished) unread.register(holder, record, token);
}

function stopWatching(token: object): void {
  unread.unregister(token);
}

/**
 * Watches a promise the SDK returns without changing it: the app gets the same
 * promise, settled the same way. `onValue` reads the value and settles the
 * record (or hands it to a stream observer); a rejection is `error`, or
 * `aborted` for an abort (the error's kind, or the request's signal).
 */
export function settleOnPromise<T>(promise: unknown, record: CallRecord, onValue: (value: T) => void, signal?: AbortSignal): void {
  if (!promise || typeof (promise as PromiseLike<T>).then !== 'function') {
    record.succeed();
    return;
  }
  (promise as PromiseLike<T>).then(
    (value) => {
      try {
        onValue(value);
      } catch (error) {
        reportInternalError('response observer', error);
        record.succeed();
      }
    },
    (error: unknown) => record.fail(error, signal?.aborted === true),
  );
}

/**
 * Wraps an async iterator so that the record settles exactly once: at the end
 * (ok, or aborted if the request's signal fired), on an error thrown while
 * reading, or when the app leaves early (`break` calls return()). Nothing is
 * buffered or read ahead; each item is observed once as the app reads it.
 */
export function observeIterator<T>(inner: AsyncIterator<T>, record: CallRecord, observe: ItemObserver, signal?: AbortSignal, token?: object): AsyncIterableIterator<T> {
  const done = () => {
    if (signal?.aborted) record.abandon();
    else record.succeed();
    if (token) stopWatching(token);
  };
  // `abortedBefore`: whether the signal had fired before the read that failed.
  // The SDKs' streams abort their own controller in a `finally` when a read
  // fails, so a signal that fired during the failing read says nothing.
  const fail = (error: unknown, abortedBefore: boolean) => {
    record.fail(error, abortedBefore);
    if (token) stopWatching(token);
  };
  const keep = (value: T): boolean => {
    try {
      return observe(value, record);
    } catch (error) {
      reportInternalError('stream observer', error);
      return true;
    }
  };
  // next() chains on the SDK's own promise instead of awaiting it, with handlers
  // made once per stream: one promise per chunk and nothing else, on the path of
  // every streamed token. Reads are sequential (for await, or the SDK's helpers),
  // so one flag says whether the signal had fired when the current read began.
  let abortedBeforeRead = false;
  const onResult = (result: IteratorResult<T>): IteratorResult<T> | Promise<IteratorResult<T>> => {
    if (result.done) {
      done();
      return result;
    }
    return keep(result.value) ? result : read();
  };
  const onError = (error: unknown): never => {
    fail(error, abortedBeforeRead);
    throw error;
  };
  // A value passed to next() goes to the SDK's iterator; none when none was. Told
  // apart by value, not arguments.length (an arguments object per chunk): a
  // generator's next() cannot tell next() from next(undefined).
  const read = (value?: unknown): Promise<IteratorResult<T>> => {
    abortedBeforeRead = signal?.aborted === true;
    return (value === undefined ? inner.next() : inner.next(value)).then(onResult, onError);
  };
  return {
    next: read,
    async return(value?: unknown) {
      try {
        return inner.return ? await inner.return(value) : { done: true as const, value: value as T };
      } finally {
        record.abandon();
        if (token) stopWatching(token);
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
}

type Generator = AsyncIterator<unknown> & Record<PropertyKey, unknown>;

/**
 * Observes an async generator in place: the app gets the same object (its
 * prototype, `Symbol.asyncIterator`, any helper the SDK added), only `next` /
 * `return` / `throw` pass through costkit on the way. `collectable: false`
 * when something else always settles the call (an aggregate promise the SDK
 * fills whether or not the generator is read).
 */
export function observeGenerator(generator: unknown, record: CallRecord, observe: ItemObserver, signal?: AbortSignal, collectable = true): void {
  const gen = generator as Generator | undefined;
  if (!gen || typeof gen.next !== 'function') {
    record.succeed();
    return;
  }
  const inner: AsyncIterator<unknown> = {
    next: (gen.next as AsyncIterator<unknown>['next']).bind(gen),
    return: typeof gen.return === 'function' ? (gen.return as NonNullable<AsyncIterator<unknown>['return']>).bind(gen) : undefined,
    throw: typeof gen.throw === 'function' ? (gen.throw as NonNullable<AsyncIterator<unknown>['throw']>).bind(gen) : undefined,
  };
  const observed = observeIterator(inner, record, observe, signal);
  gen.next = observed.next;
  gen.return = observed.return;
  gen.throw = observed.throw;
  if (collectable) settleWhenCollected(gen, record);
}
