import { stringify } from 'csv-stringify/sync';

/**
 * FinOps FOCUS 1.2 cost and usage rows (specification/columns/*.md at tag v1.2):
 * every Mandatory column, the Conditional ones a token bill has (SKUs, unit prices,
 * consumed quantity, tags) and the Recommended ChargeFrequency / ServiceSubcategory,
 * then costkit's own columns, prefixed x_ and listed last (attributes/column_handling.md).
 */
/** FOCUS charge periods costkit writes. */
export const GRANULARITIES = ['hour', 'day', 'month'] as const;

export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'Tags',
] as const;

export const CUSTOM_COLUMNS = [
  'x_Requests',
  'x_Retries',
  'x_ReasoningTokens',
  'x_Model',
  'x_ServiceTier',
  'x_PriceRef',
  'x_PriceBookVersion',
  'x_CostSource',
  'x_Allocated',
  'x_Service',
  'x_Environment',
] as const;

export type FocusRow = Record<(typeof FOCUS_COLUMNS)[number] | (typeof CUSTOM_COLUMNS)[number], string | number | null>;

/** One SKU per token kind (the FOCUS working draft's AI-token model); reasoning stays in output. */
export const SKUS = {
  input: { meter: 'Input Tokens', slug: 'input', direction: 'Input', cache: 'Uncached' },
  cacheRead: { meter: 'Cache Read Input Tokens', slug: 'cache-read', direction: 'Input', cache: 'Read' },
  cacheWrite5m: { meter: 'Cache Write Input Tokens', slug: 'cache-write-5m', direction: 'Input', cache: 'Write' },
  cacheWrite1h: { meter: 'Cache Write 1h Input Tokens', slug: 'cache-write-1h', direction: 'Input', cache: 'Write' },
  output: { meter: 'Output Tokens', slug: 'output', direction: 'Output', cache: null },
  webSearch: { meter: 'Web Search Requests', slug: 'web-search', direction: null, cache: null },
} as const;
export type SkuKind = keyof typeof SKUS;

/** Date/Time Format: 'YYYY-MM-DDTHH:mm:ssZ', UTC, no fraction. */
export function focusDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function focusCsv(rows: readonly FocusRow[]): string {
  const header = [...FOCUS_COLUMNS, ...CUSTOM_COLUMNS];
  return stringify([header, ...rows.map((row) => header.map((c) => row[c] ?? ''))]);
}
