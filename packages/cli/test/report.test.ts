import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit, costkitJson } from './helpers/cli.js';
import { calls, groupBy, readEvents, totals, type Event } from './helpers/ledger.js';
import { tempDir } from './helpers/record.js';
import { appendHandWritten, recordMixedLedger } from './helpers/scenario.js';

let ledger: string;
let events: Event[];

beforeAll(async () => {
  ledger = join(tempDir(), 'costkit-events.jsonl');
  await recordMixedLedger(ledger);
  appendHandWritten(ledger);
  events = readEvents(ledger);
});

/** What the CLI must print for `--by keys`, computed from the lines with JSON.parse and BigInt. */
function expectedGroups(by: string[], key: (e: Event, k: string) => string | null) {
  const groups = groupBy(calls(events), (e) => Object.fromEntries(by.map((k) => [k, key(e, k)])));
  return [...groups].map(([k, group]) => ({ key: JSON.parse(k), ...totals(group) }));
}

const tag = (e: Event, k: string) => e.tags?.[k] ?? null;

function expectSameGroups(actual: any[], expected: ReturnType<typeof expectedGroups>) {
  expect(actual).toHaveLength(expected.length);
  for (const want of expected) {
    const got = actual.find((g) => JSON.stringify(g.key) === JSON.stringify(want.key));
    expect(got, JSON.stringify(want.key)).toBeDefined();
    expect(got).toMatchObject(want);
  }
  const costs = actual.map((g) => g.costUsd);
  expect(costs).toEqual([...costs].sort((a, b) => b - a));
}

describe('costkit report', () => {
  it('the ledger holds what the scenario promises', () => {
    const c = calls(events);
    expect(c.some((e) => e.usage && !e.cost)).toBe(true);
    expect(c.some((e) => e.status === 'error' && e.attempts === 3)).toBe(true);
    expect(c.some((e) => e.finishReason === 'length')).toBe(true);
    expect(c.some((e) => e.usage?.cacheWrite1hTokens > 0)).toBe(true);
    expect(c.some((e) => e.usage?.cacheReadTokens > 0)).toBe(true);
    expect(c.some((e) => e.usage?.webSearchRequests > 0)).toBe(true);
    expect(c.some((e) => e.usage?.reasoningTokens > 0)).toBe(true);
    expect(c.some((e) => e.tagged === false)).toBe(true);
    expect(c.some((e) => !('interactionId' in e))).toBe(true);
    expect(events.some((e) => e.schema === 'costkit.guard/1')).toBe(true);
  });

  it('adds up cost, calls and tokens by team and feature, exactly, sorted by cost', async () => {
    const json = await costkitJson(['report', ledger, '--by', 'team,feature']);
    expectSameGroups(json.groups, expectedGroups(['team', 'feature'], tag));
    expect(json.total).toMatchObject(totals(calls(events)));
    expect(json.skippedLines).toBe(0);
  });

  it('counts budget and guard events as events, never as calls', async () => {
    const json = await costkitJson(['report', ledger]);
    expect(json.total.calls).toBe(calls(events).length);
    expect(json.otherEvents).toEqual({
      budget: events.filter((e) => e.schema === 'costkit.budget/1').length,
      guard: events.filter((e) => e.schema === 'costkit.guard/1').length,
    });
  });

  it.each([
    [['provider', 'model'], (e: Event, k: string) => e[k]],
    [['customer'], tag],
    [['route'], tag],
    [['environment', 'service'], (e: Event, k: string) => e[k]],
    [['day'], (e: Event) => e.timestamp.slice(0, 10)],
    [['month', 'team'], (e: Event, k: string) => (k === 'month' ? e.timestamp.slice(0, 7) : tag(e, k))],
    [['interaction'], (e: Event) => e.interactionId ?? null],
  ])('groups by %j', async (by, key) => {
    const json = await costkitJson(['report', ledger, '--by', by.join(',')]);
    expectSameGroups(json.groups, expectedGroups(by, key));
  });

  it('gives calls of one withTags scope one interaction, and old events none', async () => {
    const json = await costkitJson(['report', ledger, '--by', 'interaction,feature']);
    const summarize = json.groups.filter((g: any) => g.key.feature === 'summarize');
    // The scope's five calls share one id; the event written before interactionId has null.
    expect(summarize.map((g: any) => g.calls).sort()).toEqual([1, 5]);
    expect(summarize.find((g: any) => g.calls === 1).key.interaction).toBeNull();
  });

  it('always shows the unallocated share and who owns it', async () => {
    const untagged = calls(events).filter((e) => e.tagged === false);
    const json = await costkitJson(['report', ledger, '--by', 'feature']);
    expect(json.unallocated).toMatchObject({ calls: untagged.length, costUsd: totals(untagged).costUsd, owners: [{ tags: { team: 'platform' }, calls: untagged.length }] });
    expect(json.unallocated.sharePct).toBeCloseTo((100 * totals(untagged).costUsd) / totals(calls(events)).costUsd, 3);
    const table = await costkit(['report', ledger, '--by', 'feature']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/unallocated \(tagged: false\): \$[\d.]+, [\d.]+% of cost, 2 calls; owner: team=platform/);
  });

  it('counts unpriced calls and leaves them out of the cost, never as $0 of a price', async () => {
    const json = await costkitJson(['report', ledger, '--by', 'model', '--where', 'model=acme-finetune-v1']);
    expect(json.groups).toHaveLength(1);
    expect(json.groups[0]).toMatchObject({ calls: 1, unpricedCalls: 1, costUsd: 0 });
    const table = await costkit(['report', ledger, '--by', 'model']);
    expect(table.stdout).toContain('1 calls have usage but no price');
  });

  it('filters with --where (values of one key are alternatives, keys combine, != excludes) and --from/--to', async () => {
    const only = (f: (e: Event) => boolean) => totals(calls(events).filter(f));
    const a = await costkitJson(['report', ledger, '--where', 'team=support', '--where', 'team=research']);
    expect(a.total).toMatchObject(only((e) => ['support', 'research'].includes(e.tags.team)));
    const b = await costkitJson(['report', ledger, '--where', 'team=support', '--where', 'provider=openai', '--where', 'model!=gpt-4o-mini']);
    expect(b.total).toMatchObject(only((e) => e.tags.team === 'support' && e.provider === 'openai' && e.model !== 'gpt-4o-mini'));
    const c = await costkitJson(['report', ledger, '--where', 'model=gpt-4o*']);
    expect(c.total).toMatchObject(only((e) => e.model.startsWith('gpt-4o')));
    const d = await costkitJson(['report', ledger, '--from', '2026-11-03T12:00:00Z', '--to', '2026-11-04']);
    expect(d.total).toMatchObject(only((e) => e.timestamp >= '2026-11-03T12:00:00.000Z' && e.timestamp < '2026-11-04'));
  });

  it('prints csv and markdown with one row per group', async () => {
    const csv = await costkit(['report', ledger, '--by', 'provider', '--format', 'csv']);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toBe('provider,cost_usd,share,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,cache_read_share,retries,errors,truncations,unpriced_calls');
    const byProvider = expectedGroups(['provider'], (e) => e.provider);
    expect(rows).toHaveLength(byProvider.length);
    for (const want of byProvider) {
      const row = rows.find((r) => r.startsWith(`${want.key.provider},`))!.split(',');
      expect(Number(row[1])).toBe(want.costUsd);
      expect(Number(row[3])).toBe(want.calls);
    }
    const md = await costkit(['report', ledger, '--by', 'provider', '--format', 'markdown']);
    expect(md.stdout.split('\n').filter((l) => l.startsWith('| ')).length).toBe(byProvider.length + 1);
    expect(md.stdout).toContain('unallocated (tagged: false)');
  });

  it('writes to --out instead of stdout', async () => {
    const out = join(tempDir(), 'report.json');
    const run = await costkit(['report', ledger, '--format', 'json', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).total.calls).toBe(calls(events).length);
  });

  it('reads a Parquet copy of the ledger (written with costkit sql) to the same figures', async () => {
    const parquet = join(tempDir(), 'ledger.parquet');
    const copy = await costkit(['sql', `COPY (SELECT * FROM events) TO '${parquet}' (FORMAT parquet)`, ledger]);
    expect(copy.code, copy.stderr).toBe(0);
    const fromParquet = await costkitJson(['report', parquet, '--by', 'team,feature']);
    const fromJson = await costkitJson(['report', ledger, '--by', 'team,feature']);
    expect(fromParquet).toEqual(fromJson);
  });
});
