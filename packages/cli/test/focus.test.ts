import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { costkit } from './helpers/cli.js';
import { calls, pico, readEvents, type Event } from './helpers/ledger.js';
import { tempDir } from './helpers/record.js';
import { recordMixedLedger } from './helpers/scenario.js';

// The FOCUS 1.2 column rules (specification/columns/*.md and attributes/*.md at tag v1.2),
// checked directly: the FinOps Foundation's validator is a Python package this machine cannot install.
const MANDATORY = ['BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargePeriodEnd', 'ChargePeriodStart', 'ContractedCost', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName'];
const NOT_NULL = ['BilledCost', 'BillingAccountId', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargePeriodEnd', 'ChargePeriodStart', 'ContractedCost', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName', 'ChargeFrequency', 'ServiceSubcategory'];
// Usage rows that are not corrections: these must not be null either.
const NOT_NULL_ON_USAGE = ['PricingQuantity', 'PricingUnit', 'ListUnitPrice', 'ContractedUnitPrice', 'SkuId', 'PricingCategory', 'ConsumedQuantity', 'ConsumedUnit'];
const DECIMALS = ['BilledCost', 'ContractedCost', 'EffectiveCost', 'ListCost', 'PricingQuantity', 'ListUnitPrice', 'ContractedUnitPrice', 'ConsumedQuantity'];
const DATES = ['BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart'];
const AI_SUBCATEGORIES = ['AI Platforms', 'Bots', 'Generative AI', 'Machine Learning', 'Natural Language Processing', 'Other (AI and Machine Learning)'];
const NUMERIC = /^-?\d+(\.\d+)?(E-?\d+)?$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** An exact decimal string as num / 10^scale. */
function decimal(text: string): { n: bigint; scale: number } {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const n = BigInt(`${whole}${fraction}`);
  return { n: text.startsWith('-') ? -n : n, scale: fraction.length };
}
const toPico = (text: string) => {
  const { n, scale } = decimal(text);
  return scale <= 12 ? n * 10n ** BigInt(12 - scale) : n / 10n ** BigInt(scale - 12);
};

let dir: string;
let ledger: string;
let events: Event[];
let header: string[];
let rows: Array<Record<string, string>>;

async function focus(extra: string[] = []) {
  const run = await costkit(['report', ledger, '--format', 'focus', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const records = parse(run.stdout, { columns: true }) as Array<Record<string, string>>;
  return { run, records, header: run.stdout.split('\n')[0]!.split(',') };
}

beforeAll(async () => {
  dir = tempDir();
  ledger = join(dir, 'events.jsonl');
  await recordMixedLedger(ledger);
  events = calls(readEvents(ledger));
  ({ records: rows, header } = await focus());
});

describe('costkit report --format focus', () => {
  it('has every mandatory FOCUS 1.2 column, PascalCase, with the x_ columns after them', () => {
    for (const column of MANDATORY) expect(header).toContain(column);
    const firstCustom = header.findIndex((c) => c.startsWith('x_'));
    expect(firstCustom).toBeGreaterThan(0);
    for (const [i, c] of header.entries()) {
      if (i < firstCustom) expect(c).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      else expect(c).toMatch(/^x_[A-Z][A-Za-z0-9]*$/);
    }
  });

  it('fills every row by the column rules: nulls, numbers, dates, allowed values, units, JSON', () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const c of NOT_NULL) expect(row[c], c).not.toBe('');
      if (row.ChargeCategory === 'Usage' && row.ChargeClass === '') for (const c of NOT_NULL_ON_USAGE) expect(row[c], c).not.toBe('');
      for (const c of DECIMALS) if (row[c] !== '') expect(row[c], c).toMatch(NUMERIC);
      for (const c of DATES) expect(row[c], c).toMatch(DATE_TIME);
      expect(['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']).toContain(row.ChargeCategory);
      expect(['', 'Correction']).toContain(row.ChargeClass);
      expect(row.ServiceCategory).toBe('AI and Machine Learning');
      expect(AI_SUBCATEGORIES).toContain(row.ServiceSubcategory);
      expect(['One-Time', 'Recurring', 'Usage-Based']).toContain(row.ChargeFrequency);
      expect(['Standard', 'Dynamic', 'Committed', 'Other']).toContain(row.PricingCategory);
      expect(row.BillingCurrency).toBe('USD');
      // Unit Format: a whole-number block and a capitalized plural unit ("1000000 Tokens", not "1M").
      expect(row.PricingUnit).toMatch(/^\d+ [A-Z][a-z]+s$/);
      expect(row.ConsumedUnit).toMatch(/^[A-Z][a-z]+s$/);
      expect(Date.parse(row.ChargePeriodStart!)).toBeLessThan(Date.parse(row.ChargePeriodEnd!));
      expect(Date.parse(row.BillingPeriodStart!)).toBeLessThanOrEqual(Date.parse(row.ChargePeriodStart!));
      expect(Date.parse(row.ChargePeriodEnd!)).toBeLessThanOrEqual(Date.parse(row.BillingPeriodEnd!));
      for (const c of ['Tags', 'SkuPriceDetails']) {
        const value = JSON.parse(row[c]!);
        expect(value).toBeTypeOf('object');
        for (const v of Object.values(value)) expect(['string', 'number', 'boolean']).toContain(typeof v);
      }
      for (const key of Object.keys(JSON.parse(row.SkuPriceDetails!))) expect(key).toMatch(/^([A-Z][A-Za-z0-9]*|x_[A-Za-z0-9]+)$/);
    }
  });

  it('makes unit price times quantity equal the cost on every row', () => {
    for (const row of rows) {
      for (const [price, cost] of [['ListUnitPrice', 'ListCost'], ['ContractedUnitPrice', 'ContractedCost']] as const) {
        const q = decimal(row.PricingQuantity!);
        const p = decimal(row[price]!);
        const productPico = (q.n * p.n * 10n ** 12n) / 10n ** BigInt(q.scale + p.scale);
        // Exact for list prices; a contracted price from recorded costs may round in its 12th decimal.
        expect(Number(productPico - toPico(row[cost]!)), `${row.SkuId} ${price}`).toBeLessThanOrEqual(price === 'ListUnitPrice' ? 0 : 1);
        expect(Number(toPico(row[cost]!) - productPico)).toBeLessThanOrEqual(price === 'ListUnitPrice' ? 0 : 1);
      }
    }
  });

  it('bills exactly what the ledger recorded, with the unpriced calls left out and said so', async () => {
    const billed = rows.reduce((s, r) => s + toPico(r.BilledCost!), 0n);
    expect(billed).toBe(events.reduce((s, e) => s + pico(e), 0n));
    const { run } = await focus();
    expect(run.stderr).toContain('1 calls of models with no price');
  });

  it('has one SKU per token kind, reasoning inside output, 1-hour cache writes and web searches apart', () => {
    const quantity = (meter: string) => rows.filter((r) => r.SkuMeter === meter).reduce((s, r) => s + Number(r.ConsumedQuantity), 0);
    const priced = events.filter((e) => e.cost);
    const sum = (f: (e: Event) => number) => priced.reduce((s, e) => s + f(e), 0);
    expect(quantity('Output Tokens')).toBe(sum((e) => e.usage.outputTokens));
    expect(quantity('Cache Read Input Tokens')).toBe(sum((e) => e.usage.cacheReadTokens));
    expect(quantity('Cache Write 1h Input Tokens')).toBe(sum((e) => e.usage.cacheWrite1hTokens ?? 0));
    expect(quantity('Input Tokens')).toBe(sum((e) => e.usage.inputTokens - e.usage.cacheReadTokens - e.usage.cacheWriteTokens));
    expect(quantity('Web Search Requests')).toBe(sum((e) => e.usage.webSearchRequests ?? 0));
    const reasoning = rows.filter((r) => r.SkuMeter === 'Output Tokens').reduce((s, r) => s + Number(r.x_ReasoningTokens || 0), 0);
    expect(reasoning).toBe(sum((e) => e.usage.reasoningTokens));
    expect(reasoning).toBeGreaterThan(0);
    const search = rows.find((r) => r.SkuMeter === 'Web Search Requests')!;
    expect(search).toMatchObject({ PricingUnit: '1000 Requests', ConsumedUnit: 'Requests', ProviderName: 'Anthropic' });
  });

  it('names dated model ids by their family and keeps the tags as JSON', () => {
    const dated = rows.filter((r) => r.x_Model === 'gpt-4o-2024-08-06');
    expect(dated.length).toBeGreaterThan(0);
    for (const r of dated) expect(r.SkuId).toMatch(/^openai\/gpt-4o\//);
    const triage = rows.find((r) => JSON.parse(r.Tags!).feature === 'triage')!;
    expect(JSON.parse(triage.Tags!)).toMatchObject({ team: 'support', feature: 'triage', customer: 'globex' });
  });

  it('takes ContractedCost and BilledCost from --pricing, and keeps ListCost at the list price', async () => {
    const overrides = join(dir, 'overrides.json');
    writeFileSync(overrides, JSON.stringify({ overrides: [{ provider: 'openai', model: 'gpt-4o-mini', discount: 0.5 }] }));
    const { records } = await focus(['--pricing', overrides, '--account', 'openai=org-test']);
    const mini = records.filter((r) => r.x_Model === 'gpt-4o-mini');
    expect(mini.length).toBeGreaterThan(0);
    for (const r of mini) {
      expect(toPico(r.ContractedCost!) * 2n).toBe(toPico(r.ListCost!));
      expect(r.BilledCost).toBe(r.ContractedCost);
      expect(r.BillingAccountId).toBe('org-test');
      expect(r.x_CostSource).toBe('overrides');
    }
    const before = rows.filter((r) => r.x_Model === 'gpt-4o-mini').reduce((s, r) => s + toPico(r.ListCost!), 0n);
    expect(mini.reduce((s, r) => s + toPico(r.ListCost!), 0n)).toBe(before);
  });

  it('rejects a pricing file with a typo, naming the field', async () => {
    const bad = join(dir, 'bad-overrides.json');
    writeFileSync(bad, JSON.stringify([{ model: 'gpt-4o', inptu: 2 }]));
    const run = await costkit(['report', ledger, '--format', 'focus', '--pricing', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--pricing .*bad-overrides\.json: \[0\]/);
  });
});
