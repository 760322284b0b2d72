import { describe, expect, it } from 'vitest';
import costkit, { costkitEventSchema, memoryBudgetStore, type BudgetStore } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { hello, openaiClient } from './helpers.js';

// Budgets across init() and shutdown(): reconfiguring keeps the spend (the
// default store lives until shutdown), shutdown closes the store, and every
// budget event is a valid costkit.budget/1 line.

const h = useHarness({ init: false });
const budgets = [{ name: 'b', window: 'day' as const, limitUsd: 0.0008 }];
const ask = () => openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: hello }, { headers: { 'x-mock-output-tokens': '50' } });

describe('budgets across init and shutdown', () => {
  it('keeps the spend when init() reconfigures, with the default store or the same store', async () => {
    await h.start({ budgets });
    await ask();
    await h.start({ budgets, service: 'reconfigured' });
    expect((await costkit.budgets())[0]!.spentUsd).toBeGreaterThan(0);
    await expect(ask()).rejects.toMatchObject({ code: 'COSTKIT_BUDGET_EXCEEDED' });
  });

  it('closes the store on shutdown, and starts from zero after it', async () => {
    const inner = memoryBudgetStore();
    let closed = 0;
    const store: BudgetStore = { kind: 'memory', reserve: (i, l) => inner.reserve(i, l), settle: (i, l) => inner.settle(i, l), read: (l) => inner.read(l), close: async () => void closed++ };
    await h.start({ budgets, budgetStore: store });
    await ask();
    await costkit.shutdown();
    expect(closed).toBe(1);
    await h.start({ budgets });
    expect((await costkit.budgets())[0]!.spentUsd).toBe(0);
  });

  it('emits budget events that validate against the published schema', async () => {
    const sink = await h.start({ budgets: [{ ...budgets[0]!, warnAt: [0.5], onExceed: 'degrade', degradeTo: { '*': 'gpt-4o-mini' } }, { name: 'w', window: { hours: 2 }, limitUsd: 1e-9, onExceed: 'warn' }] });
    for (let i = 0; i < 3; i++) await ask();
    await costkit.withBudget({ limitUsd: 0 }, () => ask()).catch(() => undefined);
    await costkit.flush();
    const kinds = new Set<string>();
    for (const event of sink.events) {
      costkitEventSchema.parse(event);
      if (event.schema === 'costkit.budget/1') kinds.add(event.kind);
    }
    expect([...kinds].sort()).toEqual(['degraded', 'exceeded', 'refused', 'threshold']);
  });
});
