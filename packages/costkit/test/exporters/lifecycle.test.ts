import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@costkit/mock-provider';
import { bundle, readJsonLines, tempDir } from './helpers.js';

// Issue 12, item 1: a script that ends with `await costkit.flush()` or
// `await costkit.shutdown()` while its collector is down must stay alive until
// the call settles (within its deadline): exit code 0, every event in the
// dead-letter file, nothing left running.

let harness: string;
let mock: MockProvider;
beforeAll(async () => {
  harness = bundle(resolve(__dirname, 'fixtures/short-script.ts'));
  mock = await startMockProvider({ port: 0 });
});
afterAll(() => mock.close());

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [harness], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function downCollector(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/v1/events`;
}

describe('a short script whose collector is down', () => {
  for (const end of ['shutdown', 'flush']) {
    it(`awaiting ${end}() keeps it alive until it settles: exit code 0, every event dead-lettered, nothing left running`, async () => {
      const deadLetter = join(tempDir(), 'dead.jsonl');
      const { code, stdout, stderr } = await run({ COLLECTOR_URL: await downCollector(), DEAD_LETTER: deadLetter, MOCK_URL: mock.url, CALLS: '7', END: end, TIMEOUT_MS: '1500' });
      expect(stderr).not.toMatch(/unsettled top-level await/i);
      expect(code).toBe(0);
      expect(existsSync(deadLetter)).toBe(true);
      const dead = readJsonLines(readFileSync(deadLetter, 'utf8'));
      expect(new Set(dead.map((e) => e.id)).size).toBe(7);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
      if (end === 'flush') expect(lines[0].stats).toMatchObject({ enqueued: 7, deadLettered: 7, failed: 0, exported: 0 });
      expect(lines.at(-1).resources.filter((r: string) => r === 'Timeout' || r === 'TCPSocketWrap')).toEqual([]);
    });
  }
});
