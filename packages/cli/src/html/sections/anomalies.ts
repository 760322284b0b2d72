import { formatPct, formatUsd } from '../../formats/money.js';
import type { Anomaly } from '../../query/anomalies.js';
import type { Html } from '../markup.js';
import { table, textColumn, usdColumn, type PageColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { section } from './parts.js';

const money = new Set(['cost']);
const share = new Set(['cacheReadShare', 'retries', 'truncations']);
const figure = (a: Anomaly, v: number) => (money.has(a.signal) ? formatUsd(v) : share.has(a.signal) ? formatPct(v * 100) : v.toFixed(1));

/** What broke from its own history (costkit anomalies --by feature). */
export function anomaliesSection(data: HtmlData): Html {
  const a = data.anomalies;
  const columns: PageColumn<Anomaly>[] = [
    textColumn<Anomaly>('Period', (x) => x.period),
    textColumn<Anomaly>('Feature', (x) => x.key.feature ?? null),
    textColumn<Anomaly>('Signal', (x) => x.signal),
    { header: 'Actual', value: (x) => x.actual, human: (x) => figure(x, x.actual), exact: (x) => String(x.actual), numeric: true },
    { header: 'Expected', value: (x) => x.expected, human: (x) => figure(x, x.expected), exact: (x) => String(x.expected), numeric: true },
    usdColumn<Anomaly>('Impact', (x) => x.impactUsd),
    textColumn<Anomaly>('Explanation', (x) => x.explanation, false),
  ];
  const more = a.found > a.shown ? ` The ${a.shown} with the largest impact are listed; costkit anomalies lists all ${a.found}.` : '';
  return section(
    'anomalies',
    'Anomalies',
    `Days where a feature's cost or the rates behind it broke from the ${a.baseline} (ratio ≥ ${a.settings.ratio}, robust z ≥ ${a.settings.minZ}, impact ≥ ${formatUsd(a.settings.minUsd)}); ${a.checked} feature-days checked.${more}`,
    table('table-anomalies', columns, a.anomalies, { sortedBy: { column: 5, direction: 'descending' }, empty: 'No anomalies: every feature stayed within its own history.' }),
  );
}
