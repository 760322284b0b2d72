import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPriceBook, withTags } from 'costkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit as run, costkitJson } from './helpers/cli.js';
import { calls, pico, readEvents, sumPico, usd, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir } from './helpers/record.js';

const DAY = 86_400_000;
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
let dir: string;
let ledger: string;
let events: Event[];

beforeAll(async () => {
  dir = tempDir();
  ledger = join(dir, 'events.jsonl');
  await recordLedger(ledger, async (c) => {
    for (const [i, day] of DAYS.entries()) {
      c.at(`${day}T10:00:00.000Z`);
      await withTags({ team: 'search', feature: 'answer' }, async () => {
        for (let n = 0; n < 3; n++) await c.openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `Answer ${n} on ${day}` }] }, { headers: { 'x-mock-output-tokens': '1000' } });
      });
      await withTags({ team: 'support', feature: 'triage' }, async () => {
        for (let n = 0; n < (i >= 7 ? 4 : 2); n++) await c.anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 2000, messages: [{ role: 'user', content: `Ticket ${n}` }] }, { headers: { 'x-mock-output-tokens': '800' } });
      });
    }
  });
  events = calls(readEvents(ledger));
});

const spend = (f: (e: Event) => boolean) => usd(sumPico(events.filter(f)));

describe('costkit forecast', () => {
  it('projects month-end spend per team from the last 7 days, and from the month so far', async () => {
    const asOf = '2026-11-11T00:00:00.000Z';
    const json = await costkitJson(['forecast', ledger, '--month', '2026-11', '--by', 'team', '--as-of', asOf]);
    expect(json).toMatchObject({ month: '2026-11', asOf, daysElapsed: 10, daysInMonth: 30, method: 'trailing7' });
    for (const team of ['search', 'support']) {
      const g = json.groups.find((x: any) => x.key.team === team);
      const mtd = spend((e) => e.tags.team === team);
      const rate = spend((e) => e.tags.team === team && e.timestamp >= '2026-11-04') / 7;
      expect(g.monthToDateUsd).toBeCloseTo(mtd, 12);
      expect(g.runRateUsd).toBeCloseTo(rate, 12);
      expect(g.projectedUsd).toBeCloseTo(mtd + rate * 20, 12);
    }
    const mtd = await costkitJson(['forecast', ledger, '--month', '2026-11', '--as-of', asOf, '--method', 'mtd']);
    expect(mtd.total.runRateUsd).toBeCloseTo(spend(() => true) / 10, 12);
    expect(mtd.total.projectedUsd).toBeCloseTo(spend(() => true) * 3, 12);
  });

  it('takes the last call as "now" when no --as-of is given', async () => {
    const json = await costkitJson(['forecast', ledger]);
    const last = Math.max(...events.map((e) => Date.parse(e.timestamp)));
    expect(json.asOf).toBe(new Date(last + 1).toISOString());
  });

  it('checks budgets: when a month budget reaches its limit, and the days a day budget went over', async () => {
    const asOf = '2026-11-11T00:00:00.000Z';
    const supportDay = (day: string) => spend((e) => e.tags.team === 'support' && e.timestamp.startsWith(day));
    const searchMtd = spend((e) => e.tags.team === 'search');
    const config = join(dir, 'budgets.json');
    writeFileSync(config, JSON.stringify({ budgets: [
      { name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: searchMtd * 2, onExceed: 'warn' },
      { name: 'support-day', match: { team: 'support', provider: 'anthropic' }, window: 'day', limitUsd: (supportDay('2026-11-01') + supportDay('2026-11-10')) / 2 },
    ] }));
    const json = await costkitJson(['forecast', ledger, '--month', '2026-11', '--as-of', asOf, '--budgets', config]);
    const [month, day] = json.budgets;
    const rate = spend((e) => e.tags.team === 'search' && e.timestamp >= '2026-11-04') / 7;
    expect(month).toMatchObject({ name: 'search-month', overLimit: false });
    expect(month.spentUsd).toBeCloseTo(searchMtd, 12);
    expect(Date.parse(month.reachesLimitAt)).toBeCloseTo(Date.parse(asOf) + (searchMtd / rate) * DAY, -2);
    expect(day.daysOverLimit).toEqual(['2026-11-08', '2026-11-09', '2026-11-10']);
    const state = await costkitJson(['budgets', ledger, '--config', config, '--as-of', asOf]);
    expect(state.budgets).toEqual(json.budgets);
  });
});

describe('costkit whatif', () => {
  const book = createPriceBook();
  const on = (model: string, e: Event, scale = 1) => BigInt(book.price({ provider: 'openai', model, timestamp: e.timestamp, usage: { ...e.usage, outputTokens: e.usage.outputTokens * scale } })!.totalPicoUsd);

  it('reprices the same usage on another model, side by side', async () => {
    const search = events.filter((e) => e.tags.team === 'search');
    const json = await costkitJson(['whatif', ledger, '--where', 'team=search', '--model', 'gpt-4o-mini']);
    const target = search.reduce((s, e) => s + on('gpt-4o-mini', e), 0n);
    const current = search.reduce((s, e) => s + pico(e), 0n);
    expect(json.target).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(json.groups).toEqual([expect.objectContaining({ key: { model: 'gpt-4o' }, calls: search.length, currentUsd: usd(current), whatifUsd: usd(target) })]);
    expect(json.total.ratio).toBeCloseTo(Number(current) / Number(target), 9);
    expect(json.total.ratio).toBeGreaterThan(10);
  });

  it('answers a token-shape change: half the output tokens', async () => {
    const search = events.filter((e) => e.tags.team === 'search');
    const json = await costkitJson(['whatif', ledger, '--where', 'team=search', '--model', 'gpt-4o', '--scale', 'output=0.5']);
    expect(json.total.whatifUsd).toBe(usd(search.reduce((s, e) => s + on('gpt-4o', e, 0.5), 0n)));
  });

  it('refuses a model it has no price for', async () => {
    const r = await run(['whatif', ledger, '--model', 'no-such-model-9000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--model no-such-model-9000: costkit has no price for it');
  });
});

describe('costkit sql', () => {
  it('runs any query over the calls view', async () => {
    const rows = await costkitJson(['sql', "SELECT tags['team'] AS team, sum(costPicoUsd) AS pico, count(*) AS n FROM calls GROUP BY ALL ORDER BY team", ledger]);
    expect(rows).toEqual(['search', 'support'].map((team) => {
      const es = events.filter((e) => e.tags.team === team);
      return { team, pico: Number(sumPico(es)), n: es.length };
    }));
  });

  it('says why a query failed, exit code 2', async () => {
    const r = await run(['sql', 'SELECT nope FROM calls', ledger]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the query failed');
  });
});
