// The generator refuses a price in the wrong unit before it writes prices.json: a per-token
// number typed as per-million (or cents for dollars) would poison every cost and budget.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const generator = fileURLToPath(new URL('../../scripts/update-prices.mjs', import.meta.url));
const supplement = JSON.parse(readFileSync(fileURLToPath(new URL('../../scripts/price-supplement.json', import.meta.url)), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'costkit-sanity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate(doctored: unknown) {
  const path = join(dir, `supplement-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(doctored));
  // --check never writes, whatever the supplement says.
  return spawnSync(process.execPath, [generator, '--check', '--supplement', path], { encoding: 'utf8' });
}

describe('the price generator sanity check', () => {
  it('refuses a price over $1,000 per million tokens, naming the model, period and field', () => {
    const doctored = structuredClone(supplement);
    doctored.models.push({ provider: 'openai', id: 'typo-model', name: 'typo', why: 'test', prices: [{ from: null, input: 2.5, output: 10_000_000 }] });
    const run = generate(doctored);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refusing to write prices.json');
    expect(run.stderr).toContain('openai/typo-model prices[0].output: 10000000 USD per million tokens is over the 1000 sanity bound');
  });

  it('checks long-context tiers and service-tier tables too', () => {
    const doctored = structuredClone(supplement);
    doctored.models.push({ provider: 'google', id: 'typo-model', name: 'typo', why: 'test', prices: [{ from: null, input: 1, output: 2, tiers: [{ above: 200000, input: 2000 }] }] });
    doctored.serviceTiers.models.push({ provider: 'openai', ids: ['gpt-4o'], tier: 'priority', input: -1, output: 17, why: 'test' });
    const run = generate(doctored);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('google/typo-model prices[0].tiers[>200000].input: 2000 USD per million tokens is over the 1000 sanity bound');
    expect(run.stderr).toContain('openai/gpt-4o serviceTiers.priority.input: -1 is not a price');
  });

  it('passes the committed book', () => {
    const run = generate(supplement);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('the generator checks alias timelines and promotions against the book', () => {
  it('refuses a move to a model the book does not have', () => {
    const doctored = structuredClone(supplement);
    doctored.aliasTimelines[0].moves.push({ from: '2027-01-01', to: 'gemini-9-pro', why: 'test' });
    const run = generate(doctored);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("gemini-pro-latest: move 3 targets 'gemini-9-pro', which is not a google model in the book");
  });

  it('refuses moves out of date order and an alias that is a model id', () => {
    const unordered = structuredClone(supplement);
    unordered.aliasTimelines[0].moves.push({ from: '2026-02-01', to: 'gemini-2.5-pro', why: 'test' });
    expect(generate(unordered).stderr).toContain("move 3 needs a YYYY-MM-DD 'from' after 2026-03-06");
    const clash = structuredClone(supplement);
    clash.aliasTimelines.push({ provider: 'google', alias: 'gemini-2.5-pro', moves: [{ from: null, to: 'gemini-2.5-flash', why: 'test' }] });
    expect(generate(clash).stderr).toContain("'gemini-2.5-pro' is a model id in the book, not an alias");
  });

  it('refuses a promotion whose price period is gone', () => {
    const doctored = structuredClone(supplement);
    doctored.promotions[0].from = '2026-08-22';
    const run = generate(doctored);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('supplement promotion openai/gpt-5.6-sol@2026-08-22: the book has no such price period any more');
  });
});
