import type { InteractionGroup, InteractionsJson } from '../../query/interactions.js';
import type { Html } from '../markup.js';
import { countColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { chart, section } from './parts.js';

/** Cost per interaction, nearest-rank percentiles, per route and per feature. */
export function interactionsSection(data: HtmlData): Html | null {
  const i = data.interactions;
  if (!i) return null;
  const table_ = (json: InteractionsJson, key: string, heading: string) => {
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
    return table('table-interactions', columns, json.groups, { sortedBy: { column: 3, direction: 'descending' } });
  };
  const { by, json } = i;
  return section(
    'interactions',
    'Cost per interaction',
    `One interaction is one user action: every call sharing an interactionId (a request scope, or an outermost withTags scope). ${json.total.interactions.toLocaleString('en-US')} interactions, per ${by}${by === 'feature' ? ' (no call carries a route tag; an interaction counts what its calls of that feature cost)' : ' (the route of the request scope; "(none)": scopes outside a request)'}; ${json.callsWithoutInteraction.toLocaleString('en-US')} calls were made outside any scope. Percentiles are nearest-rank: the cost of an actual interaction.`,
    chart('interactions', `Cost per interaction by ${by}: p50, p90, p99`),
    table_(json, by, by === 'route' ? 'Route' : 'Feature'),
  );
}
