#!/usr/bin/env node
// Writes a synthetic ledger of N call events shaped exactly like the file
// exporter's lines (the same fields, in the same order, priced by costkit's own
// price book), spread over one month, for the CLI bench. Deterministic: a seeded
// PRNG, so two runs write the same bytes.
//   node bench/generate-ledger.mjs <out.jsonl> [events=1000000] [month=2026-11]
import { createWriteStream } from 'node:fs';
import { createPriceBook } from 'costkit';

const [out, countArg = '1000000', month = '2026-11'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node bench/generate-ledger.mjs <out.jsonl> [events] [YYYY-MM]');
  process.exit(2);
}
const count = Number(countArg);
const book = createPriceBook();

let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

const MODELS = [
  ['openai', 'chat.completions', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
  ['openai', 'chat.completions', 'gpt-4o', 'gpt-4o-2024-08-06'],
  ['openai', 'responses', 'gpt-5-mini', 'gpt-5-mini-2025-08-07'],
  ['anthropic', 'messages', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
  ['anthropic', 'messages', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
  ['google', 'generateContent', 'gemini-2.5-flash', 'gemini-2.5-flash'],
];
const TEAMS = { search: ['summarize', 'rerank', 'answer'], support: ['triage', 'reply-draft'], growth: ['email', 'onboarding'] };
const CUSTOMERS = Array.from({ length: 40 }, (_, i) => `cust_${String(i).padStart(3, '0')}`);
const ROUTES = ['POST /api/chats/:id', 'POST /api/search', 'POST /api/tickets/:id/triage', 'GET /api/digest'];
const start = Date.parse(`${month}-01T00:00:00Z`);
const [y, m] = month.split('-').map(Number);
const span = Date.UTC(y, m, 1) - start;

const stream = createWriteStream(out);
let interaction = uuid();
let written = 0;
function line(i) {
  const [provider, operation, model, responseModel] = pick(MODELS);
  const untagged = random() < 0.06;
  const team = pick(Object.keys(TEAMS));
  const tags = untagged ? { team: 'platform' } : { team, feature: pick(TEAMS[team]), customer: pick(CUSTOMERS), route: pick(ROUTES) };
  if (random() < 0.35) interaction = uuid();
  const input = 200 + Math.floor(random() * 3000);
  const cacheRead = random() < 0.4 ? Math.floor(input * random() * 0.8) : 0;
  const output = 20 + Math.floor(random() * 600);
  const reasoning = model.startsWith('gpt-5') ? Math.min(output, 64) : 0;
  const usage = { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: 0, reasoningTokens: reasoning, totalTokens: input + output };
  if (provider === 'anthropic') usage.cacheWrite1hTokens = 0;
  const error = random() < 0.01;
  const attempts = error ? 3 : random() < 0.03 ? 2 : 1;
  const timestamp = new Date(start + Math.floor((i / count) * span) + Math.floor(random() * 1000)).toISOString();
  const cost = error ? null : book.price({ provider, model, usage, timestamp });
  const event = {
    schema: 'costkit.call/1', id: uuid(), timestamp, service: 'checkout-api', environment: 'production',
    provider, operation, model, responseModel, stream: random() < 0.3, status: error ? 'error' : 'ok',
    error: error ? { type: 'RateLimitError', status: 429, message: 'Rate limit reached' } : null,
    tags, tagged: !untagged, usage: error ? null : usage, cost,
    latencyMs: Math.round(random() * 20000) / 10, timeToFirstTokenMs: null, attempts,
    finishReason: error ? null : random() < 0.02 ? 'length' : 'stop', requestId: `req_${hex(32)}`,
    serviceTier: provider === 'openai' ? 'default' : provider === 'anthropic' ? 'standard' : null,
    interactionId: untagged ? null : interaction,
  };
  return `${JSON.stringify(event)}\n`;
}

function writeSome() {
  let ok = true;
  while (ok && written < count) ok = stream.write(line(written++));
  if (written < count) stream.once('drain', writeSome);
  else stream.end();
}
stream.on('finish', () => console.error(`wrote ${count} events to ${out}`));
writeSome();
