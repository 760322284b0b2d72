import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../../errors.js';
import { isAnthropicCostReport, readAnthropicCostReport } from './anthropic.js';
import { isGcpBillingCsv, readGcpBillingCsv } from './gcp.js';
import { isOpenAiCosts, readOpenAiCosts } from './openai.js';
import { isPlainCsv, readPlainCsv } from './plain-csv.js';
import type { Invoice } from './types.js';

const FORMATS_HELP =
  'an OpenAI organization costs API JSON, an Anthropic cost report JSON, a Google Cloud billing export CSV (usage_start_time, service.description, sku.description, cost, credits), or a CSV with date,provider,model,cost_usd';

/** Reads an invoice or cost export, its format told by its content, not its name. */
export async function readInvoice(file: string): Promise<Invoice> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--invoice ${file}: cannot read it (${error.code ?? error.message})`);
  });
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const pages = jsonPages(trimmed, file);
    if (isOpenAiCosts(pages)) return { format: 'openai-costs', lines: readOpenAiCosts(pages, file), ignoredRows: 0 };
    if (isAnthropicCostReport(pages)) return { format: 'anthropic-cost-report', lines: readAnthropicCostReport(pages, file), ignoredRows: 0 };
    throw new UsageError(`--invoice ${file}: JSON, but not a format costkit reads; expected ${FORMATS_HELP}`);
  }
  let records: Array<Record<string, string>>;
  try {
    records = parse(trimmed, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true });
  } catch (error) {
    throw new UsageError(`--invoice ${file}: neither JSON nor a readable CSV (${(error as Error).message}); expected ${FORMATS_HELP}`);
  }
  const header = Object.keys(records[0] ?? {});
  if (isPlainCsv(header)) return { format: 'plain-csv', lines: readPlainCsv(records, file), ignoredRows: 0 };
  if (isGcpBillingCsv(header)) {
    const { lines, ignored } = readGcpBillingCsv(records, file);
    return { format: 'gcp-billing-csv', lines, ignoredRows: ignored };
  }
  throw new UsageError(`--invoice ${file}: a CSV with columns ${header.join(', ') || '(none)'}; expected ${FORMATS_HELP}`);
}

/** One page, an array of pages (the API paginates), or one page per line. */
function jsonPages(text: string, file: string): unknown[] {
  try {
    const json: unknown = JSON.parse(text);
    return Array.isArray(json) ? json : [json];
  } catch {
    try {
      return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    } catch (error) {
      throw new UsageError(`--invoice ${file}: not valid JSON (${(error as Error).message})`);
    }
  }
}
