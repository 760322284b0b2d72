import type { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { formatPct, formatUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Format, type Tabular } from '../formats/output.js';
import type { ReconcileJson, ReconcileLine } from '../query/reconcile.js';
import { ledgerCommand, monthBounds, numberFlag, warn, type LedgerFlags } from './shared.js';

interface ReconcileFlags extends LedgerFlags {
  invoice: string;
  month?: string;
  tolerance: number;
  all?: boolean;
}

export function registerReconcile(program: Command): Command {
  return ledgerCommand(program, 'reconcile', "the ledger against a provider's invoice: variance per day and model, and its likely causes; exit 1 over --tolerance")
    .requiredOption('--invoice <file>', 'OpenAI costs JSON, Anthropic cost report JSON, Google Cloud billing export CSV, or date,provider,model,cost_usd CSV')
    .option('--month <YYYY-MM>', 'the month to reconcile (default: the one month the invoice covers)')
    .option('--tolerance <percent>', 'largest |total variance| in percent of the invoice that passes', numberFlag('--tolerance'), 2)
    .option('--all', 'table: list every line, not only those with a variance')
    .action(async (paths: string[], flags: ReconcileFlags) => {
      if (flags.from || flags.to || flags.where.length) throw new UsageError('reconcile compares whole months: use --month instead of --from/--to, and no --where (the invoice is not tagged)');
      const month = flags.month ? monthBounds('--month', flags.month).month : undefined;
      const { reconcile } = await import('../query/reconcile.js');
      const json = await reconcile(paths, { invoice: flags.invoice, month, tolerance: flags.tolerance, onWarning: warn, progress: flags.progress });
      await emit(flags.format === 'json' ? renderJson(json) : renderTabular(reconcileView(json, flags.all === true), flags.format as Exclude<Format, 'json'>), flags.out);
      if (!json.total.withinTolerance) process.exitCode = EXIT.finding;
    });
}

export function reconcileView(json: ReconcileJson, all: boolean): Tabular<ReconcileLine> {
  const t = json.total;
  const rows = all ? json.lines : json.lines.filter((l) => l.varianceUsd !== 0);
  const notes = [
    `total ${json.month}: ledger ${formatUsd(t.ledgerUsd)}, invoice ${formatUsd(t.invoiceUsd)}, variance ${formatUsd(t.varianceUsd)} (${formatPct(t.variancePct)}); tolerance ${t.tolerancePct}%: ${t.withinTolerance ? 'within' : 'OVER'}`,
    ...t.causes.map((c) => `  ${c.cause}: ${formatUsd(c.explainedUsd)} (${formatPct(c.sharePct)} of the variance)`),
    `  unexplained: ${formatUsd(t.unexplainedUsd)}`,
    `invoice: ${json.invoice.file} (${json.invoice.format}, ${json.invoice.lines} lines this month${json.invoice.ignoredRows ? `, ${json.invoice.ignoredRows} rows of other services ignored` : ''})`,
  ];
  if (!all && rows.length < json.lines.length) notes.push(`${json.lines.length - rows.length} lines match exactly (--all lists them)`);
  return {
    columns: [
      { header: 'date', value: (l) => l.date },
      { header: 'provider', value: (l) => l.provider },
      { header: 'model', value: (l) => l.model },
      { header: 'ledger_usd', value: (l) => l.ledgerUsd, human: (l) => formatUsd(l.ledgerUsd), align: 'right' },
      { header: 'invoice_usd', value: (l) => l.invoiceUsd, human: (l) => formatUsd(l.invoiceUsd), align: 'right' },
      { header: 'variance_usd', value: (l) => l.varianceUsd, human: (l) => formatUsd(l.varianceUsd), align: 'right' },
      { header: 'variance_pct', value: (l) => l.variancePct, human: (l) => formatPct(l.variancePct), align: 'right' },
      { header: 'causes', value: (l) => l.causes.map((c) => `${c.cause}:${c.explainedUsd}`).join(' '), human: (l) => l.causes.map((c) => `${c.cause} ${formatPct(c.sharePct)}`).join(', ') || (l.varianceUsd === 0 ? '' : 'unexplained') },
    ],
    rows,
    notes,
  };
}
