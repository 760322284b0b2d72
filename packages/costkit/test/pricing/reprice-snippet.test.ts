// The re-pricing snippet in docs/pricing.md, run as written (its `costkit` import pointed
// at this source tree) over a JSON-lines file of events, with totals hand-computed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostkitConfigError } from '../../src/errors.js';
import type { PricingOptions } from '../../src/pricing/index.js';

interface Repriced {
  totalPicoUsd: bigint;
  totalUsd: string;
  repriced: number;
  unpriced: number;
  skipped: number[];
}
type Snippet = { repriceFile(path: string, pricing?: PricingOptions): Promise<Repriced>; usdOf(pico: bigint): string };

const docs = readFileSync(fileURLToPath(new URL('../../../../docs/pricing.md', import.meta.url)), 'utf8');
const costkitSource = pathToFileURL(fileURLToPath(new URL('../../src/index.ts', import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), 'costkit-reprice-'));
let snippet: Snippet;

beforeAll(async () => {
  const marker = docs.indexOf('<!-- reprice.ts');
  expect(marker, 'docs/pricing.md has the reprice.ts snippet').toBeGreaterThan(-1);
  const code = /```ts\n([\s\S]*?)```/.exec(docs.slice(marker))![1]!;
  expect(code).toContain("from 'costkit'");
  const file = join(dir, 'reprice.ts');
  writeFileSync(file, code.replace("from 'costkit'", `from '${costkitSource}'`));
  snippet = (await import(pathToFileURL(file).href)) as Snippet;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function call(model: string, timestamp: string, usage: { input: number; output: number } | null, extra: Record<string, unknown> = {}) {
  return {
    schema: 'costkit.call/1', id: randomUUID(), timestamp, service: 'svc', environment: 'test', tags: { team: 'search' },
    provider: 'openai', operation: 'chat.completions', model, responseModel: null, stream: false, status: 'ok', error: null, tagged: true,
    usage: usage && { inputTokens: usage.input, outputTokens: usage.output, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: usage.input + usage.output },
    cost: null, latencyMs: 120, timeToFirstTokenMs: null, attempts: 1, finishReason: 'stop', requestId: null,
    ...extra,
  };
}

function eventsFile(lines: unknown[]): string {
  const file = join(dir, `events-${randomUUID()}.jsonl`);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

const k = { input: 1000, output: 1000 };
const file = () =>
  eventsFile([
    // o3 before its 2025-06-10 cut: 1000 × $10 + 1000 × $40 per 1M = $0.05
    call('o3', '2025-06-01T12:00:00.000Z', k),
    // o3 after it: $2 / $8 = $0.01
    call('o3', '2025-07-01T12:00:00.000Z', k),
    // priced as the model the provider answered with: gpt-4o, $2.50 / $10 = $0.0125
    call('gpt-4o', '2026-03-01T12:00:00.000Z', k, { responseModel: 'gpt-4o-2024-08-06' }),
    // the alias at its target that day, Gemini 3.1 Pro: $2 / $12 = $0.014
    call('gemini-pro-latest', '2026-11-22T10:00:00.000Z', k, { provider: 'google', operation: 'generateContent' }),
    call('my-fine-tune', '2026-03-01T12:00:00.000Z', k),
    call('gpt-4o', '2026-03-01T12:00:00.000Z', null, { status: 'error' }),
    '',
    'not json {',
    { schema: 'costkit.call/1', id: 'half an event' },
    {
      schema: 'costkit.budget/1', id: randomUUID(), timestamp: '2026-03-01T12:00:00.000Z', service: 'svc', environment: 'test', tags: {},
      kind: 'threshold', budget: 'search-month', window: { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
      threshold: 0.5, spentUsd: 10, reservedUsd: 0, limitUsd: 20, model: null, degradedTo: null,
    },
  ]);

describe('the re-pricing snippet in docs/pricing.md', () => {
  it('re-prices every call at the date it started and sums totalPicoUsd exactly', async () => {
    const result = await snippet.repriceFile(file());
    // 0.05 + 0.01 + 0.0125 + 0.014
    expect(result.totalPicoUsd).toBe(86_500_000_000n);
    expect(result.totalUsd).toBe('0.086500000000');
    expect(result.repriced).toBe(4);
    expect(result.unpriced).toBe(1);
    // the empty line is not counted; the budget event is a valid event of another kind
    expect(result.skipped).toEqual([8, 9]);
  });

  it('applies overrides: a negotiated gpt-4o price from 2026-01-01 and a price for the fine-tune', async () => {
    const result = await snippet.repriceFile(file(), {
      overrides: [
        { provider: 'openai', model: 'gpt-4o', input: 2, output: 8, effectiveFrom: '2026-01-01' },
        { provider: 'openai', model: 'my-fine-tune', input: 0.3, output: 1.2 },
      ],
    });
    // gpt-4o 0.002 + 0.008 = 0.01 instead of 0.0125; the fine-tune 0.0003 + 0.0012 = 0.0015
    expect(result.totalUsd).toBe('0.085500000000');
    expect(result.repriced).toBe(5);
    expect(result.unpriced).toBe(0);
  });

  it('refuses a bad override before reading anything', async () => {
    await expect(snippet.repriceFile(file(), { overrides: [{ model: 'gpt-4o', discount: '150%' as `${number}%` }] })).rejects.toBeInstanceOf(CostkitConfigError);
  });

  it('writes exact USD from pico-USD, however large', () => {
    expect(snippet.usdOf(1n)).toBe('0.000000000001');
    expect(snippet.usdOf(123_456_789_012_345_678_901n)).toBe('123456789.012345678901');
  });
});
