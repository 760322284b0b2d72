import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costkit as run, costkitJson } from './helpers/cli.js';
import { calls, pico, readEvents, type Event } from './helpers/ledger.js';
import { tempDir } from './helpers/record.js';
import { freePort, RedisServer } from '../../redis/test/helpers/redis-server.js';

// A fleet of real app processes sharing budgets on a real redis-server, then
// `costkit budgets --redis` reading the fleet's state as the store holds it.
const WORKER = join(__dirname, 'fixtures/fleet-worker.mjs');
const BUDGETS = [
  { name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: 5, warnAt: [0.8] },
  { name: 'search-summarize-day', match: { team: 'search', feature: 'summarize' }, window: 'day', limitUsd: 1, onExceed: 'warn' },
  { name: 'support-month', match: { team: 'support' }, window: 'month', limitUsd: 2 },
];
const keyPrefix = `cli-fleet-${process.pid}:`;
let redis: RedisServer;
let mock: MockProvider;
let dir: string;
let config: string;
let events: Event[];

function worker(name: string, options: Record<string, unknown>): { child: ChildProcess; printed: Promise<void>; exited: Promise<number | null> } {
  const env = { ...process.env, COSTKIT_WORKER: JSON.stringify({ redisUrl: redis.url, keyPrefix, mockUrl: mock.url, budgets: BUDGETS, ledger: join(dir, 'ledger', `${name}.jsonl`), ...options }) };
  const child = spawn(process.execPath, [WORKER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const printed = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('calling') && resolve()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (code !== 0 && code !== null && console.error(err), resolve(code))));
  return { child, printed, exited };
}

beforeAll(async () => {
  [redis, mock] = await Promise.all([RedisServer.start(), startMockProvider()]);
  dir = tempDir();
  config = join(dir, 'budgets.json');
  writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
  const fleet = [
    worker('a', { calls: 12, team: 'search', feature: 'summarize' }),
    worker('b', { calls: 9, team: 'search', feature: 'summarize' }),
    worker('c', { calls: 7, team: 'search', feature: 'answer' }),
  ];
  expect(await Promise.all(fleet.map((w) => w.exited))).toEqual([0, 0, 0]);
  events = calls(readdirSync(join(dir, 'ledger')).flatMap((f) => readEvents(join(dir, 'ledger', f))));
}, 120_000);

afterAll(async () => {
  await Promise.all([redis?.stop(), mock?.close()]);
});

/** What the store charged: each call's cost rounded up to the nano-dollar, as the budget engine settles it. */
const charged = (f: (e: Event) => boolean) => events.filter(f).reduce((s, e) => s + Math.ceil(Number(pico(e)) / 1000), 0);

describe('costkit budgets --redis', () => {
  it("prints every budget's live state in the fleet's store: spent by all processes, nothing held once they exit", async () => {
    expect(events).toHaveLength(28);
    const json = await costkitJson(['budgets', '--redis', redis.url, '--key-prefix', keyPrefix, '--config', config]);
    expect(json).toMatchObject({ source: 'redis', redis: redis.url, keyPrefix });
    const month = new Date().toISOString().slice(0, 7);
    const byName = Object.fromEntries(json.budgets.map((b: any) => [b.name, b]));
    const nanos = { 'search-month': charged((e) => e.tags.team === 'search'), 'search-summarize-day': charged((e) => e.tags.feature === 'summarize'), 'support-month': 0 };
    for (const budget of BUDGETS) {
      const b = byName[budget.name];
      const spent = nanos[budget.name as keyof typeof nanos];
      expect(b).toEqual({ name: budget.name, window: expect.any(Object), spentUsd: spent / 1e9, reservedUsd: 0, limitUsd: budget.limitUsd, remainingUsd: (budget.limitUsd * 1e9 - spent) / 1e9 });
    }
    expect(byName['search-month'].window.start).toBe(`${month}-01T00:00:00.000Z`);
    expect(nanos['search-month']).toBeGreaterThan(0);
  });

  it('agrees with the ledger view of the same budgets', async () => {
    const live = await costkitJson(['budgets', '--redis', redis.url, '--key-prefix', keyPrefix, '--config', config]);
    const ledger = await costkitJson(['budgets', join(dir, 'ledger'), '--config', config]);
    for (const [i, b] of ledger.budgets.entries()) {
      // The ledger is exact to the pico-dollar; the store rounds each call up to the nano-dollar.
      expect(live.budgets[i].spentUsd).toBeCloseTo(b.spentUsd, 6);
      expect(live.budgets[i].spentUsd).toBeGreaterThanOrEqual(b.spentUsd);
    }
  });

  it('shows a call in flight as reserved, and what is left after it', async () => {
    const held = worker('held', { hold: true, team: 'support', feature: 'triage' });
    try {
      await held.printed;
      let support: any;
      const deadline = Date.now() + 15_000;
      do {
        const json = await costkitJson(['budgets', '--redis', redis.url, '--key-prefix', keyPrefix, '--config', config]);
        support = json.budgets.find((b: any) => b.name === 'support-month');
      } while (support.reservedUsd === 0 && Date.now() < deadline);
      expect(support.reservedUsd).toBeGreaterThan(0);
      expect(support.spentUsd).toBe(0);
      expect(support.remainingUsd).toBeCloseTo(2 - support.reservedUsd, 9);
    } finally {
      held.child.kill('SIGKILL');
      await held.exited;
    }
  });

  it('prints csv and a table', async () => {
    const csv = await run(['budgets', '--redis', redis.url, '--key-prefix', keyPrefix, '--config', config, '--format', 'csv']);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toBe('budget,window_start,window_end,spent_usd,reserved_usd,limit_usd,remaining_usd,used');
    expect(rows.map((r) => r.split(',')[0])).toEqual(BUDGETS.map((b) => b.name));
    const table = await run(['budgets', '--redis', redis.url, '--key-prefix', keyPrefix, '--config', config]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('search-summarize-day');
    expect(table.stdout).toContain(`live from ${redis.url} (key prefix ${keyPrefix})`);
  });

  it('says what is wrong with a bad config, a URL that is not Redis, and a Redis that does not answer, with exit code 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ name: 'search month', window: 'month', limitUsd: 5 }]));
    const config1 = await run(['budgets', '--redis', redis.url, '--config', bad]);
    expect([config1.code, config1.stderr]).toEqual([2, expect.stringContaining(`--config ${bad}: budgets.0.name:`)]);
    const http = await run(['budgets', '--redis', 'http://127.0.0.1:6379', '--config', config]);
    expect([http.code, http.stderr]).toEqual([2, expect.stringContaining('expected a redis:// or rediss:// URL')]);
    const port = await freePort();
    const down = await run(['budgets', '--redis', `redis://:hunter2@127.0.0.1:${port}`, '--config', config, '--timeout', '200']);
    expect([down.code, down.stderr]).toEqual([2, expect.stringContaining(`--redis redis://:***@127.0.0.1:${port}: cannot read the budgets`)]);
    expect(down.stderr).not.toContain('hunter2');
    const paths = await run(['budgets', join(dir, 'ledger'), '--redis', redis.url, '--config', config]);
    expect([paths.code, paths.stderr]).toEqual([2, expect.stringContaining('reads the live store, not event files')]);
  });
});
