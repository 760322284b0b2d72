import { formatPico } from './cost-table.mjs';

/** One row per interaction (one request): its route, customer, calls and cost. */
export function interactionTable(events) {
  const rows = new Map();
  for (const event of events) {
    if (event.schema !== 'costkit.call/1' || !event.interactionId) continue;
    const row = rows.get(event.interactionId) ?? { interaction: event.interactionId.slice(0, 8), route: event.tags.route ?? '(none)', customer: event.tags.customer ?? '(none)', calls: 0, picoUsd: 0n };
    row.calls++;
    if (event.cost) row.picoUsd += BigInt(event.cost.totalPicoUsd);
    rows.set(event.interactionId, row);
  }
  return [...rows.values()].sort((a, b) => a.route.localeCompare(b.route) || compare(b.picoUsd, a.picoUsd));
}

/** Per route: interactions, calls, total cost and the cost of one interaction at p50 / p95 / p99. */
export function routeTable(interactions) {
  const byRoute = new Map();
  for (const row of interactions) byRoute.set(row.route, [...(byRoute.get(row.route) ?? []), row]);
  return [...byRoute].map(([route, rows]) => {
    const costs = rows.map((r) => r.picoUsd).sort(compare);
    return {
      route,
      interactions: rows.length,
      calls: rows.reduce((n, r) => n + r.calls, 0),
      costUsd: formatPico(costs.reduce((a, b) => a + b, 0n)),
      p50Usd: formatPico(percentile(costs, 50)),
      p95Usd: formatPico(percentile(costs, 95)),
      p99Usd: formatPico(percentile(costs, 99)),
    };
  });
}

/** Nearest rank: the smallest cost that at least p% of interactions do not exceed. */
export function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const printable = (rows) => rows.map(({ picoUsd, ...row }) => ({ ...row, costUsd: formatPico(picoUsd) }));

function compare(a, b) {
  return a > b ? 1 : a < b ? -1 : 0;
}
