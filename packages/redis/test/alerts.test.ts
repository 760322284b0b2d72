import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import { readFleetBudgets } from '../src/index.js';
import { RedisServer } from './helpers/redis-server.js';
import { startWorker } from './helpers/workers.js';

// Each warnAt threshold fires exactly once per budget per window across every
// process sharing the store (a flag claimed in Redis), never once per pod:
// four processes, one webhook receiver, one post per threshold.

let redis: RedisServer;
let mock: MockProvider;
let hook: Server;
const posts: Array<{ text: string }> = [];
beforeAll(async () => {
  [redis, mock] = await Promise.all([RedisServer.start(), startMockProvider({ port: 0 })]);
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body) as { text: string });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => hook?.close(resolve));
  await Promise.all([redis?.stop(), mock?.close()]);
});

describe('threshold alerts across processes', () => {
  it('fire once per threshold for four processes sharing one redis-server', async () => {
    // 40 calls of about $0.00052 each against $0.025: 25%, 50% and 75% are all crossed, the limit is not.
    const budgets = [{ name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: 0.025, warnAt: [0.25, 0.5, 0.75], onExceed: 'warn' }];
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/secret`;
    const config = { mockUrl: mock.url, redisUrl: redis.url, keyPrefix: 'alerts:', budgets, calls: 10, outputTokens: 50, ready: true, alerts: [{ type: 'webhook', url }] };
    const workers = Array.from({ length: 4 }, () => startWorker(config));
    await Promise.all(workers.map((w) => w.printed('ready')));
    for (const w of workers) w.child.stdin!.end('go\n');
    const reports = await Promise.all(workers.map((w) => w.result));

    expect(reports.reduce((n, r) => n + r.fulfilled, 0)).toBe(40);
    const thresholds = reports.flatMap((r) => r.budgetEvents.filter((e) => e.kind === 'threshold'));
    expect(thresholds.map((e) => e.threshold).sort()).toEqual([0.25, 0.5, 0.75]);
    expect(posts.map((p) => /crossed (\d+)%/.exec(p.text)![1]).sort()).toEqual(['25', '50', '75']);
    const [state] = await readFleetBudgets({ url: redis.url, keyPrefix: 'alerts:', budgets: budgets as never });
    expect(state!.spentUsd).toBeCloseTo(reports.reduce((s, r) => s + r.costPico, 0) / 1e12, 8);
  });
});
