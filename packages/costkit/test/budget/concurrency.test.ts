import { describe, expect, it } from 'vitest';
import costkit, { BudgetExceededError, withTags, type CallEvent } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { budgetEvents, hello, openaiClient, spentByCalls } from './helpers.js';

// Reserve, then settle, in one process (the default in-memory store): calls
// started together cannot all pass a check made before any of them spent.

const h = useHarness({ init: false });
const OUTPUT = 50;
const headers = { 'x-mock-output-tokens': String(OUTPUT) };
const request = { model: 'gpt-4o', max_tokens: OUTPUT, messages: hello };

async function oneReservation(): Promise<number> {
  await h.start({ budgets: [{ name: 'probe', window: 'day', limitUsd: 100 }] });
  await openaiClient(h).chat.completions.create(request, { headers });
  const [event] = await h.events();
  return event!.budget!.reservedUsd;
}

describe('200 concurrent calls against a budget that allows 50 (in memory)', () => {
  it('admits 50, refuses the rest before sending, and spends no more than the limit plus one reservation', async () => {
    const reservation = await oneReservation();
    const limitUsd = reservation * 50.5;
    const sink = await h.start({ budgets: [{ name: 'search-day', match: { team: 'search' }, window: 'day', limitUsd }] });
    h.mock.reset();
    const openai = openaiClient(h);
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => withTags({ team: 'search' }, () => openai.chat.completions.create(request, { headers }))));
    const [state] = await costkit.budgets();
    const calls = await h.events();

    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // The in-memory store answers at once: all 200 are admitted or refused before any is sent.
    expect(results.length - refused.length).toBe(50);
    expect(h.mock.exchanges).toHaveLength(50);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(BudgetExceededError);
      expect(r.reason).toMatchObject({ code: 'COSTKIT_BUDGET_EXCEEDED', budget: 'search-day', reason: 'limit', limitUsd });
    }
    expect(spentByCalls(calls)).toBeLessThanOrEqual(limitUsd + reservation);
    expect(state).toMatchObject({ name: 'search-day', limitUsd, reservedUsd: 0 });
    expect(state!.spentUsd).toBeCloseTo(spentByCalls(calls), 6);
    expect(state!.remainingUsd).toBeCloseTo(limitUsd - state!.spentUsd, 9);
    expect(budgetEvents(sink.events, 'refused')).toHaveLength(150);
    // The first call to find the limit reached says so once.
    expect(budgetEvents(sink.events, 'exceeded')).toHaveLength(1);
    for (const call of calls) expect(call.budget).toMatchObject({ matched: ['search-day'], reservedUsd: reservation });
  });

  it('charges a call to every budget it matches, and refuses it when any one cannot pay', async () => {
    const sink = await h.start({
      budgets: [
        { name: 'team', match: { team: 'search' }, window: 'month', limitUsd: 10 },
        { name: 'feature', match: { team: 'search', feature: 'summarize' }, window: 'day', limitUsd: 0.0001 },
        { name: 'gpt4o', match: { model: 'gpt-4o*', provider: 'openai' }, window: { hours: 6 }, limitUsd: 10 },
        { name: 'other-team', match: { team: 'ads' }, window: 'day', limitUsd: 10 },
      ],
    });
    const openai = openaiClient(h);
    await withTags({ team: 'search', feature: 'chat' }, () => openai.chat.completions.create(request, { headers }));
    const refusal = await withTags({ team: 'search', feature: 'summarize' }, () => openai.chat.completions.create(request, { headers })).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ budget: 'feature' });
    const [event] = await h.events();
    expect((event as CallEvent).budget!.matched).toEqual(['team', 'gpt4o']);
    const states = Object.fromEntries((await costkit.budgets()).map((s) => [s.name, s]));
    // The refused call held nothing anywhere: all or nothing.
    expect(states.team!.spentUsd).toBeCloseTo(spentByCalls(sink.events), 9);
    expect(states.gpt4o!.spentUsd).toBeCloseTo(spentByCalls(sink.events), 9);
    expect(states.feature!.spentUsd).toBe(0);
    expect(states['other-team']!.spentUsd).toBe(0);
    for (const s of Object.values(states)) expect(s.reservedUsd).toBe(0);
  });

  it('charges each call to the budgets its own tags match, among 40 budgets (more than a bit set indexes)', async () => {
    const teams = Array.from({ length: 40 }, (_, i) => `team-${i}`);
    await h.start({
      budgets: [
        ...teams.map((team) => ({ name: team, match: { team }, window: 'day' as const, limitUsd: 10 })),
        { name: 'all-openai', match: { provider: 'openai' }, window: 'day', limitUsd: 10 },
      ],
    });
    const openai = openaiClient(h);
    for (const team of ['team-3', 'team-39', 'team-3']) await withTags({ team }, () => openai.chat.completions.create(request, { headers }));
    const calls = (await h.events()) as CallEvent[];
    expect(calls.map((c) => c.budget!.matched)).toEqual([
      ['team-3', 'all-openai'],
      ['team-39', 'all-openai'],
      ['team-3', 'all-openai'],
    ]);
    const states = Object.fromEntries((await costkit.budgets()).map((s) => [s.name, s]));
    expect(states['team-3']!.spentUsd).toBeCloseTo(calls[0]!.cost!.total + calls[2]!.cost!.total, 9);
    expect(states['team-39']!.spentUsd).toBeCloseTo(calls[1]!.cost!.total, 9);
    expect(states['team-0']!.spentUsd).toBe(0);
    expect(states['all-openai']!.spentUsd).toBeCloseTo(spentByCalls(calls), 9);
  });

  it('keeps the calls of one set of budgets apart: each event names its own budgets, and they cannot be changed through another', async () => {
    await h.start({
      budgets: [
        { name: 'search', match: { team: 'search' }, window: 'day', limitUsd: 10 },
        { name: 'ads', match: { team: 'ads' }, window: 'month', limitUsd: 10 },
      ],
    });
    const openai = openaiClient(h);
    for (const team of ['search', 'ads', 'search']) await withTags({ team }, () => openai.chat.completions.create(request, { headers }));
    const calls = (await h.events()) as CallEvent[];
    expect(calls.map((c) => c.budget!.matched)).toEqual([['search'], ['ads'], ['search']]);
    // Shared between the calls of a set, so frozen: a consumer writing to one event cannot rewrite the others.
    expect(() => calls[0]!.budget!.matched.push('x')).toThrow(TypeError);
    expect(calls[2]!.budget!.matched).toEqual(['search']);
  });
});
