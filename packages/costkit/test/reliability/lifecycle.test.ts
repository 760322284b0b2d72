import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import costkit, { withTags } from '../../src/index.js';
import { collector } from '../helpers/collect.js';
import { useHarness } from '../helpers/harness.js';
import { bundleApp, removeBundles, lastJsonLine, runNode } from './child.js';

afterAll(removeBundles);

const pkg = resolve(__dirname, '../..');
const h = useHarness({ init: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('init and shutdown, in process', () => {
  it('init twice with different options: the second applies, nothing is wrapped twice, each call is counted once', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const proto = Object.getPrototypeOf(openai.chat.completions);
    const original = proto.create;
    const first = collector();
    await costkit.init({ defaultTags: { team: 'first' }, exporters: [first] });
    const wrapped = proto.create;
    // A stream opened under the first configuration and read after the second.
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const second = collector();
    await costkit.init({ defaultTags: { team: 'second' }, guard: { maxTokens: { default: 50 } }, exporters: [second] });
    expect(proto.create).toBe(wrapped);
    expect((proto.create as Record<symbol, unknown>)[Symbol.for('costkit.original')]).toBe(original);
    for await (const _ of stream);
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    await costkit.flush();
    expect(first.calls()).toHaveLength(0);
    expect(second.calls().map((e) => [e.tags.team, e.stream, e.status])).toEqual([
      ['first', true, 'ok'],
      ['second', false, 'ok'],
    ]);
    // The second configuration's guard reached the wire.
    expect((h.mock.exchanges[1]!.body as Record<string, unknown>).max_completion_tokens).toBe(50);
    expect(costkit.stats().dropped).toBe(0);
  });

  it('shutdown restores every original; calls after it are not recorded; init again patches and records once', async () => {
    const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.mock.url}/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.mock.url, maxRetries: 0 });
    const targets = [Object.getPrototypeOf(openai.chat.completions), Object.getPrototypeOf(anthropic.messages), Object.getPrototypeOf(openai)] as Record<string, unknown>[];
    const names = ['create', 'create', 'buildRequest'];
    const originals = targets.map((t, i) => t[names[i]!]);
    const sink = collector();
    await costkit.init({ exporters: [sink] });
    expect(targets.map((t, i) => t[names[i]!] !== originals[i])).toEqual([true, true, true]);
    await costkit.shutdown();
    expect(targets.map((t, i) => t[names[i]!] === originals[i])).toEqual([true, true, true]);
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(sink.calls()).toHaveLength(0);

    const again = collector();
    await costkit.init({ exporters: [again] });
    await withTags({ team: 'again' }, () => anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages }));
    await costkit.flush();
    expect(again.calls().map((e) => [e.provider, e.tags.team])).toEqual([['anthropic', 'again']]);
    expect(sink.calls()).toHaveLength(0);
  });
});

/** A directory tree of hard links (same file system, no bytes copied): a separate package copy to node's resolver. */
function linkCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  execFileSync('cp', ['-al', realpathSync(from), to]);
}

describe('two copies of the same SDK version in one app (nested node_modules)', () => {
  it('records the calls of both copies once each, and restores both after shutdown', async () => {
    const cache = join(pkg, 'node_modules/.cache');
    mkdirSync(cache, { recursive: true });
    const app = mkdtempSync(join(cache, 'two-copies-'));
    temps.push(app);
    const openaiDir = realpathSync(join(pkg, 'node_modules/openai'));
    linkCopy(openaiDir, join(app, 'node_modules/openai'));
    linkCopy(openaiDir, join(app, 'node_modules/lib-a/node_modules/openai'));
    // openai's own optional peers resolve from the real store location; nothing else is needed.
    writeFileSync(join(app, 'node_modules/lib-a/package.json'), JSON.stringify({ name: 'lib-a', version: '1.0.0', main: 'index.js' }));
    writeFileSync(
      join(app, 'node_modules/lib-a/index.js'),
      "const { OpenAI } = require('openai');\nexports.OpenAI = OpenAI;\nexports.client = (baseURL) => new OpenAI({ apiKey: 'k', baseURL, maxRetries: 0 });\n",
    );
    symlinkSync(pkg, join(app, 'node_modules/costkit'));
    mkdirSync(join(app, 'node_modules/@costkit'));
    symlinkSync(resolve(pkg, '../mock-provider'), join(app, 'node_modules/@costkit/mock-provider'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'two-copies-app', private: true, type: 'module' }));
    copyFileSync(resolve(__dirname, 'fixtures/two-copies-app.mjs'), join(app, 'app.mjs'));
    expect(readdirSync(join(app, 'node_modules/lib-a/node_modules'))).toEqual(['openai']);

    const result = await runNode(join(app, 'app.mjs'), { cwd: app });
    expect(result.stderr).not.toContain('Error');
    const seen = lastJsonLine(result.stdout);
    expect(seen.distinctCopies).toBe(true);
    expect(seen.wrappedOnce).toEqual([true, true]);
    expect(seen.restored).toEqual([true, true]);
    expect(seen.events).toEqual([
      { tags: { team: 'reloaded', caller: 'app' }, status: 'ok', inputTokens: expect.any(Number) },
      { tags: { team: 'reloaded', caller: 'lib-a' }, status: 'ok', inputTokens: expect.any(Number) },
    ]);
  }, 60_000);
});

describe('an app bundled with esbuild', () => {
  it('instrument(client) records every call once, wraps nothing twice, and shutdown restores the bundled originals', async () => {
    const app = bundleApp(resolve(__dirname, 'fixtures/bundled-app.ts'), { bundlePackages: true });
    const result = await runNode(app);
    expect(result.code).toBe(0);
    const seen = lastJsonLine(result.stdout);
    // init() alone cannot reach SDK classes inside a bundle: that is why instrument() exists.
    expect(seen.reachedByInit).toEqual([false, false, false]);
    expect(seen.wrappedOnce).toEqual([true, true, true]);
    expect(seen.restored).toEqual([true, true, true]);
    const calls = (team: string) => seen.events.filter((e: { team: string }) => e.team === team);
    for (const team of ['first', 'second']) {
      expect(calls(team).map((e: any) => [e.provider, e.stream, e.status])).toEqual([
        ['openai', false, 'ok'],
        ['openai', true, 'ok'],
        ['anthropic', false, 'ok'],
        ['google', false, 'ok'],
      ]);
      for (const event of calls(team)) expect(event.inputTokens).toBeGreaterThan(0);
    }
    expect(calls('after-shutdown')).toEqual([]);
  }, 60_000);
});
