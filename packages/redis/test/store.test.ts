import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { parseBudgets, type ReserveLine, type SettleLine, type StoreLine } from 'costkit/budget';
import { RedisBudgetStore } from '../src/index.js';
import { RedisServer, until } from './helpers/redis-server.js';

// The store's own promises, straight against redis-server: all or nothing
// across lines, settles idempotent by id, a hold that expires is still charged
// when its call settles late, leases renew, keys carry the window and a TTL.

let redis: RedisServer;
let admin: Redis;
beforeAll(async () => {
  redis = await RedisServer.start();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

const now = Date.parse('2026-12-10T12:00:00Z');
const [team, feature] = parseBudgets([
  { name: 'team', window: 'month', limitUsd: 1 },
  { name: 'feature', window: 'day', limitUsd: 0.5 },
]).map((b) => b.lineAt(now)) as [StoreLine, StoreLine];
const reserve = (line: StoreLine, usd: number, enforce = true): ReserveLine => ({ ...line, amountNanos: usd * 1e9, enforce });
const settle = (line: StoreLine, usd: number): SettleLine => ({ ...line, actualNanos: usd * 1e9, thresholds: [0.5], tags: { team: 'search' } });

function store(prefix: string, leaseMs = 30_000): RedisBudgetStore {
  return new RedisBudgetStore({ url: redis.url, keyPrefix: prefix, leaseMs, timeoutMs: 2_000 });
}

describe('the Redis budget store', () => {
  it('holds every line or none', async () => {
    const s = store('aon:');
    expect((await s.reserve('a', [reserve(team, 0.4), reserve(feature, 0.4)])).ok).toBe(true);
    const refused = await s.reserve('b', [reserve(team, 0.2), reserve(feature, 0.2)]);
    expect(refused.ok).toBe(false);
    expect(refused.lines.map((l) => l.over)).toEqual([false, true]);
    // The first call in the window to find the limit reached is told so (the `exceeded` event), once.
    expect(refused.lines.map((l) => l.firstOver)).toEqual([false, true]);
    expect(await s.read([team, feature])).toEqual([
      { spentNanos: 0, reservedNanos: 0.4e9 },
      { spentNanos: 0, reservedNanos: 0.4e9 },
    ]);
    // An unchecked line ('warn') is held past its limit.
    const warned = await s.reserve('c', [reserve(feature, 0.2, false)]);
    expect(warned).toMatchObject({ ok: true, lines: [{ over: true, firstOver: false, reservedNanos: 0.6e9 }] });
    await s.close();
  });

  it('settles once per id, however often the settle is sent', async () => {
    const s = store('idem:');
    await s.reserve('r1', [reserve(team, 0.3)]);
    const first = await s.settle('r1', [settle(team, 0.1)]);
    const again = await s.settle('r1', [settle(team, 0.1)]);
    expect(first.lines[0]).toMatchObject({ spentNanos: 0.1e9, reservedNanos: 0 });
    expect(again.lines[0]).toMatchObject({ spentNanos: 0.1e9, reservedNanos: 0 });
    await s.close();
  });

  it('charges an id the store never held (lost in a restart, or reserved while it was down)', async () => {
    const s = store('lost:');
    expect((await s.settle('never-held', [settle(team, 0.25)])).lines[0]!.spentNanos).toBe(0.25e9);
    await s.close();
  });

  it('lets an unrenewed lease expire, and still charges its call when it settles late', async () => {
    const s = store('lease:', 150);
    await s.reserve('slow', [reserve(team, 0.9)]);
    expect((await s.reserve('next', [reserve(team, 0.2)])).ok).toBe(false);
    await until('the lease expired', async () => (await s.read([team]))[0]!.reservedNanos === 0, 5_000);
    expect((await s.reserve('next', [reserve(team, 0.2)])).ok).toBe(true);
    expect((await s.settle('slow', [settle(team, 0.05)])).lines[0]!.spentNanos).toBe(0.05e9);
    // Settled once: a repeat is not charged again.
    expect((await s.settle('slow', [settle(team, 0.05)])).lines[0]!.spentNanos).toBe(0.05e9);
    await s.close();
  });

  it('renews the leases it is asked to', async () => {
    const s = store('renew:', 200);
    await s.reserve('kept', [reserve(team, 0.5)]);
    await s.reserve('dropped', [reserve(team, 0.3)]);
    const started = Date.now();
    while (Date.now() - started < 700) {
      await s.renew([{ line: team, ids: ['kept'] }]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await s.read([team]))[0]!.reservedNanos).toBe(0.5e9);
    await s.close();
  });

  it('keeps the window in the key, with a TTL one window past its end', async () => {
    const s = store('ttl:');
    await s.reserve('x', [reserve(team, 0.1)]);
    await s.settle('x', [settle(team, 0.1)]);
    expect(await admin.get('ttl:budget:team:2026-12:spent')).toBe(String(0.1e9));
    const expireAt = await admin.pexpiretime('ttl:budget:team:2026-12:spent');
    expect(expireAt).toBe(Date.parse('2027-01-01T00:00:00Z') + 31 * 86_400_000);
    expect(await admin.pexpiretime('ttl:budget:team:2026-12')).toBe(expireAt);
    await s.close();
  });

  it('fires a threshold once per window, and gives the top tags when it does', async () => {
    const a = store('warn:');
    const b = store('warn:');
    await a.reserve('1', [reserve(team, 0.3)]);
    await b.reserve('2', [reserve(team, 0.3)]);
    const firstSettle = await a.settle('1', [settle(team, 0.3)]);
    const secondSettle = await b.settle('2', [settle(team, 0.3)]);
    expect(firstSettle.lines[0]!.fired).toEqual([]);
    expect(secondSettle.lines[0]).toMatchObject({ fired: [0.5], topTags: [['team=search', 0.6e9]] });
    await a.reserve('3', [reserve(team, 0.1)]);
    expect((await a.settle('3', [settle(team, 0.1)])).lines[0]!.fired).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('loads each script once per connection, then runs it by its hash', async () => {
    await admin.config('RESETSTAT');
    const s = store('sha:');
    for (let i = 0; i < 5; i++) await s.reserve(`s${i}`, [reserve(team, 0.01)]);
    const info = await admin.info('commandstats');
    expect(info).toMatch(/cmdstat_eval:calls=1,/);
    expect(info).toMatch(/cmdstat_evalsha:calls=4,/);
    await s.close();
  });
});
