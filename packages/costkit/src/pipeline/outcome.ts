import { describeCause } from '../exporters/types.js';

/** Where the events of one batch went, as counted in stats. */
export interface Outcome {
  delivered: number;
  deadLettered: number;
  deadLetterPath?: string;
  failed: number;
  reason?: string;
}

const whole = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0);

/**
 * What an export resolved to. Nothing (a `Promise<void>` exporter) means the whole
 * batch was delivered. Counts are trusted only up to the batch's length; events a
 * result does not account for are counted as failed, never silently as delivered.
 */
export function outcomeOfResult(result: unknown, count: number): Outcome {
  if (result === undefined || result === null || typeof result !== 'object') return { delivered: count, deadLettered: 0, failed: 0 };
  const r = result as { delivered?: unknown; deadLettered?: { count?: unknown; path?: unknown }; failed?: { count?: unknown; reason?: unknown } };
  let left = count;
  const take = (n: number) => {
    const taken = Math.min(n, left);
    left -= taken;
    return taken;
  };
  const delivered = take(whole(r.delivered));
  const deadLettered = take(whole(r.deadLettered?.count));
  let failed = take(whole(r.failed?.count));
  let reason = typeof r.failed?.reason === 'string' ? r.failed.reason : undefined;
  if (left > 0) {
    failed += left;
    reason = `${reason ? `${reason}; ` : ''}its result accounted for ${count - left} of ${count} events, the other ${left} are counted as failed`;
  }
  const path = typeof r.deadLettered?.path === 'string' ? r.deadLettered.path : undefined;
  return { delivered, deadLettered, deadLetterPath: path, failed, reason };
}

/** What a rejected export (or a throwing exportSync) means for its batch. */
export function outcomeOfError(error: unknown, count: number): Outcome {
  const e = error as { code?: unknown; path?: unknown } | undefined;
  // The 0.1 way of saying "kept for replay" (DeadLetteredError, across bundle copies).
  if (e?.code === 'COSTKIT_DEAD_LETTERED') {
    return { delivered: 0, deadLettered: count, deadLetterPath: typeof e.path === 'string' ? e.path : undefined, failed: 0, reason: describeCause(error) };
  }
  return { delivered: 0, deadLettered: 0, failed: count, reason: describeCause(error) };
}
