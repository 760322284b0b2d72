import { appendFileSync } from 'node:fs';
import { withTags } from 'costkit';
import { recordLedger, type Clients } from './record.js';

const chat = (c: Clients, model: string, text = 'Summarize the ticket in one line.', extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  c.openai.chat.completions.create({ model, messages: [{ role: 'user', content: text }], ...extra }, headers ? { headers } : undefined);

/**
 * A small but complete ledger from the real SDKs: three providers, tags with routes
 * and customers, interactions, cache writes (1 h) and reads, a stream, a dated model
 * id, a truncated answer, a call costkit cannot price, a call that failed after
 * retries, web search, reasoning tokens, untagged calls, guard events; then two
 * hand-written lines: an event from before interactionId and totalPicoUsd existed,
 * and a budget event. None of the lines is bad.
 */
export async function recordMixedLedger(path: string): Promise<void> {
  await recordLedger(
    path,
    async (c) => {
      c.at('2026-11-03T10:00:00.000Z');
      await withTags({ team: 'search', feature: 'summarize', customer: 'acme', route: 'POST /api/chats/:id' }, async () => {
        await chat(c, 'gpt-4o-mini', 'First question about the contract.');
        await chat(c, 'gpt-4o-mini', 'Second question about the contract.');
        const system = [{ type: 'text' as const, text: `House style: ${'Prefer short sentences. '.repeat(40)}`, cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }];
        await c.anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, system, messages: [{ role: 'user', content: 'Draft a reply.' }] });
        await c.anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, system, messages: [{ role: 'user', content: 'Draft a reply.' }] });
        await c.google.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Summarize: the meeting moved to Tuesday.' });
      });
      c.at('2026-11-03T15:30:00.000Z');
      await withTags({ team: 'support', feature: 'triage', customer: 'globex', route: 'POST /api/tickets/:id/triage' }, async () => {
        await chat(c, 'gpt-4o-2024-08-06', 'Classify: my invoice is wrong.');
        const stream = await chat(c, 'gpt-4o-mini', 'Classify: the app crashes.', { stream: true, stream_options: { include_usage: true } });
        for await (const _ of stream as unknown as AsyncIterable<unknown>) void _;
        await chat(c, 'gpt-4o-mini', 'Classify at length.', { max_tokens: 3 }, { 'x-mock-output-tokens': '40' });
      });
      // Failed after retries: the SDK tries 3 times, the mock refuses each.
      c.mock.fail({ type: 'status', status: 429, retryAfterMs: 1 }, { times: 3 });
      await withTags({ team: 'support', feature: 'triage', customer: 'globex' }, () => c.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 2 })).catch(() => undefined);
      // Outside any scope: only defaultTags (team=platform), tagged: false.
      await chat(c, 'gpt-4o-mini', 'Nightly digest.');
      await chat(c, 'gpt-4o-mini', 'Nightly digest, part two.');
      c.at('2026-11-04T09:00:00.000Z');
      await withTags({ team: 'research', feature: 'eval' }, async () => {
        await chat(c, 'acme-finetune-v1', 'A model costkit has no price for.');
        await c.openai.responses.create({ model: 'gpt-5-mini', input: 'Think, then answer briefly.', reasoning: { effort: 'low' } });
        await c.anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 256, tools: [{ type: 'web_search_20250305', name: 'web_search' }] as never, messages: [{ role: 'user', content: 'Search the news.' }] });
      });
    },
    { guard: { maxTokens: { default: 512, cap: 1024, onExceed: 'clamp' } } },
  );
}

/** An event as costkit wrote it before v1.1: no interactionId, no totalPicoUsd (cost.total only). */
export const OLD_EVENT = {
  schema: 'costkit.call/1',
  id: 'old-event-1',
  timestamp: '2026-11-02T08:00:00.000Z',
  service: 'legacy-worker',
  environment: 'production',
  provider: 'openai',
  operation: 'chat.completions',
  model: 'gpt-4o-mini',
  responseModel: 'gpt-4o-mini-2024-07-18',
  stream: false,
  status: 'ok',
  error: null,
  tags: { team: 'search', feature: 'summarize' },
  tagged: true,
  usage: { inputTokens: 1000, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 1200 },
  cost: { currency: 'USD', input: 0.00015, cacheRead: 0, cacheWrite: 0, output: 0.00012, total: 0.00027, priceRef: 'openai/gpt-4o-mini' },
  latencyMs: 420,
  timeToFirstTokenMs: null,
  attempts: 1,
  finishReason: 'stop',
  requestId: null,
};

export const BUDGET_EVENT = {
  schema: 'costkit.budget/1',
  id: 'budget-event-1',
  timestamp: '2026-11-03T16:00:00.000Z',
  service: 'cli-test',
  environment: 'test',
  tags: { team: 'support' },
  kind: 'threshold',
  budget: 'support-month',
  window: { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
  threshold: 0.5,
  spentUsd: 25,
  reservedUsd: 0,
  limitUsd: 50,
  model: null,
  degradedTo: null,
};

export function appendHandWritten(path: string): void {
  appendFileSync(path, `${JSON.stringify(OLD_EVENT)}\n${JSON.stringify(BUDGET_EVENT)}\n`);
}
