import { Ledger } from './ledger.js';
import type { BudgetStore, LineState, ReservedLine, ReserveLine, ReserveOutcome, SettledLine, SettleLine, SettleOutcome, StoreLine } from './store.js';

export interface MemoryBudgetStoreOptions {
  /** The clock for windows and hold expiry (default Date.now); inject one in tests. */
  now?: () => number;
  /**
   * A hold that is never settled is dropped after this long (default one hour).
   * In one process nothing dies without taking the budget with it, so there
   * are no leases to renew: this only bounds a call that never ends.
   */
  holdMs?: number;
}

const DEFAULT_HOLD_MS = 3_600_000;
const TOP_TAGS = 5;
/** Past windows are pruned once there are this many ledgers. */
const PRUNE_AT = 256;
/** Most settles cross no threshold: they share this (never written to). */
const NONE_FIRED: readonly number[] = Object.freeze([]);

/**
 * The default store: budgets held in this process. Exact and synchronous, so
 * admission adds no promise to the call path; shared by nothing, so every
 * process has its own budgets. For a fleet, use `@costkit/redis`.
 */
export class MemoryBudgetStore implements BudgetStore {
  readonly kind = 'memory';
  private readonly ledgers = new Map<string, Ledger>();
  private readonly clock: () => number;
  private readonly holdMs: number;

  constructor(options: MemoryBudgetStoreOptions = {}) {
    this.clock = options.now ?? Date.now;
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
  }

  now(): number {
    return this.clock();
  }

  reserve(id: string, lines: readonly ReserveLine[]): ReserveOutcome {
    const nowMs = this.clock();
    const ledgers = new Array<Ledger>(lines.length);
    for (let i = 0; i < lines.length; i++) ledgers[i] = this.ledger(lines[i]!, nowMs);
    return reserveAll(id, lines, ledgers, nowMs, nowMs + this.holdMs);
  }

  settle(id: string, lines: readonly SettleLine[]): SettleOutcome {
    const nowMs = this.clock();
    const settled = new Array<SettledLine>(lines.length);
    for (let i = 0; i < lines.length; i++) settled[i] = settleOne(id, lines[i]!, this.ledger(lines[i]!, nowMs), nowMs);
    return { lines: settled };
  }

  read(lines: readonly StoreLine[]): LineState[] {
    const nowMs = this.clock();
    return lines.map((line) => this.ledgers.get(line.key)?.state(line.buckets, nowMs) ?? { spentNanos: 0, reservedNanos: 0 });
  }

  async close(): Promise<void> {
    this.ledgers.clear();
  }

  private ledger(line: StoreLine, nowMs: number): Ledger {
    let ledger = this.ledgers.get(line.key);
    if (ledger && ledger.expireAtMs > nowMs) return ledger;
    if (this.ledgers.size >= PRUNE_AT) for (const [key, l] of this.ledgers) if (l.expireAtMs <= nowMs) this.ledgers.delete(key);
    this.ledgers.set(line.key, (ledger = new Ledger(line.expireAtMs)));
    return ledger;
  }
}

/**
 * The all-or-nothing step over ledgers of this process (the in-memory store's,
 * and run budgets'): every enforced line must fit, then every hold is made.
 */
export function reserveAll(id: string, lines: readonly ReserveLine[], ledgers: readonly Ledger[], nowMs: number, expiresAtMs: number): ReserveOutcome {
  let ok = true;
  const states = new Array<ReservedLine>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ledger = ledgers[i]!;
    ledger.expire(nowMs);
    const spentNanos = ledger.spentOf(line.buckets);
    const over = spentNanos + ledger.reserved + line.amountNanos > line.limitNanos;
    if (over && line.enforce) ok = false;
    states[i] = { spentNanos, reservedNanos: ledger.reserved, over, firstOver: false };
  }
  for (let i = 0; i < lines.length; i++) {
    const state = states[i]!;
    const ledger = ledgers[i]!;
    // Flag the limit once per window where it is met: a refusal, or a hold the line was not checked for.
    if (state.over && (!ok || !lines[i]!.enforce)) state.firstOver = ledger.claim('exceeded', nowMs, lines[i]!.rearmMs);
    if (!ok) continue;
    ledger.hold(id, lines[i]!.amountNanos, expiresAtMs);
    state.reservedNanos = ledger.reserved;
  }
  return { ok, lines: states };
}

function settleOne(id: string, line: SettleLine, ledger: Ledger, nowMs: number): SettleOutcome['lines'][number] {
  ledger.expire(nowMs);
  ledger.settle(id, line.actualNanos, line.buckets[0]!, line.tags);
  const spentNanos = ledger.spentOf(line.buckets);
  let fired: number[] | undefined;
  for (let i = 0; i < line.thresholds.length; i++) {
    const threshold = line.thresholds[i]!;
    if (spentNanos >= threshold * line.limitNanos && ledger.claim(`warn:${threshold}`, nowMs, line.rearmMs)) (fired ??= []).push(threshold);
  }
  if (!fired) return { spentNanos, reservedNanos: ledger.reserved, fired: NONE_FIRED };
  return { spentNanos, reservedNanos: ledger.reserved, fired, topTags: ledger.topTags(TOP_TAGS) };
}

/** The in-memory budget store (the default), with an injectable clock. */
export function memoryBudgetStore(options?: MemoryBudgetStoreOptions): BudgetStore {
  return new MemoryBudgetStore(options);
}
