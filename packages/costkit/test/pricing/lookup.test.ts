import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/event.js';
import { createPriceBook, normalizeModelId } from '../../src/pricing/index.js';
import prices from '../../src/pricing/prices.json' with { type: 'json' };
import { price } from './helpers.js';

const b = createPriceBook();
const idOf = (provider: Provider, model: string) => b.resolve(provider, model)?.id ?? null;

describe('model id lookup', () => {
  it('normalizes what the SDKs send', () => {
    expect(normalizeModelId('models/gemini-2.5-flash')).toBe('gemini-2.5-flash');
    expect(normalizeModelId('projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(normalizeModelId('  GPT-4o ')).toBe('gpt-4o');
    expect(normalizeModelId('openai/gpt-4o')).toBe('gpt-4o');
    expect(normalizeModelId('us.anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe('claude-3-5-sonnet-20241022-v2');
  });

  it.each([
    ['openai', 'gpt-4o', 'gpt-4o'],
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'gpt-4o-2024-11-20', 'gpt-4o'],
    ['openai', 'gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['openai', 'o4-mini-2025-04-16', 'o4-mini'],
    ['openai', 'gpt-5-nano-2025-08-07', 'gpt-5-nano'],
    ['openai', 'gpt-3.5-turbo-0125', 'gpt-3.5-turbo'],
    ['openai', 'ft:gpt-4o-mini-2024-07-18:acme:support:9abc', 'ft:gpt-4o-mini'],
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-sonnet-4-20250514', 'claude-sonnet-4-0'],
    ['anthropic', 'claude-opus-4-20250514', 'claude-opus-4-0'],
    ['anthropic', 'claude-3-5-haiku-latest', 'claude-3-5-haiku-latest'],
    ['anthropic', 'claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
    ['anthropic', 'claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
    ['anthropic', 'claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['anthropic', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['google', 'models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['google', 'gemini-2.5-pro-preview-06-05', 'gemini-2.5-pro'],
    ['google', 'gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['google', 'gemini-1.5-flash-latest', 'gemini-1.5-flash'],
    ['google', 'models/gemini-1.5-flash-002', 'gemini-1.5-flash'],
    ['google', 'gemini-1.5-flash-8b', 'gemini-1.5-flash-8b'],
    ['google', 'gemini-1.5-flash-8b-latest', 'gemini-1.5-flash-8b'],
    ['google', 'gemini-2.5-flash-lite-preview-06-17', 'gemini-2.5-flash-lite'],
  ] as const)('%s %s -> %s', (provider, model, id) => {
    expect(idOf(provider, model)).toBe(id);
  });

  it.each([
    // a longer name is a different model: never its shorter neighbour's price
    ['google', 'gemini-1.5-flash-9b'],
    ['google', 'gemini-2.5-flash-ultra'],
    ['openai', 'gpt-4o-nano'],
    ['openai', 'gpt-4.9'],
    ['openai', 'gpt-5-turbo'],
    ['anthropic', 'claude-sonnet-4-9'],
    ['anthropic', 'claude-opus-4-5-mini'],
    ['anthropic', 'claude-3-haikuish'],
    ['openai', 'totally-unknown'],
    ['google', ''],
  ] as const)('%s %s is unpriced', (provider, model) => {
    expect(idOf(provider, model)).toBeNull();
    expect(price(b, provider, model, { uncached: 10 })).toBeNull();
  });

  it('every id, alias and declared prefix in the snapshot resolves to its own model, dated or not', () => {
    for (const m of prices.models as Array<{ provider: Provider; id: string; aliases: string[]; prefixes: string[] }>) {
      for (const name of [m.id, ...m.aliases]) {
        const owner = idOf(m.provider, name);
        expect(owner, `${m.provider}/${name}`).toBe(m.id);
        if (!/\d{4}-?\d{2}-?\d{2}$/.test(name)) expect(idOf(m.provider, `${name}-20991231`), `${m.provider}/${name}-20991231`).toBe(m.id);
      }
    }
  });

  it('caches resolution: a repeated lookup is a map hit', () => {
    const book = createPriceBook();
    book.resolve('openai', 'gpt-4o-2024-08-06');
    const n = 1_000_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) book.resolve('openai', 'gpt-4o-2024-08-06');
    const nsPerLookup = ((performance.now() - start) * 1e6) / n;
    // Two Map hits; generous for slow CI machines.
    expect(nsPerLookup).toBeLessThan(500);
  });

  it('a price() call after the first is cheap too', () => {
    const book = createPriceBook();
    const input = { provider: 'anthropic' as const, model: 'claude-sonnet-4-5-20250929', usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1000, cacheWriteTokens: 100, reasoningTokens: 0, totalTokens: 1500 }, timestamp: '2026-11-22T10:00:00.000Z' };
    book.price(input);
    const n = 200_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) book.price(input);
    expect(((performance.now() - start) * 1e6) / n).toBeLessThan(5000);
  });
});
