import type { AnomaliesJson } from '../query/anomalies.js';
import type { CachingJson } from '../query/caching.js';
import type { ForecastJson } from '../query/forecast.js';
import type { InteractionsJson } from '../query/interactions.js';
import type { ReconcileJson } from '../query/reconcile.js';
import type { ReportJson } from '../query/report.js';

/** How a chart's values read: dollars, percent (0-100) or plain counts. */
export type Unit = 'usd' | 'pct' | 'count';

export interface ChartSeries {
  name: string;
  /** One per category; null where the series has no value. */
  values: Array<number | null>;
  /** The tooltip line per value, when the value alone does not say it (a budget's spent / limit). */
  tips?: string[];
}

/** A chart as the page's script draws it with ECharts: nothing but data and labels. */
export interface ChartSpec {
  kind: 'stacked' | 'bars' | 'hbars';
  categories: string[];
  unit: Unit;
  series: ChartSeries[];
  /** A reference line at this value (100% of a budget's limit). */
  mark?: { value: number; label: string };
}

/**
 * Everything the page shows, embedded in it as JSON (and printed by `costkit html
 * --format json`). Each query result is exactly what the CLI prints for the same
 * query; the charts' values are copied from them.
 */
export interface HtmlData {
  schema: 'costkit.html/1';
  generatedAt: string;
  scope: {
    files: string[];
    from: string | null;
    to: string | null;
    where: string[];
    /** First and last day with calls. */
    firstDay: string | null;
    lastDay: string | null;
    /** The day or month the cost-over-time charts are bucketed by. */
    bucket: 'day' | 'month';
  };
  /** `costkit report --by provider,model`: the total, the unallocated share and the models. */
  models: ReportJson;
  /** `costkit report --by team`. */
  teams: ReportJson;
  /** `costkit forecast --by team` for the month (with the budgets of --config); null without calls. */
  forecast: ForecastJson | null;
  budgetsConfig: string | null;
  /** What prompt caching saved, per provider and model. */
  caching: CachingJson;
  /** `costkit anomalies --by feature`, the first `shown` by impact. */
  anomalies: AnomaliesJson & { found: number; shown: number };
  /** Cost per interaction per route (per feature when no call has a route); null when no call has an interactionId. */
  interactions: { by: 'route' | 'feature'; json: InteractionsJson } | null;
  /** `costkit reconcile` against --invoice; null without one. */
  reconcile: ReconcileJson | null;
  charts: Record<string, ChartSpec>;
}
