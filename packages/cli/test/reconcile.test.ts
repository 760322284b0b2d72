import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withTags } from 'costkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit, costkitJson } from './helpers/cli.js';
import { calls, pico, readEvents, type Event } from './helpers/ledger.js';
import { recordLedger, tempDir } from './helpers/record.js';

const DAYS = ['2026-11-03', '2026-11-04', '2026-11-05'];
// The families the invoice names, written out by hand (not the CLI's resolution).
const FAMILY: Record<string, string> = { 'gpt-4o-mini': 'gpt-4o-mini', 'gpt-4o-2024-08-06': 'gpt-4o', 'claude-sonnet-4-5': 'claude-sonnet-4-5', 'gemini-2.5-flash': 'gemini-2.5-flash', 'acme-finetune-v1': 'acme-finetune-v1' };
const long = { 'x-mock-output-tokens': '1500' };

let dir: string;
let ledger: string;
let events: Event[];

beforeAll(async () => {
  dir = tempDir();
  ledger = join(dir, 'events.jsonl');
  await recordLedger(ledger, async (c) => {
    for (const day of DAYS) {
      c.at(`${day}T12:00:00.000Z`);
      await withTags({ team: 'search', feature: 'answer' }, async () => {
        for (const model of ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-2024-08-06']) {
          await c.openai.chat.completions.create({ model, max_tokens: 2000, messages: [{ role: 'user', content: `Question on ${day}` }] }, { headers: long });
        }
        if (day === '2026-11-04') await c.openai.chat.completions.create({ model: 'acme-finetune-v1', messages: [{ role: 'user', content: 'x' }] });
        const tools = day === '2026-11-05' ? { tools: [{ type: 'web_search_20250305', name: 'web_search' }] as never } : {};
        await c.anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2000, messages: [{ role: 'user', content: `Draft for ${day}` }], ...tools }, { headers: long });
        await c.google.models.generateContent({ model: 'gemini-2.5-flash', contents: `Summary for ${day}`, config: { maxOutputTokens: 2000 } });
      });
    }
  });
  events = calls(readEvents(ledger));
});

const key = (e: Event) => `${e.timestamp.slice(0, 10)}|${e.provider}|${FAMILY[e.model]}`;
function ledgerBy(): Map<string, { pico: bigint; lines: Record<string, bigint> }> {
  const out = new Map<string, { pico: bigint; lines: Record<string, bigint> }>();
  for (const e of events) {
    const entry = out.get(key(e)) ?? { pico: 0n, lines: { input: 0n, output: 0n, webSearch: 0n } };
    out.set(key(e), entry);
    entry.pico += pico(e);
    const line = (usd: number | undefined) => BigInt(Math.round((usd ?? 0) * 1e12));
    if (e.cost) {
      entry.lines.input! += line(e.cost.input) + line(e.cost.cacheRead) + line(e.cost.cacheWrite);
      entry.lines.output! += line(e.cost.output);
      entry.lines.webSearch! += line(e.cost.webSearch);
    }
  }
  return out;
}
const dollars = (p: bigint) => `${p / 10n ** 12n}.${(p % 10n ** 12n).toString().padStart(12, '0')}`;
const cents = (p: bigint) => `${p / 10n ** 10n}.${(p % 10n ** 10n).toString().padStart(10, '0')}`;
const P = (usd: string) => BigInt(Math.round(Number(usd) * 1e6)) * 10n ** 6n;

async function reconcileRun(file: string, extra: string[] = []) {
  const run = await costkit(['reconcile', ledger, '--invoice', file, '--month', '2026-11', '--format', 'json', ...extra]);
  return { run, json: JSON.parse(run.stdout) };
}

describe('costkit reconcile', () => {
  it('plain CSV: exact where the ledger matches, and names no-event days, uninstrumented models and unpriced calls', async () => {
    const rows = ['date,provider,model,cost_usd'];
    for (const [k, v] of ledgerBy()) {
      const [date, provider, model] = k.split('|');
      if (model === 'acme-finetune-v1') continue;
      const extra = k === '2026-11-03|anthropic|claude-sonnet-4-5' ? P('0.10') : 0n;
      rows.push(`${date},${provider},${model},${dollars(v.pico + extra)}`);
    }
    rows.push('2026-11-06,openai,gpt-4o-mini,0.50', '2026-11-04,openai,o3,1.25', '2026-11-04,openai,acme-finetune-v1,0.02');
    const file = join(dir, 'invoice.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const { run, json } = await reconcileRun(file);
    expect(json.invoice).toMatchObject({ format: 'plain-csv', lines: rows.length - 1 });
    const ledgerTotal = events.reduce((s, e) => s + pico(e), 0n);
    const variance = P('0.10') + P('0.50') + P('1.25') + P('0.02');
    expect(json.total.ledgerUsd).toBe(Number(ledgerTotal) / 1e12);
    expect(json.total.varianceUsd).toBeCloseTo(Number(variance) / 1e12, 9);
    const line = (date: string, model: string) => json.lines.find((l: any) => l.date === date && l.model === model);
    expect(line('2026-11-06', 'gpt-4o-mini').causes).toEqual([expect.objectContaining({ cause: 'no-events-that-day', explainedUsd: 0.5, sharePct: 100 })]);
    expect(line('2026-11-04', 'o3').causes).toEqual([expect.objectContaining({ cause: 'uninstrumented-spend', explainedUsd: 1.25 })]);
    expect(line('2026-11-04', 'acme-finetune-v1').causes).toEqual([expect.objectContaining({ cause: 'unpriced-models', explainedUsd: 0.02 })]);
    expect(line('2026-11-03', 'claude-sonnet-4-5')).toMatchObject({ causes: [], unexplainedUsd: 0.1 });
    for (const [k, v] of ledgerBy()) {
      const [date, , model] = k.split('|');
      expect(line(date!, model!).ledgerUsd).toBe(Number(v.pico) / 1e12);
    }
    expect(json.total.unexplainedUsd).toBeCloseTo(0.1, 9);
    expect(json.total.causes.map((c: any) => c.cause).sort()).toEqual(['no-events-that-day', 'uninstrumented-spend', 'unpriced-models']);
    // Over the default 2% tolerance: exit code 1; a looser tolerance passes.
    expect(run.code).toBe(1);
    const pct = json.total.variancePct;
    expect(pct).toBeCloseTo((100 * Number(variance)) / Number(ledgerTotal + variance), 3);
    expect((await reconcileRun(file, ['--tolerance', String(Math.ceil(pct))])).run.code).toBe(0);
  });

  it('OpenAI costs JSON: line items by model and token kind, tool fees and image spend apart', async () => {
    const buckets = DAYS.map((day) => {
      const results: object[] = [];
      for (const [k, v] of ledgerBy()) {
        const [date, provider, model] = k.split('|');
        if (date !== day || provider !== 'openai' || model === 'acme-finetune-v1') continue;
        const dated = model === 'gpt-4o' ? 'gpt-4o-2024-08-06' : 'gpt-4o-mini-2024-07-18';
        results.push({ object: 'organization.costs.result', amount: { value: Number(v.lines.input) / 1e12, currency: 'usd' }, line_item: `${dated}, input`, project_id: 'proj_1' });
        results.push({ object: 'organization.costs.result', amount: { value: Number(v.lines.output) / 1e12, currency: 'usd' }, line_item: `${dated}, output`, project_id: 'proj_1' });
      }
      if (day === '2026-11-03') {
        results.push({ object: 'organization.costs.result', amount: { value: 0.35, currency: 'usd' }, line_item: 'web search tool calls', project_id: 'proj_1' });
        results.push({ object: 'organization.costs.result', amount: { value: 0.06, currency: 'usd' }, line_item: 'Image models', project_id: 'proj_1' });
      }
      const start = Date.parse(`${day}T00:00:00Z`) / 1000;
      return { object: 'bucket', start_time: start, end_time: start + 86400, results };
    });
    const file = join(dir, 'openai-costs.json');
    writeFileSync(file, JSON.stringify({ object: 'page', data: buckets, has_more: false, next_page: null }));
    const { json } = await reconcileRun(file);
    expect(json.invoice.format).toBe('openai-costs');
    const openai = json.lines.filter((l: any) => l.provider === 'openai');
    expect(openai.find((l: any) => l.model === '(tool fees)').causes).toEqual([expect.objectContaining({ cause: 'tool-fees', explainedUsd: 0.35 })]);
    expect(openai.find((l: any) => l.model === '(no model)').causes).toEqual([expect.objectContaining({ cause: 'uninstrumented-spend', explainedUsd: 0.06 })]);
    for (const l of openai.filter((x: any) => ['gpt-4o', 'gpt-4o-mini'].includes(x.model))) expect(l.varianceUsd, `${l.date} ${l.model}`).toBeCloseTo(0, 12);
  });

  it('Anthropic cost report: cents as decimal strings, batch tier and tool fees named', async () => {
    const buckets = DAYS.map((day) => {
      const v = ledgerBy().get(`${day}|anthropic|claude-sonnet-4-5`)!;
      const base = { currency: 'USD', workspace_id: null, model: 'claude-sonnet-4-5-20250929', context_window: '0-200k', service_tier: 'standard' };
      const results: object[] = [
        { ...base, amount: cents(v.lines.input!), cost_type: 'tokens', token_type: 'uncached_input_tokens', description: 'Input Tokens' },
        { ...base, amount: cents(v.lines.output!), cost_type: 'tokens', token_type: 'output_tokens', description: 'Output Tokens' },
      ];
      if (day === '2026-11-04') results.push({ ...base, service_tier: 'batch', amount: '30', cost_type: 'tokens', token_type: 'output_tokens', description: 'Batch Output Tokens' });
      if (v.lines.webSearch! > 0n) results.push({ ...base, context_window: null, amount: cents(v.lines.webSearch! + P('0.05')), cost_type: 'web_search', token_type: null, description: 'Web Search Usage' });
      return { starting_at: `${day}T00:00:00Z`, ending_at: `${day}T23:59:59Z`, results };
    });
    const file = join(dir, 'anthropic-cost-report.json');
    writeFileSync(file, JSON.stringify({ data: buckets, has_more: false, next_page: null }));
    const { json } = await reconcileRun(file);
    expect(json.invoice.format).toBe('anthropic-cost-report');
    const line = (date: string) => json.lines.find((l: any) => l.provider === 'anthropic' && l.date === date);
    expect(line('2026-11-03').varianceUsd).toBeCloseTo(0, 12);
    expect(line('2026-11-04').causes).toEqual([expect.objectContaining({ cause: 'service-tier', explainedUsd: 0.3, sharePct: 100 })]);
    expect(line('2026-11-05').causes).toEqual([expect.objectContaining({ cause: 'tool-fees', explainedUsd: 0.05 })]);
  });

  it('Google Cloud billing export CSV: cost plus credits, other services counted and left out', async () => {
    const rows = ['billing_account_id,service.description,sku.description,usage_start_time,usage_end_time,cost_type,cost,credits,currency'];
    for (const day of DAYS) {
      const v = ledgerBy().get(`${day}|google|gemini-2.5-flash`)!;
      rows.push(`0123,Gemini API,Gemini 2.5 Flash Input and Output Tokens,${day}T12:00:00Z,${day}T13:00:00Z,regular,${dollars(v.pico + P('0.10'))},"[{""name"":""Promo"",""amount"":-0.10}]",USD`);
    }
    rows.push('0123,Compute Engine,N1 Core,2026-11-03T00:00:00Z,2026-11-03T01:00:00Z,regular,0.0475,[],USD');
    const file = join(dir, 'gcp.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const { json } = await reconcileRun(file);
    expect(json.invoice).toMatchObject({ format: 'gcp-billing-csv', ignoredRows: 1 });
    for (const l of json.lines.filter((x: any) => x.provider === 'google')) expect(l.varianceUsd).toBeCloseTo(0, 12);
  });

  it.each(['openai-costs.json', 'anthropic-cost-report.json', 'gcp-billing-export.csv', 'plain.csv'])('reads the docs example %s', async (name) => {
    const file = resolve(__dirname, '../../../docs/invoices', name);
    const json = await costkitJson(['reconcile', ledger, '--invoice', file, '--month', '2026-11', '--tolerance', '100000']);
    const expected: Record<string, [string, number]> = {
      'openai-costs.json': ['openai-costs', 8.16],
      'anthropic-cost-report.json': ['anthropic-cost-report', 6.4378912],
      'gcp-billing-export.csv': ['gcp-billing-csv', 2.6],
      'plain.csv': ['plain-csv', 11.5878912],
    };
    expect(json.invoice.format).toBe(expected[name]![0]);
    expect(json.total.invoiceUsd).toBeCloseTo(expected[name]![1], 9);
  });

  it('names a price change (events priced at another price than today\'s book) and the long-context tier', async () => {
    // The Anthropic calls of one day, as an older costkit might have priced them: at twice the price.
    const day = events.filter((e) => e.provider === 'anthropic' && e.timestamp.startsWith('2026-11-03'));
    const stale = day.map((e) => ({ ...e, cost: { ...e.cost, total: e.cost.total * 2, totalPicoUsd: e.cost.totalPicoUsd * 2, output: e.cost.output * 2, input: e.cost.input * 2, priceRef: 'anthropic/claude-sonnet-4-5@2025-01-01' } }));
    const staleLedger = join(dir, 'stale.jsonl');
    writeFileSync(staleLedger, stale.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const truePico = day.reduce((s, e) => s + pico(e), 0n);
    const file = join(dir, 'anthropic-long-context.json');
    const base = { currency: 'USD', workspace_id: null, model: 'claude-sonnet-4-5-20250929', service_tier: 'standard', cost_type: 'tokens', token_type: 'output_tokens', description: 'Output Tokens' };
    writeFileSync(file, JSON.stringify({ data: [{ starting_at: '2026-11-03T00:00:00Z', results: [
      { ...base, context_window: '0-200k', amount: cents(truePico) },
      { ...base, context_window: '200k-1M', amount: '20' },
    ] }] }));
    const run = await costkit(['reconcile', staleLedger, '--invoice', file, '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.month).toBe('2026-11');
    const [line] = json.lines;
    expect(line.varianceUsd).toBeCloseTo(0.2 - Number(truePico) / 1e12, 12);
    expect(line.causes.map((c: any) => c.cause)).toEqual(['long-context', 'price-change']);
    expect(line.causes[0].explainedUsd).toBeCloseTo(0.2, 12);
    expect(line.causes[1].explainedUsd).toBeCloseTo(-Number(truePico) / 1e12, 12);
    expect(line.causes[1].detail).toContain('anthropic/claude-sonnet-4-5@2025-01-01');
  });

  it('refuses an invoice it cannot read, saying what it reads', async () => {
    const file = join(dir, 'weird.json');
    writeFileSync(file, JSON.stringify({ invoices: [] }));
    const run = await costkit(['reconcile', ledger, '--invoice', file, '--month', '2026-11']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a format costkit reads; expected an OpenAI organization costs API JSON');
  });
});
