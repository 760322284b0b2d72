import { formatUsd } from '../../formats/money.js';
import type { CachingGroup } from '../../query/caching.js';
import type { ReportGroup } from '../../query/report.js';
import type { Html } from '../markup.js';
import { countColumn, pctColumn, table, textColumn, usdColumn } from '../table.js';
import type { HtmlData } from '../types.js';
import { chart, pair, section } from './parts.js';

interface ModelRow {
  report: ReportGroup;
  caching: CachingGroup | undefined;
}

const id = (key: Record<string, string | null>) => JSON.stringify([key.provider ?? null, key.model ?? null]);

/** Top models by cost, their cache-read share, and what caching saved in dollars. */
export function modelsSection(data: HtmlData): Html {
  const cachingByModel = new Map(data.caching.groups.map((g) => [id(g.key), g]));
  const rows: ModelRow[] = data.models.groups.map((g) => ({ report: g, caching: cachingByModel.get(id(g.key)) }));
  const pct = (share: number | null | undefined) => (share === null || share === undefined ? null : share * 100);
  const columns = [
    textColumn<ModelRow>('Provider', (r) => r.report.key.provider ?? null),
    textColumn<ModelRow>('Model', (r) => r.report.key.model ?? null),
    usdColumn<ModelRow>('Cost', (r) => r.report.costUsd),
    pctColumn<ModelRow>('Share', (r) => r.report.sharePct),
    countColumn<ModelRow>('Calls', (r) => r.report.calls),
    countColumn<ModelRow>('Input tokens', (r) => r.report.inputTokens),
    countColumn<ModelRow>('Output tokens', (r) => r.report.outputTokens),
    pctColumn<ModelRow>('Cache-read share', (r) => pct(r.report.cacheReadShare)),
    usdColumn<ModelRow>('Saved by caching', (r) => r.caching?.savedUsd ?? 0),
    usdColumn<ModelRow>('Cache-write premium', (r) => r.caching?.writePremiumUsd ?? 0),
    countColumn<ModelRow>('Unpriced calls', (r) => r.report.unpricedCalls),
  ];
  const t = data.caching.total;
  return section(
    'models',
    'Models and caching',
    `Cost per model (costkit report --by provider,model). Saved by caching: what the ${t.cacheReadTokens.toLocaleString('en-US')} cache-read tokens would have cost as plain input, less what they cost as cache reads, at the price book's prices on each call's day; cache writes cost a premium over plain input on some providers (net saving ${formatUsd(t.netSavedUsd)}).`,
    data.charts['cost-by-model'] ? pair(chart('cost-by-model', 'Cost by model'), chart('cache-by-model', 'Cache-read share of input tokens by model')) : null,
    table('table-models', columns, rows, { sortedBy: { column: 2, direction: 'descending' } }),
  );
}
