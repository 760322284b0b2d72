import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpExporter, parseRetryAfter, type HttpExporterOptions } from '../../src/exporters/http/index.js';
import type { Exporter } from '../../src/exporters/types.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { callEvent, collector, readJsonLines, tempDir } from './helpers.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(...args: Parameters<typeof collector>) {
  const c = await collector(...args);
  cleanups.push(c.close);
  return c;
}

function exporter(options: HttpExporterOptions): Exporter {
  const e = httpExporter(options);
  cleanups.push(() => e.shutdown?.());
  return e;
}

/** Retries without waiting: each requested delay is recorded and advances a virtual clock. */
function virtualTime() {
  const clock = { now: 0, delays: [] as number[] };
  const sleep = async (ms: number) => {
    clock.delays.push(ms);
    clock.now += ms;
  };
  return { clock, sleep };
}

describe('http exporter: what it sends', () => {
  it('POSTs a JSON array with the configured headers', async () => {
    const c = await server();
    const events = [callEvent(), callEvent()];
    await exporter({ url: c.url, headers: { Authorization: 'Bearer s3cret' }, compressAboveBytes: false }).export(events);
    expect(c.requests).toHaveLength(1);
    const [request] = c.requests;
    expect(request!.headers['authorization']).toBe('Bearer s3cret');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(request!.body.toString())).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('sends NDJSON when format is ndjson', async () => {
    const c = await server();
    const events = [callEvent(), callEvent(), callEvent()];
    await exporter({ url: c.url, format: 'ndjson', compressAboveBytes: false }).export(events);
    const body = c.requests[0]!.body.toString();
    expect(c.requests[0]!.headers['content-type']).toBe('application/x-ndjson');
    expect(body.split('\n').filter(Boolean).map((l) => JSON.parse(l).id)).toEqual(events.map((e) => e.id));
  });

  it('gzips bodies above compressAboveBytes, and only those', async () => {
    const c = await server();
    const e = exporter({ url: c.url, compressAboveBytes: 2000 });
    await e.export([callEvent()]);
    await e.export(Array.from({ length: 20 }, () => callEvent()));
    expect(c.requests.map((r) => r.headers['content-encoding'])).toEqual([undefined, 'gzip']);
    expect(c.requests[1]!.events).toHaveLength(20);
  });

  it('keeps the connection alive across batches', async () => {
    const c = await server();
    const e = exporter({ url: c.url });
    for (let i = 0; i < 5; i++) await e.export([callEvent()]);
    expect(c.requests).toHaveLength(5);
    expect(c.sockets()).toBe(1);
  });

  it('never has more than maxConcurrency requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const waiting: (() => void)[] = [];
    const c = await server((_r, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      waiting.push(() => {
        inFlight--;
        res.end();
      });
    });
    const e = exporter({ url: c.url, maxConcurrency: 2 });
    const p = new Pipeline([e], { maxBatchSize: 1, report: () => undefined });
    cleanups.push(() => p.shutdown());
    for (let i = 0; i < 6; i++) p.enqueue(callEvent());
    const done = p.flush();
    for (let answered = 0; answered < 6; ) {
      await vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
      waiting.shift()!();
      answered++;
    }
    await done;
    expect(c.ids().size).toBe(6);
    expect(peak).toBe(2);
  });
});

describe('http exporter: retries', () => {
  it('retries 5xx and network errors with growing backoff, then delivers', async () => {
    let n = 0;
    const c = await server((_r, res, req) => {
      n++;
      if (n === 1) return void req.socket.destroy();
      if (n <= 3) return void res.writeHead(503).end();
      res.end();
    });
    const { clock, sleep } = virtualTime();
    const e = exporter({ url: c.url, sleep, random: () => 0.5, retryBaseDelayMs: 100 });
    await e.export([callEvent()]);
    expect(c.requests).toHaveLength(1);
    expect(n).toBe(4);
    // Equal jitter around 100, 200, 400: half the ceiling plus random half.
    expect(clock.delays).toEqual([75, 150, 300]);
    expect(e.stats?.()).toMatchObject({ retries: 3, sent: 1 });
  });

  it('honours Retry-After on 429 (capped at retryMaxDelayMs)', async () => {
    let n = 0;
    const c = await server((_r, res) => {
      n++;
      if (n === 1) return void res.writeHead(429, { 'retry-after': '7' }).end();
      if (n === 2) return void res.writeHead(503, { 'retry-after': '120' }).end();
      res.end();
    });
    const { clock, sleep } = virtualTime();
    await exporter({ url: c.url, sleep, retryMaxDelayMs: 30_000 }).export([callEvent()]);
    expect(clock.delays).toEqual([7000, 30_000]);
  });

  it('does not retry another 4xx, reports it once, and dead-letters the batch (its result says where)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    cleanups.push(() => process.off('warning', onWarning));
    let n = 0;
    const c = await server((_r, res) => {
      n++;
      res.writeHead(401).end();
    });
    const deadLetterPath = join(tempDir(), 'dead.jsonl');
    const e = exporter({ url: c.url, deadLetterPath, sleep: async () => undefined });
    const events = [callEvent(), callEvent()];
    await expect(e.export(events)).resolves.toEqual({ delivered: 0, deadLettered: { count: 2, path: deadLetterPath } });
    await expect(e.export([callEvent()])).resolves.toEqual({ delivered: 0, deadLettered: { count: 1, path: deadLetterPath } });
    expect(n).toBe(2);
    await vi.waitFor(() => expect(warnings.filter((w) => w.includes('answered 401'))).toHaveLength(1));
    expect(warnings[0]).toMatch(/not retried.*headers \(authorization\)/);
    expect(readJsonLines(readFileSync(deadLetterPath, 'utf8')).map((e) => e.id)).toEqual([...events.map((e) => e.id), expect.any(String)]);
  });

  it('abandons an attempt with no answer within timeoutMs and retries it', async () => {
    let n = 0;
    const c = await server((_r, res) => {
      n++;
      if (n > 1) res.end();
      // The first request is never answered.
    });
    await exporter({ url: c.url, timeoutMs: 100, sleep: async () => undefined }).export([callEvent()]);
    expect(n).toBe(2);
    expect(c.requests).toHaveLength(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTen)).toBeGreaterThan(8000);
  });
});

describe('http exporter through the pipeline', () => {
  it('a collector that is down for 10 s and then returns loses nothing', async () => {
    // "Down" in virtual time: every attempt fails (a reset connection, or 503)
    // until the exporter's own backoff has waited 10 s; no test time passes.
    const { clock, sleep } = virtualTime();
    let attempts = 0;
    const c = await server((_r, res, req) => {
      attempts++;
      if (clock.now < 10_000) {
        if (attempts % 2) return void req.socket.destroy();
        return void res.writeHead(503).end();
      }
      res.end();
    });
    const e = exporter({ url: c.url, sleep, maxConcurrency: 2 });
    const p = new Pipeline([e], { maxBatchSize: 100, maxQueueSize: 10_000, report: () => undefined });
    cleanups.push(() => p.shutdown());
    const sent = Array.from({ length: 2_000 }, () => callEvent());
    for (const event of sent) p.enqueue(event);
    await p.flush();
    expect(clock.now).toBeGreaterThanOrEqual(10_000);
    expect(attempts).toBeGreaterThan(c.requests.length);
    expect(c.ids()).toEqual(new Set(sent.map((e) => e.id)));
    expect(p.stats()).toMatchObject({ exported: 2_000, dropped: 0, failed: 0, deadLettered: 0 });
  });

  it('a collector that answers 500 forever ends in the dead-letter file with every event', async () => {
    const c = await server((_r, res) => void res.writeHead(500).end());
    const deadLetterPath = join(tempDir(), 'nested', 'dead-letter.jsonl');
    const e = exporter({ url: c.url, deadLetterPath, maxRetries: 3, sleep: async () => undefined });
    const p = new Pipeline([e], { maxBatchSize: 50, report: () => undefined });
    cleanups.push(() => p.shutdown());
    const sent = Array.from({ length: 1_000 }, () => callEvent());
    for (const event of sent) p.enqueue(event);
    await p.flush();
    const dead = readJsonLines(readFileSync(deadLetterPath, 'utf8'));
    expect(new Set(dead.map((e) => e.id))).toEqual(new Set(sent.map((e) => e.id)));
    expect(dead).toHaveLength(1_000);
    // In the event format, ready to replay.
    expect(dead[0]).toEqual(JSON.parse(JSON.stringify(sent.find((e) => e.id === dead[0]!.id))));
    expect(p.stats()).toMatchObject({ deadLettered: 1_000, failed: 0, exported: 0 });
  });

  it('without a dead-letter file, an undeliverable batch is counted as lost', async () => {
    const c = await server((_r, res) => void res.writeHead(500).end());
    const e = exporter({ url: c.url, maxRetries: 1, sleep: async () => undefined });
    const p = new Pipeline([e], { maxBatchSize: 10, report: () => undefined });
    cleanups.push(() => p.shutdown());
    for (let i = 0; i < 10; i++) p.enqueue(callEvent());
    await p.flush();
    expect(p.stats()).toMatchObject({ failed: 10, deadLettered: 0 });
  });

  it('exportSync appends to the dead-letter file and says so in its result (the exit path)', () => {
    const deadLetterPath = join(tempDir(), 'dead.jsonl');
    const e = exporter({ url: 'http://127.0.0.1:9/never', deadLetterPath });
    const events = [callEvent(), callEvent()];
    expect(e.exportSync!(events)).toEqual({ delivered: 0, deadLettered: { count: 2, path: deadLetterPath } });
    expect(readJsonLines(readFileSync(deadLetterPath, 'utf8')).map((x) => x.id)).toEqual(events.map((x) => x.id));
  });
});
