import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { emit, renderJson, renderTabular } from '../formats/output.js';
import { parseInstant } from '../ledger/filters.js';
import { forecastView } from './forecast.js';
import { warn } from './shared.js';

interface BudgetsFlags {
  redis?: string;
  config?: string;
  asOf?: string;
  format: string;
  progress: boolean;
}

/**
 * `costkit budgets`: the fleet's live budget state lives in the shared budget store
 * (`--redis`), which needs @costkit/redis; until that package exists this command
 * says so, and `--config` gives each budget's spend as the ledger saw it.
 */
export function registerBudgets(program: Command): Command {
  return program
    .command('budgets')
    .description("budgets' spend: from the ledger against a budgets config (--config), or the fleet's live state from Redis (--redis, needs @costkit/redis)")
    .argument('[paths...]', 'event files, directories or globs (with --config)')
    .option('--redis <url>', "the shared budget store's URL (needs @costkit/redis)")
    .option('--config <budgets.json>', 'budgets as in init({ budgets }): spend per budget window from the ledger')
    .option('--as-of <date>', 'the instant the windows are taken at (default: the latest call)')
    .option('--format <format>', 'table or json', 'table')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (paths: string[], flags: BudgetsFlags) => {
      if (flags.redis) {
        throw new UsageError(
          'costkit budgets --redis needs the @costkit/redis budget store, which is not built yet. Until then: in the app, costkit.budgets() gives each process its budget state; from the ledger, costkit budgets <paths> --config budgets.json (or costkit forecast --budgets budgets.json).',
        );
      }
      if (!flags.config) throw new UsageError('costkit budgets needs --config budgets.json (spend from the ledger) or --redis <url> (the live store)');
      if (paths.length === 0) throw new UsageError('costkit budgets --config needs the event files to read');
      if (!['table', 'json'].includes(flags.format)) throw new UsageError(`--format '${flags.format}': expected table or json`);
      const [{ forecast }, { loadBudgets }] = await Promise.all([import('../query/forecast.js'), import('../query/budget-config.js')]);
      const json = await forecast(paths, { budgets: await loadBudgets(flags.config, '--config'), asOf: flags.asOf ? parseInstant('--as-of', flags.asOf) : undefined, onWarning: warn, progress: flags.progress });
      const state = { asOf: json.asOf, budgets: json.budgets, skippedLines: json.skippedLines, source: 'ledger' as const };
      if (flags.format === 'json') return emit(renderJson(state));
      const view = forecastView(json);
      return emit(renderTabular({ columns: [], rows: [], notes: view.notes?.filter((n) => n.startsWith('budget ')) }, 'table'));
    });
}
