import type { InteractionGroup, InteractionsJson } from '../../query/interactions.js';
import { html, type Html } from '../markup.js';
import { countColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { chart, pair, section } from './parts.js';

/** Cost per interaction, nearest-rank percentiles, per route and per feature. */
export function interactionsSection(data: HtmlData): Html | null {
  const i = data.interactions;
  if (!i) return null;
  const part = (json: InteractionsJson, key: string, heading: string) => {
    const columns = [
      textColumn<InteractionGroup>(heading, (g) => g.key[key] ?? null),
      countColumn<InteractionGroup>('Interactions', (g) => g.interactions),
      countColumn<InteractionGroup>('Calls', (g) => g.calls),
      usdColumn<InteractionGroup>('Cost', (g) => g.costUsd),
      usdColumn<InteractionGroup>('Mean', (g) => g.meanUsd),
      usdColumn<InteractionGroup>('p50', (g) => g.p50Usd),
      usdColumn<InteractionGroup>('p90', (g) => g.p90Usd),
      usdColumn<InteractionGroup>('p99', (g) => g.p99Usd),
      usdColumn<InteractionGroup>('Max', (g) => g.maxUsd),
    ];
    return html`<h3>Per ${key}</h3>${table(`table-interactions-${key}`, columns, json.groups, { sortedBy: { column: 3, direction: 'descending' } })}`;
  };
  const charts = [i.byRoute ? chart('interactions-by-route', 'Cost per interaction by route: p50, p90, p99') : null, chart('interactions-by-feature', 'Cost per interaction by feature: p50, p90, p99')].filter((c) => c !== null);
  return section(
    'interactions',
    'Cost per interaction',
    `One interaction is one user action (every call sharing an interactionId: a request scope or an outermost withTags scope). ${i.byFeature.total.interactions.toLocaleString('en-US')} interactions; ${i.byFeature.callsWithoutInteraction.toLocaleString('en-US')} calls were made outside any scope. Percentiles are nearest-rank: the cost of an actual interaction. Per feature, an interaction counts what its calls of that feature cost.`,
    pair(...charts),
    ...(i.byRoute ? [part(i.byRoute, 'route', 'Route')] : []),
    part(i.byFeature, 'feature', 'Feature'),
  );
}
