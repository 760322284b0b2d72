import type { BudgetForecast } from '../../query/forecast.js';
import type { Html } from '../markup.js';
import { pctColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { chart, section } from './parts.js';

const windowName = (w: BudgetForecast['window']) => (typeof w === 'string' ? w : `${w.hours} h rolling`);

function status(b: BudgetForecast): string {
  if (b.overLimit) return 'over its limit';
  if (b.daysOverLimit.length) return `over on ${b.daysOverLimit.join(', ')}`;
  if (b.reachesLimitAt) return `reaches its limit ${b.reachesLimitAt.slice(0, 16).replace('T', ' ')} UTC`;
  return 'under its limit';
}

/** Spent against limit per budget of --config, from the ledger (costkit budgets --config). */
export function budgetsSection(data: HtmlData): Html | null {
  if (!data.budgetsConfig || !data.forecast) return null;
  const columns = [
    textColumn<BudgetForecast>('Budget', (b) => b.name),
    textColumn<BudgetForecast>('Window', (b) => windowName(b.window)),
    usdColumn<BudgetForecast>('Spent', (b) => b.spentUsd),
    usdColumn<BudgetForecast>('Limit', (b) => b.limitUsd),
    pctColumn<BudgetForecast>('Spent of limit', (b) => (100 * b.spentUsd) / b.limitUsd),
    usdColumn<BudgetForecast>('Projected', (b) => b.projectedUsd),
    pctColumn<BudgetForecast>('Projected of limit', (b) => b.projectedPct),
    textColumn<BudgetForecast>('Status', status, false),
  ];
  return section(
    'budgets',
    'Budgets',
    `The budgets of ${data.budgetsConfig}, as the ledger saw them on ${data.forecast.asOf.slice(0, 10)}: month budgets for ${data.forecast.month} and their projection, day budgets for the current day and the days they went over.`,
    chart('budgets', 'Spent and projected, in percent of each budget\'s limit'),
    table('table-budgets', columns, data.forecast.budgets, { empty: 'The config has no budgets.' }),
  );
}
