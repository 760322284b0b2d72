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
