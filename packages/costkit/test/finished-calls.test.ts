import { describe, expect, it, vi } from 'vitest';
import { FinishedCalls } from '../src/finished-calls.js';
import type { CallRecord, CallStatus } from '../src/recorder.js';
import { internalErrorCount } from '../src/diagnostics.js';

// Stand-ins for records: FinishedCalls only hands them back.
const record = (n: number) => ({ n }) as unknown as CallRecord;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FinishedCalls', () => {
  it('completes nothing on the caller’s turn, then every call in the order they finished', async () => {
    const done: Array<[number, CallStatus, unknown]> = [];
    const calls = new FinishedCalls((r, status, error) => done.push([(r as unknown as { n: number }).n, status, error]));
    const failure = new Error('boom');
    calls.add(record(1), 'ok', undefined);
    calls.add(record(2), 'error', failure);
    calls.add(record(3), 'aborted', undefined);
    expect(done).toEqual([]);
    expect(calls.size).toBe(3);
    await nextTurn();
    expect(done).toEqual([[1, 'ok', undefined], [2, 'error', failure], [3, 'aborted', undefined]]);
    expect(calls.size).toBe(0);
  });

  it('drain() completes the waiting calls at once (what every reader of their cost calls first)', () => {
    const done: number[] = [];
    const calls = new FinishedCalls((r) => done.push((r as unknown as { n: number }).n));
    calls.add(record(1), 'ok', undefined);
    calls.drain();
    expect(done).toEqual([1]);
    calls.drain();
    expect(done).toEqual([1]);
  });

  it('keeps the wait short: the 32nd waiting call completes the batch on the spot', () => {
    let completed = 0;
    const calls = new FinishedCalls(() => completed++);
    for (let i = 0; i < 31; i++) calls.add(record(i), 'ok', undefined);
    expect(completed).toBe(0);
    calls.add(record(31), 'ok', undefined);
    expect(completed).toBe(32);
    expect(calls.size).toBe(0);
  });

  it('a completion that fails is reported and the rest of the batch still completes; one that finishes another call completes it too', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const errorsBefore = internalErrorCount();
    try {
      const done: number[] = [];
      const calls: FinishedCalls = new FinishedCalls((r) => {
        const n = (r as unknown as { n: number }).n;
        if (n === 1) throw new Error('pricing bug');
        done.push(n);
        if (n === 2) calls.add(record(4), 'ok', undefined);
      });
      calls.add(record(1), 'ok', undefined);
      calls.add(record(2), 'ok', undefined);
      calls.add(record(3), 'ok', undefined);
      calls.drain();
      expect(done).toEqual([2, 3, 4]);
      expect(internalErrorCount() - errorsBefore).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });
});
