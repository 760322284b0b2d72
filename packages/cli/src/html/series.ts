import { picoToUsd } from '../formats/money.js';
import type { ReportGroup } from '../query/report.js';
import type { ChartSpec } from './types.js';

/** More series than this are unreadable as stacked colours: the rest are summed as one. */
export const MAX_SERIES = 8;

/** A USD figure of the query JSON back to its pico-USD (exact below $9,007, where doubles hold every pico). */
export const usdToPico = (usd: number) => BigInt(Math.round(usd * 1e12));

/** Every period from first to last, so a quiet day shows as a gap, not as missing. */
export function periods(first: string, last: string, bucket: 'day' | 'month'): string[] {
  const out: string[] = [];
  const start = new Date(`${bucket === 'day' ? first : `${first}-01`}T00:00:00Z`);
  const end = Date.parse(`${bucket === 'day' ? last : `${last}-01`}T00:00:00Z`);
  for (let d = start; d.getTime() <= end; ) {
    out.push(d.toISOString().slice(0, bucket === 'day' ? 10 : 7));
    d = bucket === 'day' ? new Date(d.getTime() + 86_400_000) : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return out;
}

export const label = (value: string | null) => value ?? '(none)';

export interface Cell {
  series: string;
  category: string;
  usd: number;
}

/**
 * Dollars per category stacked by series (the largest series first, by the sum of
 * its absolute values); past MAX_SERIES the smallest are summed, exactly in
 * pico-USD, as 'other (n)'.
 */
export function stacked(cells: readonly Cell[], categories: string[]): ChartSpec {
  const weight = new Map<string, bigint>();
  const bySeries = new Map<string, Map<string, number>>();
  for (const c of cells) {
    const pico = usdToPico(c.usd);
    weight.set(c.series, (weight.get(c.series) ?? 0n) + (pico < 0n ? -pico : pico));
    if (!bySeries.has(c.series)) bySeries.set(c.series, new Map());
    const row = bySeries.get(c.series)!;
    // One cell per series and category is the usual case: its figure is kept as the query gave it.
    const before = row.get(c.category);
    row.set(c.category, before === undefined ? c.usd : picoToUsd(usdToPico(before) + pico));
  }
  const ranked = [...weight].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0]))).map(([name]) => name);
  const shown = ranked.length > MAX_SERIES ? ranked.slice(0, MAX_SERIES - 1) : ranked;
  const rest = ranked.slice(shown.length);
  const series = shown.map((name) => ({ name, values: categories.map((p) => bySeries.get(name)!.get(p) ?? 0) }));
  if (rest.length) {
    series.push({
      name: `other (${rest.length})`,
      values: categories.map((p) => picoToUsd(rest.reduce((sum, name) => sum + usdToPico(bySeries.get(name)!.get(p) ?? 0), 0n))),
    });
  }
  return { kind: 'stacked', categories, unit: 'usd', series };
}

/** Cost per period stacked by `key`, from a report `--by <bucket>,<key>` (null: '(none)'). */
export function stackedCost(groups: readonly ReportGroup[], bucket: 'day' | 'month', key: string, categories: string[]): ChartSpec {
  return stacked(groups.map((g) => ({ series: label(g.key[key] ?? null), category: String(g.key[bucket]), usd: g.costUsd })), categories);
}
