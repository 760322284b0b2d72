import { describe, expect, it } from 'vitest';
import costkit, { BudgetExceededError, memoryBudgetStore } from '../../src/index.js';
import { windowAt } from '../../src/budget/window.js';
import { useHarness } from '../helpers/harness.js';
import { hello, manualClock, openaiClient } from './helpers.js';

// The window is part of the key: a new window starts from zero with no reset
// job, UTC calendar days and months, rolling N-hour windows; a hold that is
// never settled expires. The in-memory store takes an injected clock.

const h = useHarness({ init: false });
const ask = () => openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: hello });

describe('windows', () => {
  it('computes UTC calendar windows and their keys', () => {
    const at = Date.parse('2026-12-31T23:59:59.999Z');
    expect(windowAt('day', at)).toMatchObject({ id: '2026-12-31', startMs: Date.parse('2026-12-31T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(windowAt('month', at)).toMatchObject({ id: '2026-12', startMs: Date.parse('2026-12-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(windowAt('month', Date.parse('2027-02-10T00:00:00Z'))).toMatchObject({ id: '2027-02', endMs: Date.parse('2027-03-01T00:00:00Z') });
    // Keys outlive their window by one window length, so nothing needs a reset job and old spend never carries over.
    const day = windowAt('day', at);
    expect(day.expireAtMs - day.endMs).toBe(86_400_000);
    const rolling = windowAt({ hours: 6 }, at);
    expect(rolling.buckets).toHaveLength(13);
    expect(rolling.endMs - rolling.startMs).toBe(6.5 * 3_600_000);
  });

  it('starts a new day from zero, and the old day stays spent', async () => {
    const clock = manualClock('2026-12-01T23:00:00Z');
    await h.start({ budgets: [{ name: 'daily', window: 'day', limitUsd: 0.0006 }], budgetStore: memoryBudgetStore({ now: clock.now }) });
    await ask();
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    clock.set('2026-12-02T00:00:00Z');
    const [fresh] = await costkit.budgets();
    expect(fresh).toMatchObject({ window: { start: '2026-12-02T00:00:00.000Z', end: '2026-12-03T00:00:00.000Z' }, spentUsd: 0 });
    await ask();
    clock.set('2026-12-01T23:30:00Z');
    await expect(ask()).rejects.toMatchObject({ window: { start: '2026-12-01T00:00:00.000Z' } });
  });

  it('starts a new month on the 1st (UTC)', async () => {
    const clock = manualClock('2026-11-30T23:59:00Z');
    await h.start({ budgets: [{ name: 'monthly', window: 'month', limitUsd: 0.0006 }], budgetStore: memoryBudgetStore({ now: clock.now }) });
    await ask();
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    clock.advance(60_000);
    await ask();
    const [state] = await costkit.budgets();
    expect(state!.window).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
  });

  it('lets spend age out of a rolling window after N hours (and at most N/12 more)', async () => {
    const clock = manualClock('2026-12-01T10:00:00Z');
    await h.start({ budgets: [{ name: 'six-hours', window: { hours: 6 }, limitUsd: 0.0006 }], budgetStore: memoryBudgetStore({ now: clock.now }) });
    await ask();
    clock.advance(5 * 3_600_000);
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    clock.advance(3_600_000 - 1);
    // Six hours on, the oldest bucket still counts: a rolling window errs toward having spent more.
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    clock.advance(30 * 60_000 + 1);
    await ask();
  });

  it('drops a hold that is never settled after holdMs', async () => {
    const clock = manualClock('2026-12-01T10:00:00Z');
    await h.start({ budgets: [{ name: 'b', window: 'day', limitUsd: 0.0006 }], budgetStore: memoryBudgetStore({ now: clock.now, holdMs: 60_000 }) });
    h.mock.fail({ type: 'slowFirstByte', delayMs: 400 });
    const slow = ask();
    await expect(ask()).rejects.toBeInstanceOf(BudgetExceededError);
    clock.advance(60_000);
    const [state] = await costkit.budgets();
    expect(state!.reservedUsd).toBe(0);
    await slow;
    // The late settle is still charged.
    const [after] = await costkit.budgets();
    expect(after!.spentUsd).toBeGreaterThan(0);
  });
});
