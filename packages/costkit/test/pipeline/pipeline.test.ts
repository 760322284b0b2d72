import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadLetteredError, Pipeline, type Exporter, type ExportResult } from '../../src/exporters/index.js';
import type { CostkitEvent } from '../../src/event.js';
import costkit from '../../src/index.js';
import { callEvent } from '../exporters/helpers.js';

const pipelines: Pipeline[] = [];
afterEach(async () => {
  await Promise.all(pipelines.splice(0).map((p) => p.shutdown({ timeoutMs: 1000 })));
});

function pipeline(exporters: Exporter[], options: ConstructorParameters<typeof Pipeline>[1] = {}): Pipeline {
  const p = new Pipeline(exporters, { report: () => undefined, ...options });
  pipelines.push(p);
  return p;
}

function recorder(): Exporter & { batches: CostkitEvent[][]; events: () => CostkitEvent[] } {
  const batches: CostkitEvent[][] = [];
  return {
    name: 'recorder',
    batches,
    events: () => batches.flat(),
    async export(events) {
      batches.push([...events]);
    },
  };
}

/** An exporter whose export() never settles until released: a stalled collector. */
function stalled(): Exporter & { release: () => void; calls: number } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const exporter = {
    name: 'stalled',
    calls: 0,
    release: () => release(),
    async export() {
      exporter.calls++;
      await gate;
    },
  };
  return exporter;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('pipeline batching', () => {
  it('hands full batches to the exporter as soon as they fill, and the rest on flush', async () => {
    const out = recorder();
    const p = pipeline([out], { maxBatchSize: 4, flushIntervalMs: 60_000 });
    for (let i = 0; i < 10; i++) p.enqueue(callEvent());
    await tick();
    await tick();
    expect(out.batches.map((b) => b.length)).toEqual([4, 4]);
    await p.flush();
    expect(out.batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(p.stats()).toMatchObject({ enqueued: 10, exported: 10, dropped: 0, queued: 0 });
  });

  it('sends a partial batch once flushIntervalMs has passed', async () => {
    const out = recorder();
    const p = pipeline([out], { maxBatchSize: 100, flushIntervalMs: 5 });
    p.enqueue(callEvent());
    await expect.poll(() => out.batches.length).toBe(1);
  });

  it('exports outside the async context of the call that filled the batch', async () => {
    const als = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const p = pipeline([{ async export() { seen.push(als.getStore()); } }], { maxBatchSize: 1 });
    als.run('request-42', () => p.enqueue(callEvent()));
    await p.flush();
    expect(seen).toEqual([undefined]);
  });
});

describe('a slow or failing exporter', () => {
  it('does not hold back the others', async () => {
    const slow = stalled();
    const fast = recorder();
    const p = pipeline([slow, fast], { maxBatchSize: 2, maxQueueSize: 50 });
    for (let i = 0; i < 20; i++) p.enqueue(callEvent());
    for (let i = 0; i < 5; i++) await tick();
    expect(fast.events()).toHaveLength(20);
    const [slowStats, fastStats] = p.stats().exporters;
    expect(slowStats).toMatchObject({ name: 'stalled', inFlight: 2, queued: 18, exported: 0 });
    expect(fastStats).toMatchObject({ name: 'recorder', exported: 20, queued: 0 });
    slow.release();
    await p.flush();
    expect(p.stats().exporters[0]).toMatchObject({ exported: 20, queued: 0, inFlight: 0 });
  });

  it('keeps memory bounded behind a stalled exporter: drops the oldest, counts every one', async () => {
    const slow = stalled();
    const p = pipeline([slow], { maxBatchSize: 10, maxQueueSize: 100 });
    for (let i = 0; i < 10_000; i++) p.enqueue(callEvent());
    await tick();
    const s = p.stats();
    expect(s.queued).toBeLessThanOrEqual(100);
    expect(s.exporters[0]!.inFlight).toBeLessThanOrEqual(10);
    // Every event is accounted for: queued, in flight, or counted as dropped.
    expect(s.queued + (s.exporters[0]!.inFlight as number) + s.dropped).toBe(10_000);
    slow.release();
  });

  it('counts from what export() resolves to: delivered, dead-lettered with its path, failed with its reason', async () => {
    const results: ExportResult[] = [
      { delivered: 3 },
      { delivered: 1, deadLettered: { count: 2, path: '/var/costkit/dlq.jsonl' } },
      { delivered: 0, failed: { count: 3, reason: 'the warehouse refused the rows' } },
    ];
    const reports: string[] = [];
    const p = pipeline([{ name: 'warehouse', export: async () => results.shift() }], { maxBatchSize: 3, report: (m) => reports.push(m) });
    for (let i = 0; i < 9; i++) p.enqueue(callEvent());
    await p.flush();
    expect(p.stats().exporters[0]).toMatchObject({ exported: 4, deadLettered: 2, failed: 3, exportFailures: 2 });
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatch(/2 written to the dead-letter file by exporter 'warehouse' \(\/var\/costkit\/dlq\.jsonl/);
    expect(reports[0]).toMatch(/3 lost: exporter 'warehouse' failed \(the warehouse refused the rows\)/);
  });

  it('a Promise<void> exporter still works: resolving counts the batch as delivered, rejecting as failed', async () => {
    let n = 0;
    const legacy: Exporter = {
      name: 'legacy',
      async export(): Promise<void> {
        if (++n === 2) throw new Error('collector said no');
      },
    };
    const p = pipeline([legacy], { maxBatchSize: 3 });
    for (let i = 0; i < 9; i++) p.enqueue(callEvent());
    await p.flush();
    expect(p.stats()).toMatchObject({ exported: 6, failed: 3, deadLettered: 0, exportFailures: 1 });
  });

  it('a result that accounts for fewer events than its batch counts the rest as failed, never as delivered', async () => {
    const reports: string[] = [];
    const p = pipeline([{ name: 'sloppy', export: async () => ({ delivered: 2 }) }], { maxBatchSize: 5, report: (m) => reports.push(m) });
    for (let i = 0; i < 5; i++) p.enqueue(callEvent());
    await p.flush();
    expect(p.stats()).toMatchObject({ exported: 2, failed: 3 });
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatch(/accounted for 2 of 5 events/);
  });

  it('a thrown DeadLetteredError (deprecated) is still counted as dead-lettered', async () => {
    const p = pipeline([{ async export(events) { throw new DeadLetteredError(events.length, '/tmp/dlq.jsonl'); } }], { maxBatchSize: 3 });
    for (let i = 0; i < 3; i++) p.enqueue(callEvent());
    await p.flush();
    expect(p.stats()).toMatchObject({ deadLettered: 3, failed: 0 });
  });

  it('an export() that throws synchronously is a failed batch, not a crash', async () => {
    const p = pipeline([{ export: () => { throw new Error('sync boom'); } }], { maxBatchSize: 1 });
    p.enqueue(callEvent());
    await p.flush();
    expect(p.stats()).toMatchObject({ failed: 1 });
  });
});

describe('full queue policy', () => {
  it('dropOldest keeps the newest events and reports drops at most once per interval', async () => {
    let now = 0;
    const reports: string[] = [];
    const slow = stalled();
    const p = pipeline([slow], { maxBatchSize: 1, maxQueueSize: 5, report: (m) => reports.push(m), reportIntervalMs: 60_000, now: () => now });
    p.enqueue(callEvent()); // in flight once drained
    await tick();
    for (let i = 0; i < 10; i++) p.enqueue(callEvent());
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatch(/5 dropped from the full queue of exporter 'stalled' \(maxQueueSize 5\)/);
    // More drops within the minute wait for the next report…
    now = 30_000;
    for (let i = 0; i < 3; i++) p.enqueue(callEvent());
    await tick();
    expect(reports).toHaveLength(1);
    expect(p.stats().dropped).toBe(8);
    slow.release();
  });

  it('block writes the oldest batch synchronously instead of dropping', async () => {
    const written: CostkitEvent[] = [];
    const slow = stalled();
    const sync: Exporter = { ...slow, name: 'sync', exportSync: (events) => void written.push(...events), export: slow.export };
    const p = pipeline([sync], { maxBatchSize: 4, maxQueueSize: 8, whenFull: 'block' });
    for (let i = 0; i < 40; i++) p.enqueue(callEvent());
    const s = p.stats();
    expect(s.dropped).toBe(0);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length + s.queued + (s.exporters[0]!.inFlight as number)).toBe(40);
    slow.release();
  });

  it('block still drops (counted, reported) for an exporter with no synchronous sink', async () => {
    const reports: string[] = [];
    const slow = stalled();
    const p = pipeline([slow], { maxBatchSize: 1, maxQueueSize: 2, whenFull: 'block', report: (m) => reports.push(m) });
    for (let i = 0; i < 10; i++) p.enqueue(callEvent());
    expect(p.stats().dropped).toBeGreaterThan(0);
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatch(/no synchronous sink/);
    slow.release();
  });
});

describe('flush and shutdown', () => {
  it('flush resolves once every earlier event reached every exporter', async () => {
    const a = recorder();
    const b = recorder();
    const p = pipeline([a, b], { maxBatchSize: 1000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) p.enqueue(callEvent());
    await p.flush();
    expect(a.events()).toHaveLength(25);
    expect(b.events()).toHaveLength(25);
  });

  it('flush never rejects, even when an exporter flush throws', async () => {
    const p = pipeline([{ async export() {}, async flush() { throw new Error('nope'); } }]);
    p.enqueue(callEvent());
    await expect(p.flush()).resolves.toBeUndefined();
  });

  it('shutdown is idempotent, shuts each exporter down once, and counts later events as dropped', async () => {
    let shutdowns = 0;
    const out = recorder();
    const p = pipeline([{ ...out, async shutdown() { shutdowns++; } }]);
    p.enqueue(callEvent());
    const first = p.shutdown();
    expect(p.shutdown()).toBe(first);
    await first;
    await p.shutdown();
    expect(shutdowns).toBe(1);
    expect(out.events()).toHaveLength(1);
    p.enqueue(callEvent());
    expect(p.stats()).toMatchObject({ enqueued: 1, dropped: 1 });
  });

  it('accepts events that arrive while shutdown() is flushing (calls still in flight)', async () => {
    const out = recorder();
    const p = pipeline([out]);
    p.enqueue(callEvent());
    const done = p.shutdown();
    p.enqueue(callEvent());
    await done;
    expect(out.events()).toHaveLength(2);
    expect(p.stats().dropped).toBe(0);
  });

  it('writeRemainingSync writes what is queued and in flight through exportSync', () => {
    const written: CostkitEvent[] = [];
    const slow = stalled();
    const p = pipeline([{ ...slow, export: slow.export, exportSync: (e) => void written.push(...e) }], { maxBatchSize: 2 });
    for (let i = 0; i < 5; i++) p.enqueue(callEvent());
    p.writeRemainingSync();
    expect(written).toHaveLength(5);
    expect(p.stats()).toMatchObject({ exported: 5, queued: 0 });
    slow.release();
  });
});

describe('costkit.stats()', () => {
  afterEach(() => costkit.shutdown());

  it('includes the pipeline counters and one entry per exporter', async () => {
    await costkit.init({ exporters: [{ async export() {} }, { type: 'file', path: '/tmp/costkit-stats-test.jsonl' }], queue: { maxQueueSize: 100, whenFull: 'dropOldest' } });
    expect(costkit.stats()).toMatchObject({
      enqueued: 0,
      dropped: 0,
      failed: 0,
      deadLettered: 0,
      exporters: [
        { name: 'exporter', queued: 0, dropped: 0 },
        { name: 'file', queued: 0, dropped: 0 },
      ],
    });
  });
});
