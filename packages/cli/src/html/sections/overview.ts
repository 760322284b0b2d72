import { formatPct, formatUsd } from '../../formats/money.js';
import type { ForecastGroup } from '../../query/forecast.js';
import type { ReportGroup } from '../../query/report.js';
import { html, type Html } from '../markup.js';
import { countColumn, pctColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { kpi, plural, section, tagList } from './parts.js';

/** The headline figures: total, month to date, the month-end forecast, unallocated, caching, the invoice. */
export function headline(data: HtmlData): Html {
  const { models, forecast: f, caching, reconcile: rec, scope } = data;
  const u = models.unallocated;
  const owner = u.owners[0] ? `owner: ${tagList(u.owners[0].tags)}${u.owners.length > 1 ? ` and ${u.owners.length - 1} more` : ''}` : 'all calls tagged';
  return html`<div class="kpis">
    ${kpi('total', 'Total', models.total.costUsd, `${plural(models.total.calls, 'call')}${scope.firstDay ? `, ${scope.firstDay} to ${scope.lastDay}` : ''}`)}
    ${f ? kpi('month-to-date', `Month to date (${f.month})`, f.total.monthToDateUsd, `as of ${f.asOf.slice(0, 16).replace('T', ' ')} UTC, day ${f.daysElapsed.toFixed(1)} of ${f.daysInMonth}`) : null}
    ${f ? kpi('forecast', `Forecast to month end`, f.total.projectedUsd, `${formatUsd(f.total.runRateUsd)}/day (${f.method === 'mtd' ? 'month so far' : 'last 7 days'})`) : null}
    ${kpi('unallocated', 'Unallocated', u.costUsd, `${formatPct(u.sharePct)} of cost, ${owner}`)}
    ${kpi('cache-savings', 'Saved by prompt caching', caching.total.savedUsd, `${caching.total.cacheReadTokens.toLocaleString('en-US')} cached input tokens`)}
    ${rec ? kpi('reconcile-variance', `Invoice variance (${rec.month})`, rec.total.varianceUsd, `${formatPct(rec.total.variancePct)} of the invoice; ${rec.total.withinTolerance ? 'within' : 'OVER'} the ${rec.total.tolerancePct}% tolerance`) : null}
  </div>`;
}

interface TeamRow {
  team: string | null;
  report: ReportGroup;
  forecast: ForecastGroup | undefined;
}

/** Spend per team over the range, beside the month's run rate and projection. */
export function teamsSection(data: HtmlData): Html {
  const forecasts = new Map((data.forecast?.groups ?? []).map((g) => [g.key.team ?? null, g]));
  const rows: TeamRow[] = data.teams.groups.map((g) => ({ team: g.key.team ?? null, report: g, forecast: forecasts.get(g.key.team ?? null) }));
  const month = data.forecast?.month;
  const columns = [
    textColumn<TeamRow>('Team', (r) => r.team),
    usdColumn<TeamRow>('Cost', (r) => r.report.costUsd),
    pctColumn<TeamRow>('Share', (r) => r.report.sharePct),
    countColumn<TeamRow>('Calls', (r) => r.report.calls),
    ...(month
      ? [
          usdColumn<TeamRow>(`${month} to date`, (r) => r.forecast?.monthToDateUsd ?? 0),
          usdColumn<TeamRow>('Run rate / day', (r) => r.forecast?.runRateUsd ?? 0),
          usdColumn<TeamRow>(`Projected ${month}`, (r) => r.forecast?.projectedUsd ?? 0),
        ]
      : []),
  ];
  return section('teams', 'Teams', 'Cost per team over the whole range; the month columns are the forecast of the latest month (costkit forecast --by team).', table('table-teams', columns, rows, { sortedBy: { column: 1, direction: 'descending' } }));
}
