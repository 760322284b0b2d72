import { basename } from 'node:path';
import { formatPct, formatUsd } from '../../formats/money.js';
import type { ReconcileLine } from '../../query/reconcile.js';
import { html, type Html } from '../markup.js';
import { pctColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { chart, section } from './parts.js';

/** The ledger against --invoice: the month's variance, its causes, the lines that differ. */
export function reconciliationSection(data: HtmlData): Html | null {
  const rec = data.reconcile;
  if (!rec) return null;
  const t = rec.total;
  const lines = rec.lines.filter((l) => l.varianceUsd !== 0).sort((a, b) => Math.abs(b.varianceUsd) - Math.abs(a.varianceUsd));
  const columns = [
    textColumn<ReconcileLine>('Date', (l) => l.date),
    textColumn<ReconcileLine>('Provider', (l) => l.provider),
    textColumn<ReconcileLine>('Model', (l) => l.model),
    usdColumn<ReconcileLine>('Ledger', (l) => l.ledgerUsd),
    usdColumn<ReconcileLine>('Invoice', (l) => l.invoiceUsd),
    usdColumn<ReconcileLine>('Variance', (l) => l.varianceUsd),
    pctColumn<ReconcileLine>('Variance %', (l) => l.variancePct),
    textColumn<ReconcileLine>('Likely causes', (l) => l.causes.map((c) => `${c.cause} ${formatPct(c.sharePct)}`).join(', ') || 'unexplained', false),
  ];
  const causes = t.causes.map((c) => html`<li><code>${c.cause}</code>: ${formatUsd(c.explainedUsd)} (${formatPct(c.sharePct)} of the variance)</li>`);
  return section(
    'reconciliation',
    `Reconciliation ${rec.month}`,
    html`Ledger <strong>${formatUsd(t.ledgerUsd)}</strong>, invoice <strong>${formatUsd(t.invoiceUsd)}</strong> (${basename(rec.invoice.file)}, ${rec.invoice.format}): variance <strong>${formatUsd(t.varianceUsd)}</strong> (${formatPct(t.variancePct)}), ${t.withinTolerance ? 'within' : 'over'} the ${t.tolerancePct}% tolerance. Variance is invoice minus ledger; the lines that differ are listed, largest first.`,
    html`<ul class="causes">${causes}<li>unexplained: ${formatUsd(t.unexplainedUsd)}</li></ul>`,
    chart('reconcile-variance', 'Variance per day by provider/model (invoice minus ledger)'),
    table('table-reconcile', columns, lines, { empty: `Every one of the ${rec.lines.length} lines matches the invoice exactly.` }),
  );
}
