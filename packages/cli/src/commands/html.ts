import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { emit, renderJson } from '../formats/output.js';
import { filtersOf, ledgerCommand, monthBounds, numberFlag, warn, type LedgerFlags } from './shared.js';

interface HtmlFlags extends LedgerFlags {
  month?: string;
  config?: string;
  invoice?: string;
  tolerance: number;
  minUsd: number;
  pricing?: string;
}

export function registerHtml(program: Command): Command {
  return ledgerCommand(program, 'html', 'one self-contained HTML page for the monthly review: spend over time by team and feature, models and caching, unallocated, budgets, anomalies, cost per interaction, the invoice variance', {
    formats: ['html', 'json'],
    defaultFormat: 'html',
    out: '-o, --out <file>',
  })
    .option('--month <YYYY-MM>', 'the month of month-to-date, the forecast and the reconciliation (default: the month of the latest call)')
    .option('--config <budgets.json>', 'budgets as in init({ budgets }): spent / limit per budget')
    .option('--invoice <file>', 'reconcile the month against this invoice (the formats of costkit reconcile)')
    .option('--tolerance <percent>', 'with --invoice: largest |variance| in percent that passes', numberFlag('--tolerance'), 2)
    .option('--min-usd <usd>', 'anomalies: the dollar floor (as costkit anomalies --min-usd)', numberFlag('--min-usd'), 10)
    .option('--pricing <overrides.json>', 'negotiated prices, for what prompt caching saved')
    .action(async (paths: string[], flags: HtmlFlags) => {
      if (flags.invoice && flags.where.length) throw new UsageError('--invoice reconciles every call of the month (the invoice is not tagged): drop --where, or make the page without --invoice');
      const month = flags.month ? monthBounds('--month', flags.month).month : undefined;
      const [{ htmlData }, { renderPage }, { loadBudgets }, { loadPricingFile }] = await Promise.all([
        import('../html/data.js'),
        import('../html/page.js'),
        import('../query/budget-config.js'),
        import('../pricing/overrides-file.js'),
      ]);
      const data = await htmlData(paths, {
        ...filtersOf(flags),
        month,
        budgets: flags.config ? await loadBudgets(flags.config, '--config') : undefined,
        budgetsConfig: flags.config,
        invoice: flags.invoice,
        tolerance: flags.tolerance,
        minUsd: flags.minUsd,
        overrides: flags.pricing ? await loadPricingFile(flags.pricing) : undefined,
        onWarning: warn,
        progress: flags.progress,
      });
      await emit(flags.format === 'json' ? renderJson(data) : await renderPage(data), flags.out);
      if (flags.out && flags.format === 'html') warn(`wrote ${flags.out} (${Math.ceil((await stat(flags.out)).size / 1024)} KB)`);
    });
}
