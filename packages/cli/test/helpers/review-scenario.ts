import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { withTags } from 'costkit';
import { withRequest } from 'costkit/http';
import { calls, pico, readEvents, type Event } from './ledger.js';
import { recordLedger, type Clients } from './record.js';

/** A tag value that would break a page that does not escape: quotes, a closing script tag, markup, a newline. */
export const HOSTILE = `R&D "ops" </script><script>window.__pwned=1</script>\n<img src=x onerror="window.__pwned=2">`;
export const HOSTILE_MODEL = 'gpt-4o-mini"</script><b>bold</b>';

export const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
export const SPIKE_DAY = '2026-11-10';
const LONG = `Context: ${'The customer asked about the invoice again. '.repeat(60)}`;

/** A web app in front of the SDK: each request one scope (costkit/http withRequest), so one interaction with a route. */
async function startApp(c: Clients): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chats = req.url?.startsWith('/api/chats/') ?? false;
    const route = chats ? '/api/chats/:id' : '/api/search';
    const turns = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('turns') ?? 1);
    void withRequest(
      req,
      async () => {
        for (let i = 0; i < turns; i++) {
          await withTags({ feature: chats ? 'answer' : 'search' }, () =>
            c.openai.chat.completions.create({ model: chats ? 'gpt-4o' : 'gpt-4o-mini', messages: [{ role: 'user', content: `turn ${i}` }] }, { headers: { 'x-mock-output-tokens': String(50 * (i + 1)) } }),
          );
        }
        res.end('ok');
      },
      { route, tags: { team: 'support', customer: chats ? 'acme' : 'globex' } },
    ).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Ten days of a small company through the real SDKs: search (OpenAI with cached
 * prompt tokens), support triage (Anthropic with a cached system prompt: a cache
 * write, then reads), a web app whose requests are interactions with routes, a team
 * and feature named with hostile text, a model name with markup, untagged calls
 * (owned by team platform), six one-off features (more series than a chart shows),
 * and on the last day a cost spike in search.
 */
export async function recordReviewLedger(path: string): Promise<void> {
  await recordLedger(path, async (c) => {
    const app = await startApp(c);
    const system = [{ type: 'text' as const, text: `House style: ${'Prefer short sentences. '.repeat(80)}`, cache_control: { type: 'ephemeral' as const } }];
    try {
      for (const [d, day] of DAYS.entries()) {
        c.at(`${day}T09:00:00.000Z`);
        await withTags({ team: 'search', feature: 'summarize' }, async () => {
          for (let i = 0; i < 3; i++) await c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${LONG} (${i})` }] }, { headers: { 'x-mock-cached-tokens': '512' } });
          if (day === SPIKE_DAY) {
            for (let i = 0; i < 30; i++) await c.openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `${LONG} spike ${i}` }] }, { headers: { 'x-mock-output-tokens': '1000' } });
          }
        });
        await withTags({ team: 'support', feature: 'triage' }, async () => {
          for (let i = 0; i < 2; i++) await c.anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, system, messages: [{ role: 'user', content: `Ticket ${d}-${i}` }] });
        });
        await withTags({ team: HOSTILE, feature: HOSTILE }, () => c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hostile' }] }));
        // Outside any scope: defaultTags only (team platform, tagged: false).
        await c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'nightly digest' }] });
        c.at(`${day}T14:00:00.000Z`);
        await fetch(`${app.url}/api/chats/${d}?turns=${1 + (d % 3)}`, { method: 'POST' }).then((r) => r.text());
        await fetch(`${app.url}/api/chats/${d + 100}?turns=2`, { method: 'POST' }).then((r) => r.text());
        await fetch(`${app.url}/api/search?q=${d}`).then((r) => r.text());
        if (d === 0) {
          for (let f = 1; f <= 6; f++) await withTags({ team: 'growth', feature: `experiment-${f}` }, () => c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `try ${f}` }] }));
          await withTags({ team: 'research', feature: 'eval' }, () => c.openai.chat.completions.create({ model: HOSTILE_MODEL, messages: [{ role: 'user', content: 'unpriced' }] }));
        }
      }
    } finally {
      await app.close();
    }
  });
}

/**
 * A plain CSV invoice for the month: the ledger's own cost per day for OpenAI
 * gpt-4o-mini and Anthropic, with $0.25 more on one day; every other line of the
 * ledger is missing from it (not on the invoice). Returns invoice minus ledger.
 */
export function writeInvoice(path: string, events: Event[]): bigint {
  const lines = new Map<string, bigint>();
  for (const e of calls(events)) {
    if (!(e.provider === 'anthropic' || e.model === 'gpt-4o-mini')) continue;
    const key = `${e.timestamp.slice(0, 10)},${e.provider},${e.model}`;
    lines.set(key, (lines.get(key) ?? 0n) + pico(e));
  }
  const extra = 250_000_000_000n;
  const bump = '2026-11-03,openai,gpt-4o-mini';
  lines.set(bump, (lines.get(bump) ?? 0n) + extra);
  const decimal = (p: bigint) => `${p / 1_000_000_000_000n}.${(p % 1_000_000_000_000n).toString().padStart(12, '0')}`;
  writeFileSync(path, ['date,provider,model,cost_usd', ...[...lines].map(([k, p]) => `${k},${decimal(p)}`)].join('\n') + '\n');
  const invoice = [...lines.values()].reduce((s, p) => s + p, 0n);
  const ledger = calls(events).reduce((s, e) => s + pico(e), 0n);
  return invoice - ledger;
}

export { readEvents };
