import { PROVIDER_IDS, type Provider } from 'costkit';
import { UsageError } from '../../errors.js';
import { decimalToPico } from '../money.js';
import { isToolFee, type InvoiceLine } from './types.js';

/** The simplest invoice: `date,provider,model,cost_usd`, one row per day and model (any other columns are ignored). */
export function isPlainCsv(header: readonly string[]): boolean {
  return ['date', 'provider', 'model', 'cost_usd'].every((c) => header.includes(c));
}

export function readPlainCsv(records: Array<Record<string, string>>, file: string): InvoiceLine[] {
  return records.map((row, index) => {
    const where = `--invoice ${file} row ${index + 2}`;
    const date = (row.date ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new UsageError(`${where}: date '${date}' is not YYYY-MM-DD`);
    const provider = (row.provider ?? '').trim().toLowerCase();
    if (!(PROVIDER_IDS as readonly string[]).includes(provider)) throw new UsageError(`${where}: provider '${row.provider}' is not one of ${PROVIDER_IDS.join(', ')}`);
    let costPico: bigint;
    try {
      costPico = decimalToPico((row.cost_usd ?? '').trim());
    } catch {
      throw new UsageError(`${where}: cost_usd '${row.cost_usd}' is not a number of dollars`);
    }
    const model = (row.model ?? '').trim();
    const tool = model !== '' && isToolFee(model);
    return {
      date,
      provider: provider as Provider,
      model: model === '' || tool ? null : model,
      costPico,
      kind: tool ? 'tool' : model === '' ? 'other' : 'tokens',
      serviceTier: null,
      longContext: null,
      description: model || '(no model)',
    } satisfies InvoiceLine;
  });
}
