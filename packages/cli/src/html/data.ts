import { basename } from 'node:path';
import type { PriceOverride } from 'costkit';
import type { Warn } from '../ledger/aggregate.js';
import { filterSql, type Filters } from '../ledger/filters.js';
import { openLedger, type Ledger } from '../ledger/open.js';
import { anomalies } from '../query/anomalies.js';
import type { BudgetSpec } from '../query/budget-config.js';
import { caching } from '../query/caching.js';
import { forecast } from '../query/forecast.js';
import { interactions } from '../query/interactions.js';
import { text } from '../query/measures.js';
import { reconcile } from '../query/reconcile.js';
import { report } from '../query/report.js';
import { buildCharts } from './charts.js';
import type { HtmlData } from './types.js';

export interface HtmlOptions extends Filters {
  /** YYYY-MM of month-to-date, the forecast and the reconciliation; default: the month of the latest call. */
  month?: string;
  /** Budgets (`--config`): spent / limit per budget, from the ledger. */
  budgets?: BudgetSpec[];
  budgetsConfig?: string;
  /** An invoice (`--invoice`) to reconcile the month against. */
  invoice?: string;
  tolerance?: number;
  /** Anomalies: the dollar floor (`costkit anomalies --min-usd`). */
  minUsd?: number;
  /** Negotiated prices, for what caching saved. */
  overrides?: PriceOverride[];
  onWarning?: Warn;
  progress?: boolean;
}

/** At most this many anomalies go on the page, the largest first (the JSON says how many there were). */
export const MAX_ANOMALIES = 100;
/** Longer ranges are charted by month. */
const MAX_DAYS = 120;

/**
 * The page's data: the same query functions as the CLI's commands, over one
 * ledger read into memory once (eight queries over the JSON would scan it eight times).
 */
export async function htmlData(paths: readonly string[], options: HtmlOptions = {}): Promise<HtmlData> {
  const ledger = await openLedger(paths, { progress: options.progress, materialize: true });
  try {
    return await build(ledger, options);
  } finally {
    ledger.close();
  }
}

async function build(ledger: Ledger, options: HtmlOptions): Promise<HtmlData> {
  const filters: Filters = { from: options.from, to: options.to, where: options.where };
  // Bad lines are reported once, by the first query; the others see the same lines.
  const models = await report(ledger, { ...filters, by: ['provider', 'model'], onWarning: options.onWarning });
  const { firstDay, lastDay } = await daySpan(ledger, filters);
  const bucket = firstDay && lastDay && (Date.parse(lastDay) - Date.parse(firstDay)) / 86_400_000 >= MAX_DAYS ? 'month' : 'day';
  const teams = await report(ledger, { ...filters, by: ['team'] });
  const byTeam = await report(ledger, { ...filters, by: [bucket, 'team'] });
  const byFeature = await report(ledger, { ...filters, by: [bucket, 'feature'] });
  const month = options.month ?? lastDay?.slice(0, 7);
  const forecastJson = month && models.total.calls > 0 ? await forecast(ledger, { month, where: options.where, asOf: asOfFor(month, options.to), by: ['team'], budgets: options.budgets }) : null;
  const cachingJson = await caching(ledger, { ...filters, overrides: options.overrides });
  const anomaliesJson = await anomalies(ledger, { ...filters, by: ['feature'], minUsd: options.minUsd });
  // Per route when request scopes tagged routes, else per feature.
  const byRoute = await interactions(ledger, { ...filters, by: ['route'] });
  const routed = byRoute.groups.some((g) => g.key.route !== null);
  const interactionsJson = byRoute.total.interactions === 0 ? null : routed ? { by: 'route' as const, json: byRoute } : { by: 'feature' as const, json: await interactions(ledger, { ...filters, by: ['feature'] }) };
  const reconcileJson = options.invoice ? await reconcile(ledger, { invoice: options.invoice, month: options.month, tolerance: options.tolerance }) : null;
  const data: Omit<HtmlData, 'charts'> = {
    schema: 'costkit.html/1',
    generatedAt: new Date().toISOString(),
    scope: { files: [...ledger.files.json, ...ledger.files.parquet].map((f) => basename(f)), from: options.from ?? null, to: options.to ?? null, where: (options.where ?? []).map((w) => `${w.key}${w.negate ? '!=' : '='}${w.value}`), firstDay, lastDay, bucket },
    models,
    teams,
    forecast: forecastJson,
    budgetsConfig: options.budgetsConfig ? basename(options.budgetsConfig) : null,
    caching: cachingJson,
    anomalies: { ...anomaliesJson, anomalies: anomaliesJson.anomalies.slice(0, MAX_ANOMALIES), found: anomaliesJson.anomalies.length, shown: Math.min(MAX_ANOMALIES, anomaliesJson.anomalies.length) },
    interactions: interactionsJson,
    reconcile: reconcileJson,
  };
  return { ...data, charts: buildCharts(data, { byTeam, byFeature }) };
}

/** The first and last day with calls that pass the filters (UTC). */
async function daySpan(ledger: Ledger, filters: Filters): Promise<{ firstDay: string | null; lastDay: string | null }> {
  const [row] = await ledger.all(`SELECT strftime(min("timestamp"), '%Y-%m-%d') AS first, strftime(max("timestamp"), '%Y-%m-%d') AS last FROM calls WHERE ${filterSql(filters)}`);
  return { firstDay: text(row?.first), lastDay: text(row?.last) };
}

/** The forecast is made as of --to when --to ends inside the month (a page of an earlier cut of the ledger). */
function asOfFor(month: string, to: string | undefined): string | undefined {
  if (!to) return undefined;
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.parse(to) < Date.UTC(y, m, 1) ? to : undefined;
}
