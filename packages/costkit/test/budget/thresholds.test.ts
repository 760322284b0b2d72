import { describe, expect, it } from 'vitest';
import costkit, { memoryBudgetStore, onBudgetEvent, withTags, type BudgetEvent, budgetEventSchema } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { budgetEvents, hello, manualClock, openaiClient } from './helpers.js';

// warnAt thresholds fire once per budget per window (and again in the next
// window), to every exporter and every onBudgetEvent listener, with the top
// tags by spend and the projected exhaustion time. 'warn' budgets never refuse.

const h = useHarness({ init: false });
const headers = { 'x-mock-output-tokens': '50' };
const ask = (feature = 'summarize') => withTags({ team: 'search', feature }, () => openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: hello }, { headers }));

async function costOfOneCall(): Promise<number> {
  await h.start();
  await ask();
  const [call] = await h.events();
  return call!.cost!.totalPicoUsd / 1e12;
}

describe('warnAt thresholds', () => {
  it('fire once per window each, with top tags and a projection, to exporters and listeners', async () => {
    const cost = await costOfOneCall();
    const clock = manualClock('2026-12-10T00:00:00Z');
    const heard: BudgetEvent[] = [];
    const unsubscribe = onBudgetEvent((event) => heard.push(event));
    const sink = await h.start({
      budgets: [{ name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: cost * 4, warnAt: [0.5, 0.8, 1], onExceed: 'warn' }],
      budgetStore: memoryBudgetStore({ now: clock.now }),
    });
    for (let i = 0; i < 6; i++) await ask(i === 0 ? 'summarize' : 'chat');
    await costkit.flush();
    await new Promise((resolve) => setImmediate(resolve));

    const thresholds = budgetEvents(sink.events, 'threshold');
    expect(thresholds.map((e) => e.threshold)).toEqual([0.5, 0.8, 1]);
    for (const event of thresholds) budgetEventSchema.parse(event);
    expect(thresholds[0]).toMatchObject({ budget: 'search-month', tags: { team: 'search' }, model: null, limitUsd: cost * 4, window: { start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' } });
    expect(thresholds[0]!.spentUsd).toBeCloseTo(cost * 2, 9);
    const top = thresholds[0]!.topTags!;
    expect(top[0]).toEqual({ tag: 'team', value: 'search', spentUsd: expect.closeTo(cost * 2, 9) });
    // Tied spenders in either order.
    expect(top.slice(1)).toEqual(
      expect.arrayContaining([
        { tag: 'feature', value: 'chat', spentUsd: expect.closeTo(cost, 9) },
        { tag: 'feature', value: 'summarize', spentUsd: expect.closeTo(cost, 9) },
      ]),
    );
    expect(top).toHaveLength(3);
    // Half the budget gone nine days in: at that rate it runs out nine days later, within the month.
    expect(thresholds[0]!.projectedExhaustionAt).toBe('2026-12-19T00:00:00.000Z');
    // 'warn' lets every call through and says once that the limit is reached.
    expect(h.mock.exchanges).toHaveLength(7);
    expect(budgetEvents(sink.events, 'exceeded')).toHaveLength(1);
    expect(budgetEvents(sink.events, 'refused')).toHaveLength(0);
    expect(heard.filter((e) => e.kind === 'threshold').map((e) => e.threshold)).toEqual([0.5, 0.8, 1]);

    // A new window: the thresholds fire again, once.
    clock.set('2027-01-01T00:00:00Z');
    for (let i = 0; i < 4; i++) await ask();
    await costkit.flush();
    expect(budgetEvents(sink.events, 'threshold').map((e) => e.threshold)).toEqual([0.5, 0.8, 1, 0.5, 0.8, 1]);
    unsubscribe();
  });

  it('projects no exhaustion when the window ends first', async () => {
    const cost = await costOfOneCall();
    const clock = manualClock('2026-12-30T00:00:00Z');
    const sink = await h.start({ budgets: [{ name: 'm', window: 'month', limitUsd: cost * 1.9, warnAt: [0.5] }], budgetStore: memoryBudgetStore({ now: clock.now }) });
    await ask();
    await costkit.flush();
    expect(budgetEvents(sink.events, 'threshold')[0]!.projectedExhaustionAt).toBeNull();
  });

  it('keeps a listener that throws from breaking the call or other listeners', async () => {
    const heard: string[] = [];
    const off1 = onBudgetEvent(() => {
      throw new Error('listener bug');
    });
    const off2 = onBudgetEvent((e) => heard.push(e.kind));
    await h.start({ budgets: [{ name: 'b', window: 'day', limitUsd: 1e-9, onExceed: 'warn' }] });
    await expect(ask()).resolves.toBeDefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['exceeded']);
    off1();
    off2();
  });
});
