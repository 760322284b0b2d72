/**
 * Work that will finish a call soon but is not on the app's promise chain (reading
 * a cloned body after `.asResponse()`). `flush()` waits for it, so "every event
 * recorded so far" includes calls whose response has already arrived.
 */
const pending = new Set<Promise<unknown>>();

export function trackPending(work: Promise<unknown>): void {
  pending.add(work);
  void work.finally(() => pending.delete(work)).catch(() => undefined);
}

export async function settlePending(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
