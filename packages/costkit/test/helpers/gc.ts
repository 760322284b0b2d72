import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { vi, expect } from 'vitest';

/**
 * Collects garbage until `events()` has `count` events: how a test sees the event
 * of a stream the app dropped without reading it (costkit finishes such a call
 * from a FinalizationRegistry).
 */
export async function collectGarbageUntil(events: () => Promise<unknown[]>, count = 1): Promise<void> {
  const gc = exposeGc();
  await vi.waitFor(
    async () => {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      expect(await events()).toHaveLength(count);
    },
    { timeout: 5000, interval: 20 },
  );
}

/** V8's full collection, callable from a test (the worker runs without --expose-gc). */
export function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
