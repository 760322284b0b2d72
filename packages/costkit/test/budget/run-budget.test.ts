import { describe, expect, it } from 'vitest';
import { BudgetExceededError, withBudget, withTags, getTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { budgetEvents, hello, openaiClient } from './helpers.js';

// withBudget: one budget shared by every call of an agent run, its nested
// sub-agents included, riding on the tag scope. Runs need no init({ budgets }).

const h = useHarness();
const ask = (maxTokens = 50) => openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: maxTokens, messages: hello }, { headers: { 'x-mock-output-tokens': String(maxTokens) } });

describe('withBudget', () => {
  it('returns what fn returns and keeps the tags of the scope it is in', async () => {
    const result = await withTags({ team: 'agents' }, () => withBudget({ limitUsd: 1 }, async () => ({ tags: getTags(), answer: (await ask()).choices.length })));
    expect(result).toEqual({ tags: { team: 'agents' }, answer: 1 });
    const [call] = await h.events();
    expect(call).toMatchObject({ tags: { team: 'agents' }, budget: { matched: ['run'] } });
  });

  it('refuses the call the run cannot afford, with an error that names the run and its scope', async () => {
    // About two calls' worth.
    const limitUsd = 0.0011;
    const outcome = await withTags({ team: 'agents', task: 't-42' }, () =>
      withBudget({ limitUsd, name: 'triage-run' }, async () => {
        const done: string[] = [];
        for (let i = 0; i < 5; i++) {
          try {
            await ask();
            done.push('ok');
          } catch (error) {
            return { done, error };
          }
        }
        return { done, error: undefined };
      }),
    );
    expect(outcome.done).toEqual(['ok', 'ok']);
    expect(outcome.error).toBeInstanceOf(BudgetExceededError);
    expect(outcome.error).toMatchObject({ code: 'COSTKIT_BUDGET_EXCEEDED', budget: 'run', runName: 'triage-run', limitUsd, scopeTags: { team: 'agents', task: 't-42' } });
    expect((outcome.error as Error).message).toMatch(/the run 'triage-run'.*\{ team: 'agents', task: 't-42' \}/);
    expect(h.mock.exchanges).toHaveLength(2);
    await h.events();
    expect(budgetEvents(h.sink.events, 'refused')).toMatchObject([{ budget: 'run', runName: 'triage-run' }]);
  });

  it('shares what remains with nested sub-agents, running at the same time', async () => {
    const limitUsd = 0.0011;
    const results = await withBudget({ limitUsd }, () =>
      Promise.allSettled([
        withTags({ agent: 'planner' }, () => ask()),
        withTags({ agent: 'coder' }, () => withBudget({ limitUsd: 5 }, () => Promise.allSettled([ask(), ask()]))),
      ]),
    );
    const flat = results.flatMap((r) => (r.status === 'fulfilled' && Array.isArray(r.value) ? r.value : [r]));
    // The inner run's own limit is larger, but it can only use what the outer run has left.
    expect(flat.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(flat.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.budget)).toEqual(['run']);
  });

  it('gives each run its own budget, and a nested run its own limit', async () => {
    await withBudget({ limitUsd: 0.0006 }, () => ask());
    await withBudget({ limitUsd: 0.0006 }, () => ask());
    const inner = await withBudget({ limitUsd: 1 }, () => withBudget({ limitUsd: 0.0006 }, async () => [await ask(), await ask().catch((e: unknown) => e)]));
    expect(inner[1]).toBeInstanceOf(BudgetExceededError);
    expect(h.mock.exchanges).toHaveLength(3);
  });

  it('rejects bad options where withBudget is called', () => {
    expect(() => withBudget({ limitUsd: -1 }, () => 1)).toThrow(/limitUsd must be a finite number >= 0/);
    expect(() => withBudget({} as never, () => 1)).toThrow(/limitUsd/);
    expect(() => withBudget({ limitUsd: 1 }, undefined as never)).toThrow(/second argument/);
  });
});
