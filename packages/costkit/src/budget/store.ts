/**
 * Where budgets keep their spend: the contract between costkit's admission
 * (which decides what to reserve) and a store (which keeps the numbers). The
 * in-memory store is the default (one process); `@costkit/redis` shares them
 * across processes. Money is integer nano-USD: exact sums up to $9M per window,
 * and a call's pico-USD cost rounds up to it, so rounding never favours spend.
 *
 * Every operation is all or nothing across its lines, and a store answers each
 * one within its own bounded wait (or rejects): admission holds the request
 * while it waits. A synchronous answer keeps the call path synchronous.
 */

/** One budget in one window: what a store needs to find and bound its numbers. */
export interface StoreLine {
  /** `<budget name>:<window id>` (`search-month:2026-12`, `eval-6h:h6`): the window lives in the key. */
  readonly key: string;
  /**
   * Where the window's spend lives, newest first: the spend is their sum and a
   * charge goes to the first. One (`spent`) for calendar windows; a rolling
   * window's time buckets.
   */
  readonly buckets: readonly string[];
  readonly limitNanos: number;
  /** When every key of this window may be deleted (epoch ms): a TTL longer than the window, so nothing needs a reset job. */
  readonly expireAtMs: number;
  /** 0: a once-per-window flag stays claimed for the key's life (calendar windows); else it may be claimed again this long after (rolling windows). */
  readonly rearmMs: number;
}

export interface ReserveLine extends StoreLine {
  readonly amountNanos: number;
  /** false: charge without checking the limit ('warn' budgets, a degraded call past its 'degrade' budget). */
  readonly enforce: boolean;
}

export interface LineState {
  spentNanos: number;
  reservedNanos: number;
}

export interface ReservedLine extends LineState {
  /** spent + reserved + this amount is past the limit. */
  over: boolean;
  /** This call is the first in the window to find the budget past its limit (the `exceeded` event's dedupe). */
  firstOver: boolean;
}

export interface ReserveOutcome {
  /** Every enforced line fits: the holds are made. Otherwise nothing is held. */
  ok: boolean;
  /** Per line, in order: the state before this reservation when refused, after it when held. */
  lines: ReservedLine[];
}

export interface SettleLine extends StoreLine {
  readonly actualNanos: number;
  /** warnAt fractions of the limit: each is claimed once per window across every process sharing the store. */
  readonly thresholds: readonly number[];
  /**
   * The call's tags, for the window's top tags by spend (a store keeps them as
   * `tag=value`). The call's own frozen object: nothing is built per call for a
   * store that keeps them in memory.
   */
  readonly tags: Readonly<Record<string, string>>;
}

export interface SettledLine extends LineState {
  /** Thresholds this settle crossed first in the window. */
  fired: readonly number[];
  /** When one fired: the window's top tags by spend (`tag=value`, nano-USD), highest first. */
  topTags?: Array<[tag: string, nanos: number]>;
}

export interface SettleOutcome {
  lines: SettledLine[];
}

/** Leases: reservations that expire unless renewed, so a process that dies leaks nothing. */
export interface LeasePolicy {
  /** A hold lives this long unless its process renews it. */
  readonly ms: number;
  /** Renewal stops for a call older than this (a hung call stops pinning the budget). */
  readonly maxHoldMs: number;
}

export interface BudgetStore {
  /** For messages and state: 'memory', 'redis', … */
  readonly kind: string;
  /** Set when holds expire unless renewed: costkit renews the holds of calls in flight. */
  readonly lease?: LeasePolicy;
  /** The clock windows are computed from (default Date.now); the in-memory store's can be injected, for tests. */
  now?(): number;
  /**
   * Holds `amountNanos` on every line under `id`, or nothing: when an enforced
   * line would pass its limit, nothing is held and `ok` is false.
   */
  reserve(id: string, lines: readonly ReserveLine[]): ReserveOutcome | Promise<ReserveOutcome>;
  /**
   * Ends reservation `id`: its holds are released and `actualNanos` charged.
   * Idempotent by `id`; a hold the store no longer has (it expired, the store
   * restarted) is charged too: spend is never dropped.
   */
  settle(id: string, lines: readonly SettleLine[]): SettleOutcome | Promise<SettleOutcome>;
  /** Extends the leases of calls still in flight. */
  renew?(holds: ReadonlyArray<{ line: StoreLine; ids: readonly string[] }>): void | Promise<void>;
  read(lines: readonly StoreLine[]): LineState[] | Promise<LineState[]>;
  /** Settles the store makes on its own (chunk leasing gives chunks back): costkit reports their thresholds. */
  watch?(listener: (lines: readonly SettleLine[], outcome: SettleOutcome) => void): void;
  /** Closes connections (`costkit.shutdown()`). */
  close?(): Promise<void>;
}

/** A store that cannot be reached or did not answer in time. */
export class BudgetStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BudgetStoreUnavailableError';
  }
}

export const NANOS_PER_USD = 1e9;
const PICO_PER_NANO = 1000;

/**
 * A window's line with what one reservation holds on it. Written out field by
 * field, not spread: on Node 20 an object spread per budget per call cost more
 * than the rest of the in-memory admission.
 */
export function reserveLine(line: StoreLine, amountNanos: number, enforce: boolean): ReserveLine {
  return { key: line.key, buckets: line.buckets, limitNanos: line.limitNanos, expireAtMs: line.expireAtMs, rearmMs: line.rearmMs, amountNanos, enforce };
}

/** A window's line with what one call really cost (field by field, as reserveLine). */
export function settleLine(line: StoreLine, actualNanos: number, thresholds: readonly number[], tags: Readonly<Record<string, string>>): SettleLine {
  return { key: line.key, buckets: line.buckets, limitNanos: line.limitNanos, expireAtMs: line.expireAtMs, rearmMs: line.rearmMs, actualNanos, thresholds, tags };
}

/** A call's pico-USD cost in nano-USD, rounded up. */
export function picoToNanos(pico: number): number {
  return pico <= 0 ? 0 : Math.ceil(pico / PICO_PER_NANO);
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}
