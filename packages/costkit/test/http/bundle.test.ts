import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built package (`pnpm test` builds first): costkit/http is its own bundle, and
// each bundle and build carries its own copy of the scope code.
const pkg = resolve(__dirname, '../..');
const child = join(__dirname, 'fixtures', 'bundles-child.mjs');

describe('costkit/http as built', () => {
  it.each([
    ['index.js', 'http.js'],
    ['index.js', 'http.cjs'],
    ['index.cjs', 'http.js'],
  ])('opens request scopes the core (%s) reads, from %s', (core, http) => {
    const out = execFileSync('node', [child, core, http], { cwd: pkg, encoding: 'utf8', timeout: 30_000 });
    const { seen, events } = JSON.parse(out.trim().split('\n').at(-1)!) as { seen: string; events: Array<{ interactionId: string; tags: Record<string, string> }> };
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toEqual([
      { interactionId: seen, tags: { route: 'POST /api/chats/:id', customer: 'c1' } },
      { interactionId: seen, tags: { route: 'POST /api/chats/:id', customer: 'c1', feature: 'answer' } },
    ]);
  });

  it('keeps every web framework out of the main entry: import "costkit" loads none of them', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const source = readFileSync(join(pkg, 'dist', file), 'utf8');
      expect(source).not.toMatch(/\b(express|fastify|hono|connect)\b['"/]/);
      expect(source).not.toContain('src/http/');
    }
    // costkit/http itself imports no framework; Hono's route helper is loaded on a Hono request.
    for (const file of ['http.js', 'http.cjs']) {
      const source = readFileSync(join(pkg, 'dist', file), 'utf8');
      const external = (pattern: RegExp) => [...source.matchAll(pattern)].map((m) => m[1]!).filter((name) => !isBuiltin(name));
      expect(external(/(?:from\s+|require\()["']([^"']+)["']/g)).toEqual([]);
      expect(external(/import\(["']([^"']+)["']\)/g)).toEqual(['hono/route']);
    }
  });
});
