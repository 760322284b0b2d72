import type { Provider } from 'costkit';

/** One charge of a provider invoice or cost export, normalized (amounts in exact pico-USD). */
export interface InvoiceLine {
  /** The UTC day billed, YYYY-MM-DD. */
  date: string;
  provider: Provider;
  /** As the invoice names it (a dated id, a family); null when the export has no model for it. */
  model: string | null;
  costPico: bigint;
  /** Token usage, a tool fee (web search, code execution), or anything else (images, taxes). */
  kind: 'tokens' | 'tool' | 'other';
  /** standard, batch, priority, flex; null when the export does not say. */
  serviceTier: string | null;
  /** True for a long-context price tier (Anthropic context_window 200k-1M); null when the export does not say. */
  longContext: boolean | null;
  /** The invoice's own words for the line (line_item, description, SKU). */
  description: string;
}

export type InvoiceFormat = 'openai-costs' | 'anthropic-cost-report' | 'gcp-billing-csv' | 'plain-csv';

export interface Invoice {
  format: InvoiceFormat;
  lines: InvoiceLine[];
  /** Rows read but not billed to an LLM provider (another cloud service in a billing export), counted. */
  ignoredRows: number;
}

/** A day as YYYY-MM-DD, from an ISO string or unix seconds. */
export function utcDay(value: string | number): string {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return new Date(ms).toISOString().slice(0, 10);
}

const TOOL = /web[\s_-]?search|file[\s_-]?search|code[\s_-]?(execution|interpreter)|container|session|grounding/i;

/** Tool fees are named the same way by every provider: search, code execution, sessions. */
export function isToolFee(text: string): boolean {
  return TOOL.test(text);
}

/** The service tier a line item names, if any. */
export function tierIn(text: string): string | null {
  const m = /\b(batch|priority|flex)\b/i.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}
