import { describe, expect, it } from 'vitest';
import costkit, { BudgetExceededError, withTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { budgetEvents, hello, openaiClient } from './helpers.js';

// clampToRemaining: a call that would not fit at its output cap is sent with
// the cap the budget can still pay for, instead of being refused; refused only
// when even a short answer does not fit.

const h = useHarness({ init: false });

describe('clampToRemaining', () => {
  it('sends the output cap the budget can pay for, and says so on the event', async () => {
    // gpt-4o output is $10 per million tokens: $0.002 pays for the prompt and about 200 tokens.
    await h.start({ budgets: [{ name: 'tight', window: 'day', limitUsd: 0.002, clampToRemaining: true }] });
    await openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 4000, messages: hello });
    const sent = (h.mock.exchanges[0]!.body as { max_tokens: number }).max_tokens;
    expect(sent).toBeGreaterThan(150);
    expect(sent).toBeLessThan(200);
    const [call] = await h.events();
    expect(call!.budget).toMatchObject({ clampedOutputTo: sent });
    // What was reserved is what the clamped call can cost: within the limit.
    expect(call!.budget!.reservedUsd).toBeLessThanOrEqual(0.002);
    expect(call!.budget!.reservedUsd).toBeGreaterThan(0.0015);
  });

  it('leaves a call that fits alone, and refuses once not even 64 tokens of answer fit', async () => {
    const sink = await h.start({ budgets: [{ name: 'tight', window: 'day', limitUsd: 0.002, clampToRemaining: true }] });
    const openai = openaiClient(h);
    await openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 20, messages: hello }, { headers: { 'x-mock-output-tokens': '20' } });
    expect((h.mock.exchanges[0]!.body as { max_tokens: number }).max_tokens).toBe(20);
    // Spend most of it with clamped calls that use their whole cap.
    for (let i = 0; i < 5; i++) {
      await openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 4000, messages: hello }, { headers: { 'x-mock-output-tokens': '4000' } }).catch(() => undefined);
    }
    const [state] = await costkit.budgets();
    expect(state!.remainingUsd).toBeLessThan(0.00064);
    const error = await openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 4000, messages: hello }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    await costkit.flush();
    expect(budgetEvents(sink.events, 'refused').length).toBeGreaterThan(0);
    const [after] = await costkit.budgets();
    expect(after!.spentUsd).toBeLessThanOrEqual(0.002);
  });

  it('clamps against a run budget that allows it', async () => {
    const { withBudget } = costkit;
    await h.start();
    await withBudget({ limitUsd: 0.002, clampToRemaining: true }, () => withTags({ team: 'a' }, () => openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 4000, messages: hello })));
    expect((h.mock.exchanges[0]!.body as { max_tokens: number }).max_tokens).toBeLessThan(200);
  });
});
