import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatPct, formatUsd } from '../formats/money.js';
import { emit, renderJson, renderTabular, type Format, type Tabular } from '../formats/output.js';
import { parseInstant } from '../ledger/filters.js';
import type { FleetBudgetState, FleetBudgetsJson } from '../query/fleet-budgets.js';
import type { BudgetForecast } from '../query/forecast.js';
import { numberFlag, warn } from './shared.js';

interface BudgetsFlags {
  redis?: string;
  keyPrefix?: string;
  config?: string;
  asOf?: string;
  timeout: number;
  format: Format;
  out?: string;
  progress: boolean;
}

/**
 * `costkit budgets`: each budget's spend in its current window, either live from
 * the store the fleet shares (`--redis`: spend and reservations of every process)
 * or as the ledger saw it (event files: spend only, with the month's projection).
 */
export function registerBudgets(program: Command): Command {
  return program
    .command('budgets')
    .description("budgets' spend against their limits: live from the fleet's Redis store (--redis), or from the ledger (event files)")
    .argument('[paths...]', 'event files, directories or globs (without --redis)')
    .requiredOption('--config <budgets.json>', 'the budgets, as in init({ budgets }) or { "budgets": [...] }')
    .option('--redis <url>', 'the budget store the apps share (redisBudgetStore({ url })): live spend and reservations')
    .option('--key-prefix <prefix>', "with --redis: the apps' redisBudgetStore keyPrefix (default costkit:)")
    .option('--as-of <date>', 'the instant the windows are taken at (default: now with --redis, the latest call from the ledger)')
    .option('--timeout <ms>', 'with --redis: how long to wait for Redis to answer', numberFlag('--timeout', 1), 5_000)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .option('--out <file>', 'write the output to a file instead of stdout')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (paths: string[], flags: BudgetsFlags) => {
      const asOf = flags.asOf ? parseInstant('--as-of', flags.asOf) : undefined;
      const config = flags.config!;
      if (flags.redis) {
        if (paths.length) throw new UsageError('costkit budgets --redis reads the live store, not event files: drop the paths (or drop --redis for the ledger view)');
        const { fleetBudgets } = await import('../query/fleet-budgets.js');
        const json = await fleetBudgets({ url: flags.redis, keyPrefix: flags.keyPrefix, config, asOf, timeoutMs: flags.timeout });
        return emit(flags.format === 'json' ? renderJson(json) : renderTabular(fleetView(json), flags.format as Exclude<Format, 'json'>), flags.out);
      }
      if (flags.keyPrefix) throw new UsageError('--key-prefix names keys in Redis: it goes with --redis <url>');
      if (paths.length === 0) throw new UsageError('costkit budgets needs the event files to read (or --redis <url> for the live store)');
      const [{ forecast }, { loadBudgets }] = await Promise.all([import('../query/forecast.js'), import('../query/budget-config.js')]);
      const json = await forecast(paths, { budgets: await loadBudgets(config, '--config'), asOf, onWarning: warn, progress: flags.progress });
      const state = { asOf: json.asOf, budgets: json.budgets, skippedLines: json.skippedLines, source: 'ledger' as const };
      return emit(flags.format === 'json' ? renderJson(state) : renderTabular(ledgerView(state), flags.format as Exclude<Format, 'json'>), flags.out);
    });
}

const pctOf = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);

export function fleetView(json: FleetBudgetsJson): Tabular<FleetBudgetState> {
  return {
    columns: [
      { header: 'budget', value: (b) => b.name },
      { header: 'window_start', value: (b) => b.window.start },
      { header: 'window_end', value: (b) => b.window.end },
      { header: 'spent_usd', value: (b) => b.spentUsd, human: (b) => formatUsd(b.spentUsd), align: 'right' },
      { header: 'reserved_usd', value: (b) => b.reservedUsd, human: (b) => formatUsd(b.reservedUsd), align: 'right' },
      { header: 'limit_usd', value: (b) => b.limitUsd, human: (b) => formatUsd(b.limitUsd), align: 'right' },
      { header: 'remaining_usd', value: (b) => b.remainingUsd, human: (b) => formatUsd(b.remainingUsd), align: 'right' },
      { header: 'used', value: (b) => pctOf(b.spentUsd + b.reservedUsd, b.limitUsd), human: (b) => formatPct(pctOf(b.spentUsd + b.reservedUsd, b.limitUsd)), align: 'right' },
    ],
    rows: json.budgets,
    notes: [`live from ${json.redis} (key prefix ${json.keyPrefix}) at ${json.asOf}: spent is settled calls, reserved is calls in flight`],
  };
}

const windowName = (w: BudgetForecast['window']) => (typeof w === 'string' ? w : `${w.hours}h`);

export function ledgerView(state: { asOf: string; budgets: BudgetForecast[]; skippedLines: number }): Tabular<BudgetForecast> {
  return {
    columns: [
      { header: 'budget', value: (b) => b.name },
      { header: 'window', value: (b) => windowName(b.window) },
      { header: 'spent_usd', value: (b) => b.spentUsd, human: (b) => formatUsd(b.spentUsd), align: 'right' },
      { header: 'limit_usd', value: (b) => b.limitUsd, human: (b) => formatUsd(b.limitUsd), align: 'right' },
      { header: 'spent_pct', value: (b) => pctOf(b.spentUsd, b.limitUsd), human: (b) => formatPct(pctOf(b.spentUsd, b.limitUsd)), align: 'right' },
      { header: 'projected_usd', value: (b) => b.projectedUsd, human: (b) => formatUsd(b.projectedUsd), align: 'right' },
      { header: 'over_limit', value: (b) => b.overLimit },
      { header: 'reaches_limit_at', value: (b) => b.reachesLimitAt },
      { header: 'days_over_limit', value: (b) => b.daysOverLimit.join(' '), human: (b) => b.daysOverLimit.join(', ') || '-' },
    ],
    rows: state.budgets,
    notes: [`from the ledger as of ${state.asOf} (month budgets: the month so far; day budgets: that day)`],
  };
}
