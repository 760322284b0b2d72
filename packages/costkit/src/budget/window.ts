/**
 * Budget windows. The window is part of the store key (`search-month:2026-12`),
 * so a new window starts from zero with no reset job, and spend never carries
 * over. `day` and `month` are UTC calendar periods; `{ hours: N }` is rolling,
 * kept as twelve time buckets: the spend of the last N hours counts, plus at
 * most N/12 hours of older spend (the oldest bucket is counted whole, so a
 * rolling budget errs on the side of having spent more, never less).
 */

export type WindowSpec = 'day' | 'month' | { hours: number };

export interface WindowSlot {
  /** `2026-12-01`, `2026-12`, or `h6` for a rolling window (its buckets carry the time). */
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Store keys of this window expire then: one more window length after its end. */
  readonly expireAtMs: number;
  /** Where the spend lives, newest first (see StoreLine.buckets). */
  readonly buckets: readonly string[];
  /** 0 for calendar windows; the window length for rolling ones (flags re-arm after it). */
  readonly rearmMs: number;
  /** The slot is the current one until then. */
  readonly validUntilMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const ROLLING_BUCKETS = 12;
const CALENDAR_BUCKETS: readonly string[] = Object.freeze(['spent']);

export function windowAt(spec: WindowSpec, nowMs: number): WindowSlot {
  if (spec === 'day') {
    const startMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const endMs = startMs + DAY_MS;
    return calendar(new Date(startMs).toISOString().slice(0, 10), startMs, endMs);
  }
  if (spec === 'month') {
    const now = new Date(nowMs);
    const startMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    return calendar(new Date(startMs).toISOString().slice(0, 7), startMs, endMs);
  }
  return rolling(spec.hours, nowMs);
}

function calendar(id: string, startMs: number, endMs: number): WindowSlot {
  return { id, startMs, endMs, expireAtMs: endMs + (endMs - startMs), buckets: CALENDAR_BUCKETS, rearmMs: 0, validUntilMs: endMs };
}

function rolling(hours: number, nowMs: number): WindowSlot {
  const lengthMs = hours * HOUR_MS;
  const bucketMs = lengthMs / ROLLING_BUCKETS;
  const current = Math.floor(nowMs / bucketMs);
  const buckets: string[] = [];
  // The current bucket and the twelve before it: the last N hours are always covered.
  for (let i = 0; i <= ROLLING_BUCKETS; i++) buckets.push(`b${current - i}`);
  const endMs = (current + 1) * bucketMs;
  return {
    id: `h${hours}`,
    startMs: (current - ROLLING_BUCKETS) * bucketMs,
    endMs,
    expireAtMs: endMs + lengthMs,
    buckets,
    rearmMs: lengthMs,
    validUntilMs: endMs,
  };
}

/** The window's length, for burn rates. */
export function windowLengthMs(spec: WindowSpec, slot: WindowSlot): number {
  return typeof spec === 'object' ? spec.hours * HOUR_MS : slot.endMs - slot.startMs;
}

/** `{ start, end }` as ISO strings, for events and state. */
export function windowRange(slot: WindowSlot): { start: string; end: string } {
  return { start: new Date(slot.startMs).toISOString(), end: new Date(slot.endMs).toISOString() };
}
