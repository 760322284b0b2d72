// The bench's CI smoke: every case runs with tiny counts on this Node and must
// print its table and well-formed rows, and every instrumented variant must have
// recorded one event or span per call. It judges no timing.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM without types: the bench has no build step
import { checkRecorded } from '../src/workloads.mjs';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'costkit-bench-smoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Summary { median: number; min: number; max: number; n: number }
type Row = Record<string, any>;

async function bench(cases: string, extra: string[] = []): Promise<{ stdout: string; results: Row }> {
  const json = join(work, `${cases}.json`);
  const { stdout } = await run(process.execPath, [main, '--quick', '--cases', cases, '--json', json, ...extra], {
    cwd: work,
    env: { ...process.env, BENCH_NODES: process.execPath },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { stdout, results: JSON.parse(readFileSync(json, 'utf8')) };
}

const expectSummary = (summary: Summary | undefined) => {
  expect(summary).toBeDefined();
  for (const value of [summary!.median, summary!.min, summary!.max]) expect(Number.isFinite(value)).toBe(true);
  expect(summary!.min).toBeLessThanOrEqual(summary!.max);
};

const SDK_WORKLOADS = ['openai', 'anthropic', 'genai', 'generative-ai'].flatMap((p) => [`${p} plain`, `${p} stream`]);
const PEERS: Record<string, string[]> = { traceloop: ['openai', 'anthropic'], openinference: ['openai'], langfuse: ['openai'], posthog: ['openai', 'anthropic'] };

describe.concurrent('bench smoke', () => {
  test('call path: every SDK and shape has a row for the baseline, the ALS scope, costkit and each applicable peer, each having recorded every call', { timeout: 300_000 }, async () => {
    const { stdout, results } = await bench('call-path');
    const { rows, unavailable } = results.cases['call-path'] as { rows: Row[]; unavailable: Row[] };
    expect(stdout).toContain('### call path');
    for (const workload of SDK_WORKLOADS) {
      const variants = rows.filter((r) => r.workload === workload).map((r) => r.variant);
      const provider = workload.split(' ')[0]!;
      const peers = Object.keys(PEERS).filter((peer) => PEERS[peer]!.includes(provider));
      expect(variants.sort()).toEqual(expect.arrayContaining(['sdk', 'sdk-als', 'costkit', 'costkit-tags', ...peers].sort()));
    }
    for (const row of rows) {
      expect(row.node).toBe(process.version);
      for (const field of ['cpuUs', 'wallUs', 'cpuRatio', 'wallRatio']) expectSummary(row[field]);
      if (row.variant !== 'sdk' && row.variant !== 'sdk-als') expect(row.recorded).toBe(row.expected);
    }
    // The budget variant either ran (and recorded every call, above) or said plainly why not.
    const budgetRan = rows.some((r) => r.variant === 'costkit-budget');
    if (!budgetRan) {
      expect(unavailable.map((u) => u.variant)).toContain('costkit-budget');
      expect(stdout).toMatch(/costkit-budget .*not available/);
    }
  });

  // Valgrind makes a process 20-50× slower: the smoke counts the smallest SDK, uninstrumented.
  test('callgrind: main-thread instructions per call from two call counts', { timeout: 300_000 }, async () => {
    const { stdout, results } = await bench('callgrind');
    const { rows } = results.cases.callgrind as { rows: Row[] };
    expect(stdout).toContain('### callgrind');
    expect(rows.map((r) => `${r.workload} ${r.variant}`)).toEqual(['generative-ai plain sdk']);
    for (const row of rows) {
      expectSummary(row.perCall);
      expect(row.values).toHaveLength(1);
    }
  });

  test('cpu profile: a .cpuprofile per costkit variant and the self time in costkit files', { timeout: 300_000 }, async () => {
    const { stdout, results } = await bench('cpu-prof', ['--providers', 'openai']);
    const { rows } = results.cases['cpu-prof'] as { rows: Row[] };
    expect(stdout).toContain('### cpu profile');
    expect(rows.map((r) => r.workload).sort()).toEqual(expect.arrayContaining(['openai plain', 'openai stream']));
    for (const row of rows) {
      expect(existsSync(row.file)).toBe(true);
      expect(row.costkitUsPerCall).toBeGreaterThanOrEqual(0);
      expect(row.share).toBeGreaterThanOrEqual(0);
      expect(row.share).toBeLessThanOrEqual(1);
      for (const f of row.top) expect(f.where).toMatch(/:\d+$/);
    }
  });

  test('allocations: bytes per call for each variant, and what costkit\'s own functions allocate', { timeout: 300_000 }, async () => {
    const { stdout, results } = await bench('alloc', ['--providers', 'openai', '--shapes', 'plain']);
    const { rows } = results.cases.alloc as { rows: Row[] };
    expect(stdout).toContain('### allocations');
    expect(rows.map((r) => r.variant)).toEqual(expect.arrayContaining(['sdk', 'sdk-als', 'costkit', 'costkit-tags', 'costkit-budget']));
    for (const row of rows) {
      expect(row.node).toBe(process.version);
      for (const field of ['total', 'added', 'costkit']) expectSummary(row[field]);
      expect(row.total.median).toBeGreaterThan(0);
      // Only the instrumented variants run costkit's code; nothing else may be counted as costkit's.
      if (row.variant.startsWith('costkit')) expect(row.costkit.median).toBeGreaterThan(0);
      else expect(row.costkit.median).toBe(0);
    }
  });

  test('startup: the openai-only app (require, import, --import costkit/register) and the Anthropic-only CommonJS app, with and without costkit, CPU, wall and heap to ready', { timeout: 300_000 }, async () => {
    const { stdout, results } = await bench('startup');
    const { rows } = results.cases.startup as { rows: Row[] };
    expect(stdout).toContain('### startup');
    expect(rows.map((r) => r.setup)).toEqual(['cjs', 'cjs-anthropic', 'esm', 'esm-register']);
    for (const row of rows) {
      for (const metric of ['cpuMs', 'wallMs']) for (const side of ['uninstrumented', 'costkit', 'ratio']) expectSummary(row[metric][side]);
      expectSummary(row.heapMB.diff);
      const expected = row.setup === 'cjs-anthropic' ? '@anthropic-ai/sdk cjs' : 'openai ' + (row.setup === 'cjs' ? 'cjs' : 'esm');
      expect(row.patchedBuilds).toContain(expected);
    }
    // Loaded on demand: a CommonJS app or a preloaded ESM app patches only the SDK it uses; an ESM
    // app without the preload too where in-thread module hooks exist (Node >= 22.15), else all four.
    const inThreadHooks = typeof (createRequire(import.meta.url)('node:module') as { registerHooks?: unknown }).registerHooks === 'function';
    for (const row of rows) expect(row.patchedBuilds).toHaveLength(row.setup === 'esm' && !inThreadHooks ? 4 : 1);
  });

  test('memory: a long stream and abandoned streams, uninstrumented and through costkit, each call recorded', { timeout: 300_000 }, async () => {
    const { stdout, results } = await bench('memory');
    const { rows } = results.cases.memory as { rows: Row[] };
    expect(stdout).toContain('### memory');
    expect(new Set(rows.map((r) => r.provider))).toEqual(new Set(['openai', 'anthropic', 'genai', 'generative-ai']));
    for (const row of rows) for (const field of ['middleGrowthMB', 'afterGrowthMB', 'firstChunkMs', 'streamMs', 'abandonedGrowthMB']) expectSummary(row[field]);
  });
});

describe('recorded-call check', () => {
  test('fails the run when a variant recorded fewer events or spans than it made calls', () => {
    expect(() => checkRecorded({ expected: 10, recorded: 9, served: 10 }, 'costkit', 'test')).toThrow(/recorded 9 events\/spans for 10 calls/);
    expect(() => checkRecorded({ expected: 10, recorded: null, served: 10 }, 'traceloop', 'test')).toThrow(/recorded null/);
    expect(() => checkRecorded({ expected: 10, recorded: 10, served: 10 }, 'posthog', 'test')).not.toThrow();
  });

  test('fails the run when the canned provider did not answer one request per call', () => {
    expect(() => checkRecorded({ expected: 10, recorded: null, served: 9 }, 'sdk', 'test')).toThrow(/answered 9 requests for 10 calls/);
  });
});
