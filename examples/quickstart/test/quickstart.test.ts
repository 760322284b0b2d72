import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's demo: the quickstart app against the mock provider, as its own process.
describe('quickstart demo', () => {
  let output: string | undefined;
  const run = () => {
    if (output !== undefined) return output;
    const env = { ...process.env };
    for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY']) delete env[key];
    return (output = execFileSync(process.execPath, [join(__dirname, '..', 'index.mjs')], { encoding: 'utf8', env, timeout: 60_000 }));
  };

  it('records one event per call for both teams and prints the cost table', () => {
    const out = run();
    const calls = out.split('\n').filter((line) => line.startsWith('[costkit] '));
    expect(calls).toHaveLength(8);
    expect(calls.filter((l) => l.includes('team=search feature=summarize'))).toHaveLength(3);
    expect(calls.filter((l) => l.includes('team=support feature=triage'))).toHaveLength(4);
    expect(calls.filter((l) => l.includes('team=platform'))).toHaveLength(1);
    for (const provider of ['openai', 'anthropic', 'google']) expect(out).toContain(`[costkit] ${provider} `);
    expect(out).toContain('Cost by team and feature');
  });

  it('prints the web app cost per interaction and per route, tagged by route template, never by URL', () => {
    const out = run();
    expect(out).toContain('Web app: 13 requests, 44 calls');
    // One row per request: 9 support chats of 4 calls, 4 checkout summaries of 2.
    const interactions = [...out.matchAll(/│ '([0-9a-f]{8})' +│ '(POST [^']+)' +│ '(\w+)' +│ (\d+) +│ '([\d.]+)' +│/g)].map((m) => ({ id: m[1]!, route: m[2]!, customer: m[3]!, calls: Number(m[4]), cost: Number(m[5]) }));
    expect(interactions).toHaveLength(13);
    expect(new Set(interactions.map((i) => i.id)).size).toBe(13);
    const chats = interactions.filter((i) => i.route === 'POST /api/chats/:chatId');
    const carts = interactions.filter((i) => i.route === 'POST /api/carts/:cartId/summary');
    expect(chats.map((i) => i.calls)).toEqual(Array(9).fill(4));
    expect(carts.map((i) => i.calls)).toEqual(Array(4).fill(2));
    expect(new Set(interactions.map((i) => i.customer))).toEqual(new Set(['acme', 'globex', 'initech']));
    expect(out).not.toMatch(/\/api\/(chats|carts)\/\d/);

    const routes = [...out.matchAll(/│ '(POST [^']+)' +│ (\d+) +│ (\d+) +│ '([\d.]+)' +│ '([\d.]+)' +│ '([\d.]+)' +│ '([\d.]+)' +│/g)].map((m) => ({ route: m[1]!, interactions: Number(m[2]), calls: Number(m[3]), total: Number(m[4]), p50: Number(m[5]), p95: Number(m[6]), p99: Number(m[7]) }));
    expect(routes.map((r) => [r.route, r.interactions, r.calls])).toEqual([
      ['POST /api/carts/:cartId/summary', 4, 8],
      ['POST /api/chats/:chatId', 9, 36],
    ]);
    for (const [route, rows] of [[routes[0]!, carts], [routes[1]!, chats]] as const) {
      const costs = rows.map((r) => r.cost).sort((a, b) => a - b);
      expect(route.p50).toBe(costs[Math.ceil(costs.length / 2) - 1]);
      expect(route.p99).toBe(costs.at(-1));
      expect(route.p50).toBeLessThanOrEqual(route.p95);
      expect(route.total).toBeCloseTo(costs.reduce((a, b) => a + b, 0), 12);
    }
  });
});
