import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTags } from 'costkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { costkit } from './helpers/cli.js';
import { deadUrl, startCollector, type Collector } from './helpers/collector.js';
import { readEvents, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir } from './helpers/record.js';

let dir: string;
let deadLetters: string;
let events: Event[];
let collector: Collector | undefined;
let n = 0;

/** A fresh copy of the dead-letter file, so each test starts with nothing delivered. */
function copy(): string {
  const path = join(dir, `dead-letter-${++n}.jsonl`);
  writeFileSync(path, readFileSync(deadLetters));
  return path;
}

beforeAll(async () => {
  dir = tempDir();
  deadLetters = join(dir, 'dead-letter.jsonl');
  // A real dead-letter file: the app's http exporter could not reach its collector.
  await recordLedger(
    join(dir, 'unused.jsonl'),
    async (c) => {
      c.at('2026-11-08T10:00:00.000Z');
      await withTags({ team: 'search' }, async () => {
        for (let i = 0; i < 7; i++) await c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${i}` }] });
      });
    },
    { exporters: [{ type: 'http', url: await deadUrl(), deadLetterPath: deadLetters, maxRetries: 0 }] },
  );
  events = readEvents(deadLetters);
  expect(events.length).toBeGreaterThanOrEqual(7);
});

afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const replay = (file: string, to: string, extra: string[] = []) => costkit(['replay', file, '--to', to, '--retries', '0', '--format', 'json', ...extra]);
const ids = () => events.map((e) => e.id).sort();

describe('costkit replay', () => {
  it('while the collector is down: exits 1, says what remains, loses nothing', async () => {
    const file = copy();
    const run = await replay(file, await deadUrl());
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 0, remaining: events.length });
    expect(run.stderr).toContain(`${events.length} remain; run the same command again to resume`);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(deadLetters, 'utf8'));
  });

  it('delivers every event once, and a second run sends nothing', async () => {
    collector = await startCollector();
    const file = copy();
    const first = await replay(file, collector.url, ['--batch', '3']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ sent: events.length, remaining: 0 });
    expect([...collector.stored.keys()].sort()).toEqual(ids());
    expect(collector.stored.get(events[0]!.id)).toEqual(events[0]);
    const requests = collector.requests.length;
    const second = await replay(file, collector.url, ['--batch', '3']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: 0, alreadyDelivered: events.length, remaining: 0 });
    expect(collector.requests.length).toBe(requests);
    expect(collector.received).toBe(events.length);
  });

  it('resumes after the collector refuses a batch: no event lost, none sent twice', async () => {
    collector = await startCollector();
    collector.behave = (request) => (request === 2 ? 'status' : 'ok');
    const file = copy();
    const first = await replay(file, collector.url, ['--batch', '2']);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ sent: 2, remaining: events.length - 2 });
    expect(first.stderr).toContain('answered 500');
    const second = await replay(file, collector.url, ['--batch', '2']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: events.length - 2, alreadyDelivered: 2, remaining: 0 });
    expect([...collector.stored.keys()].sort()).toEqual(ids());
    expect(collector.received).toBe(events.length);
  });

  it('sends a batch whose answer was lost again, under the same idempotency key, so an id-keyed collector stores it once', async () => {
    collector = await startCollector();
    collector.behave = (request) => (request === 1 ? 'drop-ack' : 'ok');
    const file = copy();
    const first = await replay(file, collector.url, ['--batch', '2']);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ sent: 0, remaining: events.length });
    const second = await replay(file, collector.url, ['--batch', '2']);
    expect(second.code).toBe(0);
    const [lost, resent] = collector.requests;
    expect(resent!.ids).toEqual(lost!.ids);
    expect(resent!.idempotencyKey).toBe(lost!.idempotencyKey);
    expect(collector.stored.size).toBe(events.length);
    expect(collector.received).toBe(events.length + 2);
  });

  it('sends an event repeated in the file once, and never a line that is not an event', async () => {
    collector = await startCollector();
    const file = copy();
    const first = readFileSync(file, 'utf8').split('\n')[0]!;
    writeFileSync(file, `${readFileSync(file, 'utf8')}${first}\n{"schema":"costkit.call/1","id":"half\n`);
    const run = await replay(file, collector.url);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: events.length, duplicates: 1, skippedLines: 1 });
    expect(run.stderr).toContain(`not sent ${file}:${events.length + 2}: not valid JSON`);
    expect(collector.received).toBe(events.length);
  });

  it('refuses to run beside another replay of the same file, and takes over a stale lock', async () => {
    collector = await startCollector();
    const file = copy();
    writeFileSync(`${file}.replay.lock`, String(process.pid));
    const busy = await replay(file, collector.url);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain('another replay of this file is running');
    expect(collector.received).toBe(0);
    const finished = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${file}.replay.lock`, String(finished));
    const run = await replay(file, collector.url);
    expect(run.code).toBe(0);
    expect(existsSync(`${file}.replay.lock`)).toBe(false);
  });
});
