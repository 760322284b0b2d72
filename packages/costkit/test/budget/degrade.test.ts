import { describe, expect, it } from 'vitest';
import costkit, { BudgetExceededError, type BudgetEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { budgetEvents, hello, openaiClient } from './helpers.js';
import { DEGRADE_TO, families } from './families.js';

// onExceed: 'degrade': past its limit a budget sends the mapped cheaper model
// instead, on every SDK family, plain and streamed; the call event records the
// model sent and the one asked for. A request with no mapping is refused.

const h = useHarness({ init: false });
// Too small for any call: every call meets the limit.
const budget = { name: 'premium', window: 'day' as const, limitUsd: 1e-9, onExceed: 'degrade' as const, degradeTo: DEGRADE_TO };

describe.each(['plain', 'stream'])('degrade (%s)', (kind) => {
  const stream = kind === 'stream';
  it.each(['openai', 'anthropic', '@google/genai', '@google/generative-ai'])('%s: the mock receives the cheaper model, and the events say what was asked for', async (name) => {
    const sink = await h.start({ budgets: [budget] });
    const family = families(h.mock.url).find((f) => f.name === name)!;
    await family.call(stream);
    await family.call(stream);
    expect(h.mock.exchanges.map((e) => family.sentModel(e))).toEqual([family.cheaper, family.cheaper]);
    const calls = await h.events();
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({ status: 'ok', model: family.cheaper, degradedFrom: family.model, stream, budget: { matched: ['premium'] } });
      expect(call.cost!.priceRef).toContain(family.cheaper);
    }
    const degraded = budgetEvents(sink.events, 'degraded');
    expect(degraded).toHaveLength(2);
    expect(degraded[0]).toMatchObject<Partial<BudgetEvent>>({ budget: 'premium', model: family.model, degradedTo: family.cheaper, limitUsd: 1e-9 });
    // A degraded call is the budget's way past its limit: it is charged, not refused.
    const [state] = await costkit.budgets();
    expect(state!.spentUsd).toBeGreaterThan(state!.limitUsd);
    expect(state!.reservedUsd).toBe(0);
  });
});

describe('degrade without a mapping', () => {
  it('refuses a model degradeTo does not map, before anything is sent', async () => {
    const sink = await h.start({ budgets: [budget] });
    const error = await openaiClient(h).chat.completions.create({ model: 'gpt-4.1', max_tokens: 64, messages: hello }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(h.mock.exchanges).toHaveLength(0);
    expect(await h.events()).toEqual([]);
    expect(budgetEvents(sink.events, 'refused')).toHaveLength(1);
  });

  it('sends the model asked for while the budget has room', async () => {
    await h.start({ budgets: [{ ...budget, limitUsd: 10 }] });
    await openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 64, messages: hello });
    expect((h.mock.exchanges[0]!.body as { model: string }).model).toBe('gpt-4o');
    const [call] = await h.events();
    expect(call!.degradedFrom).toBeUndefined();
  });
});
