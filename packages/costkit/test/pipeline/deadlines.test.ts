import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpExporter, Pipeline, type Exporter } from '../../src/exporters/index.js';
import costkit, { CostkitConfigError } from '../../src/index.js';
import type { CostkitEvent } from '../../src/event.js';
import { callEvent, collector, readJsonLines, tempDir } from '../exporters/helpers.js';

// Deadlines (contract section 5): flush() and shutdown() settle by their deadline
// whatever an exporter does; each export is bounded too. These tests would hang
// (and fail on the test timeout) without them.

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function pipeline(exporters: Exporter[], options: ConstructorParameters<typeof Pipeline>[1] = {}): Pipeline {
  const p = new Pipeline(exporters, { report: () => undefined, ...options });
  cleanups.push(() => p.shutdown({ timeoutMs: 0 }));
  return p;
}

const never = () => new Promise<never>(() => undefined);

/** Exporters that misbehave in every way an exporter can. */
const misbehaving: Record<string, Exporter> = {
  'export() hangs forever': { name: 'x', export: never },
  'export() rejects': { name: 'x', export: async () => Promise.reject(new Error('nope')) },
  'export() throws synchronously': {
    name: 'x',
    export: () => {
      throw new Error('sync nope');
    },
  },
  'flush() hangs forever': { name: 'x', export: async () => undefined, flush: never },
  'shutdown() hangs forever': { name: 'x', export: async () => undefined, shutdown: never },
  'shutdown() throws': {
    name: 'x',
    export: async () => undefined,
    shutdown: () => {
      throw new Error('sync nope');
    },
  },
};

/** Resolves to how long `work` took, or rejects if it takes more than `limitMs` (so a hang fails clearly). */
async function settlesWithin(work: Promise<unknown>, limitMs: number): Promise<number> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`did not settle within ${limitMs} ms`)), limitMs)));
  await Promise.race([work, limit]).finally(() => clearTimeout(timer));
  return Date.now() - started;
}

const ids = (path: string) => new Set(readJsonLines(readFileSync(path, 'utf8')).map((e) => e.id));

describe('flush() and shutdown() settle by their deadline', () => {
  for (const [what, exporter] of Object.entries(misbehaving)) {
    it(`when ${what}, and every event is accounted for`, async () => {
      const p = pipeline([exporter], { maxBatchSize: 4 });
      for (let i = 0; i < 10; i++) p.enqueue(callEvent());
      await settlesWithin(p.flush({ timeoutMs: 200 }), 3_000);
      await settlesWithin(p.shutdown({ timeoutMs: 200 }), 3_000);
      const s = p.stats();
      expect(s.exported + s.failed + s.deadLettered + s.dropped).toBe(10);
      expect(s.queued).toBe(0);
      expect(s.exporters[0]!.inFlight).toBe(0);
    });
  }

  it('a flush deadline leaves a batch with nowhere synchronous to go in flight, not counted as lost', async () => {
    const p = pipeline([{ name: 'hung', export: never }]);
    p.enqueue(callEvent());
    await settlesWithin(p.flush({ timeoutMs: 100 }), 3_000);
    expect(p.stats().exporters[0]).toMatchObject({ inFlight: 1, failed: 0 });
    await p.shutdown({ timeoutMs: 0 });
    expect(p.stats().exporters[0]).toMatchObject({ inFlight: 0, failed: 1 });
  });

  it('at the deadline, batches the collector holds and batches still queued go to the dead-letter file, synchronously', async () => {
    const c = await collector(() => undefined); // accepts, never answers
    cleanups.push(c.close);
    const deadLetterPath = join(tempDir(), 'dead.jsonl');
    const e = httpExporter({ url: c.url, deadLetterPath, maxConcurrency: 1 });
    const p = pipeline([e], { maxBatchSize: 10 });
    const sent: CostkitEvent[] = Array.from({ length: 35 }, () => callEvent());
    for (const event of sent) p.enqueue(event);
    await settlesWithin(p.shutdown({ timeoutMs: 300 }), 3_000);
    expect(ids(deadLetterPath)).toEqual(new Set(sent.map((x) => x.id)));
    expect(p.stats()).toMatchObject({ deadLettered: 35, failed: 0, exported: 0, queued: 0 });
  });

  it('with the collector down and the default retry schedule (~50 s), shutdown settles by its deadline and leaves no retry timer behind', async () => {
    const port = await freePort();
    const deadLetterPath = join(tempDir(), 'dead.jsonl');
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const p = pipeline([httpExporter({ url: `http://127.0.0.1:${port}/v1/events`, deadLetterPath })], { maxBatchSize: 5 });
    const sent = Array.from({ length: 12 }, () => callEvent());
    for (const event of sent) p.enqueue(event);
    const took = await settlesWithin(p.shutdown({ timeoutMs: 800 }), 5_000);
    expect(took).toBeGreaterThanOrEqual(700);
    expect(ids(deadLetterPath)).toEqual(new Set(sent.map((x) => x.id)));
    expect(p.stats()).toMatchObject({ deadLettered: 12, failed: 0 });
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
  });
});

describe('a bad timeoutMs', () => {
  it('is refused with CostkitConfigError naming it, by costkit.flush/shutdown and by a Pipeline', async () => {
    await expect(costkit.flush({ timeoutMs: 'soon' } as never)).rejects.toThrow(/costkit\.flush: invalid options:\n {2}- timeoutMs: expected milliseconds, a number >= 0, e\.g\. timeoutMs: 5000/);
    await expect(costkit.shutdown({ timeoutMs: -1 })).rejects.toBeInstanceOf(CostkitConfigError);
    await expect(costkit.shutdown({ timeout: 5 } as never)).rejects.toThrow(/unknown option\(s\) 'timeout'; the only one is timeoutMs/);
    await expect(pipeline([]).flush({ timeoutMs: NaN })).rejects.toThrow(/Pipeline\.flush: invalid options/);
  });
});

describe('each export is bounded (queue.exportTimeoutMs)', () => {
  it('a hung export is abandoned and counted, and the lane moves on to the next batch', async () => {
    let calls = 0;
    const p = pipeline([{ name: 'first-hangs', export: async () => (++calls === 1 ? never() : undefined) }], { maxBatchSize: 5, exportTimeoutMs: 100 });
    for (let i = 0; i < 10; i++) p.enqueue(callEvent());
    await expect.poll(() => p.stats().exporters[0]!.exported, { timeout: 3_000 }).toBe(5);
    expect(p.stats().exporters[0]).toMatchObject({ failed: 5, timeouts: 1, inFlight: 0 });
  });

  it('tells the export to stop (its signal aborts) and writes the batch through the synchronous sink', async () => {
    const signals: AbortSignal[] = [];
    const written: CostkitEvent[] = [];
    const exporter: Exporter = {
      name: 'slow',
      export: (_events, context) => {
        signals.push(context!.signal);
        return never();
      },
      exportSync: (events) => void written.push(...events),
    };
    const p = pipeline([exporter], { maxBatchSize: 3, exportTimeoutMs: 100 });
    for (let i = 0; i < 3; i++) p.enqueue(callEvent());
    await expect.poll(() => written.length, { timeout: 3_000 }).toBe(3);
    expect(signals[0]!.aborted).toBe(true);
    expect(p.stats().exporters[0]).toMatchObject({ exported: 3, timeouts: 1, failed: 0 });
  });
});

/** A port nothing listens on: connections are refused (a collector that is down). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
