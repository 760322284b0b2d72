import { createPriceBook, providerInfo, type PriceOverride, type Provider } from 'costkit';
import { focusCsv, focusDate, SKUS, type FocusRow, type SkuKind } from '../formats/focus.js';
import { fractionToDecimal, picoToDecimal } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import type { Filters } from '../ledger/filters.js';
import { costLinePico, NO_COST } from '../ledger/schema.js';
import { createRateCard, tierOfPriceRef, type UnitRates } from '../pricing/unit-rates.js';
import { big, mapToObject, num, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';
import { parseAccounts } from './focus-accounts.js';

import { GRANULARITIES } from '../formats/focus.js';

export { GRANULARITIES };

export interface FocusOptions extends Filters {
  granularity?: (typeof GRANULARITIES)[number];
  /** Negotiated prices: ContractedCost and BilledCost from these instead of the recorded cost. */
  overrides?: PriceOverride[];
  /** `provider=billing-account-id`, e.g. `openai=org-123`. */
  accounts?: string[];
  onWarning?: Warn;
  progress?: boolean;
}

const PERIOD_FORMAT = { hour: '%Y-%m-%dT%H:00:00Z', day: '%Y-%m-%dT00:00:00Z', month: '%Y-%m-01T00:00:00Z' } as const;

const sum = (sql: string) => `coalesce(sum(${sql}), 0)::HUGEINT`;

/** The FOCUS grain: one group per charge period × provider × model × price (tier, period, override) × tag set. */
const MEASURES: Record<string, string> = {
  calls: 'count(*)',
  retries: sum('greatest(coalesce(attempts, 1) - 1, 0)'),
  unpriced: `count(*) FILTER (WHERE ${NO_COST})`,
  inputTokens: sum('usage.inputTokens'),
  cacheReadTokens: sum('usage.cacheReadTokens'),
  cacheWriteTokens: sum('usage.cacheWriteTokens'),
  cacheWrite1hTokens: sum('least(coalesce(usage.cacheWrite1hTokens, 0), usage.cacheWriteTokens)'),
  outputTokens: sum('usage.outputTokens'),
  reasoningTokens: sum('usage.reasoningTokens'),
  webSearchRequests: sum('usage.webSearchRequests'),
  inputPico: sum(costLinePico('input')),
  cacheReadPico: sum(costLinePico('cacheRead')),
  cacheWritePico: sum(costLinePico('cacheWrite')),
  outputPico: sum(costLinePico('output')),
  webSearchPico: sum(costLinePico('webSearch')),
};

/** `costkit report --format focus`: the ledger as a FOCUS 1.2 cost and usage CSV. */
export async function focusExport(source: LedgerSource, options: FocusOptions = {}): Promise<string> {
  const granularity = options.granularity ?? 'day';
  const accounts = parseAccounts(options.accounts ?? []);
  const list = createRateCard(createPriceBook());
  const contracted = options.overrides ? createRateCard(createPriceBook({ overrides: options.overrides })) : undefined;
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const dimensions = {
      period: `strftime("timestamp", '${PERIOD_FORMAT[granularity]}')`,
      provider: 'provider',
      model: 'model',
      serviceTier: 'serviceTier',
      priceRef: 'cost.priceRef',
      version: 'cost.version',
      // Keys sorted: one tag set is one group however the app ordered them.
      tags: 'CAST(to_json(map_from_entries(list_sort(map_entries(tags)))) AS VARCHAR)',
      tagged: 'coalesce(tagged, true)',
      service: 'service',
      environment: 'environment',
    };
    const { table } = await aggregate(ledger, { dimensions, measures: MEASURES, filters: options }, options.onWarning);
    // Only usage bills anything (an error without usage, countTokens: nothing).
    const groups = await ledger.all(`SELECT * FROM ${table} WHERE _kind = 'call' AND inputTokens + outputTokens + webSearchRequests > 0 ORDER BY period, provider, model, tags, priceRef NULLS FIRST`);
    const rows: FocusRow[] = [];
    let leftOut = 0;
    for (const g of groups) {
      const made = groupRows(g, { list, contracted, accounts, granularity });
      if (made === null) leftOut += num(g.calls);
      else rows.push(...made);
    }
    if (leftOut > 0) {
      options.onWarning?.(`${leftOut} calls of models with no price (recorded, bundled or in --pricing) are not in the FOCUS file: give their prices with --pricing overrides.json`);
    }
    return focusCsv(rows);
  });
}

interface Context {
  list: ReturnType<typeof createRateCard>;
  contracted: ReturnType<typeof createRateCard> | undefined;
  accounts: Map<string, string>;
  granularity: (typeof GRANULARITIES)[number];
}

interface Line {
  kind: SkuKind;
  quantity: bigint;
  /** The recorded cost of this line, pico-USD, or null when the call had no price. */
  recorded: bigint | null;
}

function groupRows(g: Record<string, unknown>, ctx: Context): FocusRow[] | null {
  const provider = String(g.provider) as Provider;
  const info = providerInfo(provider);
  if (!info) return null;
  const model = String(g.model);
  const periodStart = Date.parse(String(g.period));
  const periodEnd = nextPeriod(periodStart, ctx.granularity);
  const priceRef = text(g.priceRef);
  const tier = tierOfPriceRef(priceRef);
  const query = { provider, model, serviceTier: text(g.serviceTier), timestamp: new Date(periodStart).toISOString(), above: tier };
  const listRates = ctx.list.rates(query);
  const contractedRates = ctx.contracted?.rates(query) ?? null;
  const priced = num(g.unpriced) === 0;
  if (!priced && !listRates && !contractedRates) return null;

  const cacheWrite = big(g.cacheWriteTokens);
  const cw1h = big(g.cacheWrite1hTokens);
  const lines: Line[] = [
    { kind: 'input', quantity: big(g.inputTokens) - big(g.cacheReadTokens) - cacheWrite, recorded: priced ? big(g.inputPico) : null },
    { kind: 'cacheRead', quantity: big(g.cacheReadTokens), recorded: priced ? big(g.cacheReadPico) : null },
    ...splitCacheWrite(cacheWrite - cw1h, cw1h, priced ? big(g.cacheWritePico) : null, listRates),
    { kind: 'output', quantity: big(g.outputTokens), recorded: priced ? big(g.outputPico) : null },
    { kind: 'webSearch', quantity: big(g.webSearchRequests), recorded: priced ? big(g.webSearchPico) : null },
  ];
  const month = new Date(periodStart);
  const billingStart = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1);
  const billingEnd = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1);
  const family = (ctx.list.rates({ ...query, above: null })?.priceRef ?? `${provider}/${model}`).split(/[@+:>]/)[0]!.split('/').slice(1).join('/');
  const tags = mapToObjectJson(g.tags);
  const out: FocusRow[] = [];
  for (const line of lines) {
    if (line.quantity <= 0n) continue;
    const sku = SKUS[line.kind];
    const perUnit = line.kind === 'webSearch' ? 1000n : 1_000_000n;
    const listRate = rateOf(listRates, line.kind);
    const contractedRate = rateOf(contractedRates, line.kind);
    const contractedPico = contractedRate !== null ? line.quantity * BigInt(contractedRate) : (line.recorded ?? (listRate !== null ? line.quantity * BigInt(listRate) : 0n));
    const listPico = listRate !== null ? line.quantity * BigInt(listRate) : contractedPico;
    const source = contractedRate !== null ? 'overrides' : line.recorded !== null ? 'recorded' : 'list';
    const skuId = `${provider}/${family}/${sku.slug}`;
    const tierName = `${text(g.serviceTier) ?? 'standard'}${tier !== null ? `>${tier}` : ''}`;
    const cost = picoToDecimal(contractedPico);
    out.push({
      BilledCost: cost,
      BillingAccountId: ctx.accounts.get(provider) ?? provider,
      BillingAccountName: null,
      BillingCurrency: 'USD',
      BillingPeriodEnd: focusDate(billingEnd),
      BillingPeriodStart: focusDate(billingStart),
      ChargeCategory: 'Usage',
      ChargeClass: null,
      ChargeDescription: `${sku.meter} for ${model}`,
      ChargeFrequency: 'Usage-Based',
      ChargePeriodEnd: focusDate(periodEnd),
      ChargePeriodStart: focusDate(periodStart),
      ConsumedQuantity: line.quantity.toString(),
      ConsumedUnit: line.kind === 'webSearch' ? 'Requests' : 'Tokens',
      ContractedCost: cost,
      // USD per PricingUnit: pico per unit × units per block / 1e12.
      ContractedUnitPrice: fractionToDecimal(contractedPico * perUnit, line.quantity * 1_000_000_000_000n),
      EffectiveCost: cost,
      InvoiceIssuerName: info.displayName,
      ListCost: picoToDecimal(listPico),
      ListUnitPrice: fractionToDecimal(listPico * perUnit, line.quantity * 1_000_000_000_000n),
      PricingCategory: 'Standard',
      PricingQuantity: fractionToDecimal(line.quantity, perUnit),
      PricingUnit: line.kind === 'webSearch' ? '1000 Requests' : '1000000 Tokens',
      ProviderName: info.displayName,
      PublisherName: info.displayName,
      ServiceCategory: 'AI and Machine Learning',
      ServiceName: info.serviceName,
      ServiceSubcategory: 'Generative AI',
      SkuId: skuId,
      SkuMeter: sku.meter,
      SkuPriceDetails: JSON.stringify({
        ModelDeveloper: info.displayName,
        ModelId: family,
        ...(sku.direction ? { TokenDirection: sku.direction } : {}),
        ...(sku.cache ? { TokenCacheAction: sku.cache } : {}),
        x_ServiceTier: text(g.serviceTier) ?? 'standard',
        ...(tier !== null ? { x_LongContextAbove: tier } : {}),
      }),
      SkuPriceId: `${skuId}:${tierName}`,
      Tags: JSON.stringify(tags),
      x_Requests: num(g.calls),
      x_Retries: num(g.retries),
      x_ReasoningTokens: line.kind === 'output' ? num(g.reasoningTokens) : null,
      x_Model: model,
      x_ServiceTier: text(g.serviceTier),
      x_PriceRef: priceRef ?? listRates?.priceRef ?? null,
      x_PriceBookVersion: text(g.version),
      x_CostSource: source,
      x_Allocated: g.tagged === false ? 'false' : 'true',
      x_Service: text(g.service),
      x_Environment: text(g.environment),
    });
  }
  return out;
}

function rateOf(rates: UnitRates | null, kind: SkuKind): number | null {
  return rates ? rates[kind] : null;
}

/**
 * The recorded cost has one cacheWrite line for 5-minute and 1-hour writes together;
 * it is split in the ratio of their list prices (exact when a negotiated price keeps
 * that ratio, as the book's default 1-hour price does).
 */
function splitCacheWrite(tokens5m: bigint, tokens1h: bigint, recorded: bigint | null, list: UnitRates | null): Line[] {
  if (recorded === null || tokens1h === 0n || tokens5m === 0n) {
    return [
      { kind: 'cacheWrite5m', quantity: tokens5m, recorded: tokens1h === 0n ? recorded : recorded === null ? null : 0n },
      { kind: 'cacheWrite1h', quantity: tokens1h, recorded: tokens5m === 0n ? recorded : null },
    ];
  }
  const w5 = tokens5m * BigInt(list?.cacheWrite5m ?? 1);
  const w1 = tokens1h * BigInt(list?.cacheWrite1h ?? 1);
  const part5m = (recorded * w5 * 2n + (w5 + w1)) / ((w5 + w1) * 2n);
  return [
    { kind: 'cacheWrite5m', quantity: tokens5m, recorded: part5m },
    { kind: 'cacheWrite1h', quantity: tokens1h, recorded: recorded - part5m },
  ];
}

function nextPeriod(start: number, granularity: Context['granularity']): number {
  if (granularity === 'hour') return start + 3_600_000;
  if (granularity === 'day') return start + 86_400_000;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Tags as a JSON object with keys sorted, so one tag set is one string. */
function mapToObjectJson(value: unknown): Record<string, string> {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as Record<string, string>) : mapToObject(value);
  return Object.fromEntries(Object.entries(parsed ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}
