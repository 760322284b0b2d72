import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OLD_EVENT } from './helpers/scenario.js';
import { tempDir } from './helpers/record.js';

// The CLI as published: packed with pnpm (workspace: versions replaced), installed
// with npm into a fresh project, run through the `costkit` bin npm links.
const root = resolve(__dirname, '../../..');
let work: string;
let app: string;

beforeAll(() => {
  work = tempDir('costkit-cli-pack-');
  for (const pkg of ['costkit', 'redis', 'cli']) execFileSync('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', work], { cwd: join(root, 'packages', pkg), stdio: 'pipe' });
  const tarballs = readdirSync(work).filter((f) => f.endsWith('.tgz')).map((f) => join(work, f));
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packaging-app', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], { cwd: app, stdio: 'pipe' });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('@costkit/cli installed with npm', () => {
  it('ships the built binary and no workspace: versions', () => {
    const manifest = readFileSync(join(app, 'node_modules/@costkit/cli/package.json'), 'utf8');
    expect(manifest).not.toContain('workspace:');
    const files = readdirSync(join(app, 'node_modules/@costkit/cli/dist'));
    expect(files).toContain('cli.js');
    expect(files).toContain('index.d.ts');
    expect(readFileSync(join(app, 'node_modules/@costkit/cli/dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('runs as `npx costkit` in the app', () => {
    const ledger = join(app, 'events.jsonl');
    writeFileSync(ledger, `${JSON.stringify(OLD_EVENT)}\n`);
    const out = execFileSync('npx', ['--no-install', 'costkit', 'report', ledger, '--format', 'json'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out).total).toMatchObject({ calls: 1, costUsd: 0.00027 });
  });

  it('writes the html page with the chart library and the page script the package installed', () => {
    const ledger = join(app, 'events.jsonl');
    writeFileSync(ledger, `${JSON.stringify(OLD_EVENT)}\n`);
    execFileSync('npx', ['--no-install', 'costkit', 'html', ledger, '-o', join(app, 'report.html')], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    const page = readFileSync(join(app, 'report.html'), 'utf8');
    expect(page).toContain('Apache Software Foundation');
    expect(page).toContain('costkit-data');
    expect(page.match(/<script>/g)).toHaveLength(2);
  });
});
