import { writeSync } from 'node:fs';

/** How long a synchronous write (exit, a deadline, a blocking full queue) waits for a slow reader. */
export const SYNC_WRITE_TIMEOUT_MS = 5_000;

interface Pending {
  data: Uint8Array;
  /** Bytes already written. */
  offset: number;
  /** The lines in `data` stand for these events (whole batches). */
  events: readonly unknown[];
  done: (lines: number, error?: unknown) => void;
}

const retryable = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
};

/**
 * Writes whole lines to a file descriptor (stdout) straight through write(2), in
 * order, like pino's sonic-boom. A pipe that Node has made non-blocking (a
 * container's log pipe) accepts only what fits: a short write continues where it
 * stopped and EAGAIN waits for the reader, asynchronously in normal operation and
 * by sleeping when it must finish before returning (process exit). Going through
 * process.stdout instead would leave data in its queue that process.exit() drops
 * while costkit counted it as written.
 */
export class FdWriter {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = 1;

  constructor(private readonly fd: number) {}

  /** Resolves to the number of whole lines written (all of them, unless the descriptor failed). */
  write(data: Uint8Array, events: readonly unknown[]): Promise<{ lines: number; error?: unknown }> {
    return new Promise((resolve) => {
      this.pending.push({ data, offset: 0, events, done: (lines, error) => resolve({ lines, error }) });
      if (this.pending.length === 1) this.pump();
    });
  }

  private pump(): void {
    this.timer = undefined;
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      try {
        head.offset += writeSync(this.fd, head.data, head.offset, head.data.length - head.offset);
      } catch (error) {
        if (retryable(error)) return this.retryLater();
        this.pending.shift();
        head.done(linesIn(head.data, head.offset), error);
        continue;
      }
      this.backoffMs = 1;
      if (head.offset < head.data.length) continue;
      this.pending.shift();
      head.done(linesIn(head.data, head.offset));
    }
  }

  private retryLater(): void {
    // The reader is behind: try again soon, backing off to 100 ms while it stays behind.
    this.timer = setTimeout(() => this.pump(), this.backoffMs);
    this.timer.unref();
    this.backoffMs = Math.min(100, this.backoffMs * 2);
  }

  /**
   * Finishes every pending write before returning, sleeping while the reader is
   * behind, until `deadline` at most. Returns each pending write's events and the
   * whole lines of it that were written.
   */
  finishPendingSync(deadline: number): { events: readonly unknown[]; lines: number }[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.pending.splice(0).map((entry) => {
      const { written, error } = this.finishSync(entry.data, entry.offset, deadline);
      const lines = linesIn(entry.data, written);
      entry.done(lines, error);
      return { events: entry.events, lines };
    });
  }

  /** Writes `data` before returning (after anything pending), until `deadline` at most. */
  writeSync(data: Uint8Array, deadline: number): { lines: number; error?: unknown } {
    const { written, error } = this.finishSync(data, 0, deadline);
    return { lines: linesIn(data, written), error };
  }

  private finishSync(data: Uint8Array, offset: number, deadline: number): { written: number; error?: unknown } {
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset, data.length - offset);
      } catch (error) {
        if (!retryable(error)) return { written: offset, error };
        if (Date.now() >= deadline) return { written: offset, error: new Error(`the reader did not take the output within ${Math.round(SYNC_WRITE_TIMEOUT_MS / 1000)} s`) };
        sleepSync(2);
      }
    }
    return { written: offset };
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread: only where returning first would lose the data (exit). */
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Whole lines in the first `end` bytes. */
function linesIn(data: Uint8Array, end: number): number {
  let lines = 0;
  for (let i = data.indexOf(10); i !== -1 && i < end; i = data.indexOf(10, i + 1)) lines++;
  return lines;
}
