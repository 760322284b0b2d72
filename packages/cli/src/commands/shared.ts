import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { parseInstant, parseWhere, type Filters } from '../ledger/filters.js';
import { FORMATS } from '../formats/output.js';

/** The options every ledger command takes (contract section 8). */
export interface LedgerFlags {
  format: string;
  from?: string;
  to?: string;
  where: string[];
  out?: string;
  progress: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export interface LedgerCommandOptions {
  formats?: readonly string[];
  /** Arguments before the paths (`costkit sql <query> <paths...>`). */
  leading?: Array<[name: string, description: string]>;
  defaultFormat?: string;
  /** The --out flag as declared (`-o, --out <file>` for html). */
  out?: string;
}

/** A command reading event files: `<paths...>` and --format, --from, --to, --where, --out. */
export function ledgerCommand(parent: Command, name: string, description: string, options: LedgerCommandOptions = {}): Command {
  const command = parent.command(name).description(description);
  for (const [arg, help] of options.leading ?? []) command.argument(arg, help);
  return command
    .argument('<paths...>', 'event files (.jsonl, .jsonl.gz, .parquet), directories or globs')
    .addOption(new Option('--format <format>', 'output format').choices(options.formats ?? FORMATS).default(options.defaultFormat ?? 'table'))
    .option('--from <date>', 'first instant, inclusive (ISO date or date-time, UTC)')
    .option('--to <date>', 'end instant, exclusive (ISO date or date-time, UTC)')
    .option('--where <key=value>', 'only calls with this tag or field (repeatable; key!=value excludes; * matches any text)', collect, [])
    .option(options.out ?? '--out <file>', 'write the output to a file instead of stdout')
    .option('--no-progress', 'no progress bar on stderr');
}

export function filtersOf(flags: LedgerFlags): Filters {
  const filters: Filters = { where: flags.where.map(parseWhere) };
  if (flags.from) filters.from = parseInstant('--from', flags.from);
  if (flags.to) filters.to = parseInstant('--to', flags.to);
  if (filters.from && filters.to && filters.from >= filters.to) throw new UsageError(`--from ${flags.from} is not before --to ${flags.to}`);
  return filters;
}

export function warn(message: string): void {
  process.stderr.write(`costkit: ${message}\n`);
}

/** A number flag: --tolerance 2, --min-usd 10. */
export function numberFlag(flag: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`${flag} '${value}': expected a number of at least ${min}`);
    return n;
  };
}

/** `--month 2026-11` -> its UTC bounds. */
export function monthBounds(flag: string, value: string): { month: string; from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(value.trim());
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new UsageError(`${flag} '${value}': expected a month as YYYY-MM, e.g. 2026-11`);
  const year = Number(m[1]);
  return { month: value.trim(), from: new Date(Date.UTC(year, month - 1, 1)).toISOString(), to: new Date(Date.UTC(year, month, 1)).toISOString() };
}
