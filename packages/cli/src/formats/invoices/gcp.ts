import { UsageError } from '../../errors.js';
import { decimalToPico } from '../money.js';
import { isToolFee, utcDay, type InvoiceLine } from './types.js';

/**
 * A Google Cloud billing export as CSV: the standard BigQuery export's columns
 * (`usage_start_time`, `service.description`, `sku.description`, `cost`, `credits`,
 * `currency`, `cost_type`), with `credits` as the JSON array BigQuery writes
 * (`[{"name": …, "amount": -1.2}]`, negative amounts). Net cost = cost + credits.
 * Rows of other services (Compute Engine…) are not LLM spend: counted, not read.
 */
export function isGcpBillingCsv(header: readonly string[]): boolean {
  return header.includes('cost') && header.includes('sku.description') && header.includes('usage_start_time');
}

const LLM_SERVICES = /gemini|generative language|vertex ai/i;

/** Gemini SKUs name the model only in words ("Gemini 2.5 Flash Input Tokens"). */
export function geminiModelOf(sku: string): string | null {
  const m = /gemini[\s-]*(\d+(?:\.\d+)?)[\s-]*(flash[\s-]*lite|flash|pro)?/i.exec(sku);
  if (!m) return null;
  return ['gemini', m[1], m[2]?.toLowerCase().replace(/\s+/g, '-')].filter(Boolean).join('-');
}

export function readGcpBillingCsv(records: Array<Record<string, string>>, file: string): { lines: InvoiceLine[]; ignored: number } {
  const lines: InvoiceLine[] = [];
  let ignored = 0;
  records.forEach((row, index) => {
    const where = `--invoice ${file} row ${index + 2}`;
    if (!LLM_SERVICES.test(row['service.description'] ?? '')) {
      ignored++;
      return;
    }
    const currency = (row.currency || 'USD').toUpperCase();
    if (currency !== 'USD') throw new UsageError(`${where}: currency ${currency}; costkit reconciles USD only`);
    const start = row.usage_start_time ?? '';
    if (Number.isNaN(Date.parse(start))) throw new UsageError(`${where}: usage_start_time '${start}' is not a date-time`);
    const sku = row['sku.description'] ?? '';
    let pico = parseAmount(row.cost ?? '', `${where}: cost`);
    for (const credit of parseCredits(row.credits ?? '', where)) pico += credit;
    const costType = (row.cost_type || 'regular').toLowerCase();
    lines.push({
      date: utcDay(start.replace(' UTC', 'Z')),
      provider: 'google',
      model: isToolFee(sku) ? null : geminiModelOf(sku),
      costPico: pico,
      kind: costType !== 'regular' ? 'other' : isToolFee(sku) ? 'tool' : geminiModelOf(sku) ? 'tokens' : 'other',
      serviceTier: /batch/i.test(sku) ? 'batch' : null,
      longContext: /long|>\s*(128|200)k/i.test(sku) ? true : null,
      description: sku,
    });
  });
  return { lines, ignored };
}

function parseAmount(text: string, where: string): bigint {
  try {
    return decimalToPico(text);
  } catch {
    throw new UsageError(`${where} '${text}' is not a number`);
  }
}

function parseCredits(text: string, where: string): bigint[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '[]') return [];
  let credits: unknown;
  try {
    credits = JSON.parse(trimmed);
  } catch {
    // A pre-summed credits column (a plain number) is read as one credit.
    return [parseAmount(trimmed, `${where}: credits`)];
  }
  if (!Array.isArray(credits)) throw new UsageError(`${where}: credits must be a JSON array of { name, amount }, got ${trimmed}`);
  return credits.map((c: { amount?: unknown }) => parseAmount(String(c?.amount ?? ''), `${where}: credits[].amount`));
}
