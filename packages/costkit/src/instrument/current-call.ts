import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallRecord } from '../recorder.js';

/**
 * The call in flight on this async path. The SDKs retry inside one method call;
 * the transport patch reads this to count attempts and see each response.
 */
const calls = new AsyncLocalStorage<CallRecord>();

export function runInCall<T>(record: CallRecord, fn: () => T): T {
  return calls.run(record, fn);
}

export function currentCall(): CallRecord | undefined {
  return calls.getStore();
}
