import { UsageError } from '../errors.js';
import { checkFile, type BadLine } from './bad-lines.js';
import { filterSql, type Filters } from './filters.js';
import type { Ledger } from './open.js';
import { sqlIdent } from './sql.js';

/** What a scan saw besides the calls it aggregated. */
export interface Accounting {
  /** Lines that are not valid events: skipped, each reported. */
  skippedLines: number;
  /** The skipped lines located by file and line number (remote files cannot be located). */
  skipped: BadLine[];
  /** Valid events that are not calls (budget and guard events), by kind: read, not counted as calls. */
  otherEvents: Record<string, number>;
}

export interface AggregateSpec {
  /** Output column -> SQL over one event line. */
  dimensions: Record<string, string>;
  /** Output column -> SQL aggregate. */
  measures: Record<string, string>;
  filters: Filters;
  /**
   * Grouping sets, by dimension name (default: one set of every dimension). Rows of
   * set i have `_set` = i; the lines that are not calls are counted from set 0.
   */
  sets?: string[][];
}

export type Warn = (message: string) => void;

/**
 * One scan of the files into a small temporary table: the calls that pass the
 * filters grouped by `dimensions`, plus one row per file of lines that are not
 * events and per kind of non-call event, so bad lines are counted in the same pass
 * (a second scan would double the time of every command). `_kind` is 'call' on the
 * aggregated rows.
 */
export async function aggregate(ledger: Ledger, spec: AggregateSpec, warn?: Warn): Promise<{ table: string; accounting: Accounting }> {
  const table = ledger.tempName('agg');
  const names = Object.keys(spec.dimensions);
  const inner = (name: string) => sqlIdent(`d_${name}`);
  const dims = Object.entries(spec.dimensions).map(([name, sql]) => `CASE WHEN _kind = 'call' THEN ${sql} END AS ${inner(name)}`);
  const sets = spec.sets ?? [names];
  const group = sets.map((set) => `(_kind, _file${set.map((n) => `, ${inner(n)}`).join('')})`);
  // GROUPING(...) is a bit mask of the dimensions a row is aggregated over: one value per set.
  const masks = sets.map((set) => names.reduce((mask, n, i) => (set.includes(n) ? mask : mask | (1 << (names.length - 1 - i))), 0));
  const setColumn = names.length ? `CASE GROUPING(${names.map(inner).join(', ')}) ${masks.map((m, i) => `WHEN ${m} THEN ${i}`).join(' ')} END AS _set` : '0 AS _set';
  const measures = Object.entries(spec.measures).map(([name, sql]) => `${sql} AS ${sqlIdent(name)}`);
  await ledger.run(`CREATE TEMP TABLE ${table} AS
    SELECT _kind, _file, ${[...names.map((n) => `${inner(n)} AS ${sqlIdent(n)}`), setColumn, 'count(*) AS _rows', ...measures].join(', ')}
    FROM (
      SELECT *, CASE WHEN _kind = 'invalid' THEN filename END AS _file${dims.length ? `, ${dims.join(', ')}` : ''}
      FROM ledger_kinds
      WHERE _kind <> 'call' OR (${filterSql(spec.filters)})
    )
    GROUP BY GROUPING SETS (${group.join(', ')})`);
  const accounting = await account(ledger, table, warn);
  return { table, accounting };
}

/** Counts what was not a call, locates the bad lines, and refuses a file that holds no events at all. */
async function account(ledger: Ledger, table: string, warn?: Warn): Promise<Accounting> {
  const rows = await ledger.all(`SELECT _kind, _file, sum(_rows)::BIGINT AS n FROM ${table} WHERE _kind <> 'call' AND _set = 0 GROUP BY ALL ORDER BY _file`);
  const accounting: Accounting = { skippedLines: 0, skipped: [], otherEvents: {} };
  for (const row of rows) {
    const n = Number(row.n);
    if (row._kind !== 'invalid') {
      accounting.otherEvents[String(row._kind)] = (accounting.otherEvents[String(row._kind)] ?? 0) + n;
      continue;
    }
    accounting.skippedLines += n;
    const file = String(row._file);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file) || /\.parquet$/i.test(file)) {
      warn?.(`skipped ${n} rows of ${file} that are not costkit events (line numbers exist only for local JSON lines files)`);
      continue;
    }
    const check = await checkFile(file, n);
    if (check.events === 0) {
      const first = check.bad[0];
      throw new UsageError(
        `${file} is not a costkit event file: none of its ${check.lines} lines is a costkit event` +
          (first ? ` (line ${first.line}: ${first.reason})` : '') +
          '. costkit reads the JSON lines the file exporter writes (one event per line), .gz too.',
      );
    }
    accounting.skipped.push(...check.bad);
  }
  reportSkipped(accounting, warn);
  return accounting;
}

const MAX_REPORTED = 20;

function reportSkipped(accounting: Accounting, warn?: Warn): void {
  if (!warn || accounting.skipped.length === 0) return;
  for (const bad of accounting.skipped.slice(0, MAX_REPORTED)) warn(`skipped ${bad.file}:${bad.line}: ${bad.reason}`);
  const more = accounting.skipped.length - MAX_REPORTED;
  if (more > 0) warn(`… and ${more} more skipped lines`);
  warn(`${accounting.skippedLines} line${accounting.skippedLines === 1 ? '' : 's'} skipped in all; the totals leave them out`);
}
