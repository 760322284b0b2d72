import type { CallRecord, CallStatus } from './recorder.js';
import { reportInternalError } from './diagnostics.js';

/**
 * Past this many waiting calls a batch is completed at once, by the call that
 * fills it. Small on purpose: a waiting record that lives through a young-
 * generation collection is copied, through a second one promoted, and then the
 * major collector has to mark it. Calls made back to back without the event
 * loop turning (a burst) come about 85 to a young-generation collection in the
 * bench, so at 32 most records are completed before one sees them; at 512 an
 * OpenAI call cost about 7% more instructions (docs/benchmarks.md, "Records
 * that wait less").
 */
const MAX_WAITING = 32;

type Complete = (record: CallRecord, status: CallStatus, error: unknown) => void;

/**
 * Calls that have finished but are not priced, charged or made events yet.
 * That work happens a moment later (the next turn of the event loop), for the
 * whole batch in one loop: the app's own continuation runs first, and the
 * pricing and event code run warm, back to back, instead of between SDK calls.
 *
 * Whatever reads what that work produces drains the batch first (`drain()`):
 * a scope's usage and limits, budget admission and state, stats, flush,
 * shutdown and the exit hooks. No reader ever sees a finished call as missing.
 */
export class FinishedCalls {
  /** record, status, error; record, status, error; … (one array, nothing allocated per call). */
  private waiting: unknown[] = [];
  private scheduled = false;

  constructor(private readonly complete: Complete) {}

  get size(): number {
    return this.waiting.length / 3;
  }

  add(record: CallRecord, status: CallStatus, error: unknown): void {
    const waiting = this.waiting;
    waiting.push(record, status, error);
    if (waiting.length >= MAX_WAITING * 3) this.drain();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drainLater);
    }
  }

  /** Completes every waiting call now, in the order they finished. */
  drain(): void {
    // A completion that finishes another call (an exporter's own instrumented
    // request, say) adds to the next batch, drained by the same loop.
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      for (let i = 0; i < batch.length; i += 3) {
        try {
          this.complete(batch[i] as CallRecord, batch[i + 1] as CallStatus, batch[i + 2]);
        } catch (failure) {
          reportInternalError('recorder', failure);
        }
      }
    }
  }

  private readonly drainLater = (): void => {
    this.scheduled = false;
    this.drain();
  };
}
