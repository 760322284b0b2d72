import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/providers/index.js';
import { PROVIDER_IDS, PROVIDERS } from '../../src/providers/ids.js';
import { versionInRange } from '../../src/providers/versions.js';
import { callEventSchema } from '../../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};

describe('the provider adapters', () => {
  it('cover exactly the provider list, which the event schema takes its enum from', () => {
    expect(Object.keys(ADAPTERS).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const id of PROVIDER_IDS) expect(ADAPTERS[id].id).toBe(id);
    expect(callEventSchema.shape.provider.options).toEqual(PROVIDER_IDS);
  });

  it('patch exactly the SDK packages the provider list names (what costkit/register watches)', () => {
    for (const id of PROVIDER_IDS) expect(ADAPTERS[id].sdks.map((s) => s.packageName)).toEqual(PROVIDERS[id].packages);
  });

  it('declare each SDK as an optional peer dependency at the range they are tested with', () => {
    for (const id of PROVIDER_IDS) {
      for (const sdk of ADAPTERS[id].sdks) {
        expect(pkg.peerDependencies[sdk.packageName], sdk.packageName).toBe(sdk.versions);
        expect(pkg.peerDependenciesMeta[sdk.packageName]?.optional, sdk.packageName).toBe(true);
        // The version the tests run is inside the declared range.
        const installed = JSON.parse(readFileSync(new URL(`../../node_modules/${sdk.packageName}/package.json`, import.meta.url), 'utf8')).version;
        expect(versionInRange(installed, sdk.versions), `${sdk.packageName} ${installed}`).toBe(true);
      }
    }
  });

  it('give operations without output no output-cap field', () => {
    expect(ADAPTERS.openai.outputCap('embeddings', undefined)).toBeUndefined();
    expect(ADAPTERS.anthropic.outputCap('messages.countTokens', undefined)).toBeUndefined();
    expect(ADAPTERS.google.outputCap('embedContent', undefined)).toBeUndefined();
    expect(ADAPTERS.google.outputCap('countTokens', undefined)).toBeUndefined();
    expect(ADAPTERS.openai.outputCap('completions', undefined)?.implicit).toBe(16);
  });
});

describe('versionInRange', () => {
  it.each([
    ['4.0.0', '>=4.0.0 <8', true],
    ['7.57.0', '>=4.0.0 <8', true],
    ['8.0.0', '>=4.0.0 <8', false],
    ['3.9.9', '>=4.0.0 <8', false],
    ['0.137.0', '>=0.30.0 <2', true],
    ['0.29.1', '>=0.30.0 <2', false],
    ['1.0.0-beta.1', '>=1.0.0 <4', true],
    ['not-a-version', '>=1.0.0 <4', false],
    ['2.0.0', '>2.0.0', false],
    ['2.0.0', '<=2', true],
    ['2.0.0', '=2.0.0', true],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(versionInRange(version, range)).toBe(expected);
  });
});
