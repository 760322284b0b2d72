import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callEvent, collector, readJsonLines, tempDir } from './helpers.js';

// The dead-letter replay snippet of docs/exporters.md, run as the docs show it
// (the block that starts with `// replay-dead-letters.ts`): safe to run twice,
// while the collector is down, and after a run that stopped half-way.

const root = resolve(__dirname, '../../../..');
let script: string;

beforeAll(() => {
  const doc = readFileSync(join(root, 'docs/exporters.md'), 'utf8');
  const block = /```ts\n(\/\/ replay-dead-letters\.ts\n[\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/exporters.md has no ```ts block starting with // replay-dead-letters.ts');
  const dir = tempDir('costkit-replay-');
  const entry = join(dir, 'replay.ts');
  writeFileSync(entry, block.replace(/from 'costkit\/exporters'/g, `from ${JSON.stringify(resolve(__dirname, '../../src/exporters/index.ts'))}`));
  script = join(dir, 'replay.mjs');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', `--outfile=${script}`, '--log-level=warning'], { stdio: 'pipe' });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function replay(cwd: string, url: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, COLLECTOR_URL: url, COLLECTOR_TOKEN: 't' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** An app's working directory with dead-letter files of so many events, as the http exporter writes them. */
function appDir(files: Record<string, number>): { cwd: string; ids: Record<string, string[]> } {
  const cwd = tempDir('costkit-app-');
  mkdirSync(join(cwd, 'events'));
  const ids: Record<string, string[]> = {};
  for (const [file, n] of Object.entries(files)) {
    const events = Array.from({ length: n }, () => callEvent());
    writeFileSync(join(cwd, 'events', file), events.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600 });
    ids[file] = events.map((e) => e.id);
  }
  return { cwd, ids };
}

const DEAD = 'costkit-dead-letter.jsonl';

async function downUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/v1/events`;
}

const deadIds = (cwd: string) => {
  const path = join(cwd, 'events', DEAD);
  return existsSync(path) ? readJsonLines(readFileSync(path, 'utf8')).map((e) => e.id) : [];
};

describe('docs/exporters.md: replaying a dead-letter file', () => {
  it('while the collector is still down, twice: no error, every event still in the dead-letter file', async () => {
    const { cwd, ids: { [DEAD]: ids } } = appDir({ [DEAD]: 1200 });
    const url = await downUrl();
    for (let run = 0; run < 2; run++) {
      const { code, stderr } = await replay(cwd, url);
      expect(stderr).not.toMatch(/Error|Uncaught/);
      expect(code).toBe(0);
      expect(new Set(deadIds(cwd))).toEqual(new Set(ids));
      expect(deadIds(cwd)).toHaveLength(1200);
      expect(existsSync(join(cwd, 'events', 'costkit-dead-letter.jsonl.replaying'))).toBe(false);
    }
  });

  it('once the collector is back: every event delivered, nothing left; a second run does nothing', async () => {
    const c = await collector();
    cleanups.push(c.close);
    const { cwd, ids: { [DEAD]: ids } } = appDir({ [DEAD]: 1200 });
    expect((await replay(cwd, c.url)).code).toBe(0);
    expect(c.ids()).toEqual(new Set(ids));
    expect(deadIds(cwd)).toEqual([]);
    expect((await replay(cwd, c.url)).code).toBe(0);
    expect(c.requests.reduce((n, r) => n + r.events.length, 0)).toBe(1200);
  });

  it('after a run that stopped half-way (its .replaying file left, new dead letters since): nothing is renamed over, nothing lost', async () => {
    const c = await collector();
    cleanups.push(c.close);
    const { cwd, ids } = appDir({ [`${DEAD}.replaying`]: 300, [DEAD]: 200 });
    for (let run = 0; run < 2; run++) expect((await replay(cwd, c.url)).code).toBe(0);
    expect(c.ids()).toEqual(new Set([...ids[`${DEAD}.replaying`]!, ...ids[DEAD]!]));
    expect(deadIds(cwd)).toEqual([]);
  });
});
