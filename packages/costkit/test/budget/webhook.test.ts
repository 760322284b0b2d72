import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import costkit, { memoryBudgetStore, withTags } from '../../src/index.js';
import { useHarness } from '../helpers/harness.js';
import { hello, manualClock, openaiClient } from './helpers.js';

// The webhook alert sink against a real local HTTP server: a Slack-compatible
// body with what an on-call engineer needs, retries, and a server that is down
// counted and reported without ever printing the URL (it is a secret).

const h = useHarness({ init: false });
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

interface Received {
  headers: IncomingMessage['headers'];
  body: any;
}

/** A webhook receiver answering with `statuses` in turn (then 200). */
async function receiver(statuses: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      res.statusCode = statuses.shift() ?? 200;
      res.end(res.statusCode === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/services/T000/B000/secret-token`, received };
}

const ask = () => withTags({ team: 'search', feature: 'summarize' }, () => openaiClient(h).chat.completions.create({ model: 'gpt-4o', max_tokens: 50, messages: hello }, { headers: { 'x-mock-output-tokens': '50' } }));

function warnings(): { messages: string[]; stop(): void } {
  const messages: string[] = [];
  const listen = (w: Error) => messages.push(w.message);
  process.on('warning', listen);
  return { messages, stop: () => process.off('warning', listen) };
}

describe('webhook alerts', () => {
  it('posts a threshold as Slack JSON: budget, window, spent, limit, top tags, projected exhaustion', async () => {
    const hook = await receiver();
    const clock = manualClock('2026-12-10T00:00:00Z');
    await h.start({
      service: 'search-api',
      budgets: [{ name: 'search-month', match: { team: 'search' }, window: 'month', limitUsd: 0.0008, warnAt: [0.5] }],
      budgetStore: memoryBudgetStore({ now: clock.now }),
      alerts: [{ type: 'webhook', url: hook.url, headers: { 'x-team': 'search' } }],
    });
    await ask();
    await costkit.shutdown();
    expect(hook.received).toHaveLength(1);
    const [{ headers, body }] = hook.received as [Received];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-team']).toBe('search');
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
    expect(body.text).toMatch(/Budget \*search-month\* crossed 50% of its \$0\.0008 limit/);
    expect(body.text).toMatch(/\$0\.00052\d of \$0\.0008 spent, window 2026-12-01 00:00 → 2027-01-01 00:00 UTC/);
    expect(body.text).toMatch(/Top tags: team=search \$0\.00052\d/);
    expect(body.text).toMatch(/Projected to run out 2026-12-\d\d \d\d:\d\d at the current burn rate/);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['section', 'section', 'context']);
    expect(JSON.stringify(body.blocks[2])).toContain('search-api');
  });

  it('retries a webhook that fails, and delivers once', async () => {
    const hook = await receiver([500, 503]);
    await h.start({ budgets: [{ name: 'b', window: 'day', limitUsd: 1e-9, onExceed: 'warn' }], alerts: [{ type: 'webhook', url: hook.url, retries: 2 }] });
    await ask();
    await costkit.shutdown();
    expect(hook.received.map((r) => r.body.text.slice(0, 40))).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.body.text)).size).toBe(1);
    expect(costkit.stats().budgetAlertsFailed).toBe(0);
  });

  it('counts an alert it could not deliver to a server that is down, and never prints the URL', async () => {
    const hook = await receiver();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const seen = warnings();
    await h.start({ budgets: [{ name: 'b', window: 'day', limitUsd: 1e-9, onExceed: 'warn' }], alerts: [{ type: 'webhook', url: hook.url, retries: 1 }] });
    await expect(ask()).resolves.toBeDefined();
    await costkit.shutdown();
    // process warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    seen.stop();
    expect(costkit.stats().budgetAlertsFailed).toBe(1);
    const report = seen.messages.find((m) => m.includes('budget alert could not be delivered'));
    expect(report).toMatch(/ECONNREFUSED, after 2 attempts/);
    for (const message of seen.messages) {
      expect(message).not.toContain('secret-token');
      expect(message).not.toContain(hook.url);
    }
  });

  it('posts only the kinds asked for (one per window by default, not one per refused call)', async () => {
    const hook = await receiver();
    await h.start({ budgets: [{ name: 'b', window: 'day', limitUsd: 1e-9 }], alerts: [{ type: 'webhook', url: hook.url }, { type: 'webhook', url: `${hook.url}/refusals`, kinds: ['refused'] }] });
    for (let i = 0; i < 3; i++) await ask().catch(() => undefined);
    await costkit.shutdown();
    const texts = hook.received.map((r) => r.body.text as string);
    expect(texts.filter((t) => t.includes('reached its'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('refused a call to gpt-4o'))).toHaveLength(3);
  });
});
