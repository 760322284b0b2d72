import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEventSchema } from '../src/index.js';
import { scenarios } from './packaging/app-scenarios.js';
import { RedisServer } from '../../redis/test/helpers/redis-server.js';

// The packages as published: packed with pnpm, installed with npm into a fresh
// app beside the SDK, run as that app's own node process.
const root = resolve(__dirname, '../../..');
const PNPM = ['-y', 'pnpm@10.34.9'];
let app: string;
let tarballs: string[];

beforeAll(() => {
  const work = mkdtempSync(join(tmpdir(), 'costkit-pack-'));
  for (const pkg of ['costkit', 'mock-provider', 'otel', 'redis']) {
    execFileSync('npx', [...PNPM, 'pack', '--pack-destination', work], { cwd: join(root, 'packages', pkg), stdio: 'pipe' });
  }
  tarballs = readdirSync(work).filter((f) => f.endsWith('.tgz')).map((f) => join(work, f));
  app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packaging-app', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs, 'openai@7.57.0', '@anthropic-ai/sdk@1.12.0', '@google/genai@3.1.0', '@opentelemetry/api@1.9.1', '@opentelemetry/sdk-trace-base@2.12.1', '@opentelemetry/context-async-hooks@2.12.0'], { cwd: app, stdio: 'pipe' });
  for (const [file, source] of Object.entries(scenarios)) writeFileSync(join(app, file), source);
}, 240_000);

afterAll(() => {
  if (app) rmSync(resolve(app, '..'), { recursive: true, force: true });
});

describe('packed packages installed with npm', () => {
  it('leave no workspace: protocol in the published manifests', () => {
    for (const pkg of ['costkit', '@costkit/mock-provider', '@costkit/otel', '@costkit/redis']) {
      const manifest = readFileSync(join(app, 'node_modules', pkg, 'package.json'), 'utf8');
      expect(manifest).not.toContain('workspace:');
    }
  });

  it('ship each package with its README (a quick start of its own)', () => {
    for (const pkg of ['costkit', '@costkit/otel', '@costkit/mock-provider', '@costkit/redis']) {
      const readme = readFileSync(join(app, 'node_modules', pkg, 'README.md'), 'utf8');
      expect(readme, pkg).toMatch(/^# /);
      expect(readme, pkg).toContain('```');
    }
  });

  const run = (file: string) => {
    const out = execFileSync('node', [file], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(out.trim().split('\n').at(-1)!) as any[];
  };
  const openaiApps = Object.keys(scenarios).filter((f) => /^(esm|cjs)-sdk-/.test(f));

  it.each(openaiApps)('%s records both calls of the app own SDK copy', (file) => {
    const events = run(file);
    expect(events).toHaveLength(2);
    const [plain, stream] = events.map((e) => callEventSchema.parse(e));
    expect(plain).toMatchObject({ provider: 'openai', stream: false, status: 'ok', tags: { team: 'packaging' } });
    expect(stream).toMatchObject({ provider: 'openai', stream: true, status: 'ok', tags: { team: 'packaging' } });
    expect(stream!.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('records an app that mixes the three providers SDKs', () => {
    const events = run('esm-three-providers.mjs').map((e) => callEventSchema.parse(e));
    expect(events.map((e) => e.provider)).toEqual(['openai', 'anthropic', 'google']);
    for (const event of events) {
      expect(event).toMatchObject({ status: 'ok', tags: { team: 'packaging' } });
      expect(event.usage?.inputTokens).toBeGreaterThan(0);
    }
  });

  it('loads no SDK a CommonJS app does not load, and patches one it requires after init()', () => {
    const out = JSON.parse(execFileSync('node', ['cjs-loads-only-its-sdk.cjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.patched).toEqual(['openai cjs']);
    expect(out.before).toEqual({ anthropic: false, genai: false });
    expect(out.providers).toEqual(['openai', 'anthropic']);
  });

  it("patches a library's own nested copy of an SDK it required before init(), and the app's copy required after", () => {
    const lib = join(app, 'node_modules', 'nested-lib');
    mkdirSync(join(lib, 'node_modules'), { recursive: true });
    cpSync(join(app, 'node_modules', 'openai'), join(lib, 'node_modules', 'openai'), { recursive: true });
    writeFileSync(join(lib, 'package.json'), JSON.stringify({ name: 'nested-lib', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(lib, 'index.js'), "module.exports = require('openai');\n");
    try {
      const out = JSON.parse(execFileSync('node', ['cjs-nested-copy.cjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
      expect(out).toEqual({ distinct: true, patchedAtInit: [true], calls: 2 });
    } finally {
      // The other scenarios count the installed copies: this one is not theirs.
      rmSync(lib, { recursive: true, force: true });
    }
  });

  it('loads node:http, node:https, node:zlib, node:crypto and node:fs/promises only when a feature needs them (about 18 ms of startup on Node 24)', () => {
    const out = JSON.parse(execFileSync('node', ['cjs-builtins-on-demand.cjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.afterInit).toEqual([]);
    expect(out.afterHttpsExporter).toContain('https');
  });

  const inThreadHooks = typeof (createRequire(import.meta.url)('node:module') as { registerHooks?: unknown }).registerHooks === 'function';
  const everyEsmBuild = ['@anthropic-ai/sdk esm', '@google/genai esm', 'openai esm'];

  it('without costkit/register, an ESM app\'s init() imports only the SDK it imported (in-thread hooks) and a later import is patched as it loads', () => {
    const out = JSON.parse(execFileSync('node', ['esm-openai-then-anthropic.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    // Without in-thread module hooks (Node < 22.15) a later import would go unseen, so init() imports every installed build.
    expect(out.patched).toEqual(inThreadHooks ? ['openai esm'] : everyEsmBuild);
    expect(out.providers).toEqual(['openai', 'anthropic']);
  });

  it("imports only the SDK an ESM app imported when init() runs in a bootstrap function the entry awaits", () => {
    const out = JSON.parse(execFileSync('node', ['esm-init-in-bootstrap.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.patched).toEqual(inThreadHooks ? ['openai esm'] : everyEsmBuild);
    expect(out.providers).toEqual(['openai']);
  });

  it('patches the SDK an ESM entry imports after the module that calls init()', () => {
    const out = JSON.parse(execFileSync('node', ['esm-init-in-first-import.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.providers).toEqual(['openai']);
  });

  it('imports every installed SDK ESM build when the loaded scripts cannot be listed (permission model without --allow-inspector)', () => {
    const permission = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
    const out = JSON.parse(execFileSync('node', [permission, '--allow-fs-read=*', 'esm-openai-then-anthropic.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.patched).toEqual(everyEsmBuild);
    expect(out.providers).toEqual(['openai', 'anthropic']);
  });

  it('with costkit/register preloaded, an ESM app\'s init() loads nothing and a later import is patched as it loads', () => {
    const out = JSON.parse(execFileSync('node', ['--import', 'costkit/register', 'esm-openai-then-anthropic.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.patched).toEqual(['openai esm']);
    expect(out.providers).toEqual(['openai', 'anthropic']);
  });

  it('patches an SDK ESM build a CommonJS app imports after init()', () => {
    // In-thread module hooks exist from Node 22.15; before that, costkit/register's loader sees the import.
    const args = inThreadHooks ? ['cjs-imports-esm-later.cjs'] : ['--require', 'costkit/register', 'cjs-imports-esm-later.cjs'];
    const out = JSON.parse(execFileSync('node', args, { cwd: app, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').at(-1)!);
    expect(out.providers).toEqual(['anthropic']);
  });

  it('holds a budget on Redis from the installed @costkit/redis', async () => {
    const redis = await RedisServer.start();
    try {
      const out = JSON.parse(execFileSync('node', ['esm-redis-budget.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000, env: { ...process.env, REDIS_URL: redis.url } }).trim().split('\n').at(-1)!);
      expect(out.outcomes).toContain('refused');
      expect(out.outcomes[0]).toBe('ok');
      expect(out.calls).toBe(out.outcomes.filter((o: string) => o === 'ok').length);
      expect(out.refusals).toBe(out.outcomes.filter((o: string) => o === 'refused').length);
      expect(out.spent).toBeLessThanOrEqual(0.00002 + 0.00002);
    } finally {
      await redis.stop();
    }
  });

  it('emits an OpenTelemetry span per call through the app tracer provider, parented to the app span', () => {
    const spans = run('cjs-otel.cjs');
    const call = spans.find((s) => s.attributes['gen_ai.request.model'] === 'gpt-4o-mini');
    const parent = spans.find((s) => s.name === 'handle-request');
    expect(call).toBeDefined();
    expect(call.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(call.traceId).toBe(parent.traceId);
    expect(call.parent).not.toBeNull();
  });
});
