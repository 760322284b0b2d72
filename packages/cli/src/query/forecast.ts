import { UsageError } from '../errors.js';
import { picoToUsd } from '../formats/money.js';
import { aggregate, type Warn } from '../ledger/aggregate.js';
import { keyExpression, type Filters } from '../ledger/filters.js';
import { COST_PICO } from '../ledger/schema.js';
import { budgetMatchSql, type BudgetSpec } from './budget-config.js';
import { big, text } from './measures.js';
import { withLedger, type LedgerSource } from './source.js';

export interface ForecastOptions extends Pick<Filters, 'where'> {
  /** YYYY-MM; default: the month of the latest call. */
  month?: string;
  by?: string[];
  /** The instant the projection is made at; default: the latest call in the month (a copied ledger is as fresh as its last line). */
  asOf?: string;
  /** Run rate: the last 7 days (default) or the month so far. */
  method?: 'trailing7' | 'mtd';
  budgets?: BudgetSpec[];
  onWarning?: Warn;
  progress?: boolean;
}

export interface ForecastGroup {
  key: Record<string, string | null>;
  monthToDateUsd: number;
  /** USD per day. */
  runRateUsd: number;
  projectedUsd: number;
}

export interface BudgetForecast {
  name: string;
  window: BudgetSpec['window'];
  limitUsd: number;
  /** Month budgets: spent so far and projected to month end; day and hour budgets: the current window. */
  spentUsd: number;
  projectedUsd: number;
  projectedPct: number;
  /** Spent is already at or over the limit. */
  overLimit: boolean;
  /** When spend at the run rate reaches the limit (month budgets); null when it does not this month or already has. */
  reachesLimitAt: string | null;
  /** Day budgets: days of the month so far that went over the limit. */
  daysOverLimit: string[];
}

export interface ForecastJson {
  month: string;
  asOf: string;
  method: 'trailing7' | 'mtd';
  daysElapsed: number;
  daysInMonth: number;
  groups: ForecastGroup[];
  total: Omit<ForecastGroup, 'key'>;
  budgets: BudgetForecast[];
  skippedLines: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** `costkit forecast`: month-end spend per group from the run rate so far, and against budgets' limits. */
export async function forecast(source: LedgerSource, options: ForecastOptions = {}): Promise<ForecastJson> {
  const by = options.by?.length ? options.by : ['team'];
  const method = options.method ?? 'trailing7';
  const budgets = options.budgets ?? [];
  return withLedger(source, { progress: options.progress }, async (ledger) => {
    const month = options.month ?? (await latestMonth(ledger));
    const [y, m] = month.split('-').map(Number) as [number, number];
    const start = Date.UTC(y, m - 1, 1);
    const end = Date.UTC(y, m, 1);
    const cutoff = options.asOf ? Math.min(Date.parse(options.asOf), end) : end;
    const keyDims = Object.fromEntries(by.map((k, i) => [`k${i}`, keyExpression(k)]));
    const budgetMeasures = Object.fromEntries(budgets.map((b, i) => [`b${i}`, `coalesce(sum(${COST_PICO}) FILTER (WHERE ${budgetMatchSql(b)}), 0)::HUGEINT`]));
    const { table, accounting } = await aggregate(
      ledger,
      {
        dimensions: { h: `epoch_ms(date_trunc('hour', "timestamp"))`, ...keyDims },
        measures: { pico: `coalesce(sum(${COST_PICO}), 0)::HUGEINT`, last: 'epoch_ms(max("timestamp"))', ...budgetMeasures },
        filters: { where: options.where, from: new Date(start).toISOString(), to: new Date(cutoff).toISOString() },
      },
      options.onWarning,
    );
    const rows = await ledger.all(`SELECT * FROM ${table} WHERE _kind = 'call'`);
    const lastCall = rows.reduce((max, r) => Math.max(max, Number(r.last ?? 0)), start);
    const asOf = options.asOf ? cutoff : Math.min(end, lastCall + 1);
    if (asOf <= start) throw new UsageError(`no calls in ${month} before ${new Date(asOf).toISOString()}: nothing to project from`);
    const elapsedDays = (asOf - start) / DAY;
    const remainingDays = (end - asOf) / DAY;
    const windowStart = method === 'mtd' ? start : Math.max(start, asOf - 7 * DAY);
    const windowDays = (asOf - windowStart) / DAY;

    const project = (hours: Array<{ h: number; pico: bigint }>) => {
      let mtd = 0n;
      let recent = 0n;
      for (const { h, pico } of hours) {
        mtd += pico;
        if (h >= windowStart - (windowStart % HOUR)) recent += pico;
      }
      const runRate = picoToUsd(recent) / windowDays;
      return { monthToDateUsd: picoToUsd(mtd), runRateUsd: runRate, projectedUsd: picoToUsd(mtd) + runRate * remainingDays };
    };
    const byGroup = new Map<string, Array<{ h: number; pico: bigint }>>();
    for (const r of rows) {
      const id = JSON.stringify(by.map((_, i) => text(r[`k${i}`])));
      byGroup.set(id, [...(byGroup.get(id) ?? []), { h: Number(r.h), pico: big(r.pico) }]);
    }
    const groups = [...byGroup].map(([id, hours]) => ({ key: Object.fromEntries(by.map((k, i) => [k, (JSON.parse(id) as Array<string | null>)[i] ?? null])), ...project(hours) }));
    groups.sort((a, b) => b.projectedUsd - a.projectedUsd);
    const total = project(rows.map((r) => ({ h: Number(r.h), pico: big(r.pico) })));
    const budgetForecasts = budgets.map((b, i) => budgetForecast(b, rows.map((r) => ({ h: Number(r.h), pico: big(r[`b${i}`]) })), { start, end, asOf, windowStart, windowDays }));
    return {
      month,
      asOf: new Date(asOf).toISOString(),
      method,
      daysElapsed: elapsedDays,
      daysInMonth: (end - start) / DAY,
      groups,
      total,
      budgets: budgetForecasts,
      skippedLines: accounting.skippedLines,
    };
  });
}

interface Clock {
  start: number;
  end: number;
  asOf: number;
  windowStart: number;
  windowDays: number;
}

function budgetForecast(b: BudgetSpec, hours: Array<{ h: number; pico: bigint }>, c: Clock): BudgetForecast {
  const sumSince = (from: number) => picoToUsd(hours.filter((x) => x.h >= from).reduce((s, x) => s + x.pico, 0n));
  const runRate = sumSince(c.windowStart - (c.windowStart % HOUR)) / c.windowDays;
  let spent: number;
  let projected: number;
  let reachesLimitAt: string | null = null;
  const daysOverLimit: string[] = [];
  if (b.window === 'month') {
    spent = sumSince(c.start);
    projected = spent + (runRate * (c.end - c.asOf)) / DAY;
    if (spent < b.limitUsd && runRate > 0) {
      const at = c.asOf + ((b.limitUsd - spent) / runRate) * DAY;
      if (at < c.end) reachesLimitAt = new Date(at).toISOString();
    }
  } else if (b.window === 'day') {
    const today = c.asOf - (c.asOf % DAY);
    spent = sumSince(today);
    projected = spent + (runRate * (today + DAY - c.asOf)) / DAY;
    const perDay = new Map<number, bigint>();
    for (const x of hours) perDay.set(x.h - (x.h % DAY), (perDay.get(x.h - (x.h % DAY)) ?? 0n) + x.pico);
    for (const [day, pico] of [...perDay].sort((p, q) => p[0] - q[0])) if (picoToUsd(pico) > b.limitUsd) daysOverLimit.push(new Date(day).toISOString().slice(0, 10));
  } else {
    spent = sumSince(c.asOf - b.window.hours * HOUR);
    projected = spent;
  }
  return { name: b.name, window: b.window, limitUsd: b.limitUsd, spentUsd: spent, projectedUsd: projected, projectedPct: (100 * projected) / b.limitUsd, overLimit: spent >= b.limitUsd, reachesLimitAt, daysOverLimit };
}

async function latestMonth(ledger: { all(sql: string): Promise<Array<Record<string, unknown>>> }): Promise<string> {
  const [row] = await ledger.all(`SELECT strftime(max("timestamp"), '%Y-%m') AS m FROM calls`);
  if (!row?.m) throw new UsageError('no calls in these files: nothing to forecast');
  return String(row.m);
}
