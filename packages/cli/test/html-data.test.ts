import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPriceBook, withTags } from 'costkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { caching, interactions } from '../dist/index.js';
import { costkit as run, costkitJson } from './helpers/cli.js';
import { calls, groupBy, sumPico, usd, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir } from './helpers/record.js';
import { HOSTILE, readEvents, recordReviewLedger, writeInvoice } from './helpers/review-scenario.js';

let dir: string;
let ledger: string;
let invoice: string;
let config: string;
let events: Event[];
let variancePico: bigint;
let data: any;
const MIN_USD = '0.01';

beforeAll(async () => {
  dir = tempDir();
  ledger = join(dir, 'events.jsonl');
  await recordReviewLedger(ledger);
  events = calls(readEvents(ledger));
  invoice = join(dir, 'invoice.csv');
  variancePico = writeInvoice(invoice, events);
  config = join(dir, 'budgets.json');
  writeFileSync(config, JSON.stringify({ budgets: [{ name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: 1 }, { name: 'support-day', match: { team: 'support' }, window: 'day', limitUsd: 0.01 }] }));
  data = await costkitJson(['html', ledger, '--config', config, '--invoice', invoice, '--min-usd', MIN_USD]);
}, 120_000);

const spend = (f: (e: Event) => boolean) => usd(sumPico(events.filter(f)));

describe('costkit html: the page data', () => {
  it('is the JSON of the CLI command for each section, for the same query', async () => {
    expect(data.models).toEqual(await costkitJson(['report', ledger, '--by', 'provider,model']));
    expect(data.teams).toEqual(await costkitJson(['report', ledger, '--by', 'team']));
    expect(data.forecast).toEqual(await costkitJson(['forecast', ledger, '--month', '2026-11', '--by', 'team', '--budgets', config]));
    const { found, shown, ...anomalies } = data.anomalies;
    const cli = await costkitJson(['anomalies', ledger, '--by', 'feature', '--min-usd', MIN_USD]);
    expect(anomalies).toEqual({ ...cli, anomalies: cli.anomalies.slice(0, 100) });
    expect([found, shown]).toEqual([cli.anomalies.length, Math.min(100, cli.anomalies.length)]);
    expect(found).toBeGreaterThan(0);
    expect(data.reconcile).toEqual(await costkitJson(['reconcile', ledger, '--invoice', invoice, '--month', '2026-11'], 1));
    expect(data.caching).toEqual(await caching([ledger]));
    expect(data.interactions).toEqual({ by: 'route', json: await interactions([ledger], { by: ['route'] }) });
  });

  it('charts the cost per day of each team as costkit report --by day,team gives it', async () => {
    const byDay = await costkitJson(['report', ledger, '--by', 'day,team']);
    const chart = data.charts['cost-by-team'];
    expect(chart.categories).toEqual(Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`));
    for (const series of chart.series) {
      const team = series.name === '(none)' ? null : series.name;
      expect(series.values).toEqual(chart.categories.map((day: string) => byDay.groups.find((g: any) => g.key.day === day && g.key.team === team)?.costUsd ?? 0));
    }
    expect(chart.series.map((s: any) => s.name)).toContain(HOSTILE);
  });

  it('sums the smallest features into one "other" series, exactly, past eight', () => {
    const chart = data.charts['cost-by-feature'];
    const features = new Set(events.map((e) => e.tags.feature ?? null));
    expect(features.size).toBeGreaterThan(8);
    expect(chart.series).toHaveLength(8);
    const other = chart.series[7];
    const shown = new Set(chart.series.slice(0, 7).map((s: any) => (s.name === '(none)' ? null : s.name)));
    expect(other.name).toBe(`other (${features.size - 7})`);
    expect(other.values).toEqual(chart.categories.map((day: string) => spend((e) => !shown.has(e.tags.feature ?? null) && e.timestamp.startsWith(day))));
  });

  it('has the ledger’s totals, unallocated share and owner, computed independently', () => {
    expect(data.models.total.costUsd).toBe(spend(() => true));
    expect(data.models.unallocated).toMatchObject({ costUsd: spend((e) => !e.tagged), calls: events.filter((e) => !e.tagged).length, owners: [{ tags: { team: 'platform' } }] });
    for (const g of data.teams.groups) expect(g.costUsd).toBe(spend((e) => (e.tags.team ?? null) === g.key.team));
    expect(data.forecast.total.monthToDateUsd).toBe(spend(() => true));
    expect(data.forecast.budgets[0]).toMatchObject({ name: 'search-month', spentUsd: spend((e) => e.tags.team === 'search'), limitUsd: 1 });
    expect(data.reconcile.total.varianceUsd).toBe(usd(variancePico));
  });

  it('prices what caching saved with the price book: the cached tokens as plain input, less their cache-read price', () => {
    const book = createPriceBook();
    const priced = (e: Event, usage: Record<string, number>) => BigInt(book.price({ provider: e.provider, model: e.model, timestamp: e.timestamp, serviceTier: e.serviceTier ?? null, usage: { ...e.usage, ...usage } })!.totalPicoUsd);
    const byModel = groupBy(events.filter((e) => e.cost && e.usage), (e) => ({ provider: e.provider, model: e.model }));
    let models = 0;
    for (const [key, group] of byModel) {
      const saved = group.reduce((s, e) => s + priced(e, { cacheReadTokens: 0 }) - priced(e, {}), 0n);
      const premium = group.reduce((s, e) => s + priced(e, {}) - priced(e, { cacheWriteTokens: 0, cacheWrite1hTokens: 0 }), 0n);
      const g = data.caching.groups.find((x: any) => JSON.stringify(x.key) === key);
      expect(g, key).toBeDefined();
      expect(g).toMatchObject({ savedUsd: usd(saved), writePremiumUsd: usd(premium), netSavedUsd: usd(saved - premium) });
      if (saved > 0n) models++;
    }
    // OpenAI's cached prompt tokens and Anthropic's cache reads of the system prompt.
    expect(models).toBe(2);
    expect(data.caching.groups.find((g: any) => g.key.model === 'claude-haiku-4-5').writePremiumUsd).toBeGreaterThan(0);
  });

  it('gives nearest-rank percentiles of the cost per interaction, per route', () => {
    const perInteraction = groupBy(events.filter((e) => e.interactionId && e.tags.route), (e) => ({ route: e.tags.route, id: e.interactionId }));
    const byRoute = new Map<string, bigint[]>();
    for (const [key, group] of perInteraction) {
      const { route } = JSON.parse(key);
      byRoute.set(route, [...(byRoute.get(route) ?? []), sumPico(group)]);
    }
    expect([...byRoute.keys()].sort()).toEqual(['GET /api/search', 'POST /api/chats/:id']);
    const rank = (sorted: bigint[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
    for (const [route, costs] of byRoute) {
      const sorted = [...costs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const g = data.interactions.json.groups.find((x: any) => x.key.route === route);
      expect(g).toMatchObject({ interactions: costs.length, p50Usd: usd(rank(sorted, 0.5)), p90Usd: usd(rank(sorted, 0.9)), p99Usd: usd(rank(sorted, 0.99)), maxUsd: usd(sorted.at(-1)!) });
    }
  });

  it('gives the cost per interaction per feature when no call carries a route', async () => {
    const plain = join(dir, 'scopes.jsonl');
    await recordLedger(plain, async (c) => {
      c.at('2026-11-05T10:00:00.000Z');
      for (const n of [1, 2, 3]) {
        await withTags({ team: 'search', feature: 'agent' }, async () => {
          for (let i = 0; i < n; i++) await c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `step ${i}` }] });
        });
      }
    });
    const json = await costkitJson(['html', plain]);
    const costs = [...groupBy(calls(readEvents(plain)), (e) => ({ id: e.interactionId })).values()].map((g) => usd(sumPico(g))).sort((a, b) => a - b);
    expect(json.interactions.by).toBe('feature');
    expect(json.interactions.json.groups).toEqual([expect.objectContaining({ key: { feature: 'agent' }, interactions: 3, calls: 6, p50Usd: costs[1], maxUsd: costs[2] })]);
    expect(json.charts.interactions.categories).toEqual(['agent']);
  });

  it('refuses --where with --invoice, and a bad --month, with exit code 2', async () => {
    const where = await run(['html', ledger, '--invoice', invoice, '--where', 'team=search']);
    expect(where.code).toBe(2);
    expect(where.stderr).toContain('--invoice reconciles every call of the month');
    const month = await run(['html', ledger, '--month', 'November']);
    expect(month.code).toBe(2);
    expect(month.stderr).toContain("--month 'November': expected a month as YYYY-MM");
  });
});
