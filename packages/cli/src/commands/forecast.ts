import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatPct, formatUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Format, type Tabular } from '../formats/output.js';
import { BY_KEYS_HELP, parseByKeys, parseInstant, parseWhere } from '../ledger/filters.js';
import type { ForecastGroup, ForecastJson } from '../query/forecast.js';
import { ledgerCommand, monthBounds, warn, type LedgerFlags } from './shared.js';

interface ForecastFlags extends LedgerFlags {
  month?: string;
  by: string;
  asOf?: string;
  method: 'trailing7' | 'mtd';
  budgets?: string;
}

export function registerForecast(program: Command): Command {
  return ledgerCommand(program, 'forecast', 'month-end spend per group from the run rate so far, and against budget limits')
    .option('--month <YYYY-MM>', 'the month to project (default: the month of the latest call)')
    .option('--by <keys>', `one projection per value of these keys (${BY_KEYS_HELP})`, 'team')
    .option('--as-of <date>', 'project from this instant (default: the latest call in the month)')
    .addOption(new Option('--method <method>', 'run rate: the last 7 days, or the month so far').choices(['trailing7', 'mtd']).default('trailing7'))
    .option('--budgets <budgets.json>', 'budgets as in init({ budgets }): month budgets are projected, day budgets checked day by day')
    .action(async (paths: string[], flags: ForecastFlags) => {
      if (flags.from || flags.to) throw new UsageError('forecast projects one month: use --month (and --as-of), not --from/--to');
      const [{ forecast }, { loadBudgets }] = await Promise.all([import('../query/forecast.js'), import('../query/budget-config.js')]);
      const json = await forecast(paths, {
        month: flags.month ? monthBounds('--month', flags.month).month : undefined,
        by: parseByKeys(flags.by),
        asOf: flags.asOf ? parseInstant('--as-of', flags.asOf) : undefined,
        method: flags.method,
        where: flags.where.map(parseWhere),
        budgets: flags.budgets ? await loadBudgets(flags.budgets) : undefined,
        onWarning: warn,
        progress: flags.progress,
      });
      await emit(flags.format === 'json' ? renderJson(json) : renderTabular(forecastView(json), flags.format as Exclude<Format, 'json'>), flags.out);
    });
}

export function forecastView(json: ForecastJson): Tabular<ForecastGroup> {
  const notes = [
    `total: ${formatUsd(json.total.monthToDateUsd)} so far, ${formatUsd(json.total.runRateUsd)}/day, projected ${formatUsd(json.total.projectedUsd)} for ${json.month} (as of ${json.asOf}, day ${json.daysElapsed.toFixed(1)} of ${json.daysInMonth}, run rate: ${json.method === 'mtd' ? 'month so far' : 'last 7 days'})`,
  ];
  for (const b of json.budgets) {
    const window = typeof b.window === 'string' ? b.window : `${b.window.hours}h`;
    const when = b.overLimit ? 'over its limit already' : b.reachesLimitAt ? `reaches its limit on ${b.reachesLimitAt.slice(0, 16).replace('T', ' ')}Z` : 'stays under its limit';
    const days = b.daysOverLimit.length ? `; over on ${b.daysOverLimit.join(', ')}` : '';
    notes.push(`budget ${b.name} (${window}, ${formatUsd(b.limitUsd)}): spent ${formatUsd(b.spentUsd)}, projected ${formatUsd(b.projectedUsd)} (${formatPct(b.projectedPct)}): ${when}${days}`);
  }
  return {
    columns: [
      ...Object.keys(json.groups[0]?.key ?? {}).map((k) => ({ header: k, value: (g: ForecastGroup) => g.key[k] ?? null, human: (g: ForecastGroup) => g.key[k] ?? '(none)' })),
      { header: 'month_to_date_usd', value: (g) => g.monthToDateUsd, human: (g) => formatUsd(g.monthToDateUsd), align: 'right' },
      { header: 'run_rate_usd_per_day', value: (g) => g.runRateUsd, human: (g) => formatUsd(g.runRateUsd), align: 'right' },
      { header: 'projected_usd', value: (g) => g.projectedUsd, human: (g) => formatUsd(g.projectedUsd), align: 'right' },
    ],
    rows: json.groups,
    notes,
  };
}
