import type { CallRecord } from '../../recorder.js';
import { reportInternalError } from '../../diagnostics.js';
import { isAbortError } from '../../instrument/errors.js';
import { observeIterator, type ItemObserver } from '../../instrument/stream.js';

// A stream the app drops without reading to the end still owes its event:
// finished as aborted, with the usage seen so far, once the generator is gone.
const unread = new FinalizationRegistry<CallRecord>((record) => record.finish('aborted'));

type Generator = AsyncIterator<unknown> & Record<PropertyKey, unknown>;

/**
 * Observes the async generator a Google SDK returns for a stream, in place: the
 * app gets the same object (its prototype, `Symbol.asyncIterator`, any helper
 * the SDK added), only `next` / `return` / `throw` pass through costkit on the
 * way. Nothing is buffered or read ahead: a chunk is seen when the app reads
 * it, and `break` finishes the call as aborted with the usage seen so far.
 * `watchUnread: false` when something else always settles the call (an
 * aggregate promise the SDK fills whether or not the generator is read).
 */
export function observeGenerator(generator: unknown, record: CallRecord, observe: ItemObserver, signal?: AbortSignal, watchUnread = true): void {
  const gen = generator as Generator | undefined;
  if (!gen || typeof gen.next !== 'function') {
    record.finish('ok');
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
  if (watchUnread) unread.register(gen, record);
}

/** Finishes the call as aborted, with the usage seen so far, once `generator` is garbage. */
export function watchUnread(generator: object, record: CallRecord): void {
  if (!record.isFinished) unread.register(generator, record);
}

/**
 * Watches a promise the SDK returns without changing it: the app gets the same
 * promise, settled the same way. An abort (the request's signal, or an abort
 * error) is `aborted`, any other rejection `error`.
 */
export function observeSettled<T>(promise: unknown, record: CallRecord, onValue: (value: T) => void, signal?: AbortSignal): void {
  if (!promise || typeof (promise as PromiseLike<T>).then !== 'function') {
    record.finish('ok');
    return;
  }
  (promise as PromiseLike<T>).then(
    (value) => {
      try {
        onValue(value);
      } catch (error) {
        reportInternalError('google response observer', error);
        record.finish('ok');
      }
    },
    (error: unknown) => record.finish(isAbortError(error) || signal?.aborted ? 'aborted' : 'error', error),
  );
}
