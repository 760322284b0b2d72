import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTags } from 'costkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkitJson } from './helpers/cli.js';
import { calls, readEvents, sumPico, usd, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir, type Clients } from './helpers/record.js';

const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const SPIKE = '2026-11-10';
const LONG_PROMPT = 'Background on the account and its history. '.repeat(100);

let ledger: string;
let events: Event[];

const ask = (c: Clients, model: string, content: string, options: { maxTokens?: number; output?: number; retries?: number } = {}) =>
  c.openai.chat.completions.create(
    { model, messages: [{ role: 'user', content }], ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}) },
    { headers: { 'x-mock-output-tokens': String(options.output ?? 200) }, maxRetries: options.retries ?? 0 },
  );

beforeAll(async () => {
  ledger = join(tempDir(), 'events.jsonl');
  await recordLedger(ledger, async (c) => {
    for (const day of DAYS) {
      const spike = day === SPIKE;
      c.at(`${day}T09:00:00.000Z`);
      await withTags({ team: 'ops', feature: 'spike', customer: 'acme' }, async () => {
        for (let i = 0; i < 6; i++) await ask(c, 'gpt-4o-mini', `Routine question ${i}`, { output: 300 });
        // On the spike day a new code path sends long answers to gpt-4o.
        if (spike) for (let i = 0; i < 8; i++) await ask(c, 'gpt-4o', `Escalated question ${i}`, { output: 3000 });
      });
      await withTags({ team: 'ops', feature: 'tiny', customer: 'acme' }, async () => {
        for (let i = 0; i < (spike ? 60 : 6); i++) await ask(c, 'gpt-4o-mini', `ping ${i % 6}`, { output: 5 });
      });
      await withTags({ team: 'ops', feature: 'prompt' }, async () => {
        for (let i = 0; i < 8; i++) await ask(c, 'gpt-4o-mini', spike ? `${LONG_PROMPT} Question ${i}` : `Question ${i}`, { output: 50 });
      });
      await withTags({ team: 'ops', feature: 'cache' }, async () => {
        for (let i = 0; i < 8; i++) {
          await c.anthropic.messages.create(
            { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: `${LONG_PROMPT} Item ${i}` }] },
            spike ? undefined : { headers: { 'x-mock-cached-tokens': '1000' } },
          );
        }
      });
      await withTags({ team: 'ops', feature: 'retry' }, async () => {
        for (let i = 0; i < 8; i++) {
          if (spike) c.mock.fail({ type: 'status', status: 429, retryAfterMs: 1 }, { times: 1 });
          await ask(c, 'gpt-4o', `Lookup ${i}`, { output: 200, retries: 2 });
        }
      });
      await withTags({ team: 'ops', feature: 'trunc' }, async () => {
        for (let i = 0; i < 8; i++) await ask(c, 'gpt-4o', `Write it up ${i}`, spike && i < 6 ? { maxTokens: 20, output: 400 } : { output: 400 });
      });
      for (let s = 0; s < 4; s++) {
        // One interaction: two calls normally, eight on the spike day (an agent loop).
        await withTags({ team: 'ops', feature: 'agent' }, async () => {
          for (let i = 0; i < (spike ? 8 : 2); i++) await ask(c, 'gpt-4o-mini', `Step ${i}`, { output: 100 });
        });
      }
    }
  });
  events = calls(readEvents(ledger));
}, 120_000);

const dayCost = (feature: string, day: string) => usd(sumPico(events.filter((e) => e.tags.feature === feature && e.timestamp.startsWith(day))));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('costkit anomalies', () => {
  let json: any;
  // Mock-provider calls cost cents, so the dollar floor is set between the tiny feature's jump and the big one's.
  const minUsd = () => {
    const tiny = dayCost('tiny', SPIKE) - dayCost('tiny', '2026-11-09');
    const spike = dayCost('spike', SPIKE) - dayCost('spike', '2026-11-09');
    expect(tiny).toBeLessThan(spike);
    return String((tiny + Math.min(spike, tiny * 4)) / 2);
  };

  beforeAll(async () => {
    json = await costkitJson(['anomalies', ledger, '--by', 'feature', '--min-calls', '6', '--min-usd', minUsd()]);
  });

  const find = (feature: string, signal: string) => json.anomalies.find((a: any) => a.key.feature === feature && a.signal === signal);

  it('flags the cost spike against the 7-day median, with the model that caused it', () => {
    const spike = find('spike', 'cost');
    expect(spike).toBeDefined();
    expect(spike.period).toBe(SPIKE);
    const history = DAYS.slice(2, 9).map((d) => dayCost('spike', d));
    expect(spike.expected).toBeCloseTo(median(history), 12);
    expect(spike.actual).toBeCloseTo(dayCost('spike', SPIKE), 12);
    expect(spike.impactUsd).toBeCloseTo(spike.actual - spike.expected, 12);
    expect(spike.topContributor).toMatchObject({ dimension: 'model', value: 'gpt-4o' });
    expect(spike.explanation).toMatch(/^spike on 2026-11-10: spent \$[\d.]+, [\d.]+x the 7-day median/);
  });

  it('does not page for a feature whose jump is under the dollar floor', () => {
    expect(json.anomalies.filter((a: any) => a.key.feature === 'tiny')).toEqual([]);
  });

  it('sees tokens per call jump, the cache stop hitting, retries and truncations spike, and an agent loop', () => {
    const prompt = find('prompt', 'tokensPerCall');
    const perCall = (day: string) => {
      const es = events.filter((e) => e.tags.feature === 'prompt' && e.timestamp.startsWith(day));
      return es.reduce((s, e) => s + e.usage.inputTokens + e.usage.outputTokens, 0) / es.length;
    };
    expect(prompt).toMatchObject({ period: SPIKE });
    expect(prompt.actual).toBeCloseTo(perCall(SPIKE), 9);
    expect(prompt.expected).toBeCloseTo(perCall('2026-11-09'), 9);
    const cache = find('cache', 'cacheReadShare');
    expect(cache).toMatchObject({ period: SPIKE, actual: 0 });
    expect(cache.expected).toBeGreaterThan(0.5);
    expect(cache.impactUsd).toBeGreaterThan(0);
    expect(find('retry', 'retries')).toMatchObject({ period: SPIKE, actual: 1, expected: 0 });
    expect(find('trunc', 'truncations')).toMatchObject({ period: SPIKE, actual: 6 / 8, expected: 0 });
    expect(find('agent', 'callsPerInteraction')).toMatchObject({ period: SPIKE, actual: 8, expected: 2 });
  });

  it('reports nothing on the ordinary days, and skips the first days for lack of history', () => {
    expect(json.anomalies.every((a: any) => a.period === SPIKE)).toBe(true);
    expect(json.coldStart).toBeGreaterThan(0);
    const sorted = json.anomalies.map((a: any) => a.impactUsd);
    expect(sorted).toEqual([...sorted].sort((a: number, b: number) => b - a));
  });

  it('reports only the periods from --from on, judged against the history before it', async () => {
    const late = await costkitJson(['anomalies', ledger, '--by', 'feature', '--min-calls', '6', '--min-usd', minUsd(), '--from', SPIKE]);
    expect(late.anomalies.map((a: any) => `${a.key.feature}:${a.signal}`).sort()).toEqual(json.anomalies.map((a: any) => `${a.key.feature}:${a.signal}`).sort());
    expect(late.coldStart).toBe(0);
  });

  it('by hour, compares an hour with the same hour of the week before (hand-built events)', async () => {
    const path = join(tempDir(), 'hourly.jsonl');
    const event = (day: number, dollars: number) => ({
      schema: 'costkit.call/1', id: `h-${day}`, timestamp: `2026-11-${String(day).padStart(2, '0')}T02:15:00.000Z`, service: 's', environment: 'production',
      provider: 'openai', operation: 'chat.completions', model: 'gpt-4o', responseModel: null, stream: false, status: 'ok', error: null,
      tags: { feature: 'nightly' }, tagged: true, usage: { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, totalTokens: 20 },
      cost: { currency: 'USD', input: 0, cacheRead: 0, cacheWrite: 0, output: dollars, total: dollars, totalPicoUsd: dollars * 1e12, priceRef: 'openai/gpt-4o', version: 'test' },
      latencyMs: 1, timeToFirstTokenMs: null, attempts: 1, finishReason: 'stop', requestId: null,
    });
    // Every night at 02:00 for three weeks: $1 on weekdays, $3 on the 8th, 15th and 22nd (Sundays); then $10 on Sunday the 29th.
    const days = Array.from({ length: 28 }, (_, i) => i + 1).map((d) => event(d, [8, 15, 22].includes(d) ? 3 : d === 1 ? 3 : 1));
    writeFileSync(path, [...days, event(29, 10)].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const json = await costkitJson(['anomalies', path, '--period', 'hour', '--min-usd', '5']);
    expect(json.baseline).toBe('median of the same hour over the last 4 weeks');
    expect(json.anomalies).toEqual([expect.objectContaining({ period: '2026-11-29T02:00Z', signal: 'cost', actual: 10, expected: 3, impactUsd: 7 })]);
  });
});
