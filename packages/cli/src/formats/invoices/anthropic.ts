import { UsageError } from '../../errors.js';
import { decimalToPico } from '../money.js';
import { utcDay, type InvoiceLine } from './types.js';

/**
 * The Anthropic cost report (`GET /v1/organizations/cost_report`): daily buckets
 * `{ starting_at, results: [{ amount, currency, model, cost_type, token_type,
 * service_tier, context_window, description }] }`. `amount` is a decimal string in
 * the lowest currency unit: "123.45" USD is $1.2345.
 */
export function isAnthropicCostReport(pages: unknown[]): boolean {
  return pages.some((p) => {
    const bucket = (p as { data?: Array<{ starting_at?: unknown; results?: Array<{ amount?: unknown }> }> })?.data?.[0];
    return typeof bucket?.starting_at === 'string' && (bucket.results?.length === 0 || typeof bucket.results?.[0]?.amount === 'string');
  });
}

export function readAnthropicCostReport(pages: unknown[], file: string): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  for (const page of pages as Array<{ data?: Array<{ starting_at: string; results?: unknown[] }> }>) {
    for (const bucket of page.data ?? []) {
      for (const raw of bucket.results ?? []) {
        const r = raw as Record<string, unknown>;
        if (typeof r.amount !== 'string') throw new UsageError(`--invoice ${file}: a cost report result has no amount (a decimal string in cents): ${JSON.stringify(raw)}`);
        const currency = String(r.currency ?? 'USD').toUpperCase();
        if (currency !== 'USD') throw new UsageError(`--invoice ${file}: amounts in ${currency}; costkit reconciles USD only`);
        const costType = typeof r.cost_type === 'string' ? r.cost_type : 'tokens';
        const context = typeof r.context_window === 'string' ? r.context_window : null;
        lines.push({
          date: utcDay(bucket.starting_at),
          provider: 'anthropic',
          model: typeof r.model === 'string' ? r.model : null,
          costPico: decimalToPico(r.amount, 100n),
          kind: costType === 'tokens' ? 'tokens' : 'tool',
          serviceTier: typeof r.service_tier === 'string' ? r.service_tier : null,
          longContext: context === null ? null : !/^0-/.test(context),
          description: [r.description, costType !== 'tokens' ? costType : r.token_type].filter((x) => typeof x === 'string').join(' / ') || costType,
        });
      }
    }
  }
  return lines;
}
