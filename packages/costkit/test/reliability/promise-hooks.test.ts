import { afterAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { bundleApp, removeBundles, lastJsonLine, runNode } from './child.js';

afterAll(removeBundles);

describe('the app outside any tag scope', () => {
  // Node 20 keeps promise hooks on for good once any AsyncLocalStorage has run;
  // Node 22+ propagates context without them, so there this holds trivially.
  it('has no promise hook turned on by costkit after calls on every SDK, plain and streamed', async () => {
    const app = bundleApp(resolve(__dirname, 'fixtures/promise-hooks-app.ts'));
    const result = await runNode(app);
    expect(result.code, result.stderr).toBe(0);
    const seen = lastJsonLine(result.stdout);
    expect(seen.calls).toBe(8);
    expect(seen.before).toBe(0);
    expect(seen.after).toEqual({ openai: 0, anthropic: 0, '@google/genai': 0, '@google/generative-ai': 0 });
  }, 60_000);
});
