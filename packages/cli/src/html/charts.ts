import { formatPct, formatUsd } from '../formats/money.js';
import type { InteractionsJson } from '../query/interactions.js';
import type { ReportJson } from '../query/report.js';
import { label, periods, stacked, stackedCost } from './series.js';
import type { ChartSpec, HtmlData } from './types.js';

/** Bars past this many are left off a chart (the table beside it has every row). */
const MAX_BARS = 15;

export const modelName = (key: Record<string, string | null>) => `${label(key.provider ?? null)}/${label(key.model ?? null)}`;

/** The page's charts, every value copied from the query results in `data`. */
export function buildCharts(data: Omit<HtmlData, 'charts'>, daily: { byTeam: ReportJson; byFeature: ReportJson }): Record<string, ChartSpec> {
  const { firstDay, lastDay, bucket } = data.scope;
  const charts: Record<string, ChartSpec> = {};
  if (firstDay && lastDay) {
    const categories = periods(bucket === 'day' ? firstDay : firstDay.slice(0, 7), bucket === 'day' ? lastDay : lastDay.slice(0, 7), bucket);
    charts['cost-by-team'] = stackedCost(daily.byTeam.groups, bucket, 'team', categories);
    charts['cost-by-feature'] = stackedCost(daily.byFeature.groups, bucket, 'feature', categories);
  }
  const models = data.models.groups.slice(0, MAX_BARS);
  if (models.length) {
    charts['cost-by-model'] = { kind: 'hbars', unit: 'usd', categories: models.map((g) => modelName(g.key)), series: [{ name: 'cost', values: models.map((g) => g.costUsd) }] };
  }
  const cached = data.caching.groups.filter((g) => g.inputTokens > 0).slice(0, MAX_BARS);
  if (cached.length) {
    charts['cache-by-model'] = {
      kind: 'hbars',
      unit: 'pct',
      categories: cached.map((g) => modelName(g.key)),
      series: [
        {
          name: 'cache-read share of input tokens',
          values: cached.map((g) => (g.cacheReadShare ?? 0) * 100),
          tips: cached.map((g) => `${formatPct((g.cacheReadShare ?? 0) * 100)} of ${g.inputTokens.toLocaleString('en-US')} input tokens read from cache; saved ${formatUsd(g.savedUsd)}`),
        },
      ],
    };
  }
  const budgets = data.forecast?.budgets ?? [];
  if (budgets.length) {
    charts.budgets = {
      kind: 'hbars',
      unit: 'pct',
      categories: budgets.map((b) => b.name),
      series: [
        { name: 'spent', values: budgets.map((b) => (100 * b.spentUsd) / b.limitUsd), tips: budgets.map((b) => `spent ${formatUsd(b.spentUsd)} of ${formatUsd(b.limitUsd)}`) },
        { name: 'projected', values: budgets.map((b) => b.projectedPct), tips: budgets.map((b) => `projected ${formatUsd(b.projectedUsd)} of ${formatUsd(b.limitUsd)}`) },
      ],
      mark: { value: 100, label: 'limit' },
    };
  }
  if (data.interactions) charts.interactions = percentiles(data.interactions.json, data.interactions.by);
  const rec = data.reconcile;
  if (rec && rec.lines.length) {
    const days = [...new Set(rec.lines.map((l) => l.date))].sort();
    charts['reconcile-variance'] = stacked(
      rec.lines.map((l) => ({ series: `${l.provider}/${l.model}`, category: l.date, usd: l.varianceUsd })),
      periods(days[0]!, days.at(-1)!, 'day'),
    );
  }
  return charts;
}

function percentiles(json: InteractionsJson, key: string): ChartSpec {
  const groups = json.groups.slice(0, MAX_BARS);
  return {
    kind: 'bars',
    unit: 'usd',
    categories: groups.map((g) => label(g.key[key] ?? null)),
    series: [
      { name: 'p50', values: groups.map((g) => g.p50Usd) },
      { name: 'p90', values: groups.map((g) => g.p90Usd) },
      { name: 'p99', values: groups.map((g) => g.p99Usd) },
    ],
  };
}
