import { writeSync } from 'node:fs';

export type LossKind = 'dropped' | 'failed' | 'deadLettered' | 'closed';

interface Entry {
  kind: LossKind;
  lane: string;
  count: number;
  detail?: string;
}

/**
 * Loss on stderr: the first occurrence at once, then at most one summary per
 * interval, and whatever is pending at exit. Never silent, never a flood.
 */
export class LossReport {
  private pending = new Map<string, Entry>();
  private lastReportAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private totals = { dropped: 0, failed: 0, deadLettered: 0, closed: 0 };

  constructor(
    private readonly write: (message: string) => void,
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly maxQueueSize: number,
  ) {}

  note(kind: LossKind, lane: string, count: number, detail?: string): void {
    const key = `${kind}\0${lane}`;
    const entry = this.pending.get(key);
    if (entry) {
      entry.count += count;
      if (detail) entry.detail = detail;
    } else this.pending.set(key, { kind, lane, count, detail });
    this.totals[kind] += count;
    if (this.timer) return;
    const wait = Math.max(0, this.lastReportAt + this.intervalMs - this.now());
    // Off the call path (a drop happens inside enqueue), and never holding the process.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
    this.timer.unref();
  }

  private flush(sync = false): void {
    if (this.pending.size === 0) return;
    const first = this.lastReportAt === -Infinity;
    const window = first ? '' : ` in the last ${Math.round((this.now() - this.lastReportAt) / 1000)} s`;
    this.lastReportAt = this.now();
    const parts = [...this.pending.values()].map((e) => describe(e, this.maxQueueSize));
    this.pending.clear();
    const totals = `totals so far: ${this.totals.dropped + this.totals.closed} dropped, ${this.totals.failed} failed, ${this.totals.deadLettered} dead-lettered (costkit.stats())`;
    const next = sync ? '' : ` Next report in ${Math.round(this.intervalMs / 1000)} s at the earliest.`;
    // At exit the stream's asynchronous path will never run: write to fd 2 directly.
    const write = sync && this.write === writeStderr ? writeStderrSync : this.write;
    try {
      write(`costkit: events not exported${window}: ${parts.join('; ')}. ${totals}.${next}`);
    } catch {
      // stderr itself failing leaves nowhere to say so.
    }
  }

  /** At exit: say what is pending now, synchronously. */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush(true);
  }
}

function describe(entry: Entry, maxQueueSize: number): string {
  const detail = entry.detail ? ` (${entry.detail})` : '';
  switch (entry.kind) {
    case 'dropped':
      return `${entry.count} dropped from the full queue of exporter '${entry.lane}' (maxQueueSize ${maxQueueSize}${entry.detail ? `; ${entry.detail}` : ''}): raise queue.maxQueueSize or set queue.whenFull: 'block'`;
    case 'closed':
      return `${entry.count} recorded after shutdown() and dropped`;
    case 'deadLettered':
      return `${entry.count} written to the dead-letter file by exporter '${entry.lane}'${detail}`;
    case 'failed':
      return entry.count
        ? `${entry.count} lost: exporter '${entry.lane}' failed${detail}`
        : `exporter '${entry.lane}' failed to flush or shut down${detail}`;
  }
}

export function writeStderr(message: string): void {
  process.stderr.write(message + '\n');
}

function writeStderrSync(message: string): void {
  writeSync(2, message + '\n');
}
