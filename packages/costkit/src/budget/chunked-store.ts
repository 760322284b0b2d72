import { newId } from '../ids.js';
import type { BudgetStore, LineState, ReserveLine, ReserveOutcome, SettleLine, SettleOutcome, StoreLine } from './store.js';
import { reserveLine, settleLine, usdToNanos } from './store.js';

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

export interface ChunkOptions {
  /** How much of a budget one process takes from the shared store at a time, USD. */
  chunkUsd: number;
  /** A chunk with no call for this long is given back (its spend charged, the rest released). Default 1000. */
  idleMs?: number;
}

interface Chunk {
  readonly id: string;
  readonly line: StoreLine;
  readonly size: number;
  /** Held by calls in flight plus spent by calls settled, nano-USD. */
  used: number;
  spent: number;
  inflight: number;
  open: boolean;
  lastUseMs: number;
  /** The budget's warnAt, learnt from its calls' settles (a reservation does not carry them). */
  thresholds: readonly number[];
}

type Held = { chunks: Chunk[]; amounts: number[] } | 'direct';

/**
 * Chunk leasing (off by default): the process reserves a chunk of each budget
 * from the shared store (one round trip) and admits calls against it locally,
 * with no round trip, until it runs out; a new chunk is then taken, and the
 * old one is settled once its calls are done. Chunks are ordinary leased
 * reservations, so live processes never overspend; what chunk leasing gives
 * up is visibility and the dead: spend made from a chunk reaches the store
 * when the chunk is given back, and a process that dies takes the unreported
 * spend of its chunks with it. Worst case: processes × chunkUsd per budget.
 */
class ChunkedBudgetStore implements BudgetStore {
  readonly kind: string;
  readonly lease: BudgetStore['lease'];
  private readonly active = new Map<string, Chunk>();
  private readonly held = new Map<string, Held>();
  private readonly refilling = new Map<string, Promise<unknown>>();
  private readonly chunkNanos: number;
  private readonly idleMs: number;
  private readonly timer: NodeJS.Timeout;
  private watcher: ((lines: readonly SettleLine[], outcome: SettleOutcome) => void) | undefined;

  constructor(
    private readonly inner: BudgetStore,
    options: ChunkOptions,
  ) {
    if (!(options.chunkUsd > 0) || !Number.isFinite(options.chunkUsd)) throw new TypeError(`chunkUsd must be a positive number of USD; got ${options.chunkUsd}`);
    this.kind = `${inner.kind}+chunks`;
    this.lease = inner.lease;
    this.chunkNanos = usdToNanos(options.chunkUsd);
    this.idleMs = options.idleMs ?? 1_000;
    // Renews the chunks' leases and gives back idle ones; never keeps the process alive.
    this.timer = setInterval(() => this.tick(), Math.max(10, Math.min(this.idleMs, (this.lease?.ms ?? 30_000) / 3)));
    this.timer.unref();
  }

  now(): number {
    return this.inner.now ? this.inner.now() : Date.now();
  }

  watch(listener: (lines: readonly SettleLine[], outcome: SettleOutcome) => void): void {
    this.watcher = listener;
  }

  reserve(id: string, lines: readonly ReserveLine[]): ReserveOutcome | Promise<ReserveOutcome> {
    const local = this.admitLocally(id, lines);
    if (local) return local;
    const lacking = lines.filter((line) => !this.fits(line));
    const pending = lacking.map((line) => this.refilling.get(line.key)).find(Boolean);
    if (pending) return pending.then(() => this.reserve(id, lines));
    const refill = this.refill(lacking).then((outcome) => (outcome.ok ? this.admitLocally(id, lines) : undefined) ?? this.direct(id, lines, lacking, outcome));
    const done = refill.finally(() => lacking.forEach((line) => this.refilling.delete(line.key)));
    for (const line of lacking) this.refilling.set(line.key, done);
    return done;
  }

  settle(id: string, lines: readonly SettleLine[]): SettleOutcome | Promise<SettleOutcome> {
    const held = this.held.get(id);
    this.held.delete(id);
    if (!held || held === 'direct') return this.inner.settle(id, lines);
    const nowMs = this.now();
    const states = lines.map((line, i) => {
      const chunk = held.chunks[i]!;
      chunk.used += line.actualNanos - held.amounts[i]!;
      chunk.spent += line.actualNanos;
      chunk.inflight--;
      chunk.lastUseMs = nowMs;
      chunk.thresholds = line.thresholds;
      if (!chunk.open && chunk.inflight === 0) void this.giveBack(chunk);
      return { spentNanos: chunk.spent, reservedNanos: Math.max(0, chunk.used - chunk.spent), fired: [] };
    });
    return { lines: states };
  }

  renew(holds: ReadonlyArray<{ line: StoreLine; ids: readonly string[] }>): void | Promise<void> {
    // Calls admitted from a chunk hold nothing in the store of their own; only direct ones are renewed here.
    const direct = holds.map((h) => ({ line: h.line, ids: h.ids.filter((id) => this.held.get(id) === 'direct') })).filter((h) => h.ids.length > 0);
    if (direct.length > 0) return this.inner.renew?.(direct);
  }

  read(lines: readonly StoreLine[]): LineState[] | Promise<LineState[]> {
    return this.inner.read(lines);
  }

  /** Gives every chunk back (its spend charged), then closes the store. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const returns = [...this.active.values()].map((chunk) => this.giveBack(chunk));
    this.active.clear();
    await Promise.allSettled(returns);
    await this.inner.close?.();
  }

  private fits(line: ReserveLine): boolean {
    const chunk = this.active.get(line.key);
    return chunk !== undefined && chunk.open && (!line.enforce || chunk.used + line.amountNanos <= chunk.size);
  }

  private admitLocally(id: string, lines: readonly ReserveLine[]): ReserveOutcome | undefined {
    if (!lines.every((line) => this.fits(line))) return undefined;
    const chunks = lines.map((line) => this.active.get(line.key)!);
    const nowMs = this.now();
    lines.forEach((line, i) => {
      const chunk = chunks[i]!;
      chunk.used += line.amountNanos;
      chunk.inflight++;
      chunk.lastUseMs = nowMs;
    });
    this.held.set(id, { chunks, amounts: lines.map((l) => l.amountNanos) });
    return { ok: true, lines: chunks.map((c) => ({ spentNanos: c.spent, reservedNanos: c.used - c.spent, over: false, firstOver: false })) };
  }

  /** Takes a new chunk of every line given (all or nothing); the old ones close and are given back when their calls end. */
  private async refill(lines: readonly ReserveLine[], sizes?: readonly number[]): Promise<ReserveOutcome> {
    const id = `chunk:${newId()}`;
    const wanted = lines.map((line, i) => reserveLine(line, Math.max(sizes?.[i] ?? this.chunkNanos, line.amountNanos), true));
    const outcome = await this.inner.reserve(id, wanted);
    for (const line of lines) {
      const old = this.active.get(line.key);
      if (!old) continue;
      old.open = false;
      this.active.delete(line.key);
      if (old.inflight === 0) void this.giveBack(old);
    }
    if (!outcome.ok) return outcome;
    const nowMs = this.now();
    wanted.forEach((line) => this.active.set(line.key, { id, line, size: line.amountNanos, used: 0, spent: 0, inflight: 0, open: true, lastUseMs: nowMs, thresholds: [] }));
    return outcome;
  }

  /**
   * No chunk to be had (the budget is nearly spent): the call reserves its own
   * amount, unless the refused chunk request already shows it cannot fit.
   */
  private async direct(id: string, lines: readonly ReserveLine[], lacking: readonly ReserveLine[], refused: ReserveOutcome): Promise<ReserveOutcome> {
    const hopeless = lacking.some((line, i) => {
      const state = refused.lines[i]!;
      return line.enforce && state.spentNanos + state.reservedNanos + line.amountNanos > line.limitNanos;
    });
    if (hopeless && lacking.length === lines.length) {
      return { ok: false, lines: lines.map((line, i) => ({ ...refused.lines[i]!, over: refused.lines[i]!.spentNanos + refused.lines[i]!.reservedNanos + line.amountNanos > line.limitNanos })) };
    }
    if (!hopeless && lacking.length === lines.length) {
      // Less than a chunk is left: take what is left as the last chunk, and admit from it.
      const rest = lacking.map((line, i) => Math.min(this.chunkNanos, line.limitNanos - refused.lines[i]!.spentNanos - refused.lines[i]!.reservedNanos));
      const last = await this.refill(lacking, rest);
      const local = last.ok ? this.admitLocally(id, lines) : undefined;
      if (local) return local;
    }
    const outcome = await this.inner.reserve(id, lines);
    if (outcome.ok) this.held.set(id, 'direct');
    return outcome;
  }

  /** Settles a chunk to what its calls spent. Tags are not passed: one charge for many calls cannot say which tag spent what. */
  private giveBack(chunk: Chunk): Promise<void> {
    const line = settleLine(chunk.line, chunk.spent, chunk.thresholds, NO_TAGS);
    return Promise.resolve(this.inner.settle(chunk.id, [line])).then(
      (outcome) => this.watcher?.([line], outcome),
      () => undefined,
    );
  }

  private tick(): void {
    const nowMs = this.now();
    for (const [key, chunk] of this.active) {
      if (chunk.inflight === 0 && nowMs - chunk.lastUseMs >= this.idleMs) {
        this.active.delete(key);
        chunk.open = false;
        void this.giveBack(chunk);
      }
    }
    const open = [...this.active.values()].map((c) => ({ line: c.line, ids: [c.id] }));
    if (open.length > 0) void Promise.resolve(this.inner.renew?.(open)).catch(() => undefined);
  }
}

/** Chunk leasing over a shared store (see ChunkedBudgetStore). */
export function chunkedBudgetStore(inner: BudgetStore, options: ChunkOptions): BudgetStore {
  return new ChunkedBudgetStore(inner, options);
}
