import { AsyncLocalStorage } from 'node:async_hooks';

/** One attempt of a `withRetryCap` loop: every provider call it makes carries these on its event. */
export interface RetryAttemptScope {
  readonly retryGroup: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

// One store per process: `withRetryCap` comes from the `costkit/guard` bundle,
// the call path that reads it from the `costkit` bundle (ESM and CJS builds each
// carry their own copy), so the store is kept on globalThis, not in a module.
const STORE = Symbol.for('costkit.retryGroup');
type Holder = { [STORE]?: AsyncLocalStorage<RetryAttemptScope> };

export function retryStorage(): AsyncLocalStorage<RetryAttemptScope> {
  return ((globalThis as Holder)[STORE] ??= new AsyncLocalStorage());
}

/** The capped-retry attempt on this async path; undefined (and free) when withRetryCap was never used. */
export function currentRetryAttempt(): RetryAttemptScope | undefined {
  return (globalThis as Holder)[STORE]?.getStore();
}
