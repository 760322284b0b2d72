import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledSnapshot, createPriceBook } from '../../src/pricing/index.js';
import prices from '../../src/pricing/prices.json' with { type: 'json' };

const generator = fileURLToPath(new URL('../../scripts/update-prices.mjs', import.meta.url));
const pricingDir = fileURLToPath(new URL('../../src/pricing/', import.meta.url));
const pricingSources = readdirSync(pricingDir).filter((f) => f.endsWith('.ts')).map((f) => `${pricingDir}${f}`);

describe('the bundled snapshot', () => {
  it('records its source, source version, generation date and version', () => {
    expect(prices.source).toBe('npm:@pydantic/genai-prices');
    expect(prices.sourceVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(prices.generatedAt)).not.toBeNaN();
    expect(prices.version).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$/);
    expect(bundledSnapshot).toMatchObject({ version: prices.version, source: prices.source, sourceVersion: prices.sourceVersion, generatedAt: prices.generatedAt });
    expect(createPriceBook().version).toBe(prices.version);
  });

  it('covers the three providers, current and older models', () => {
    const ids = new Set(prices.models.map((m) => `${m.provider}/${m.id}`));
    for (const id of [
      'openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/gpt-4.1', 'openai/o3', 'openai/o4-mini', 'openai/gpt-5', 'openai/gpt-5-mini', 'openai/gpt-5-nano',
      'openai/text-embedding-3-small', 'openai/gpt-3.5-turbo', 'openai/gpt-4-turbo',
      'anthropic/claude-sonnet-4-5', 'anthropic/claude-sonnet-4-0', 'anthropic/claude-opus-4-1', 'anthropic/claude-haiku-4-5', 'anthropic/claude-3-5-haiku-latest', 'anthropic/claude-3-haiku',
      'google/gemini-2.5-pro', 'google/gemini-2.5-flash', 'google/gemini-2.5-flash-lite', 'google/gemini-2.0-flash', 'google/gemini-1.5-flash', 'google/gemini-1.5-flash-8b', 'google/gemini-1.5-pro',
    ]) expect(ids, id).toContain(id);
  });

  it('is current: the generator reproduces it from the installed source package', () => {
    const out = execFileSync(process.execPath, [generator, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/prices\.json is current/);
  });

  it('reaches the runtime only as bundled JSON: no network and no file reads at import or init', () => {
    for (const file of pricingSources) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/\bfetch\(|node:https?|node:fs|readFileSync|@pydantic\/genai-prices/);
    }
  });
});
