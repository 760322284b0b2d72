import { execFile } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileExporter, Pipeline } from '../../src/exporters/index.js';
import { CostkitConfigError } from '../../src/index.js';
import { costkitEventSchema, type CostkitEvent } from '../../src/event.js';
import { bundle, callEvent, readJsonLines, tempDir } from './helpers.js';

const run = promisify(execFile);

describe('file exporter', () => {
  it('appends valid JSON lines to a file created with mode 0600', async () => {
    const path = join(tempDir(), 'sub', 'events.jsonl');
    const exporter = fileExporter({ path });
    const first = [callEvent(), callEvent()];
    const second = [callEvent()];
    await exporter.export(first);
    await exporter.export(second);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => costkitEventSchema.parse(JSON.parse(l)).id)).toEqual([...first, ...second].map((e) => e.id));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never writes in-process attachments (symbol-keyed properties)', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const event = Object.assign(callEvent(), { [Symbol('otel.context')]: { secret: 'span' } });
    await fileExporter({ path }).export([event]);
    expect(readFileSync(path, 'utf8')).not.toContain('secret');
  });

  it("rotate: 'day' writes each event to the file of its UTC day", async () => {
    const dir = tempDir();
    const exporter = fileExporter({ path: join(dir, 'costkit.jsonl'), rotate: 'day' });
    await exporter.export([
      callEvent({ timestamp: '2026-11-21T23:59:59.999Z' }),
      callEvent({ timestamp: '2026-11-22T00:00:00.000Z' }),
      callEvent({ timestamp: '2026-11-22T10:00:00.000Z' }),
    ]);
    expect(readdirSync(dir).sort()).toEqual(['costkit-2026-11-21.jsonl', 'costkit-2026-11-22.jsonl']);
    expect(readJsonLines(readFileSync(join(dir, 'costkit-2026-11-22.jsonl'), 'utf8'))).toHaveLength(2);
  });

  it('maxFileBytes moves on to numbered files, never renaming one, never splitting a batch', async () => {
    const dir = tempDir();
    const exporter = fileExporter({ path: join(dir, 'costkit.jsonl'), maxFileBytes: 2_000 });
    const sent: CostkitEvent[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = [callEvent(), callEvent()];
      sent.push(...batch);
      await exporter.export(batch);
    }
    const files = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(files[0]).toBe('costkit.1.jsonl');
    expect(files).toContain('costkit.jsonl');
    expect(files.length).toBeGreaterThan(3);
    const ids = files.flatMap((f) => readJsonLines(readFileSync(join(dir, f), 'utf8')).map((e) => e.id));
    expect(new Set(ids)).toEqual(new Set(sent.map((e) => e.id)));
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(2_000);
  });

  it('maxFileBytes with day rotation: costkit-<day>.<n>.jsonl, also on the synchronous path', () => {
    const dir = tempDir();
    const exporter = fileExporter({ path: join(dir, 'costkit.jsonl'), rotate: 'day', maxFileBytes: 1_000 });
    for (let i = 0; i < 3; i++) exporter.exportSync!([callEvent(), callEvent()]);
    expect(readdirSync(dir).sort()).toEqual(['costkit-2026-11-22.1.jsonl', 'costkit-2026-11-22.2.jsonl', 'costkit-2026-11-22.jsonl']);
  });

  it('a folder removed while the app runs is created again with the next batch (async and sync paths)', async () => {
    const dir = join(tempDir(), 'events');
    const path = join(dir, 'costkit.jsonl');
    const exporter = fileExporter({ path });
    await exporter.export([callEvent()]);
    rmSync(dir, { recursive: true });
    const later = [callEvent(), callEvent()];
    await exporter.export(later);
    expect(readJsonLines(readFileSync(path, 'utf8')).map((e) => e.id)).toEqual(later.map((e) => e.id));
    rmSync(dir, { recursive: true });
    exporter.exportSync!([callEvent()]);
    expect(readJsonLines(readFileSync(path, 'utf8'))).toHaveLength(1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('an event that cannot be serialized (a BigInt an app added) is counted as failed; the rest of its batch is written', async () => {
    const path = join(tempDir(), 'events.jsonl');
    const pipeline = new Pipeline([fileExporter({ path })], { report: () => undefined });
    const bad = Object.assign(callEvent(), { tokens: 10n });
    pipeline.enqueue(callEvent());
    pipeline.enqueue(bad as unknown as CostkitEvent);
    pipeline.enqueue(callEvent());
    await pipeline.shutdown();
    expect(readJsonLines(readFileSync(path, 'utf8'))).toHaveLength(2);
    expect(pipeline.stats()).toMatchObject({ exported: 2, failed: 1 });
  });

  it('checks its options as init does: a typo throws CostkitConfigError naming the field', () => {
    expect(() => fileExporter({ path: 'x.jsonl', rotate: 'hour' } as never)).toThrow(CostkitConfigError);
    expect(() => fileExporter({ path: 'x.jsonl', rotate: 'hour' } as never)).toThrow(/fileExporter: invalid options:\n {2}- rotate: expected 'day' \(one file per UTC day\) or 'none'/);
    expect(() => fileExporter({} as never)).toThrow(/path: expected a file path, e\.g\. path: '\.\/costkit-events\.jsonl'/);
  });

  it('exportSync appends before it returns', () => {
    const path = join(tempDir(), 'events.jsonl');
    writeFileSync(path, '');
    const events = [callEvent(), callEvent()];
    fileExporter({ path }).exportSync!(events);
    expect(readJsonLines(readFileSync(path, 'utf8')).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});

describe('file exporter with several processes writing one file', () => {
  let harness: string;
  beforeAll(() => {
    harness = bundle(resolve(__dirname, 'fixtures/append-child.ts'));
  });

  it('never tears a line, with batches far over the pipe (4 KiB) and fs.appendFile chunk (512 KiB) sizes', async () => {
    const path = join(tempDir(), 'shared.jsonl');
    const processes = 4;
    const batches = 12;
    const perBatch = 300;
    // ~3 KB lines, ~0.9 MB per write: several writers overlap on every write.
    const env = { ...process.env, FILE: path, BATCHES: String(batches), PER_BATCH: String(perBatch), PAD: '3000' };
    await Promise.all(Array.from({ length: processes }, () => run(process.execPath, [harness], { env })));
    let lines = 0;
    const ids = new Set<string>();
    const reader = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    for await (const line of reader) {
      const event = JSON.parse(line) as { id: string; pad: string };
      // A torn line either fails to parse or has a pad of another process's digit.
      expect(event.pad).toMatch(/^(\d)\1*$/);
      expect(event.pad).toHaveLength(3000);
      ids.add(event.id);
      lines++;
    }
    expect(lines).toBe(processes * batches * perBatch);
    expect(ids.size).toBe(lines);
  });
});

describe('file exporter at volume', () => {
  it('1 million events through the pipeline produce 1 million valid lines', async () => {
    const path = join(tempDir(), 'million.jsonl');
    const total = 1_000_000;
    // Big batches; 'block' so that a producer faster than the disk is slowed, not dropped.
    const pipeline = new Pipeline([fileExporter({ path })], { maxBatchSize: 20_000, maxQueueSize: 100_000, whenFull: 'block', report: () => undefined });
    const tags = { team: 'search' };
    for (let i = 0; i < total; i++) {
      pipeline.enqueue({
        schema: 'costkit.call/1', id: `m${i}`, timestamp: '2026-11-22T10:00:00.000Z', service: 'svc', environment: 'test',
        provider: 'openai', operation: 'chat.completions', model: 'gpt-4o-mini', responseModel: null, stream: false,
        status: 'ok', error: null, tags, tagged: true, usage: null, cost: null, latencyMs: 1, timeToFirstTokenMs: null,
        attempts: 1, finishReason: 'stop', requestId: null,
      });
      // Yield now and then, as a real app between calls would.
      if (i % 20_000 === 0) await new Promise((r) => setImmediate(r));
    }
    await pipeline.shutdown();
    expect(pipeline.stats()).toMatchObject({ enqueued: total, exported: total, dropped: 0, failed: 0 });

    let lines = 0;
    const seen = new Uint8Array(total);
    const reader = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of reader) {
      const event = JSON.parse(line) as { id: string; schema: string };
      if (event.schema !== 'costkit.call/1') throw new Error(`line ${lines + 1} is not an event: ${line.slice(0, 80)}`);
      const n = Number(event.id.slice(1));
      if (seen[n]) throw new Error(`line ${lines + 1} repeats ${event.id}`);
      seen[n] = 1;
      lines++;
    }
    expect(lines).toBe(total);
  }, 120_000);
});
