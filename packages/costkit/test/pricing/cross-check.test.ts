// The by-hand cross-check against LiteLLM's price file (scripts/cross-check-prices.mjs),
// on a small file in LiteLLM's format written here: the real one is never committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { crossCheck } from '../../scripts/lib/cross-check.mjs';
import { createPriceBook } from '../../src/pricing/index.js';
import snapshot from '../../src/pricing/prices.json' with { type: 'json' };

const perToken = (usdPerMillion: number) => usdPerMillion / 1e6;
const source = {
  sample_spec: { litellm_provider: 'one of https://docs.litellm.ai/docs/providers', mode: 'chat' },
  // agrees: $2.50 / $1.25 cached / $10, priority $4.25 / $2.125 / $17
  'gpt-4o': {
    litellm_provider: 'openai', mode: 'chat',
    input_cost_per_token: perToken(2.5), cache_read_input_token_cost: perToken(1.25), output_cost_per_token: perToken(10),
    input_cost_per_token_priority: perToken(4.25), cache_read_input_token_cost_priority: perToken(2.125), output_cost_per_token_priority: perToken(17),
  },
  // output 0.5% off: within 1%
  'claude-sonnet-4-5-20250929': { litellm_provider: 'anthropic', mode: 'chat', input_cost_per_token: perToken(3), output_cost_per_token: perToken(15.075) },
  // the long-context output differs: $15 vs $16
  'gemini/gemini-2.5-pro': {
    litellm_provider: 'gemini', mode: 'chat',
    input_cost_per_token: perToken(1.25), output_cost_per_token: perToken(10),
    input_cost_per_token_above_200k_tokens: perToken(2.5), output_cost_per_token_above_200k_tokens: perToken(16),
  },
  // the alias at its 2026-07-24 target (Gemini 3.1 Pro) vs a stale Gemini 2.5 Pro price
  'gemini/gemini-pro-latest': { litellm_provider: 'gemini', mode: 'chat', input_cost_per_token: perToken(1.25), output_cost_per_token: perToken(10) },
  'gemini/gemini-exp-1206': { litellm_provider: 'gemini', mode: 'chat', input_cost_per_token: 0, output_cost_per_token: 0 },
  'text-embedding-3-small': { litellm_provider: 'openai', mode: 'embedding', input_cost_per_token: perToken(0.02), output_cost_per_token: 0 },
  // not costkit's: other providers, Vertex's copy of a Gemini id, per-pixel image prices
  'gemini-2.5-pro': { litellm_provider: 'vertex_ai-language-models', mode: 'chat', input_cost_per_token: perToken(99), output_cost_per_token: perToken(99) },
  'mistral/mistral-large': { litellm_provider: 'mistral', mode: 'chat', input_cost_per_token: perToken(2), output_cost_per_token: perToken(6) },
  '256-x-256/dall-e-2': { litellm_provider: 'openai', mode: 'image_generation', input_cost_per_pixel: 2.4e-7 },
};

describe('cross-checking the book against LiteLLM', () => {
  const report = crossCheck({ book: createPriceBook(), snapshot, source, at: '2026-07-24' });

  it('compares every model both price, through costkit\'s own lookup', () => {
    expect(report.compared).toBe(5);
    expect(report.agree.map((r) => r.key)).toEqual(['claude-sonnet-4-5-20250929', 'gpt-4o', 'text-embedding-3-small']);
    expect(report.agree.find((r) => r.key === 'claude-sonnet-4-5-20250929')?.resolvesTo).toBe('claude-sonnet-4-5');
  });

  it('lists each price line over 1% apart, long-context and service tiers included', () => {
    expect(report.differences).toEqual([
      {
        key: 'gemini/gemini-2.5-pro', provider: 'google', model: 'gemini-2.5-pro', resolvesTo: 'gemini-2.5-pro',
        lines: [{ line: 'output>200000', costkit: 15, source: 16 }],
      },
      {
        key: 'gemini/gemini-pro-latest', provider: 'google', model: 'gemini-pro-latest', resolvesTo: 'gemini-pro-latest',
        lines: [{ line: 'input', costkit: 2, source: 1.25 }, { line: 'output', costkit: 12, source: 10 }],
      },
    ]);
  });

  it('lists the models only one side prices', () => {
    expect(report.onlySource.map((r) => r.key)).toEqual(['gemini/gemini-exp-1206']);
    expect(report.onlyCostkit).toContain('anthropic/claude-haiku-4-5');
    expect(report.onlyCostkit).toContain('google/gemini-flash-latest');
    expect(report.onlyCostkit).not.toContain('openai/gpt-4o');
    expect(report.onlyCostkit).not.toContain('google/gemini-pro-latest');
  });

  it('honours --threshold: at 10% the long-context output (6.25% apart) agrees', () => {
    const loose = crossCheck({ book: createPriceBook(), snapshot, source, at: '2026-07-24', threshold: 0.1 });
    expect(loose.differences.map((d) => d.key)).toEqual(['gemini/gemini-pro-latest']);
  });
});

describe('scripts/cross-check-prices.mjs', () => {
  const script = fileURLToPath(new URL('../../scripts/cross-check-prices.mjs', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'costkit-cross-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'model_prices_and_context_window.json');
  writeFileSync(file, JSON.stringify(source));

  it('prints the differences and one-sided models for a local copy of the file', () => {
    const run = spawnSync(process.execPath, [script, '--source', file, '--at', '2026-07-24'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('5 models both price: 3 agree, 2 differ.');
    expect(run.stdout).toContain('gemini/gemini-pro-latest: input costkit $2 vs $1.25; output costkit $12 vs $10');
    expect(run.stdout).toContain('Priced only by the source (1):\n  gemini/gemini-exp-1206');
  });

  it('writes the report as JSON with --json, and refuses to run without --source', () => {
    const run = spawnSync(process.execPath, [script, '--source', file, '--at', '2026-07-24', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(run.stdout).differences).toHaveLength(2);
    const missing = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--source is required');
  });
});
