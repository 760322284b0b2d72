import OpenAI from 'openai';
import type { BudgetEvent, CostkitEvent } from '../../src/index.js';
import type { Harness } from '../helpers/harness.js';

export const hello = [{ role: 'user' as const, content: 'hello there' }];

export function openaiClient(h: Harness): OpenAI {
  return new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
}

export function budgetEvents(events: readonly CostkitEvent[], kind?: BudgetEvent['kind']): BudgetEvent[] {
  return events.filter((e): e is BudgetEvent => e.schema === 'costkit.budget/1' && (kind === undefined || e.kind === kind));
}

/** A clock a test moves by hand (windows and hold expiry of the in-memory store). */
export function manualClock(startIso: string): { now: () => number; set(iso: string): void; advance(ms: number): void } {
  let t = Date.parse(startIso);
  return {
    now: () => t,
    set: (iso) => (t = Date.parse(iso)),
    advance: (ms) => (t += ms),
  };
}

/** Sum of the calls' exact costs, USD. */
export function spentByCalls(events: readonly CostkitEvent[]): number {
  let pico = 0;
  for (const e of events) if (e.schema === 'costkit.call/1' && e.cost) pico += e.cost.totalPicoUsd;
  return pico / 1e12;
}
