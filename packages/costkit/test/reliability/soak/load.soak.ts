import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import costkit, { type CostkitEvent } from '../../../src/index.js';
import { startApp, type SoakApp } from './app.js';

/**
 * Soak: 200 requests always in flight against a real HTTP app for about a
 * minute (SOAK_SECONDS), a share of them with provider faults (rate limits
 * that outlast the SDK's retries, 500s, resets, cut streams, slow first
 * bytes). Every app request must have exactly one call event with its tags
 * and the status the app saw; nothing dropped or failed in the pipeline; the
 * heap flat once warm. Bookkeeping is preallocated so the test itself does
 * not grow.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = 200;
const MAX_REQUESTS = 2_000_000;
const KINDS = ['openai', 'openai-stream', 'anthropic', 'anthropic-stream', 'google', 'google-stream'];
const FAULTS = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'status=429;retry-after-ms=5', 'status=500', 'reset', 'truncate-stream=2', 'slow-first-byte=30'];
const TENANTS = Array.from({ length: 20 }, (_, i) => `tenant-${i}`);
const OK = 1;
const ERROR = 2;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let mock: MockProvider;
let app: SoakApp;
const seenStatus = new Uint8Array(MAX_REQUESTS);
const eventCount = new Uint8Array(MAX_REQUESTS);
const eventStatus = new Uint8Array(MAX_REQUESTS);
let badTags = 0;

const counting = {
  async export(batch: readonly CostkitEvent[]) {
    for (const event of batch) {
      if (event.schema !== 'costkit.call/1') continue;
      const rid = Number(event.tags.rid);
      if (!(rid >= 0) || event.tags.tenant !== TENANTS[rid % TENANTS.length] || event.tags.route !== 'POST /summarize') badTags++;
      eventCount[rid] = Math.min(255, eventCount[rid]! + 1);
      eventStatus[rid] = event.status === 'ok' ? OK : event.status === 'error' ? ERROR : 3;
    }
  },
};

beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
  await costkit.init({ service: 'soak', exporters: [counting], queue: { maxQueueSize: 100_000 } });
  app = await startApp(mock.url);
});
afterAll(async () => {
  await app?.close();
  await costkit.shutdown();
  await mock?.close();
});

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function request(rid: number): Promise<number> {
  const headers: Record<string, string> = { 'x-rid': String(rid), 'x-tenant': TENANTS[rid % TENANTS.length]!, 'x-kind': KINDS[rid % KINDS.length]! };
  const fault = FAULTS[Math.floor(rid / KINDS.length) % FAULTS.length];
  if (fault) headers['x-fault'] = fault;
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}/summarize`, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

it(`keeps one event per call, the right tags and status, nothing dropped and the heap flat under ${CONCURRENCY} concurrent requests for ${SECONDS} s`, async () => {
  const deadline = Date.now() + SECONDS * 1000;
  let next = 0;
  const heap: number[] = [];
  const sampler = setInterval(() => {
    gc();
    heap.push(process.memoryUsage().heapUsed);
  }, 2_000);
  const worker = async () => {
    while (Date.now() < deadline && next < MAX_REQUESTS) {
      const rid = next++;
      seenStatus[rid] = (await request(rid)) === 200 ? OK : ERROR;
      // The mock keeps every exchange: not costkit's memory.
      if (mock.exchanges.length > 5_000) mock.reset();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(sampler);
  await costkit.flush();
  const total = next;

  let missing = 0;
  let doubled = 0;
  let wrongStatus = 0;
  for (let rid = 0; rid < total; rid++) {
    if (eventCount[rid] === 0) missing++;
    else if (eventCount[rid]! > 1) doubled++;
    else if (eventStatus[rid] !== seenStatus[rid]) wrongStatus++;
  }
  const stats = costkit.stats();
  console.log(`soak: ${total} requests in ${SECONDS} s; stats ${JSON.stringify({ calls: stats.calls, exported: stats.exported, dropped: stats.dropped, failed: stats.failed })}; heap MB ${heap.map((b) => (b / 2 ** 20).toFixed(0)).join(' ')}`);
  expect({ missing, doubled, wrongStatus, badTags }).toEqual({ missing: 0, doubled: 0, wrongStatus: 0, badTags: 0 });
  expect(stats).toMatchObject({ calls: total, dropped: 0, failed: 0, internalErrors: 0 });
  expect(stats.exported).toBe(total);
  // Every one of the 200 workers made several requests (a throughput floor, not a benchmark).
  expect(total).toBeGreaterThan(CONCURRENCY * 3);

  // Flat: once warm (the first quarter), the heap after GC grows by no more than noise.
  const warm = heap.slice(Math.floor(heap.length / 4));
  const end = await settledHeap();
  expect(end - Math.min(...warm)).toBeLessThan(40 * 2 ** 20);
});
