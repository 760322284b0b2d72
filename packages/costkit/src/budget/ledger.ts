import type { LineState } from './store.js';

interface Hold {
  amount: number;
  expiresAtMs: number;
}

/** Bounded: a window's top tags are a report, not an unbounded map of every customer id. */
const MAX_TAGS = 200;

/**
 * One budget window held in this process: the in-memory store's unit, and a
 * run budget's. Spend per bucket, holds by reservation id (each with an
 * expiry), the once-per-window flags and the spend per tag. Plain numbers and
 * maps: every operation is synchronous and allocation-light.
 */
export class Ledger {
  reserved = 0;
  private readonly spent = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
  /** No hold expires before this (a lower bound: a scan happens only when it has passed). */
  private nextExpiryMs = Number.POSITIVE_INFINITY;
  private readonly flags = new Map<string, number>();
  /** tag -> value -> nano-USD: keyed by the call's own strings, so charging builds none. */
  private tagSpend: Map<string, Map<string, number>> | undefined;
  private tagValues = 0;

  constructor(readonly expireAtMs: number) {}

  spentOf(buckets: readonly string[]): number {
    let total = 0;
    for (let i = 0; i < buckets.length; i++) total += this.spent.get(buckets[i]!) ?? 0;
    return total;
  }

  state(buckets: readonly string[], nowMs: number): LineState {
    this.expire(nowMs);
    return { spentNanos: this.spentOf(buckets), reservedNanos: this.reserved };
  }

  hold(id: string, amount: number, expiresAtMs: number): void {
    const previous = this.holds.get(id);
    if (previous) this.reserved -= previous.amount;
    this.holds.set(id, { amount, expiresAtMs });
    this.reserved += amount;
    if (expiresAtMs < this.nextExpiryMs) this.nextExpiryMs = expiresAtMs;
  }

  /** Releases `id`'s hold (if it is still held) and charges `actual` to `bucket`. */
  settle(id: string, actual: number, bucket: string, tags: Readonly<Record<string, string>> | undefined): void {
    const hold = this.holds.get(id);
    if (hold) {
      this.holds.delete(id);
      this.reserved -= hold.amount;
    }
    if (actual <= 0) return;
    this.spent.set(bucket, (this.spent.get(bucket) ?? 0) + actual);
    if (tags) this.chargeTags(tags, actual);
  }

  /** Drops expired holds: a call that never settled stops pinning the budget. */
  expire(nowMs: number): void {
    if (nowMs < this.nextExpiryMs) return;
    let next = Number.POSITIVE_INFINITY;
    for (const [id, hold] of this.holds) {
      if (hold.expiresAtMs <= nowMs) {
        this.holds.delete(id);
        this.reserved -= hold.amount;
      } else if (hold.expiresAtMs < next) {
        next = hold.expiresAtMs;
      }
    }
    this.nextExpiryMs = next;
  }

  /** Claims a once-per-window flag: true the first time (or, with `rearmMs`, the first time in that long). */
  claim(flag: string, nowMs: number, rearmMs: number): boolean {
    const at = this.flags.get(flag);
    if (at !== undefined && (rearmMs === 0 || nowMs - at < rearmMs)) return false;
    this.flags.set(flag, nowMs);
    return true;
  }

  /** The biggest spenders, as `tag=value` and nano-USD, highest first. */
  topTags(count: number): Array<[string, number]> {
    return this.biggestSpenders(count).map(([key, value, nanos]) => [`${key}=${value}`, nanos]);
  }

  private chargeTags(tags: Readonly<Record<string, string>>, actual: number): void {
    const spend = (this.tagSpend ??= new Map());
    for (const key in tags) {
      const value = tags[key]!;
      const values = valuesOf(spend, key);
      const before = values.get(value);
      if (before === undefined) this.tagValues++;
      values.set(value, (before ?? 0) + actual);
    }
    if (this.tagValues > MAX_TAGS) {
      // Keep the biggest spenders; the smallest are the least likely to make the top of a report.
      const kept = this.biggestSpenders(MAX_TAGS / 2);
      spend.clear();
      for (const [key, value, nanos] of kept) valuesOf(spend, key).set(value, nanos);
      this.tagValues = kept.length;
    }
  }

  private biggestSpenders(count: number): Array<[key: string, value: string, nanos: number]> {
    const entries: Array<[string, string, number]> = [];
    for (const [key, values] of this.tagSpend ?? []) for (const [value, nanos] of values) entries.push([key, value, nanos]);
    return entries.sort((a, b) => b[2] - a[2]).slice(0, count);
  }
}

/** The spend per value of tag `key`, made on first use. */
function valuesOf(spend: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let values = spend.get(key);
  if (!values) spend.set(key, (values = new Map()));
  return values;
}
