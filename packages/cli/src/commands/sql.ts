import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { emit, renderJson, renderTabular, type Format } from '../formats/output.js';
import { aggregate } from '../ledger/aggregate.js';
import { duckdbMessage, openLedger } from '../ledger/open.js';
import { mapToObject } from '../query/measures.js';
import { ledgerCommand, warn, type LedgerFlags } from './shared.js';

export function registerSql(program: Command): Command {
  return ledgerCommand(program, 'sql', 'any DuckDB query over the ledger: the views events (every valid event), calls (call events) and ledger_raw (every line, with filename)', {
    leading: [['<query>', 'SQL, e.g. "SELECT model, sum(costPicoUsd) / 1e12 AS usd FROM calls GROUP BY ALL"']],
  }).action(async (query: string, paths: string[], flags: LedgerFlags) => {
      if (flags.from || flags.to || flags.where.length) throw new UsageError('sql runs your query as written: put the filters in its WHERE clause (--from/--to/--where do not apply)');
      const ledger = await openLedger(paths, { progress: flags.progress });
      try {
        // The files are scanned once for lines that are not events, so none is skipped unsaid.
        await aggregate(ledger, { dimensions: {}, measures: {}, filters: {} }, warn);
        let rows: Array<Record<string, unknown>>;
        try {
          rows = (await ledger.all(query)).map(plain);
        } catch (error) {
          throw new UsageError(`the query failed: ${duckdbMessage(error)}`);
        }
        if (flags.format === 'json') return await emit(renderJson(rows), flags.out);
        const names = Object.keys(rows[0] ?? {});
        const cell = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean));
        await emit(renderTabular({ columns: names.map((n) => ({ header: n, value: (r: Record<string, unknown>) => cell(r[n]) })), rows }, flags.format as Exclude<Format, 'json'>), flags.out);
      } finally {
        ledger.close();
      }
    });
}

/** DuckDB values as JSON can carry them: big integers as numbers when exact, else strings; maps as objects. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const convert = (v: unknown): unknown => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.length && v.every((e) => e && typeof e === 'object' && 'key' in e && 'value' in e) ? mapToObject(v) : v.map(convert);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, convert(v)]));
}
