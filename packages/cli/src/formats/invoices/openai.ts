import { UsageError } from '../../errors.js';
import { numberToPico } from '../money.js';
import { isToolFee, tierIn, utcDay, type InvoiceLine } from './types.js';

/**
 * The OpenAI organization costs API (`GET /v1/organization/costs`): pages of daily
 * buckets, each result `{ amount: { value (dollars, a float), currency }, line_item,
 * project_id }`. `line_item` is free text ("gpt-4o-2024-08-06, input", "Image
 * models"), null unless grouped by it; it is parsed by pattern and kept as written.
 */
export function isOpenAiCosts(pages: unknown[]): boolean {
  return pages.some((p) => {
    const page = p as { object?: unknown; data?: Array<{ start_time?: unknown; results?: Array<{ amount?: unknown }> }> };
    const bucket = page?.data?.[0];
    return page?.object === 'page' && typeof bucket?.start_time === 'number' && (bucket.results?.length === 0 || typeof bucket.results?.[0]?.amount === 'object');
  });
}

const MODEL_ID = /^[a-z0-9][a-z0-9.:_-]*$/i;

export function readOpenAiCosts(pages: unknown[], file: string): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  for (const page of pages as Array<{ data?: Array<{ start_time: number; results?: unknown[] }> }>) {
    for (const bucket of page.data ?? []) {
      for (const raw of bucket.results ?? []) {
        const result = raw as { amount?: { value?: unknown; currency?: unknown }; line_item?: unknown };
        const value = result.amount?.value;
        if (typeof value !== 'number') throw new UsageError(`--invoice ${file}: a costs result has no amount.value (dollars): ${JSON.stringify(raw)}`);
        const currency = String(result.amount?.currency ?? 'usd').toLowerCase();
        if (currency !== 'usd') throw new UsageError(`--invoice ${file}: amounts in ${currency}; costkit reconciles USD only`);
        const item = typeof result.line_item === 'string' ? result.line_item : null;
        const head = item?.split(',')[0]?.trim() ?? '';
        const model = item && MODEL_ID.test(head) ? head : null;
        lines.push({
          date: utcDay(bucket.start_time),
          provider: 'openai',
          model: item && isToolFee(item) ? null : model,
          costPico: numberToPico(value),
          kind: item && isToolFee(item) ? 'tool' : item === null || model ? 'tokens' : 'other',
          serviceTier: item ? tierIn(item) : null,
          longContext: null,
          description: item ?? '(all line items)',
        });
      }
    }
  }
  return lines;
}
