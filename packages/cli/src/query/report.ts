import { picoToUsd, sharePct } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { keyExpression, type Filters } from '../ledger/filters.js';
import { sqlIdent } from '../ledger/sql.js';
import { big, CALL_MEASURES, num, ROLLUP, totalsOf, type Totals } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface ReportOptions extends Filters {
  /** Group keys: tag names, provider, model, environment, service, operation, status, day, month, hour, interaction. Default team, feature. */
  by?: string[];
  onWarning?: Warn;
  progress?: boolean;
}

export interface ReportGroup extends Totals {
  /** Each --by key; null for calls that lack it (a tag not set). */
  key: Record<string, string | null>;
  /** This group's share of the total cost, percent. */
  sharePct: number | null;
}

export interface UnallocatedOwner {
  /** The tags the unallocated calls carried: the defaultTags of the process that made them. */
  tags: Record<string, string>;
  costUsd: number;
  calls: number;
}

export interface ReportJson {
  by: string[];
  /** Sorted by cost, descending. */
  groups: ReportGroup[];
  total: Totals;
  /** Calls with `tagged: false` (only defaultTags applied), and who owns them. */
  unallocated: { costUsd: number; calls: number; sharePct: number | null; owners: UnallocatedOwner[] };
  skippedLines: number;
  /** Valid events that are not calls (budget, guard), by kind: read, not counted. */
  otherEvents: Record<string, number>;
}

export const DEFAULT_BY = ['team', 'feature'];

/** `costkit report`: cost, calls and tokens per group, exact to the pico-dollar. */
export async function report(source: LedgerSource, options: ReportOptions = {}): Promise<ReportJson> {
  const by = options.by?.length ? options.by : DEFAULT_BY;
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const dimensions: Record<string, string> = {};
    by.forEach((key, i) => (dimensions[`k${i}`] = keyExpression(key)));
    dimensions._unallocated = 'coalesce(tagged = false, false)';
    dimensions._owner = 'CASE WHEN tagged = false THEN CAST(to_json(tags) AS VARCHAR) END';
    const { table, accounting } = await aggregate(ledger, { dimensions, measures: CALL_MEASURES, filters: options }, options.onWarning);
    const keyColumns = by.map((_, i) => sqlIdent(`k${i}`));
    const groupRows = await ledger.all(
      `SELECT ${[...keyColumns, ROLLUP].join(', ')} FROM ${table} WHERE _kind = 'call' GROUP BY ALL
       ORDER BY "costPico" DESC, "calls" DESC, ${keyColumns.map((k) => `${k} ASC NULLS LAST`).join(', ')}`,
    );
    const [totalRow] = await ledger.all(`SELECT ${ROLLUP} FROM ${table} WHERE _kind = 'call'`);
    const ownerRows = await ledger.all(
      `SELECT _owner, ${ROLLUP} FROM ${table} WHERE _kind = 'call' AND _unallocated GROUP BY ALL ORDER BY "costPico" DESC, _owner`,
    );
    const totalPico = big(totalRow?.costPico);
    const unallocatedPico = ownerRows.reduce((sum, r) => sum + big(r.costPico), 0n);
    return {
      by,
      groups: groupRows.map((row) => ({
        key: Object.fromEntries(by.map((key, i) => [key, row[`k${i}`] == null ? null : String(row[`k${i}`])])),
        ...totalsOf(row),
        sharePct: sharePct(big(row.costPico), totalPico),
      })),
      total: totalsOf(totalRow ?? {}),
      unallocated: {
        costUsd: picoToUsd(unallocatedPico),
        calls: ownerRows.reduce((sum, r) => sum + num(r.calls), 0),
        sharePct: sharePct(unallocatedPico, totalPico),
        owners: ownerRows.map((r) => ({ tags: JSON.parse(String(r._owner ?? '{}')) as Record<string, string>, costUsd: picoToUsd(big(r.costPico)), calls: num(r.calls) })),
      },
      skippedLines: accounting.skippedLines,
      otherEvents: accounting.otherEvents,
    };
  });
}
