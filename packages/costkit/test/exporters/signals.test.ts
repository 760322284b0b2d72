import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundle, collector, readJsonLines, tempDir } from './helpers.js';

// Real child processes, stopped by real signals, with 50 events queued and not
// yet exported. docs/exporters.md ("Signals") says what each case does.

let harness: string;
beforeAll(() => {
  harness = bundle(resolve(__dirname, 'fixtures/signal-child.ts'));
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the child, sends `signal` once its events are queued, and waits for it to end. */
function stop(mode: string, signal: NodeJS.Signals, env: Record<string, string>): Promise<Ended> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [harness, mode], { env: { ...process.env, COUNT: '50', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      if (!sent && stdout.includes('ready\n')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, sig) => done({ code, signal: sig, stdout, stderr }));
  });
}

const expected = Array.from({ length: 50 }, (_, i) => `child-${i}`);
const ids = (path: string) => readJsonLines(readFileSync(path, 'utf8')).map((e) => e.id);

describe('a signal with no handler of the app', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: the queued events are written, then the process still dies of ${signal}`, async () => {
      const file = join(tempDir(), 'events.jsonl');
      const ended = await stop('no-handler', signal, { FILE: file });
      expect(ended).toMatchObject({ code: null, signal });
      expect(ids(file)).toEqual(expected);
    });
  }

  it('SIGTERM: events queued for a collector are delivered to it before the process dies', async () => {
    const c = await collector();
    cleanups.push(c.close);
    const ended = await stop('no-handler', 'SIGTERM', { URL: c.url });
    expect(ended.signal).toBe('SIGTERM');
    expect([...c.ids()].sort()).toEqual([...expected].sort());
  });

  it('with signal-exit loaded too, the process neither ignores SIGTERM nor skips signal-exit: both run, then it dies of SIGTERM', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const ended = await stop('signal-exit', 'SIGTERM', { FILE: file });
    expect(ended.signal).toBe('SIGTERM');
    expect(ended.stderr).toContain('signal-exit handlers ran');
    expect(ids(file)).toEqual(expected);
  });
});

describe('a signal the app handles', () => {
  it('a handler that calls process.exit(): the events are written and the exit code is the app’s', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const ended = await stop('handler-exits', 'SIGTERM', { FILE: file });
    expect(ended).toMatchObject({ code: 3, signal: null });
    expect(ids(file)).toEqual(expected);
  });

  it('a handler that keeps running: costkit does not kill the process', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const ended = await stop('handler-stays', 'SIGTERM', { FILE: file });
    expect(ended).toMatchObject({ code: 7, signal: null });
    expect(ended.stdout).toContain('handled\nstill alive\n');
    expect(ids(file)).toEqual(expected);
  });

  it('costkit in a worker thread, the handler in the main thread: the worker’s listeners stay inert, the app’s handler decides', async () => {
    // Node delivers no signal to a worker's process listeners, so costkit installs
    // them there without asking isMainThread. Were they called, costkit would see
    // no handler of the app in the worker and raise SIGTERM again: the main
    // thread's handler would run twice.
    const ended = await stop('worker-handler-stays', 'SIGTERM', { FILE: join(tempDir(), 'events.jsonl') });
    expect(ended).toMatchObject({ code: 7, signal: null });
    expect(ended.stdout).toBe('ready\nhandled\nstill alive\n');
  });

  it('a handler that stops its own work: costkit does not keep the process alive; it ends naturally, events written', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const ended = await stop('handler-stops-work', 'SIGTERM', { FILE: file });
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ids(file)).toEqual(expected);
  });
});
