import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundle, collector, readJsonLines, tempDir } from './helpers.js';

// Each case is a real child process that records events with a long flush
// interval (so nothing is written yet) and then ends: the file or the
// dead-letter file must hold every event afterwards.

let harness: string;
beforeAll(() => {
  harness = bundle(resolve(__dirname, 'fixtures/exit-child.ts'));
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function child(mode: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [harness, mode], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c));
    proc.on('error', reject);
    proc.on('close', (code) => resolvePromise({ code, stderr }));
  });
}

const ids = (path: string) => readJsonLines(readFileSync(path, 'utf8')).map((e) => e.id);
const expected = (n: number) => Array.from({ length: n }, (_, i) => `child-${i}`);

describe('events still queued when the process ends', () => {
  it('process.exit(): written synchronously to the file exporter', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const { code } = await child('exit', { FILE: file, COUNT: '500' });
    expect(code).toBe(0);
    expect(ids(file)).toEqual(expected(500));
  });

  it('an uncaught exception: written synchronously, and the process still fails as it would have', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const { code, stderr } = await child('throw', { FILE: file, COUNT: '300' });
    expect(code).toBe(1);
    expect(stderr).toContain('uncaught in the app');
    expect(ids(file)).toEqual(expected(300));
  });

  it('an unhandled rejection: written synchronously too', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const { code } = await child('reject', { FILE: file, COUNT: '200' });
    expect(code).toBe(1);
    expect(ids(file)).toEqual(expected(200));
  });

  it('the http exporter: queued and in-flight batches go to the dead-letter file at exit', async () => {
    // A collector that accepts the request and never answers: a batch stays in flight.
    const c = await collector(() => undefined);
    cleanups.push(c.close);
    const deadLetter = join(tempDir(), 'dead.jsonl');
    const { code } = await child('in-flight', { URL: c.url, DEAD_LETTER: deadLetter, COUNT: '250', BATCH: '100' });
    expect(code).toBe(0);
    expect(ids(deadLetter).sort()).toEqual(expected(250).sort());
  });

  it('a natural end (beforeExit) drains the queue to the collector and the file', async () => {
    const c = await collector();
    cleanups.push(c.close);
    const file = join(tempDir(), 'events.jsonl');
    const deadLetter = join(tempDir(), 'dead.jsonl');
    const { code } = await child('natural', { URL: c.url, FILE: file, DEAD_LETTER: deadLetter, COUNT: '400', BATCH: '150' });
    expect(code).toBe(0);
    expect([...c.ids()].sort()).toEqual(expected(400).sort());
    expect(ids(file).sort()).toEqual(expected(400).sort());
    expect(existsSync(deadLetter)).toBe(false);
  });

  it('an exporter with no synchronous path: the loss is said on stderr, not silent', async () => {
    const { code, stderr } = await child('exit', { NO_SYNC: '1', COUNT: '50' });
    expect(code).toBe(0);
    expect(stderr).toMatch(/50 lost: exporter 'memory-only' failed \(still queued at exit.*costkit\.shutdown\(\)/);
  });
});
