import type { Html } from '../markup.js';
import type { HtmlData } from '../types.js';
import { chart, pair, section } from './parts.js';

/** Cost per day (per month over long ranges), stacked by team and by feature. */
export function spendSection(data: HtmlData): Html | null {
  if (!data.charts['cost-by-team']) return null;
  const per = data.scope.bucket;
  return section(
    'spend',
    'Cost over time',
    `Cost per ${per} (UTC), stacked by team and by feature (costkit report --by ${per},team and --by ${per},feature). Hover a bar for the exact figures.`,
    pair(chart('cost-by-team', `Cost per ${per} by team`), chart('cost-by-feature', `Cost per ${per} by feature`)),
  );
}
