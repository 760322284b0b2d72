import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../errors.js';
import { resolveLedgerFiles, type LedgerFiles } from './paths.js';
import { COST_PICO, EVENT_COLUMNS, EVENT_KIND, QUERY_COLUMNS, VALID_EVENT, readJsonSql, readParquetSql } from './schema.js';
import { sqlIdent, sqlString } from './sql.js';
import { withProgress } from './progress.js';

export type Row = Record<string, unknown>;

/**
 * The event files opened in an embedded DuckDB (in memory, nothing written). Views:
 * `ledger_raw` (every line, invalid ones as rows of nulls, with `filename`),
 * `events` (the valid events, with `costPicoUsd`) and `calls` (the call events);
 * `ledger_kinds` is `ledger_raw` with each line's `_kind` (aggregate.ts reads it).
 * Nothing is loaded up front (unless `materialize`): each query scans the files.
 */
export interface Ledger {
  readonly files: LedgerFiles;
  readonly connection: DuckDBConnection;
  /** Runs a query and returns its rows as plain JS values (BIGINT/HUGEINT as bigint). */
  all(sql: string): Promise<Row[]>;
  run(sql: string): Promise<void>;
  /** A fresh name for a temporary table. */
  tempName(prefix: string): string;
  close(): void;
}

export interface OpenOptions {
  /** A progress bar on stderr for long scans (default: when stderr is a terminal). */
  progress?: boolean;
  /**
   * Read the files once into an in-memory table, for a caller that runs many
   * queries over them (`costkit html` runs ten): every query then scans memory,
   * not the JSON. Only the columns the query functions read are kept
   * (QUERY_COLUMNS; the others read as null in `ledger_raw`), each line's kind is
   * worked out once, and the table costs memory in proportion to the ledger.
   */
  materialize?: boolean;
}

export async function openLedger(inputs: readonly string[], options: OpenOptions = {}): Promise<Ledger> {
  // Loaded here, not at startup: --help and usage errors need no database engine.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // Days, months and hours are UTC calendar periods, like budgets' windows.
  await connection.run("SET TimeZone = 'UTC'");
  const progress = options.progress ?? Boolean(process.stderr.isTTY && !process.env.CI);
  if (progress) {
    // DuckDB tracks a query's progress only when asked; its own bar stays off (ours is on stderr).
    await connection.run('SET enable_progress_bar = true');
    await connection.run('SET enable_progress_bar_print = false');
  }
  let temp = 0;
  const ledger = {
    files: { json: [], parquet: [] } as LedgerFiles,
    connection,
    async all(sql: string): Promise<Row[]> {
      const reader = await readable(() => withProgress(connection, progress, () => connection.runAndReadAll(sql)));
      return reader.getRowObjectsJS() as Row[];
    },
    async run(sql: string): Promise<void> {
      await readable(() => withProgress(connection, progress, () => connection.run(sql)));
    },
    tempName: (prefix: string) => `${prefix}_${++temp}`,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  try {
    const files = await resolveLedgerFiles(inputs, async (pattern) => {
      const rows = await ledger.all(`SELECT file FROM glob(${sqlString(pattern)})`);
      return rows.map((r) => String(r.file));
    });
    ledger.files = files;
    if (options.materialize) {
      const kept = QUERY_COLUMNS.map(sqlIdent).join(', ');
      // The rows' order means nothing to an aggregate: letting DuckDB insert them in any order cuts a third of the load.
      await connection.run('SET preserve_insertion_order = false');
      await ledger.run(`CREATE TEMP TABLE ledger_rows AS SELECT ${kept}, filename, ${EVENT_KIND} AS _kind FROM (${await rawSelect(ledger, files)})`);
      await connection.run('RESET preserve_insertion_order');
      const columns = Object.entries(EVENT_COLUMNS).map(([name, type]) => (QUERY_COLUMNS.includes(name) ? sqlIdent(name) : `CAST(NULL AS ${type}) AS ${sqlIdent(name)}`));
      await connection.run(`CREATE TEMP VIEW ledger_raw AS SELECT ${columns.join(', ')}, filename FROM ledger_rows`);
      await connection.run('CREATE TEMP VIEW ledger_kinds AS SELECT * FROM ledger_rows');
    } else {
      await connection.run(`CREATE TEMP VIEW ledger_raw AS ${await rawSelect(ledger, files)}`);
      await connection.run(`CREATE TEMP VIEW ledger_kinds AS SELECT *, ${EVENT_KIND} AS _kind FROM ledger_raw`);
    }
    await connection.run(`CREATE TEMP VIEW events AS SELECT * EXCLUDE (filename), ${COST_PICO} AS costPicoUsd FROM ledger_raw WHERE ${VALID_EVENT}`);
    await connection.run(`CREATE TEMP VIEW calls AS SELECT * FROM events WHERE schema = 'costkit.call/1'`);
    return ledger satisfies Ledger;
  } catch (error) {
    ledger.close();
    throw error instanceof UsageError ? error : new UsageError(`cannot read the event files: ${duckdbMessage(error)}`, { cause: error });
  }
}

const COLUMN_LIST = Object.keys(EVENT_COLUMNS).map(sqlIdent).join(', ');

async function rawSelect(ledger: Ledger, files: LedgerFiles): Promise<string> {
  const parts: string[] = [];
  if (files.json.length) parts.push(`SELECT ${COLUMN_LIST}, filename FROM ${readJsonSql(files.json)}`);
  if (files.parquet.length) {
    // A Parquet copy of the ledger may lack columns a newer writer added: those read as null.
    const described = await ledger.all(`DESCRIBE SELECT * FROM ${readParquetSql(files.parquet)}`);
    const present = new Set(described.map((r) => String(r.column_name)));
    const columns = Object.entries(EVENT_COLUMNS).map(([name, type]) => (present.has(name) ? `CAST(${sqlIdent(name)} AS ${type}) AS ${sqlIdent(name)}` : `CAST(NULL AS ${type}) AS ${sqlIdent(name)}`));
    parts.push(`SELECT ${columns.join(', ')}, filename FROM ${readParquetSql(files.parquet)}`);
  }
  return parts.join(' UNION ALL ');
}

/** A file DuckDB cannot read (not gzip after all, unreadable, gone) is a bad input, not a costkit bug. */
async function readable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (/^IO Error/.test(duckdbMessage(error))) throw new UsageError(`cannot read the event files: ${duckdbMessage(error)}`, { cause: error });
    throw error;
  }
}

/** DuckDB's messages start with the error class ("IO Error: ..."); keep what a person needs. */
export function duckdbMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
