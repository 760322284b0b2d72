import { afterEach, describe, expect, it } from 'vitest';
import costkit, { CostkitConfigError, type InitOptions } from '../../src/index.js';
import { parseBudgets } from '../../src/budget/index.js';

// init({ budgets, budgetStore, alerts }) is checked once, at init: each bad
// field is named with what was expected; a webhook URL is never echoed.

afterEach(() => costkit.shutdown());

async function issues(options: InitOptions): Promise<string> {
  const error = await costkit.init(options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CostkitConfigError);
  return (error as Error).message;
}

describe('budget options', () => {
  it('names the field and the fix', async () => {
    expect(await issues({ budgets: [{ name: 'b', window: 'week' as never, limitUsd: 1 }] })).toMatch(/budgets\.0\.window: expected 'day', 'month' \(UTC calendar periods\) or \{ hours: N \}/);
    expect(await issues({ budgets: [{ name: 'b', window: { hours: 1.5 }, limitUsd: 1 }] })).toMatch(/budgets\.0\.window: expected .*N a whole number of hours/);
    expect(await issues({ budgets: [{ name: 'b', window: 'day', limitUsd: 0 }] })).toMatch(/budgets\.0\.limitUsd: limitUsd must be above 0/);
    expect(await issues({ budgets: [{ name: 'b', window: 'day', limitUsd: 1, onExceed: 'degrade' }] })).toMatch(/budgets\.0\.degradeTo: onExceed: 'degrade' needs degradeTo/);
    expect(await issues({ budgets: [{ name: 'b', window: 'day', limitUsd: 1 }, { name: 'b', window: 'month', limitUsd: 2 }] })).toMatch(/budgets\.1\.name: budget name 'b' is used twice/);
    expect(await issues({ budgets: [{ name: 'run', window: 'day', limitUsd: 1 }] })).toMatch(/'run' is the name run budgets/);
    expect(await issues({ budgets: [{ name: 'has space', window: 'day', limitUsd: 1 }] })).toMatch(/budgets\.0\.name: use 1-64 letters/);
    expect(await issues({ budgets: [{ name: 'b', window: 'day', limitUsd: 1, warnAt: [0] }] })).toMatch(/budgets\.0\.warnAt\.0: a warnAt threshold is a fraction/);
    expect(await issues({ budgets: [{ name: 'b', window: 'day', limitUsd: 1, colour: 'red' } as never] })).toMatch(/unknown option\(s\) 'colour'/);
    expect(await issues({ budgetStore: {} as never })).toMatch(/budgetStore: expected a budget store, e\.g\. redisBudgetStore/);
  });

  it('says an unset webhook URL is unset, and never echoes a bad one', async () => {
    expect(await issues({ alerts: [{ type: 'webhook', url: process.env.COSTKIT_TEST_UNSET_WEBHOOK as never }] })).toMatch(/alerts\.0\.url: expected the webhook URL as a string \(is the environment variable that holds it set\?\)/);
    const message = await issues({ alerts: [{ type: 'webhook', url: 'ftp://hooks.example/T0/B0/very-secret' }] });
    expect(message).toMatch(/alerts\.0\.url: expected an http\(s\) URL/);
    expect(message).not.toContain('very-secret');
  });

  it('checks a fleet configuration the same way (costkit/budget parseBudgets)', () => {
    expect(() => parseBudgets([{ name: 'b', window: 'day', limitUsd: -1 }])).toThrow(/budgets\.0\.limitUsd/);
    expect(parseBudgets([{ name: 'b', window: 'day', limitUsd: 5 }])[0]).toMatchObject({ name: 'b', limitUsd: 5, onExceed: 'throw', whenStoreDown: 'open' });
  });
});
