import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's demo: the quickstart app against the mock provider, as its own process.
describe('quickstart demo', () => {
  it('records one event per call for both teams and prints the cost table', () => {
    const env = { ...process.env };
    for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY']) delete env[key];
    const out = execFileSync(process.execPath, [join(__dirname, '..', 'index.mjs')], { encoding: 'utf8', env, timeout: 60_000 });
    const calls = out.split('\n').filter((line) => line.startsWith('[costkit] '));
    expect(calls).toHaveLength(8);
    expect(calls.filter((l) => l.includes('team=search feature=summarize'))).toHaveLength(3);
    expect(calls.filter((l) => l.includes('team=support feature=triage'))).toHaveLength(4);
    expect(calls.filter((l) => l.includes('team=platform'))).toHaveLength(1);
    for (const provider of ['openai', 'anthropic', 'google']) expect(out).toContain(`[costkit] ${provider} `);
    expect(out).toContain('Cost by team and feature');
  });
});
