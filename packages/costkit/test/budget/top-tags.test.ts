import { describe, expect, it } from 'vitest';
import { memoryBudgetStore } from '../../src/index.js';
import type { SettleLine } from '../../src/budget/store.js';

// A threshold alert names the window's top tags by spend. The in-memory store
// keeps spend per tag value for that, bounded: an app that tags every call with
// a customer id must not grow it without end, and the biggest spenders survive.

// Only the settle that crosses a threshold reports the top tags: the last one here (`alert`).
const line = (tags: Record<string, string>, usd: number, alert = false): SettleLine => ({
  key: 'search-day:2026-12-02',
  buckets: ['spent'],
  limitNanos: 1e15,
  expireAtMs: Date.now() + 86_400_000,
  rearmMs: 0,
  actualNanos: usd * 1e9,
  thresholds: alert ? [0] : [],
  tags,
});

describe('top tags by spend', () => {
  it('adds up each tag value across calls, highest first, as tag=value', () => {
    const store = memoryBudgetStore();
    store.settle('a', [line({ team: 'search', customer: 'acme' }, 2)]);
    store.settle('b', [line({ team: 'search', customer: 'globex' }, 1)]);
    const outcome = store.settle('c', [line({ team: 'ads', customer: 'acme' }, 0.5, true)]) as Awaited<ReturnType<typeof store.settle>>;
    expect(outcome.lines[0]!.topTags).toEqual([
      ['team=search', 3e9],
      ['customer=acme', 2.5e9],
      ['customer=globex', 1e9],
      ['team=ads', 0.5e9],
    ]);
  });

  it('stays bounded with a new customer id on every call, and keeps the biggest spenders', () => {
    const store = memoryBudgetStore();
    store.settle('whale', [line({ customer: 'whale' }, 1000)]);
    let outcome;
    for (let i = 0; i < 5000; i++) outcome = store.settle(`c${i}`, [line({ customer: `c${i}` }, 0.001 * (i % 7), i === 4999)]) as Awaited<ReturnType<typeof store.settle>>;
    const top = outcome!.lines[0]!.topTags!;
    expect(top[0]).toEqual(['customer=whale', 1000e9]);
    expect(top).toHaveLength(5);
    // Only values that spent the most of the small ones are next to it.
    for (const [, nanos] of top.slice(1)) expect(nanos).toBe(0.006e9);
  });
});
