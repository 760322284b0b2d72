import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../exporters/helpers.js';
import { bundleApp, removeBundles, lastJsonLine, runNode, type ChildResult } from './child.js';

afterAll(removeBundles);

// Test keys shaped like the real ones, so an echo of any of them is caught.
const KEYS = {
  openai: 'sk-proj-CanaryOpenAIKey000111222333',
  anthropic: 'sk-ant-api03-CanaryAnthropicKey444555666',
  google: 'AIzaSyCanaryGoogleKey777888999000',
  gateway: 'gw-CanaryGatewayToken0123456789',
};

let run: ChildResult;
let eventsFile: string;
beforeAll(async () => {
  eventsFile = join(tempDir('costkit-secrets-'), 'events.jsonl');
  const app = bundleApp(resolve(__dirname, 'fixtures/secrets-app.ts'));
  run = await runNode(app, { env: { KEYS: JSON.stringify(KEYS), EVENTS_FILE: eventsFile } });
}, 120_000);

describe('no secret in anything costkit writes', () => {
  it('the app ran every case: keys sent on every request, provider errors echoing them, a capped retry loop', () => {
    expect(run.code).toBe(0);
    const seen = lastJsonLine(run.stdout);
    expect(seen.keysSent).toEqual({ openai: true, anthropic: true, google: true });
    expect(seen.retryCapError).toBe('RetryCapExceededError');
    expect(seen.stats.calls).toBeGreaterThanOrEqual(13);
    const events = readFileSync(eventsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(events.filter((e) => e.status === 'error').length).toBeGreaterThanOrEqual(7);
    // What costkit kept of the provider's message: the text around the keys.
    expect(events.find((e) => e.status === 'error').error.message).toContain('Incorrect API key provided: [redacted]');
    expect(run.stdout).toContain('app log: costkit: gave up after 2 attempts');
  });

  it.each(Object.entries(KEYS))('the %s key appears in no event (stdout, pretty or file), no error costkit created, no warning or log', (_name, key) => {
    for (const [where, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
      ['events file', readFileSync(eventsFile, 'utf8')],
    ] as const) {
      expect(text.includes(key), `${where} contains the key`).toBe(false);
      // Not even its distinctive middle.
      expect(text.includes(key.slice(6, -4)), `${where} contains part of the key`).toBe(false);
    }
  });

  it('costkit said why it redacted nothing silently: its warnings reached stderr, redacted', () => {
    expect(run.stderr).toContain('internal error in tagSources');
    expect(run.stderr).toContain('not a token count');
    expect(run.stderr).toContain('[redacted]');
  });
});
